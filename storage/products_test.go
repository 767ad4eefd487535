package storage_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// pngBytes is a small real picture.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A hidden product is out of what customers list and search, and out of
// the category counts, yet still found by id and SKU (carts, orders, the
// desk); hiding and showing move the catalog revision, so search sees it.
func TestHiddenProducts(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		var rev int64
		var names []string
		var camilan int
		look := func() {
			t.Helper()
			handle(t, s, "look", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				rev, names, camilan = c.Catalog, nil, -1
				all, err := tx.AllProducts(ctx)
				for _, p := range all {
					names = append(names, p.Name)
				}
				cats, _ := tx.Categories(ctx)
				for _, cat := range cats {
					if cat.Name == "Camilan" {
						camilan = cat.Products
					}
				}
				return err
			})
		}
		look()
		shown, before := len(names), rev
		var id int64
		handle(t, s, "admin", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			p, err := tx.ProductBySKU(ctx, "krp-ori")
			if err != nil {
				return err
			}
			id = p.ID
			_, err = tx.SetProductHidden(ctx, p.ID, true)
			return err
		})
		look()
		if len(names) != shown-1 || camilan != 1 || rev == before {
			t.Fatalf("after hiding: %v, Camilan (%d), revision %d -> %d", names, camilan, before, rev)
		}
		for _, n := range names {
			if n == "Keripik Singkong" {
				t.Fatal("hidden product listed")
			}
		}
		handle(t, s, "cart", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			p, err := tx.Product(ctx, id)
			if err != nil || !p.Hidden {
				t.Errorf("by id: %+v, %v", p, err)
			}
			page, total, err := tx.ProductsInCategory(ctx, p.CategoryID, 0, 10)
			if err != nil || total != 1 || len(page) != 1 || page[0].Name != "Basreng" {
				t.Errorf("category page: %d %+v %v", total, page, err)
			}
			return nil
		})
		hidden := rev
		handle(t, s, "admin", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			_, err := tx.SetProductHidden(ctx, id, false)
			return err
		})
		look()
		if len(names) != shown || camilan != 2 || rev == hidden {
			t.Fatalf("after showing: %v, Camilan (%d), revision %d -> %d", names, camilan, hidden, rev)
		}
	})
}

func TestAddProductStorage(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		p := lapak.Product{Name: "Nastar Keju", Category: "kue", Variants: []lapak.Variant{
			{SKU: "NST-450", Name: "450 g", Price: 85000, Stock: 20}, {SKU: "NST-250", Name: "250 g", Price: 50000, Unlimited: true}}}
		handle(t, s, "admin", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			return tx.AddProduct(ctx, &p)
		})
		if p.ID == 0 || p.Category != "Kue" || p.Variants[1].ID == 0 || p.Variants[1].ProductID != p.ID {
			t.Fatalf("added: %+v", p)
		}
		if v := variant(t, s, "NST-250"); !v.Unlimited || v.Price != 50000 {
			t.Fatalf("variant: %+v", v)
		}
		var ee *lapak.ExistsError
		for _, dup := range []lapak.Product{
			{Name: "NASTAR KEJU", Category: "Lain", Variants: []lapak.Variant{{SKU: "X-1", Price: 1}}},
			{Name: "Kue Sagu", Category: "Kue", Variants: []lapak.Variant{{SKU: "nst-450", Price: 1}}},
		} {
			err := s.HandleInbound(ctx, msg("admin", "dup-"+dup.Name), func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				return tx.AddProduct(ctx, &dup)
			})
			if !errors.As(err, &ee) {
				t.Fatalf("%s: %v, want an ExistsError", dup.Name, err)
			}
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_categories WHERE name = ?`, "Lain"); n != 0 {
			t.Fatal("a refused product left its category behind")
		}
	})
}

// TestAddVariantStorage: a variant added to a product comes after its
// variants, customers' search sees it (the revision moves), and an SKU in
// the catalog or an unknown product writes nothing.
func TestAddVariantStorage(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		rev := func() int64 {
			t.Helper()
			var r int64
			handle(t, s, "rev", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				r = c.Catalog
				return nil
			})
			return r
		}
		before := rev()
		ori := variant(t, s, "KRP-ORI")
		v := lapak.Variant{SKU: "KRP-BLD", Name: "Balado", Price: 14000, Stock: 7}
		handle(t, s, "admin", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			return tx.AddVariant(ctx, ori.ProductID, &v)
		})
		if v.ID == 0 || v.ProductID != ori.ProductID {
			t.Fatalf("added: %+v", v)
		}
		if got := rev(); got == before {
			t.Fatal("a new variant did not change the catalog revision")
		}
		var names []string
		handle(t, s, "admin", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			p, err := tx.Product(ctx, ori.ProductID)
			for _, x := range p.Variants {
				names = append(names, x.Name)
			}
			return err
		})
		if strings.Join(names, ",") != "Original,Pedas,Balado" {
			t.Fatalf("variants in order: %v", names)
		}
		if got := variant(t, s, "KRP-BLD"); got.Stock != 7 || got.Unlimited || got.Price != 14000 {
			t.Fatalf("stored: %+v", got)
		}
		var ee *lapak.ExistsError
		dup := lapak.Variant{SKU: "kue-nst", Name: "Besar", Price: 1, Unlimited: true}
		err := s.HandleInbound(ctx, msg("admin", "dup-sku"), func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			return tx.AddVariant(ctx, ori.ProductID, &dup)
		})
		if !errors.As(err, &ee) || ee.Value != "KUE-NST" {
			t.Fatalf("a taken SKU: %v", err)
		}
		same := lapak.Variant{SKU: "KRP-ORI-2", Name: "ORIGINAL", Price: 1}
		err = s.HandleInbound(ctx, msg("admin", "dup-name"), func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			return tx.AddVariant(ctx, ori.ProductID, &same)
		})
		if !errors.As(err, &ee) || ee.What != "variant" || ee.Value != "Original" {
			t.Fatalf("a name the product has: %v", err)
		}
		gone := lapak.Variant{SKU: "X-1", Name: "X", Price: 1}
		err = s.HandleInbound(ctx, msg("admin", "no-product"), func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			return tx.AddVariant(ctx, 999999, &gone)
		})
		if !errors.Is(err, lapak.ErrNotFound) {
			t.Fatalf("an unknown product: %v", err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_variants WHERE name IN (?, ?, ?)`, "Besar", "X", "ORIGINAL"); n != 0 {
			t.Fatal("a refused variant was written")
		}
	})
}

// SavePhotos keeps a queued product photo in the database (default) or
// in the media directory, and the product's picture becomes "stored:ID";
// a photo too big or not a picture is dropped, its product gets the old
// picture back and the admin is told; a channel that keeps failing is
// asked five times.
func TestSavePhotos(t *testing.T) {
	for _, mode := range []string{"db", "dir"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			clock := storagetest.NewClock(time.Date(2025, 11, 26, 9, 0, 0, 0, time.UTC))
			storagetest.ForEachWith(t, storage.Options{Now: clock.Now, MediaDir: dir, MediaFiles: mode == "dir"}, func(t *testing.T, s *storage.Store) {
				seed(t, s)
				pic := pngBytes(t)
				big := append(append([]byte{}, pic...), make([]byte, lapak.MaxPhotoBytes)...)
				sources := map[string][]byte{"media:telegram:OK": pic, "media:telegram:BIG": big, "media:telegram:PDF": []byte("%PDF-1.4 not a picture")}
				queue := func(sku, source string) int64 {
					var id int64
					handle(t, s, "admin", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
						p, err := tx.ProductBySKU(ctx, sku)
						if err != nil {
							return err
						}
						id = p.ID
						if _, err := tx.SetProductImage(ctx, p.ID, source); err != nil {
							return err
						}
						return tx.QueuePhoto(ctx, lapak.PhotoUpload{ProductID: p.ID, Source: source, Previous: p.Image,
							By: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}})
					})
					return id
				}
				queue("KRP-ORI", "media:telegram:OK")
				queue("SBL-250", "media:telegram:BIG")
				queue("KUE-NST", "media:telegram:PDF")
				queue("BSK-CKL", "media:telegram:GONE")
				fetch := func(_ context.Context, ref string) ([]byte, error) {
					if b, ok := sources[ref]; ok {
						return b, nil
					}
					if ref == "media:whatsapp:W1" {
						return nil, storage.ErrElsewhere
					}
					return nil, errors.New("telegram: file not found")
				}
				var failures []error
				failed := func(u lapak.PhotoUpload, p lapak.Product, err error) []lapak.Envelope {
					failures = append(failures, err)
					return []lapak.Envelope{{To: u.By, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: "photo failed " + p.Name}}}
				}
				n, err := s.SavePhotos(ctx, 10, fetch, failed)
				if err != nil || n != 4 {
					t.Fatalf("SavePhotos: %d, %v", n, err)
				}
				image := func(sku string) string {
					var img string
					handle(t, s, "look", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
						p, err := tx.ProductBySKU(ctx, sku)
						img = p.Image
						return err
					})
					return img
				}
				id, ok := lapak.ParseStoredRef(image("KRP-ORI"))
				if !ok {
					t.Fatalf("kept photo: image %q", image("KRP-ORI"))
				}
				got, err := s.Media(ctx, id)
				if err != nil || !bytes.Equal(got, pic) {
					t.Fatalf("Media: %d bytes, %v", len(got), err)
				}
				files, _ := filepath.Glob(filepath.Join(dir, "stored", "*.png"))
				if inDB := count(t, s, `SELECT COUNT(*) FROM lapak_media WHERE data IS NOT NULL`); mode == "db" && (inDB != 1 || len(files) != 0) ||
					mode == "dir" && (inDB != 0 || len(files) != 1) {
					t.Fatalf("%s mode: %d in the database, files %v", mode, inDB, files)
				}
				if image("SBL-250") != "demo:sambal" || image("KUE-NST") != "" {
					t.Fatalf("refused photos left %q and %q", image("SBL-250"), image("KUE-NST"))
				}
				if len(failures) != 2 || !errors.Is(failures[0], lapak.ErrPhotoTooBig) || !errors.Is(failures[1], lapak.ErrNotPhoto) {
					t.Fatalf("failures: %+v", failures)
				}
				if n := count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE chat_id = ? AND payload LIKE ?`, "999", "%photo failed%"); n != 2 {
					t.Fatalf("%d notices to the admin, want 2", n)
				}
				// The unreachable one is retried, and dropped at the fifth failure.
				if image("BSK-CKL") != "media:telegram:GONE" {
					t.Fatalf("retried photo's image %q", image("BSK-CKL"))
				}
				for range 4 {
					clock.Advance(10 * time.Minute)
					if _, err := s.SavePhotos(ctx, 10, fetch, failed); err != nil {
						t.Fatal(err)
					}
				}
				if len(failures) != 3 || image("BSK-CKL") != "" {
					t.Fatalf("after five failures: %d failures, image %q", len(failures), image("BSK-CKL"))
				}
				if n, _ := s.PendingPhotos(ctx); n != 0 {
					t.Fatalf("%d still pending", n)
				}
				// The same photo for another product is kept once.
				queue("BSK-CKL", "media:telegram:OK")
				if _, err := s.SavePhotos(ctx, 10, fetch, failed); err != nil {
					t.Fatal(err)
				}
				if image("BSK-CKL") != image("KRP-ORI") || count(t, s, `SELECT COUNT(*) FROM lapak_media`) != 1 {
					t.Fatalf("a second copy: %q vs %q", image("BSK-CKL"), image("KRP-ORI"))
				}
				// A photo whose channel runs in another process is left to it, however often.
				queue("SBL-250", "media:whatsapp:W1")
				for range 7 {
					clock.Advance(10 * time.Minute)
					if _, err := s.SavePhotos(ctx, 10, fetch, failed); err != nil {
						t.Fatal(err)
					}
				}
				if n, _ := s.PendingPhotos(ctx); n != 1 || len(failures) != 3 || image("SBL-250") != "media:whatsapp:W1" {
					t.Fatalf("elsewhere: %d pending, %d failures, image %q", n, len(failures), image("SBL-250"))
				}
				if _, err := s.Media(ctx, 9999); !errors.Is(err, lapak.ErrNotFound) {
					t.Fatalf("unknown picture: %v", err)
				}
			})
		})
	}
}

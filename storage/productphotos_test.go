package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// A product's photos and its image stay one: the cover is the image,
// whichever writer changed it (the photo list, the chat's /foto and its
// photo job, an import).
func TestProductPhotosKeepTheImage(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		pic := pngBytes(t)
		id := func(sku string) int64 {
			t.Helper()
			v, err := s.VariantBySKU(ctx, sku)
			if err != nil {
				t.Fatal(err)
			}
			return v.ProductID
		}
		// list is the product's photo refs in order, then "|" and its image.
		list := func(sku string) string {
			t.Helper()
			var out string
			handle(t, s, "look", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				p, err := tx.ProductBySKU(ctx, sku)
				if err != nil {
					return err
				}
				photos, err := tx.ProductPhotos(ctx, p.ID)
				var refs []string
				for i, ph := range photos {
					if ph.Position != i+1 {
						t.Errorf("%s: photo %d at position %d", sku, i+1, ph.Position)
					}
					refs = append(refs, ph.Ref)
				}
				out = strings.Join(refs, " ") + "|" + p.Image
				return err
			})
			return out
		}
		// An import's image is the product's first photo.
		if got := list("SBL-250"); got != "demo:sambal|demo:sambal" {
			t.Fatalf("imported: %q", got)
		}
		if got := list("KRP-ORI"); got != "|" {
			t.Fatalf("imported without a picture: %q", got)
		}
		admin := func(fn func(ctx context.Context, tx lapak.ShopTx) error) {
			t.Helper()
			handle(t, s, "admin", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error { return fn(ctx, tx) })
		}
		sambal := id("SBL-250")
		admin(func(ctx context.Context, tx lapak.ShopTx) error {
			for _, ref := range []string{"stored:71", "stored:72"} {
				if _, err := tx.AppendProductPhoto(ctx, sambal, ref); err != nil {
					return err
				}
			}
			return nil
		})
		if got := list("SBL-250"); got != "demo:sambal stored:71 stored:72|demo:sambal" {
			t.Fatalf("appended: %q", got)
		}
		// The chat's /foto replaces the cover; the seller then moves it
		// second before the photo job keeps it: it is kept where it is.
		queue := func(pid int64, source string) {
			admin(func(ctx context.Context, tx lapak.ShopTx) error {
				before, err := tx.SetProductImage(ctx, pid, source)
				if err != nil {
					return err
				}
				return tx.QueuePhoto(ctx, lapak.PhotoUpload{ProductID: pid, Source: source, Previous: before.Image,
					By: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}})
			})
		}
		queue(sambal, "media:telegram:OK")
		if got := list("SBL-250"); got != "media:telegram:OK stored:71 stored:72|media:telegram:OK" {
			t.Fatalf("cover from chat: %q", got)
		}
		admin(func(ctx context.Context, tx lapak.ShopTx) error {
			photos, err := tx.LockProductPhotos(ctx, sambal)
			if err != nil {
				return err
			}
			return tx.SetProductPhotoOrder(ctx, sambal, []int64{photos[1].ID, photos[0].ID, photos[2].ID})
		})
		fetch := func(_ context.Context, ref string) ([]byte, error) {
			if ref == "media:telegram:OK" {
				return pic, nil
			}
			return []byte("%PDF-1.4 not a picture"), nil
		}
		if _, err := s.SavePhotos(ctx, 10, fetch, nil); err != nil {
			t.Fatal(err)
		}
		got := list("SBL-250")
		if parts := strings.Fields(strings.ReplaceAll(got, "|", " ")); len(parts) != 4 || parts[0] != "stored:71" ||
			!strings.HasPrefix(parts[1], "stored:") || parts[1] == "stored:71" || parts[3] != "stored:71" {
			t.Fatalf("kept second: %q", got)
		}
		// A chat photo that cannot be kept gives the cover before back, the
		// others untouched; on a product without photos it leaves none.
		queue(sambal, "media:telegram:PDF")
		if _, err := s.SavePhotos(ctx, 10, fetch, nil); err != nil {
			t.Fatal(err)
		}
		if after := list("SBL-250"); after != got {
			t.Fatalf("dropped: %q, want %q", after, got)
		}
		kripik := id("KRP-ORI")
		queue(kripik, "media:telegram:PDF2")
		admin(func(ctx context.Context, tx lapak.ShopTx) error {
			_, err := tx.AppendProductPhoto(ctx, kripik, "stored:80")
			return err
		})
		if _, err := s.SavePhotos(ctx, 10, fetch, nil); err != nil {
			t.Fatal(err)
		}
		if got := list("KRP-ORI"); got != "stored:80|stored:80" {
			t.Fatalf("dropped with none before: %q", got)
		}
		// Removing the cover makes the next one the image; the last leaves none.
		admin(func(ctx context.Context, tx lapak.ShopTx) error {
			photos, err := tx.LockProductPhotos(ctx, kripik)
			if err != nil {
				return err
			}
			if err := tx.DeleteProductPhoto(ctx, kripik, photos[0].ID); err != nil {
				return err
			}
			if err := tx.DeleteProductPhoto(ctx, kripik, photos[0].ID); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("removed twice: %v", err)
			}
			return nil
		})
		if got := list("KRP-ORI"); got != "|" {
			t.Fatalf("last photo removed: %q", got)
		}
		// An import's new image replaces the cover, an emptied one removes
		// the photos (twice the same file: the same catalog), and a first
		// image is the cover.
		rows, err := s.ExportCatalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			switch rows[i].SKU {
			case "SBL-250":
				rows[i].Image = ""
			case "KRP-ORI":
				rows[i].Image = "https://example.com/keripik.jpg"
			}
		}
		if _, err := s.ApplyCatalogImport(ctx, rows, lapak.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := list("SBL-250"); got != "|" {
			t.Fatalf("image emptied by an import: %q, want no photos", got)
		}
		if got := list("KRP-ORI"); got != "https://example.com/keripik.jpg|https://example.com/keripik.jpg" {
			t.Fatalf("image given by an import: %q", got)
		}
		for i := range rows {
			if rows[i].SKU == "KRP-ORI" {
				rows[i].Image = "https://example.com/keripik2.jpg"
			}
		}
		if _, err := s.ApplyCatalogImport(ctx, rows, lapak.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := list("KRP-ORI"); got != "https://example.com/keripik2.jpg|https://example.com/keripik2.jpg" {
			t.Fatalf("image replaced by an import: %q", got)
		}
		if got := list("SBL-250"); got != "|" {
			t.Fatalf("the emptied image imported again: %q, want no photos", got)
		}
	})
}

// Migration 0035 makes every product's image its first photo.
func TestProductPhotosMigration(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		db := storage.DBOf(s)
		// The shop as it was before 0035: images only.
		for _, q := range []string{`DROP TABLE lapak_product_photos`, `DELETE FROM lapak_schema_version WHERE version = 35`,
			`UPDATE lapak_products SET image = 'stored:5' WHERE id = (SELECT product_id FROM lapak_variants WHERE sku = 'KRP-ORI')`} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		withImage := count(t, s, `SELECT COUNT(*) FROM lapak_products WHERE image <> ''`)
		if withImage < 2 || count(t, s, `SELECT COUNT(*) FROM lapak_product_photos`) != withImage ||
			count(t, s, `SELECT COUNT(*) FROM lapak_product_photos f JOIN lapak_products p ON p.id = f.product_id
				WHERE f.position = 1 AND f.ref = p.image`) != withImage {
			t.Fatalf("%d products with an image, photos not their covers", withImage)
		}
	})
}

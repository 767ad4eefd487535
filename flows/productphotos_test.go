package flows_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

// A customer who opens a product's details gets its cover with them, then
// its next photos, one message each, four in all at most.
func TestProductDetailSendsItsPhotos(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "500")
		p := c.product("BSR-100")
		if p.Image == "" {
			t.Fatalf("the test shop's basreng has no picture")
		}
		// One photo: the details alone, as before.
		out := c.send(lapak.Inbound{Text: "basreng pedas daun jeruk"})
		if len(out) != 1 || out[0].Image != p.Image {
			t.Fatalf("one photo: %+v", out)
		}
		c.do(func(ctx context.Context, tx lapak.ShopTx, _ *lapak.Conversation) error {
			for i := 2; i <= 6; i++ {
				if _, err := tx.AppendProductPhoto(ctx, p.ID, fmt.Sprintf("stored:%d", 100+i)); err != nil {
					return err
				}
			}
			return nil
		})
		out = c.send(lapak.Inbound{Text: "basreng pedas daun jeruk"})
		if len(out) != lapak.MaxDetailPhotos {
			t.Fatalf("%d messages, want the details and 3 photos: %+v", len(out), out)
		}
		if out[0].Image != p.Image || len(out[0].Choices) == 0 {
			t.Fatalf("the details come first with the cover: %+v", out[0])
		}
		for i, m := range out[1:] {
			want := fmt.Sprintf("Basreng Pedas Daun Jeruk · foto %d/4", i+2)
			if m.Image != fmt.Sprintf("stored:%d", 102+i) || m.Text != want || len(m.Choices) != 0 {
				t.Fatalf("photo %d: %+v, want %q", i+2, m, want)
			}
		}
		// The buttons of the details still answer.
		c.expect("1", "Mau berapa Basreng Pedas Daun Jeruk")
	})
}

// The admin keeps a product's photos from the phone too: /foto SKU tambah
// adds one after the others, /foto SKU sampul N makes photo N the cover,
// /foto SKU hapus N deletes it; /foto SKU alone still replaces the cover.
func TestProductPhotosFromChat(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		photo := func(ref string) *lapak.Attachment {
			return &lapak.Attachment{Ref: ref, MIME: "image/jpeg", Size: 100_000}
		}
		refs := func() []string {
			t.Helper()
			var out []string
			p := a.product("BSR-100")
			a.do(func(ctx context.Context, tx lapak.ShopTx, _ *lapak.Conversation) error {
				ps, err := tx.ProductPhotos(ctx, p.ID)
				for _, ph := range ps {
					out = append(out, ph.Ref)
				}
				if len(ps) > 0 && p.Image != ps[0].Ref {
					t.Errorf("image %q, cover %q", p.Image, ps[0].Ref)
				}
				return err
			})
			return out
		}
		cover := a.product("BSR-100").Image
		out := a.send(lapak.Inbound{Text: "/foto BSR-100 tambah", Image: photo("G1")})
		if !strings.Contains(out[0].Text, "Foto ke-2 Basreng Pedas Daun Jeruk (SKU BSR-100) ditambahkan") || out[0].Image != "media:telegram:G1" {
			t.Fatalf("added: %+v", out)
		}
		// Typed first, the photo next.
		a.expect("/foto bsr-100 tambah", "kirim fotonya untuk Basreng Pedas Daun Jeruk")
		if got := joined(a.send(lapak.Inbound{Image: photo("G2")})); !strings.Contains(got, "Foto ke-3") {
			t.Fatalf("awaited: %s", got)
		}
		if got := strings.Join(refs(), " "); got != cover+" media:telegram:G1 media:telegram:G2" {
			t.Fatalf("after two added: %q", got)
		}
		a.expect("/foto BSR-100 sampul 3", "Foto ke-3 Basreng Pedas Daun Jeruk sekarang jadi sampul")
		if got := strings.Join(refs(), " "); got != "media:telegram:G2 "+cover+" media:telegram:G1" {
			t.Fatalf("after sampul 3: %q", got)
		}
		a.expect("/foto BSR-100 hapus 1", "Foto ke-1 Basreng Pedas Daun Jeruk dihapus. Sekarang ada 2 foto")
		if got := strings.Join(refs(), " "); got != cover+" media:telegram:G1" {
			t.Fatalf("after hapus 1: %q", got)
		}
		a.expect("/foto BSR-100 hapus 7", "punya 2 foto kak, jadi tidak ada foto ke-7")
		a.expect("/foto BSR-100 sampul dua", "tidak ada foto ke-dua")
		// /foto SKU with a photo replaces the cover, the others stay.
		a.send(lapak.Inbound{Text: "/foto BSR-100", Image: photo("G3")})
		if got := strings.Join(refs(), " "); got != "media:telegram:G3 media:telegram:G1" {
			t.Fatalf("cover replaced: %q", got)
		}
		// Up to eight.
		for i := range 6 {
			a.send(lapak.Inbound{Text: "/foto BSR-100 tambah", Image: photo(fmt.Sprintf("H%d", i))})
		}
		got := joined(a.send(lapak.Inbound{Text: "/foto BSR-100 tambah", Image: photo("H9")}))
		if !strings.Contains(got, "sudah punya 8 foto, paling banyak 8") || len(refs()) != 8 {
			t.Fatalf("ninth: %s (%d photos)", got, len(refs()))
		}
		var cmds []string
		for _, e := range h.auditFor(t, "photo.add") {
			cmds = append(cmds, e.Command)
		}
		if len(cmds) != 8 || len(h.auditFor(t, "photo.order")) != 1 || len(h.auditFor(t, "photo.remove")) != 1 {
			t.Fatalf("audit: %d added, %d ordered, %d removed", len(cmds), len(h.auditFor(t, "photo.order")), len(h.auditFor(t, "photo.remove")))
		}
	})
}

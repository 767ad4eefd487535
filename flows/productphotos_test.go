package flows_test

import (
	"context"
	"fmt"
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

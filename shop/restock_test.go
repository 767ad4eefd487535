package shop_test

import (
	"context"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

// Stock set back by the shop's operation (what /stok and the dashboard
// call) reaches the customers waiting for it, once.
func TestStockSetByTheShopReachesRestockWatchers(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			_, err := h.shop.SetStock(ctx, tx, sari, "SMB-ROA", 0)
			return shop.Change{}, err
		})
		roa := h.variant("SMB-ROA").ProductID
		in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: "700", MessageID: "w1", Text: "kabari kalau ready"}
		if err := h.s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			return tx.WatchRestock(ctx, c.Customer.ID, roa, c.Now)
		}); err != nil {
			t.Fatal(err)
		}
		var told []string
		notify := func() int {
			t.Helper()
			n, err := h.s.NotifyRestocked(ctx, 10, nil, func(p lapak.Product, c lapak.Customer) []lapak.Envelope {
				told = append(told, c.ExternalID+": "+p.Name)
				return []lapak.Envelope{{To: c.Identity(), Class: lapak.PaceBulk, Msg: lapak.Outbound{Text: p.Name + " ready lagi"}}}
			})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := notify(); n != 0 {
			t.Fatalf("told %v while sold out", told)
		}
		h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			_, err := h.shop.SetStock(ctx, tx, sari, "SMB-ROA", 4)
			return shop.Change{}, err
		})
		if n := notify(); n != 1 || len(told) != 1 || told[0] != "700: Sambal Roa" {
			t.Fatalf("after the stock came back: %d %v", n, told)
		}
		if n := notify(); n != 0 {
			t.Fatalf("told twice")
		}
	})
}

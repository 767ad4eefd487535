package storage_test

import (
	"context"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

func TestRemindOrders(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		seed(t, s)
		ori := variant(t, s, "KRP-ORI")
		exp := t0.Add(24 * time.Hour)
		var orders []lapak.Order
		for _, chat := range []string{"900", "901", "902"} {
			o, err := place(t, s, chat, lapak.Order{PaymentMethod: lapak.PayTransfer, ExpiresAt: &exp, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			orders = append(orders, o)
		}
		_, err := place(t, s, "903", lapak.Order{PaymentMethod: lapak.PayCOD, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		// One is paid and one cancelled before the reminder is due.
		for i, to := range map[int]lapak.OrderStatus{1: lapak.StatusPaid, 2: lapak.StatusCancelled} {
			handle(t, s, "admin", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				_, err := tx.TransitionOrder(ctx, orders[i].Number, to, c.Now)
				c.Reply(lapak.Outbound{Text: "ok"})
				return err
			})
		}
		var told []string
		notice := func(o lapak.Order, c lapak.Customer) []lapak.Envelope {
			told = append(told, o.Number)
			return []lapak.Envelope{{To: lapak.Identity{Channel: c.Channel, ChatID: c.ExternalID}, Class: lapak.PaceNotify,
				Msg: lapak.Outbound{Text: "Pengingat " + o.Number}}}
		}
		const half = 12 * time.Hour
		if n, err := s.RemindOrders(ctx, half, 10, notice); err != nil || n != 0 {
			t.Fatalf("reminded %d (%v) at the start; want none", n, err)
		}
		clock.Advance(half)
		if n, err := s.RemindOrders(ctx, 0, 10, notice); err != nil || n != 0 {
			t.Fatalf("reminders off, yet %d reminded (%v)", n, err)
		}
		before, _ := s.PendingOutbox(ctx)
		n, err := s.RemindOrders(ctx, half, 1, notice)
		if err != nil || n != 1 || len(told) != 1 || told[0] != orders[0].Number {
			t.Fatalf("reminded %d %v %v; want only %s", n, err, told, orders[0].Number)
		}
		if after, _ := s.PendingOutbox(ctx); after != before+1 {
			t.Errorf("outbox grew by %d, want 1", after-before)
		}
		if c := count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE chat_id = '900' AND class = 'notify'`); c != 1 {
			t.Errorf("%d reminder rows for the customer, want 1", c)
		}
		// Once per order, however often the loop runs.
		clock.Advance(time.Hour)
		if n, err := s.RemindOrders(ctx, half, 10, notice); err != nil || n != 0 {
			t.Fatalf("reminded again: %d %v", n, err)
		}
		// An order past its expiry is expired, not reminded.
		late := t0.Add(30 * time.Hour)
		_, err = place(t, s, "904", lapak.Order{PaymentMethod: lapak.PayQRIS, ExpiresAt: &late, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		clock.Set(late.Add(time.Minute))
		if n, err := s.RemindOrders(ctx, half, 10, notice); err != nil || n != 0 {
			t.Fatalf("reminded %d expired orders (%v)", n, err)
		}
		if len(told) != 1 {
			t.Fatalf("told %v", told)
		}
	})
}

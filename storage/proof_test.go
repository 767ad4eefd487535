package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// A customer's proof pictures attach to their order, in the order they
// came, with the channel that can fetch them again; they survive the
// order's status changes and belong to that order only.
func TestOrderProofs(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		ori := variant(t, s, "KRP-ORI")
		o, err := place(t, s, "600", lapak.Order{PaymentMethod: lapak.PayTransfer, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		other, err := place(t, s, "601", lapak.Order{PaymentMethod: lapak.PayTransfer, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		waRef := "wa-image:" + strings.Repeat("Qk", 150)
		attach := func(orderID int64, ch lapak.Channel, a lapak.Attachment, at time.Time) (lapak.Proof, error) {
			var p lapak.Proof
			var attachErr error
			handle(t, s, "600", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				p, attachErr = tx.AttachProof(ctx, orderID, ch, a, at)
				c.Reply(lapak.Outbound{Text: "ok"})
				return nil
			})
			return p, attachErr
		}
		first, err := attach(o.ID, lapak.ChannelTelegram, lapak.Attachment{Ref: "AgACAgUAAxkBAAIC", MIME: "image/jpeg"}, t0.Add(time.Hour))
		if err != nil || first.ID == 0 || first.Image() != "media:telegram:AgACAgUAAxkBAAIC" {
			t.Fatalf("first proof %+v %v", first, err)
		}
		// A zero time means "now" by the store's clock.
		clock.Set(t0.Add(2 * time.Hour)) // the clock is shared by both databases' runs
		if _, err := attach(o.ID, lapak.ChannelWhatsApp, lapak.Attachment{Ref: waRef, MIME: "image/png"}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if _, err := attach(other.ID, lapak.ChannelConsole, lapak.Attachment{Ref: "/tmp/bukti.png"}, t0); err != nil {
			t.Fatal(err)
		}
		handle(t, s, "600", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			_, err := tx.TransitionOrder(ctx, o.Number, lapak.StatusPaid, t0.Add(3*time.Hour))
			c.Reply(lapak.Outbound{Text: "ok"})
			return err
		})

		var got []lapak.Proof
		handle(t, s, "600", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			var err error
			got, err = tx.Proofs(ctx, o.ID)
			c.Reply(lapak.Outbound{Text: "ok"})
			return err
		})
		if len(got) != 2 {
			t.Fatalf("proofs %+v, want 2", got)
		}
		if p := got[0]; p != first || !p.ReceivedAt.Equal(t0.Add(time.Hour)) || p.OrderID != o.ID {
			t.Errorf("first proof read back as %+v, want %+v", p, first)
		}
		if p := got[1]; p.Channel != lapak.ChannelWhatsApp || p.Ref != waRef || p.MIME != "image/png" ||
			!p.ReceivedAt.Equal(t0.Add(2*time.Hour)) || p.ID <= got[0].ID {
			t.Errorf("second proof %+v", p)
		}

		// Unknown orders and unusable references store nothing.
		if _, err := attach(999999, lapak.ChannelTelegram, lapak.Attachment{Ref: "x"}, t0); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("proof for an unknown order: %v", err)
		}
		for _, a := range []lapak.Attachment{{Ref: ""}, {Ref: strings.Repeat("x", 5000)}} {
			if _, err := attach(o.ID, lapak.ChannelTelegram, a, t0); err == nil {
				t.Errorf("a reference of %d bytes was stored", len(a.Ref))
			}
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_order_proofs`); n != 3 {
			t.Errorf("%d proofs stored, want 3", n)
		}

		// Append-only in the database itself.
		db := storage.DBOf(s)
		refuse := []string{`UPDATE lapak_order_proofs SET ref = 'forged'`, `DELETE FROM lapak_order_proofs`}
		if s.Dialect() == storage.Postgres {
			refuse = append(refuse, `TRUNCATE lapak_order_proofs`)
		}
		for _, q := range refuse {
			if _, err := db.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want an append-only refusal", q, err)
			}
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_order_proofs WHERE ref = 'forged'`); n != 0 {
			t.Errorf("%d proofs changed", n)
		}
	})
}

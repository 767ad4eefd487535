package storage_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// Every pair of statuses, on both databases: a legal move changes the
// order, records one event and (to cancelled or expired) returns the stock;
// an illegal one is refused and changes nothing.
func TestEveryTransition(t *testing.T) {
	all := []lapak.OrderStatus{lapak.StatusPendingPayment, lapak.StatusPaid, lapak.StatusProcessing,
		lapak.StatusShipped, lapak.StatusCompleted, lapak.StatusCancelled, lapak.StatusExpired}
	// How an order reaches each status, by legal moves.
	path := map[lapak.OrderStatus][]lapak.OrderStatus{
		lapak.StatusPaid:       {lapak.StatusPaid},
		lapak.StatusProcessing: {lapak.StatusPaid, lapak.StatusProcessing},
		lapak.StatusShipped:    {lapak.StatusPaid, lapak.StatusProcessing, lapak.StatusShipped},
		lapak.StatusCompleted:  {lapak.StatusPaid, lapak.StatusProcessing, lapak.StatusShipped, lapak.StatusCompleted},
		lapak.StatusCancelled:  {lapak.StatusCancelled},
		lapak.StatusExpired:    {lapak.StatusExpired},
	}
	legal := map[[2]lapak.OrderStatus]bool{}
	for from, tos := range map[lapak.OrderStatus][]lapak.OrderStatus{
		lapak.StatusPendingPayment: {lapak.StatusPaid, lapak.StatusCancelled, lapak.StatusExpired}, // transfer: no skipping payment
		lapak.StatusPaid:           {lapak.StatusProcessing, lapak.StatusCancelled},
		lapak.StatusProcessing:     {lapak.StatusShipped, lapak.StatusCancelled},
		lapak.StatusShipped:        {lapak.StatusCompleted},
	} {
		for _, to := range tos {
			legal[[2]lapak.OrderStatus{from, to}] = true
		}
	}

	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		ori := variant(t, s, "KRP-ORI")
		move := func(num string, to lapak.OrderStatus) (err error) {
			handle(t, s, "900", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				_, err = tx.TransitionOrder(ctx, num, to, c.Now)
				return nil
			})
			return err
		}
		for _, from := range all {
			for _, to := range all {
				name := fmt.Sprintf("%s→%s", from, to)
				o, err := place(t, s, "900", lapak.Order{PaymentMethod: lapak.PayTransfer, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
				if err != nil {
					t.Fatal(err)
				}
				for _, step := range path[from] {
					if err := move(o.Number, step); err != nil {
						t.Fatalf("%s: reaching %s: %v", name, step, err)
					}
				}
				stockBefore := stock(t, s, "KRP-ORI")
				events := count(t, s, `SELECT COUNT(*) FROM lapak_order_events WHERE order_id = ?`, o.ID)

				err = move(o.Number, to)
				got, lerr := s.OrderByNumber(ctx, o.Number)
				if lerr != nil {
					t.Fatal(lerr)
				}
				newEvents := count(t, s, `SELECT COUNT(*) FROM lapak_order_events WHERE order_id = ?`, o.ID) - events
				wantStock := stockBefore
				if legal[[2]lapak.OrderStatus{from, to}] {
					if to.ReleasesStock() {
						wantStock++
					}
					if err != nil || got.Status != to || newEvents != 1 {
						t.Errorf("%s: err %v, status %s, %d new events; want it done with one event", name, err, got.Status, newEvents)
					}
				} else {
					var te *lapak.TransitionError
					if !errors.Is(err, lapak.ErrIllegalTransition) || !errors.As(err, &te) || te.From != from {
						t.Errorf("%s: err %v, want an illegal-transition error from %s", name, err, from)
					}
					if got.Status != from || newEvents != 0 {
						t.Errorf("%s: refused but status %s with %d new events", name, got.Status, newEvents)
					}
				}
				if st := stock(t, s, "KRP-ORI"); st != wantStock {
					t.Errorf("%s: stock %d, want %d", name, st, wantStock)
				}
				// Keep the shelf stocked for the next order.
				if stock(t, s, "KRP-ORI") < 2 {
					handle(t, s, "900", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
						_, err := tx.SetStock(ctx, "KRP-ORI", 10)
						return err
					})
				}
			}
		}

		// Cash on delivery may go to processing without a payment step.
		cod, err := place(t, s, "900", lapak.Order{PaymentMethod: lapak.PayCOD, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := move(cod.Number, lapak.StatusProcessing); err != nil {
			t.Errorf("COD pending→processing: %v", err)
		}
	})
}

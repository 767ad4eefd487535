package storage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The ledger only grows: one entry of each kind per order, balances are
// sums, and the database refuses to change or delete an entry.
func TestCommissionLedger(t *testing.T) {
	forEachClocked(t, func(t *testing.T, s *storage.Store, clock *storagetest.Clock) {
		seed(t, s)
		sari := addReseller(t, s, "701", "Sari", lapak.ResellerApproved)
		ori := variant(t, s, "KRP-ORI")
		var orders []lapak.Order
		for _, chat := range []string{"710", "711"} {
			o, err := place(t, s, chat, lapak.Order{PaymentMethod: lapak.PayCOD, Delivery: lapak.DeliveryPickup,
				Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 2}}, Reseller: lapak.OrderReseller{ID: sari.ID, Source: lapak.SourceLink}})
			if err != nil {
				t.Fatal(err)
			}
			orders = append(orders, o)
		}
		add := func(tx lapak.OpsTx, e lapak.CommissionEntry) bool {
			t.Helper()
			e.ResellerID = sari.ID
			added, err := tx.AddCommission(context.Background(), &e)
			if err != nil {
				t.Fatal(err)
			}
			return added
		}
		opsDo(t, s, func(ctx context.Context, tx lapak.OpsTx) error {
			for _, o := range orders {
				if !add(tx, lapak.CommissionEntry{OrderID: o.ID, Kind: lapak.CommissionPending, Amount: 2000, Base: 24000, Rate: 800}) {
					t.Fatal("pending not added")
				}
			}
			if add(tx, lapak.CommissionEntry{OrderID: orders[0].ID, Kind: lapak.CommissionPending, Amount: 9999}) {
				t.Error("a second pending entry for one order was added")
			}
			add(tx, lapak.CommissionEntry{OrderID: orders[0].ID, Kind: lapak.CommissionConfirmed, Amount: 2000})
			add(tx, lapak.CommissionEntry{OrderID: orders[1].ID, Kind: lapak.CommissionVoid, Amount: 2000})
			add(tx, lapak.CommissionEntry{Kind: lapak.CommissionPayout, Amount: 1500, Reference: "ref-1", Actor: "telegram:1"})
			if _, err := tx.AddCommission(ctx, &lapak.CommissionEntry{ResellerID: sari.ID, Kind: lapak.CommissionPayout, OrderID: orders[0].ID, Amount: 1}); err == nil {
				t.Error("a payout for an order was added")
			}
			b, err := tx.CommissionBalance(ctx, sari.ID, true)
			if err != nil || b != (lapak.CommissionBalance{Pending: 0, Confirmed: 2000, Paid: 1500}) || b.Balance() != 500 {
				t.Errorf("balance %+v (%v)", b, err)
			}
			st, err := tx.CommissionStatement(ctx, sari.ID, 10)
			if err != nil || len(st) != 5 || st[0].Kind != lapak.CommissionPayout || st[0].Reference != "ref-1" ||
				st[4].OrderNumber != orders[0].Number || st[4].Base != 24000 || st[4].Rate != 800 || !st[4].At.Equal(t0) {
				t.Errorf("statement %+v (%v)", st, err)
			}
			// The balance is the sum of the statement.
			var sum lapak.CommissionBalance
			for _, e := range st {
				sum.Add(e)
			}
			if sum != b {
				t.Errorf("entries sum to %+v, balance %+v", sum, b)
			}
			oc, err := tx.OrderCommissions(ctx, orders[0].ID)
			if err != nil || len(oc) != 2 || oc[0].Kind != lapak.CommissionPending || oc[1].Kind != lapak.CommissionConfirmed {
				t.Errorf("order's entries %+v (%v)", oc, err)
			}
			return nil
		})
		db := storage.DBOf(s)
		for _, q := range []string{`UPDATE lapak_commissions SET amount = 1`, `DELETE FROM lapak_commissions`} {
			if _, err := db.ExecContext(context.Background(), q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v, want refused", q, err)
			}
		}
		clock.Advance(time.Hour)
	})
}

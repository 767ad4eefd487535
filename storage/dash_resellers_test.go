package storage_test

import (
	"context"
	"errors"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The resellers pages read every reseller with the standings of the
// approved and suspended, and one reseller with its balance, ledger and
// customers, an applicant's too.
func TestDashResellers(t *testing.T) {
	forEachClocked(t, func(t *testing.T, s *storage.Store, clock *storagetest.Clock) {
		seed(t, s)
		sari := addReseller(t, s, "801", "Sari", lapak.ResellerApproved)
		budi := addReseller(t, s, "802", "Budi", lapak.ResellerApplicant)
		o, err := place(t, s, "810", lapak.Order{PaymentMethod: lapak.PayCOD, Delivery: lapak.DeliveryPickup,
			Items: []lapak.OrderItem{{VariantID: variant(t, s, "KRP-ORI").ID, Qty: 2}}, Reseller: lapak.OrderReseller{ID: sari.ID, Source: lapak.SourceLink}})
		if err != nil {
			t.Fatal(err)
		}
		opsDo(t, s, func(ctx context.Context, tx lapak.OpsTx) error {
			for _, e := range []lapak.CommissionEntry{
				{OrderID: o.ID, Kind: lapak.CommissionPending, Amount: 2000, Base: 24000, Rate: 800},
				{OrderID: o.ID, Kind: lapak.CommissionConfirmed, Amount: 2000},
				{Kind: lapak.CommissionPayout, Amount: 500, Reference: "ref-1", Actor: "dashboard:telegram:1"},
			} {
				e.ResellerID = sari.ID
				if _, err := tx.AddCommission(ctx, &e); err != nil {
					return err
				}
			}
			return nil
		})
		list, standings, err := s.DashResellers(ctx, t0.Add(-lapak.SalesWindow))
		if err != nil || len(list) != 2 || list[0].ID != budi.ID || len(standings) != 1 || standings[0].ID != sari.ID ||
			standings[0].Balance.Balance() != 1500 {
			t.Fatalf("DashResellers = %+v %+v %v", list, standings, err)
		}
		st, entries, custs, err := s.DashReseller(ctx, sari.ID, t0.Add(-lapak.SalesWindow), 10, 10)
		if err != nil || st.Balance.Balance() != 1500 || len(entries) != 3 || entries[2].OrderNumber != o.Number || len(custs) != 1 {
			t.Errorf("DashReseller = %+v %+v %+v %v", st, entries, custs, err)
		}
		if st, _, _, err := s.DashReseller(ctx, budi.ID, t0, 10, 10); err != nil || st.Status != lapak.ResellerApplicant || st.Balance.Balance() != 0 {
			t.Errorf("an applicant: %+v %v", st, err)
		}
		if _, _, _, err := s.DashReseller(ctx, 9999, t0, 10, 10); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("an unknown reseller: %v", err)
		}
	})
}

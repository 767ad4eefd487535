package storage

import (
	"context"
	"errors"
	"time"

	"github.com/lapak-id/lapak"
)

// Reads of the dashboard's resellers pages, through the same queries
// /reseller and the commission jobs use, each page's in one transaction.

// DashResellers is every reseller (applicants first, then by name) and the
// standings of the approved and suspended ones: tier, pinned, confirmed
// sales since salesSince, balance.
func (s *Store) DashResellers(ctx context.Context, salesSince time.Time) ([]lapak.ResellerListing, []lapak.ResellerStanding, error) {
	var list []lapak.ResellerListing
	var st []lapak.ResellerStanding
	err := s.inTx(ctx, "listing resellers", func(t *tx) error {
		var err error
		if list, err = t.Resellers(ctx); err != nil {
			return err
		}
		st, err = t.ResellerStandings(ctx, salesSince)
		return err
	})
	return list, st, err
}

// DashReseller is one reseller's page: their standing (tier, pinned,
// sales since salesSince, balance; an applicant's too), their latest
// ledger entries (newest first, at most ledger) and the customers they
// brought (at most customers). ErrNotFound for an unknown id.
func (s *Store) DashReseller(ctx context.Context, id int64, salesSince time.Time, ledger, customers int) (lapak.ResellerStanding, []lapak.CommissionEntry, []lapak.ResellerCustomer, error) {
	var st lapak.ResellerStanding
	var entries []lapak.CommissionEntry
	var custs []lapak.ResellerCustomer
	err := s.inTx(ctx, "reading a reseller", func(t *tx) error {
		r, err := t.Reseller(ctx, id)
		if err != nil {
			return err
		}
		st.Reseller = r
		if st.Tier, st.Pinned, err = t.ResellerTier(ctx, id); err != nil {
			return err
		}
		if st.Balance, err = t.CommissionBalance(ctx, id, false); err != nil {
			return err
		}
		all, err := t.ResellerStandings(ctx, salesSince)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.ID == id {
				st.Sales = o.Sales
			}
		}
		if entries, err = t.CommissionStatement(ctx, id, max(ledger, 1)); err != nil {
			return err
		}
		custs, err = t.ResellerCustomers(ctx, id, max(customers, 1))
		return err
	})
	if errors.Is(err, lapak.ErrNotFound) {
		return st, nil, nil, err
	}
	return st, entries, custs, err
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lapak-id/lapak"
)

// The resellers' commission ledger (migrations 0027 and 0028): entries are
// only ever inserted; balances are sums.

var _ lapak.CommissionTx = (*tx)(nil)

type commissionRow struct {
	ID          int64          `db:"id"`
	ResellerID  int64          `db:"reseller_id"`
	OrderID     sql.NullInt64  `db:"order_id"`
	OrderNumber sql.NullString `db:"number"`
	Kind        string         `db:"kind"`
	Amount      int64          `db:"amount"`
	Base        int64          `db:"base"`
	Rate        int            `db:"rate"`
	Reference   string         `db:"reference"`
	Actor       string         `db:"actor"`
	CreatedAt   time.Time      `db:"created_at"`
}

const selectCommissions = `SELECT e.id, e.reseller_id, e.order_id, o.number, e.kind, e.amount, e.base, e.rate,
	e.reference, e.actor, e.created_at
	FROM lapak_commissions e LEFT JOIN lapak_orders o ON o.id = e.order_id`

func (r commissionRow) entry() lapak.CommissionEntry {
	return lapak.CommissionEntry{ID: r.ID, ResellerID: r.ResellerID, OrderID: r.OrderID.Int64, OrderNumber: r.OrderNumber.String,
		Kind: lapak.CommissionKind(r.Kind), Amount: lapak.Money(r.Amount), Base: lapak.Money(r.Base), Rate: lapak.Rate(r.Rate),
		Reference: r.Reference, Actor: r.Actor, At: utc(r.CreatedAt)}
}

// AddCommission: see lapak.CommissionTx.
func (t *tx) AddCommission(ctx context.Context, e *lapak.CommissionEntry) (bool, error) {
	if e.Amount < 0 || (e.Kind == lapak.CommissionPayout) != (e.OrderID == 0) {
		return false, fmt.Errorf("storage: commission entry %+v: a negative amount, or a payout with an order or another entry without one", *e)
	}
	if e.At.IsZero() {
		e.At = t.now
	}
	var order sql.NullInt64
	if e.OrderID != 0 {
		order = sql.NullInt64{Int64: e.OrderID, Valid: true}
	}
	// ON CONFLICT DO NOTHING: a second entry of a kind for an order is
	// not an error that would abort a PostgreSQL transaction, only not
	// written.
	err := t.get(ctx, &e.ID, `INSERT INTO lapak_commissions (reseller_id, order_id, kind, amount, base, rate, reference, actor, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
		e.ResellerID, order, string(e.Kind), int64(e.Amount), int64(e.Base), int(e.Rate), e.Reference, e.Actor, e.At.UTC().Truncate(time.Microsecond))
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("storage: adding a %s commission entry: %w", e.Kind, err)
	}
	if e.OrderID != 0 {
		if err := t.reportDirty(ctx, e.OrderID); err != nil {
			return false, err
		}
	}
	return true, nil
}

// OrderCommissions: see lapak.CommissionTx.
func (t *tx) OrderCommissions(ctx context.Context, orderID int64) ([]lapak.CommissionEntry, error) {
	var rows []commissionRow
	if err := t.sel(ctx, &rows, selectCommissions+` WHERE e.order_id = ? ORDER BY e.id`, orderID); err != nil {
		return nil, fmt.Errorf("storage: reading order %d's commission: %w", orderID, err)
	}
	return entries(rows), nil
}

func entries(rows []commissionRow) []lapak.CommissionEntry {
	out := make([]lapak.CommissionEntry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out
}

// CommissionBalance: see lapak.CommissionTx.
func (t *tx) CommissionBalance(ctx context.Context, resellerID int64, lock bool) (lapak.CommissionBalance, error) {
	if lock {
		var id int64
		if err := t.get(ctx, &id, `SELECT id FROM lapak_resellers WHERE id = ?`+t.s.forUpdate(), resellerID); errors.Is(err, sql.ErrNoRows) {
			return lapak.CommissionBalance{}, lapak.ErrNotFound
		} else if err != nil {
			return lapak.CommissionBalance{}, fmt.Errorf("storage: locking reseller %d: %w", resellerID, err)
		}
	}
	return commissionBalance(ctx, t, resellerID)
}

func commissionBalance(ctx context.Context, t *tx, resellerID int64) (lapak.CommissionBalance, error) {
	var sums []struct {
		Kind   string `db:"kind"`
		Amount int64  `db:"amount"`
	}
	if err := t.sel(ctx, &sums, `SELECT kind, SUM(amount) AS amount FROM lapak_commissions WHERE reseller_id = ? GROUP BY kind`, resellerID); err != nil {
		return lapak.CommissionBalance{}, fmt.Errorf("storage: reseller %d's balance: %w", resellerID, err)
	}
	var b lapak.CommissionBalance
	for _, s := range sums {
		b.Add(lapak.CommissionEntry{Kind: lapak.CommissionKind(s.Kind), Amount: lapak.Money(s.Amount)})
	}
	return b, nil
}

// CommissionStatement: see lapak.CommissionTx.
func (t *tx) CommissionStatement(ctx context.Context, resellerID int64, limit int) ([]lapak.CommissionEntry, error) {
	var rows []commissionRow
	if err := t.sel(ctx, &rows, selectCommissions+` WHERE e.reseller_id = ? ORDER BY e.id DESC LIMIT ?`, resellerID, limit); err != nil {
		return nil, fmt.Errorf("storage: reseller %d's statement: %w", resellerID, err)
	}
	return entries(rows), nil
}

// ResellerTier: see lapak.CommissionTx.
func (t *tx) ResellerTier(ctx context.Context, resellerID int64) (string, bool, error) {
	var r struct {
		Tier   string `db:"tier"`
		Pinned bool   `db:"tier_pinned"`
	}
	err := t.get(ctx, &r, `SELECT tier, tier_pinned FROM lapak_resellers WHERE id = ?`, resellerID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, lapak.ErrNotFound
	}
	if err != nil {
		return "", false, fmt.Errorf("storage: reseller %d's tier: %w", resellerID, err)
	}
	return r.Tier, r.Pinned, nil
}

// SetResellerTier: see lapak.CommissionTx.
func (t *tx) SetResellerTier(ctx context.Context, resellerID int64, name string, pinned bool) error {
	res, err := t.exec(ctx, `UPDATE lapak_resellers SET tier = ?, tier_pinned = ?, updated_at = ? WHERE id = ?`, name, pinned, t.now, resellerID)
	if err != nil {
		return fmt.Errorf("storage: setting reseller %d's tier: %w", resellerID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return lapak.ErrNotFound
	}
	return nil
}

// DueCommissions: see lapak.CommissionJobTx.
func (t *tx) DueCommissions(ctx context.Context, completedBy time.Time, limit int) ([]lapak.CommissionEntry, error) {
	var rows []commissionRow
	if err := t.sel(ctx, &rows, selectCommissions+` WHERE e.kind = 'pending' AND o.status = 'completed'
		AND NOT EXISTS (SELECT 1 FROM lapak_commissions x WHERE x.order_id = e.order_id AND x.kind IN ('confirmed', 'void'))
		AND (SELECT MAX(ev.at) FROM lapak_order_events ev WHERE ev.order_id = o.id AND ev.to_status = 'completed') <= ?
		ORDER BY e.id LIMIT ?`, completedBy.UTC().Truncate(time.Microsecond), limit); err != nil {
		return nil, fmt.Errorf("storage: commissions due: %w", err)
	}
	return entries(rows), nil
}

// ResellerStandings: see lapak.CommissionJobTx. Three grouped queries
// over the ledger (sales, balances) joined in Go: one pass each over the
// entries, whatever the number of resellers.
func (t *tx) ResellerStandings(ctx context.Context, salesSince time.Time) ([]lapak.ResellerStanding, error) {
	var rows []struct {
		resellerRow
		Tier   string `db:"tier"`
		Pinned bool   `db:"tier_pinned"`
	}
	if err := t.sel(ctx, &rows, `SELECT q.*, r2.tier, r2.tier_pinned FROM (`+selectResellers+`
		WHERE r.status IN ('approved', 'suspended')) q JOIN lapak_resellers r2 ON r2.id = q.id ORDER BY q.id`); err != nil {
		return nil, fmt.Errorf("storage: reseller standings: %w", err)
	}
	var sales []struct {
		ID    int64 `db:"reseller_id"`
		Sales int64 `db:"sales"`
	}
	if err := t.sel(ctx, &sales, `SELECT p.reseller_id, SUM(p.base) AS sales FROM lapak_commissions p
		JOIN lapak_commissions c ON c.order_id = p.order_id AND c.kind = 'confirmed' AND c.created_at >= ?
		WHERE p.kind = 'pending'
		AND NOT EXISTS (SELECT 1 FROM lapak_commissions x WHERE x.order_id = p.order_id AND x.kind = 'reversal')
		GROUP BY p.reseller_id`, salesSince.UTC().Truncate(time.Microsecond)); err != nil {
		return nil, fmt.Errorf("storage: reseller sales: %w", err)
	}
	var sums []struct {
		ID     int64  `db:"reseller_id"`
		Kind   string `db:"kind"`
		Amount int64  `db:"amount"`
	}
	if err := t.sel(ctx, &sums, `SELECT reseller_id, kind, SUM(amount) AS amount FROM lapak_commissions GROUP BY reseller_id, kind`); err != nil {
		return nil, fmt.Errorf("storage: reseller balances: %w", err)
	}
	salesOf := make(map[int64]lapak.Money, len(sales))
	for _, s := range sales {
		salesOf[s.ID] = lapak.Money(s.Sales)
	}
	balances := map[int64]*lapak.CommissionBalance{}
	for _, s := range sums {
		b := balances[s.ID]
		if b == nil {
			b = &lapak.CommissionBalance{}
			balances[s.ID] = b
		}
		b.Add(lapak.CommissionEntry{Kind: lapak.CommissionKind(s.Kind), Amount: lapak.Money(s.Amount)})
	}
	out := make([]lapak.ResellerStanding, len(rows))
	for i, r := range rows {
		out[i] = lapak.ResellerStanding{Reseller: r.reseller(), Tier: r.Tier, Pinned: r.Pinned, Sales: salesOf[r.ID]}
		if b := balances[r.ID]; b != nil {
			out[i].Balance = *b
		}
	}
	return out, nil
}

// MarkPayoutList: see lapak.CommissionJobTx.
func (t *tx) MarkPayoutList(ctx context.Context, day string) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO lapak_payout_lists (day, sent_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, day, t.now)
	if err != nil {
		return false, fmt.Errorf("storage: marking the payout list of %s: %w", day, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// ResellerCustomers: see lapak.CommissionTx.
func (t *tx) ResellerCustomers(ctx context.Context, resellerID int64, limit int) ([]lapak.ResellerCustomer, error) {
	var rows []struct {
		Name   string `db:"name"`
		Zone   string `db:"zone"`
		Orders int    `db:"orders"`
	}
	if err := t.sel(ctx, &rows, `SELECT c.name,
			(SELECT o2.zone FROM lapak_orders o2 WHERE o2.customer_id = c.id AND o2.reseller_id = ? ORDER BY o2.id DESC LIMIT 1) AS zone,
			(SELECT COUNT(*) FROM lapak_orders o3 WHERE o3.customer_id = c.id AND o3.reseller_id = ?
				AND o3.status NOT IN ('cancelled', 'expired', 'refunded')) AS orders
		FROM lapak_customers c
		WHERE c.id IN (SELECT customer_id FROM lapak_orders WHERE reseller_id = ?)
		ORDER BY (SELECT MAX(o4.id) FROM lapak_orders o4 WHERE o4.customer_id = c.id AND o4.reseller_id = ?) DESC LIMIT ?`,
		resellerID, resellerID, resellerID, resellerID, limit); err != nil {
		return nil, fmt.Errorf("storage: reseller %d's customers: %w", resellerID, err)
	}
	out := make([]lapak.ResellerCustomer, len(rows))
	for i, r := range rows {
		first, _, _ := strings.Cut(strings.TrimSpace(r.Name), " ")
		out[i] = lapak.ResellerCustomer{FirstName: first, Area: r.Zone, Orders: r.Orders}
	}
	return out, nil
}

package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/lapak-id/lapak"
)

func (t *tx) WatchRestock(ctx context.Context, customerID, productID int64, at time.Time) error {
	if _, err := t.exec(ctx, `INSERT INTO lapak_restock_watches (customer_id, product_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (customer_id, product_id) WHERE notified_at IS NULL DO NOTHING`, customerID, productID, at.UTC()); err != nil {
		return fmt.Errorf("storage: watching product %d for a restock: %w", productID, err)
	}
	return nil
}

// NotifyRestocked sends the customers waiting for a product that has stock
// again their one message (notice builds it) and marks them told, in
// batches of limit, each in one transaction: a message is queued exactly
// once. Several processes may run it at once (SKIP LOCKED on PostgreSQL).
// The promo rules hold: the first to ask is the first told; while quiet
// reports the transaction's time inside the quiet hours nothing is sent
// (the watches wait for the first pass after); a customer who opted out of
// promos or cannot be reached gets nothing and the watch is closed
// (skipped); one whose chat a person has taken over waits until it is
// handed back.
func (s *Store) NotifyRestocked(ctx context.Context, limit int, quiet func(time.Time) bool, notice func(lapak.Product, lapak.Customer) []lapak.Envelope) (int, error) {
	if limit <= 0 {
		limit = 100
	}
	total := 0
	for {
		n, err := s.restockBatch(ctx, limit, quiet, notice)
		total += n
		if err != nil || n < limit {
			return total, err
		}
	}
}

// dueRestocks are the open watches of products with stock, first asked
// first: only the watches are locked, not the customers.
const dueRestocks = `SELECT w.id, w.customer_id, w.product_id, c.opted_out, c.unreachable
	FROM lapak_restock_watches w JOIN lapak_customers c ON c.id = w.customer_id
	WHERE w.notified_at IS NULL AND (c.takeover_until IS NULL OR c.takeover_until <= ?)
	  AND EXISTS (SELECT 1 FROM lapak_variants v
		WHERE v.product_id = w.product_id AND (v.stock IS NULL OR v.stock > 0))
	ORDER BY w.created_at, w.id LIMIT ?`

// restockBatch handles one batch and returns how many watches it closed
// (told or skipped).
func (s *Store) restockBatch(ctx context.Context, limit int, quiet func(time.Time) bool, notice func(lapak.Product, lapak.Customer) []lapak.Envelope) (int, error) {
	now := s.now()
	if quiet != nil && quiet(now) {
		return 0, nil
	}
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storage: restock notices: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}
	var rows []struct {
		ID          int64 `db:"id"`
		CustomerID  int64 `db:"customer_id"`
		ProductID   int64 `db:"product_id"`
		OptedOut    bool  `db:"opted_out"`
		Unreachable bool  `db:"unreachable"`
	}
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE OF w SKIP LOCKED"
	}
	if err := t.sel(ctx, &rows, dueRestocks+lock, now, limit); err != nil {
		return 0, fmt.Errorf("storage: restock notices: %w", err)
	}
	for _, r := range rows {
		skipped := ""
		switch {
		case r.Unreachable:
			skipped = "unreachable"
		case r.OptedOut:
			skipped = "opted_out"
		}
		if _, err := t.exec(ctx, `UPDATE lapak_restock_watches SET notified_at = ?, skipped = ? WHERE id = ?`, now, skipped, r.ID); err != nil {
			return 0, fmt.Errorf("storage: restock notice %d: %w", r.ID, err)
		}
		if notice == nil || skipped != "" {
			continue
		}
		p, err := t.Product(ctx, r.ProductID)
		if err != nil {
			return 0, fmt.Errorf("storage: restock notice %d: %w", r.ID, err)
		}
		cust, err := getCustomer(ctx, dbtx, "id = ?", "", r.CustomerID)
		if err != nil {
			return 0, fmt.Errorf("storage: restock notice %d: customer: %w", r.ID, err)
		}
		if err := t.enqueue(ctx, cust, notice(p, cust)); err != nil {
			return 0, err
		}
	}
	if err := dbtx.Commit(); err != nil {
		return 0, fmt.Errorf("storage: restock notices: %w", err)
	}
	return len(rows), nil
}

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
func (s *Store) NotifyRestocked(ctx context.Context, limit int, notice func(lapak.Product, lapak.Customer) []lapak.Envelope) (int, error) {
	if limit <= 0 {
		limit = 100
	}
	total := 0
	for {
		n, err := s.restockBatch(ctx, limit, notice)
		total += n
		if err != nil || n < limit {
			return total, err
		}
	}
}

func (s *Store) restockBatch(ctx context.Context, limit int, notice func(lapak.Product, lapak.Customer) []lapak.Envelope) (int, error) {
	now := s.now()
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storage: restock notices: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}
	var rows []struct {
		ID         int64 `db:"id"`
		CustomerID int64 `db:"customer_id"`
		ProductID  int64 `db:"product_id"`
	}
	if err := t.sel(ctx, &rows, `SELECT w.id, w.customer_id, w.product_id FROM lapak_restock_watches w
		WHERE w.notified_at IS NULL AND EXISTS (SELECT 1 FROM lapak_variants v
			WHERE v.product_id = w.product_id AND (v.stock IS NULL OR v.stock > 0))
		ORDER BY w.id LIMIT ?`+s.skipLocked(), limit); err != nil {
		return 0, fmt.Errorf("storage: restock notices: %w", err)
	}
	for _, r := range rows {
		if _, err := t.exec(ctx, `UPDATE lapak_restock_watches SET notified_at = ? WHERE id = ?`, now, r.ID); err != nil {
			return 0, fmt.Errorf("storage: restock notice %d: %w", r.ID, err)
		}
		if notice == nil {
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

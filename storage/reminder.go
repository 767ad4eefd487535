package storage

import (
	"context"
	"fmt"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// RemindOrders queues one payment reminder for every unpaid order that
// expires within before from now and was not reminded yet, in batches of
// limit (one transaction each, rows claimed with SKIP LOCKED on PostgreSQL so
// several instances never remind twice). It returns how many were reminded.
func (s *Store) RemindOrders(ctx context.Context, before time.Duration, limit int, notice func(lapak.Order, lapak.Customer) []lapak.Envelope) (int, error) {
	if before <= 0 {
		return 0, nil
	}
	if limit <= 0 {
		limit = 100
	}
	total := 0
	for {
		n, err := s.remindBatch(ctx, before, limit, notice)
		total += n
		if err != nil || n < limit {
			return total, err
		}
	}
}

func (s *Store) remindBatch(ctx context.Context, before time.Duration, limit int, notice func(lapak.Order, lapak.Customer) []lapak.Envelope) (int, error) {
	now := s.now()
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storage: reminding orders: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}
	// Orders already past their expiry are left to the expiry (shop.Expire).
	var ids []int64
	if err := t.sel(ctx, &ids, `SELECT id FROM lapak_orders WHERE status = 'pending_payment' AND reminded_at IS NULL
		AND expires_at > ? AND expires_at <= ? ORDER BY expires_at, id LIMIT ?`+s.skipLocked(), now, now.Add(before), limit); err != nil {
		return 0, fmt.Errorf("storage: reminding orders: %w", err)
	}
	for _, id := range ids {
		if _, err := t.exec(ctx, `UPDATE lapak_orders SET reminded_at = ? WHERE id = ?`, now, id); err != nil {
			return 0, fmt.Errorf("storage: reminding order %d: %w", id, err)
		}
		if notice == nil {
			continue
		}
		o, err := loadOrder(ctx, dbtx, "id = ?", "", id)
		if err != nil {
			return 0, fmt.Errorf("storage: reminding order %d: %w", id, err)
		}
		cust, err := getCustomer(ctx, dbtx, "id = ?", "", o.CustomerID)
		if err != nil {
			return 0, fmt.Errorf("storage: reminding order %s: customer: %w", o.Number, err)
		}
		if err := t.enqueue(ctx, cust, notice(o, cust)); err != nil {
			return 0, err
		}
	}
	if err := dbtx.Commit(); err != nil {
		return 0, fmt.Errorf("storage: reminding orders: %w", err)
	}
	return len(ids), nil
}

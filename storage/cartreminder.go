package storage

import (
	"context"
	"fmt"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// cartEmptied ends a cart's life when its last line is gone (emptied by
// the customer, removed line by line, or ordered): a cart filled again is
// a new one and may get its own reminder.
func (t *tx) cartEmptied(ctx context.Context, customerID int64) error {
	if _, err := t.exec(ctx, `DELETE FROM lapak_cart_reminders WHERE customer_id = ?
		AND NOT EXISTS (SELECT 1 FROM lapak_cart_items WHERE customer_id = ?)`, customerID, customerID); err != nil {
		return fmt.Errorf("storage: ending the cart's reminder: %w", err)
	}
	return nil
}

// dueCarts finds the customers whose cart is due a reminder: untouched
// (the customer's last message or button, which is when their row was
// last saved) since before idle ago but not longer than
// lapak.CartReminderMaxAge, with something still in stock, not reminded in this
// cart's life, who did not opt out, can be reached and whose chat no
// person has taken over. The rows are locked (SKIP LOCKED on PostgreSQL):
// a customer writing right now is skipped, and a message that committed
// meanwhile is seen by the recheck of the locked row.
const dueCarts = `SELECT c.id FROM lapak_customers c
	WHERE c.id > ? AND c.opted_out = FALSE AND c.unreachable = FALSE
	  AND (c.takeover_until IS NULL OR c.takeover_until <= ?)
	  AND c.updated_at <= ? AND c.updated_at > ?
	  AND EXISTS (SELECT 1 FROM lapak_cart_items ci JOIN lapak_variants v ON v.id = ci.variant_id
		WHERE ci.customer_id = c.id AND (v.stock IS NULL OR v.stock > 0))
	  AND NOT EXISTS (SELECT 1 FROM lapak_cart_reminders r WHERE r.customer_id = c.id)
	ORDER BY c.id LIMIT ?`

// RemindCarts queues the one reminder of every cart left untouched for
// idle (see dueCarts), in batches of limit, one transaction each: the
// reminder is recorded with the message it queues, so however many
// processes run it, a cart's life gets one. notice builds the message from
// the customer and the cart as it is now (stock and prices read in the
// same transaction); an empty result sends nothing and leaves the cart due.
// Nothing is sent while quiet reports the transaction's time inside the
// quiet hours: the reminders due then go out on the first pass after. idle
// 0 turns the reminders off. It returns how many were queued.
func (s *Store) RemindCarts(ctx context.Context, idle time.Duration, limit int, quiet func(time.Time) bool,
	notice func(lapak.Customer, lapak.Cart) []lapak.Envelope) (int, error) {
	if idle <= 0 {
		return 0, nil
	}
	if limit <= 0 {
		limit = 100
	}
	total := 0
	var after int64
	for {
		n, last, err := s.remindCartBatch(ctx, idle, limit, after, quiet, notice)
		total += n
		if err != nil || last == 0 {
			return total, err
		}
		after = last
	}
}

// remindCartBatch handles the due carts of customers after the id after;
// last is the last id it looked at (0: none were due).
func (s *Store) remindCartBatch(ctx context.Context, idle time.Duration, limit int, after int64, quiet func(time.Time) bool,
	notice func(lapak.Customer, lapak.Cart) []lapak.Envelope) (n int, last int64, err error) {
	now := s.now()
	if quiet != nil && quiet(now) {
		return 0, 0, nil
	}
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("storage: cart reminders: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}
	var ids []int64
	if err := t.sel(ctx, &ids, dueCarts+s.skipLocked(), after, now, now.Add(-idle), now.Add(-lapak.CartReminderMaxAge), limit); err != nil {
		return 0, 0, fmt.Errorf("storage: cart reminders: %w", err)
	}
	for _, id := range ids {
		last = id
		cust, err := getCustomer(ctx, dbtx, "id = ?", "", id)
		if err != nil {
			return 0, 0, fmt.Errorf("storage: cart reminder %d: customer: %w", id, err)
		}
		cart, err := t.Cart(ctx, id)
		if err != nil {
			return 0, 0, fmt.Errorf("storage: cart reminder %d: %w", id, err)
		}
		var envs []lapak.Envelope
		if notice != nil {
			if envs = notice(cust, cart); len(envs) == 0 {
				continue
			}
		}
		// The key is the guard: a process whose snapshot predates another's
		// committed reminder finds the row there and sends nothing.
		res, err := t.exec(ctx, `INSERT INTO lapak_cart_reminders (customer_id, reminded_at) VALUES (?, ?)
			ON CONFLICT (customer_id) DO NOTHING`, id, now)
		if err != nil {
			return 0, 0, fmt.Errorf("storage: cart reminder %d: %w", id, err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			continue
		}
		if err := t.enqueue(ctx, cust, envs); err != nil {
			return 0, 0, err
		}
		n++
	}
	if err := dbtx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("storage: cart reminders: %w", err)
	}
	if len(ids) < limit {
		last = 0 // that was the last batch
	}
	return n, last, nil
}

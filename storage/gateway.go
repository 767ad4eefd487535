package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lapak-id/lapak"
)

// Online payment through a payment gateway: the payment-link job and the
// gateway's payment notifications. The gateway itself is called by the
// caller between these methods, never inside one of their transactions.

// selectLinksDue finds the gateway orders whose payment link is due.
const selectLinksDue = `SELECT id FROM lapak_orders
	WHERE payment_method = 'gateway' AND status = 'pending_payment' AND payment_url = ''
	  AND (link_next_at IS NULL OR link_next_at <= ?)
	ORDER BY id`

// maxPaymentURL bounds the link we keep; Snap's are about 100 characters.
const maxPaymentURL = 2000

// ClaimPaymentLinks leases up to limit gateway orders that wait for their
// payment link and are due: each gets its next attempt number and is not
// due again for lease, so no other worker or instance asks the gateway for
// it meanwhile. A worker that crashes mid-call leaves the order due again
// once the lease ends, with a fresh attempt number.
func (s *Store) ClaimPaymentLinks(ctx context.Context, limit int, lease time.Duration) ([]lapak.PaymentLinkJob, error) {
	if limit <= 0 {
		return nil, nil
	}
	if lease <= 0 {
		return nil, errors.New("storage: claiming payment links: lease must be positive")
	}
	now := s.now()
	// The job is woken after every committed message: a plain read first,
	// so a shop with nothing due takes no write lock.
	var due []int64
	if err := s.db.SelectContext(ctx, &due, s.db.Rebind(selectLinksDue+` LIMIT 1`), now); err != nil {
		return nil, fmt.Errorf("storage: claiming payment links: %w", err)
	}
	if len(due) == 0 {
		return nil, nil
	}
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("storage: claiming payment links: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}
	var ids []int64
	if err := t.sel(ctx, &ids, selectLinksDue+` LIMIT ?`+s.skipLocked(), now, limit); err != nil {
		return nil, fmt.Errorf("storage: claiming payment links: %w", err)
	}
	jobs := make([]lapak.PaymentLinkJob, 0, len(ids))
	for _, id := range ids {
		var attempt int
		if err := t.get(ctx, &attempt, `UPDATE lapak_orders SET link_attempts = link_attempts + 1, link_next_at = ?
			WHERE id = ? RETURNING link_attempts`, now.Add(lease), id); err != nil {
			return nil, fmt.Errorf("storage: claiming payment link of order %d: %w", id, err)
		}
		o, err := loadOrder(ctx, dbtx, "id = ?", "", id)
		if err != nil {
			return nil, fmt.Errorf("storage: claiming payment link of order %d: %w", id, err)
		}
		jobs = append(jobs, lapak.PaymentLinkJob{Order: o, Attempt: attempt})
	}
	if err := dbtx.Commit(); err != nil {
		return nil, fmt.Errorf("storage: claiming payment links: %w", err)
	}
	return jobs, nil
}

// SavePaymentLink stores the payment page made for an order and, in the same
// transaction, queues notice (the link for the customer). It reports false
// and changes nothing when the order has a link already or no longer waits
// for payment (cancelled or expired while the gateway was asked).
func (s *Store) SavePaymentLink(ctx context.Context, orderID int64, url string, notice func(lapak.Order, lapak.Customer) []lapak.Envelope) (bool, error) {
	if url == "" || len(url) > maxPaymentURL {
		return false, fmt.Errorf("storage: payment link of order %d: must be 1 to %d characters", orderID, maxPaymentURL)
	}
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("storage: saving payment link: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: s.now()}
	o, err := loadOrder(ctx, dbtx, "id = ?", s.forUpdate(), orderID)
	if err != nil {
		return false, fmt.Errorf("storage: saving payment link of order %d: %w", orderID, err)
	}
	if o.PaymentURL != "" || o.Status != lapak.StatusPendingPayment {
		return false, nil
	}
	if _, err := t.exec(ctx, `UPDATE lapak_orders SET payment_url = ?, link_next_at = NULL, link_error = '' WHERE id = ?`,
		url, o.ID); err != nil {
		return false, fmt.Errorf("storage: saving payment link of order %s: %w", o.Number, err)
	}
	o.PaymentURL = url
	if notice != nil {
		cust, err := getCustomer(ctx, dbtx, "id = ?", "", o.CustomerID)
		if err != nil {
			return false, fmt.Errorf("storage: saving payment link of order %s: customer: %w", o.Number, err)
		}
		if err := t.enqueue(ctx, cust, notice(o, cust)); err != nil {
			return false, err
		}
	}
	if err := dbtx.Commit(); err != nil {
		return false, fmt.Errorf("storage: saving payment link of order %s: %w", o.Number, err)
	}
	return true, nil
}

// PaymentLinkFailed records a failed attempt: the order is due again at
// next. With a late notice, and once per order, it also queues that notice
// (the customer and the admins told the link is late), as long as the order
// still waits for payment.
func (s *Store) PaymentLinkFailed(ctx context.Context, orderID int64, next time.Time, reason string, late func(context.Context, lapak.AdminTx, lapak.Order, lapak.Customer) ([]lapak.Envelope, error)) error {
	now := s.now()
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: recording payment link failure: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}
	var told sql.NullTime
	err = t.get(ctx, &told, `SELECT link_late_told_at FROM lapak_orders WHERE id = ?`+s.forUpdate(), orderID)
	if errors.Is(err, sql.ErrNoRows) {
		err = lapak.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("storage: recording payment link failure of order %d: %w", orderID, err)
	}
	if _, err := t.exec(ctx, `UPDATE lapak_orders SET link_next_at = ?, link_error = ? WHERE id = ?`,
		next.UTC().Truncate(time.Microsecond), clip(reason, maxReason), orderID); err != nil {
		return fmt.Errorf("storage: recording payment link failure of order %d: %w", orderID, err)
	}
	if late != nil && !told.Valid {
		o, err := loadOrder(ctx, dbtx, "id = ?", "", orderID)
		if err != nil {
			return fmt.Errorf("storage: payment link of order %d: %w", orderID, err)
		}
		if o.Status == lapak.StatusPendingPayment && o.PaymentURL == "" {
			cust, err := getCustomer(ctx, dbtx, "id = ?", "", o.CustomerID)
			if err != nil {
				return fmt.Errorf("storage: payment link of order %s: customer: %w", o.Number, err)
			}
			if _, err := t.exec(ctx, `UPDATE lapak_orders SET link_late_told_at = ? WHERE id = ?`, now, o.ID); err != nil {
				return fmt.Errorf("storage: payment link of order %s: %w", o.Number, err)
			}
			notices, err := late(ctx, t, o, cust)
			if err != nil {
				return fmt.Errorf("storage: payment link of order %s: %w", o.Number, err)
			}
			if err := t.enqueue(ctx, cust, notices); err != nil {
				return err
			}
		}
	}
	if err := dbtx.Commit(); err != nil {
		return fmt.Errorf("storage: recording payment link failure of order %d: %w", orderID, err)
	}
	return nil
}

// PaymentRef is the gateway transaction id applied to an order ("" if none).
func (t *tx) PaymentRef(ctx context.Context, orderID int64) (string, error) {
	var ref string
	err := t.get(ctx, &ref, `SELECT gateway_ref FROM lapak_orders WHERE id = ?`, orderID)
	if errors.Is(err, sql.ErrNoRows) {
		err = lapak.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("storage: gateway payment of order %d: %w", orderID, err)
	}
	return ref, nil
}

// SetPaymentRef records the gateway transaction id applied to an order.
func (t *tx) SetPaymentRef(ctx context.Context, orderID int64, ref string) error {
	res, err := t.exec(ctx, `UPDATE lapak_orders SET gateway_ref = ? WHERE id = ?`, clip(ref, 200), orderID)
	if err != nil {
		return fmt.Errorf("storage: gateway payment of order %d: %w", orderID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: gateway payment of order %d: %w", orderID, lapak.ErrNotFound)
	}
	return nil
}

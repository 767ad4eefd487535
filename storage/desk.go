package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lapak-id/lapak"
)

// The seller's order desk: customers, order lists, shipments, stock and
// price, and the audit log.

func (t *tx) CustomerByID(ctx context.Context, id int64) (lapak.Customer, error) {
	c, err := getCustomer(ctx, t.tx, "id = ?", "", id)
	if err != nil {
		return lapak.Customer{}, fmt.Errorf("storage: customer %d: %w", id, err)
	}
	return c, nil
}

// ordersWhere lists orders with their items, newest first.
func (t *tx) ordersWhere(ctx context.Context, where string, limit int, args ...any) ([]lapak.Order, error) {
	q := selectOrders + " WHERE " + where + " ORDER BY created_at DESC, id DESC"
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	query, qargs, err := sqlx.In(q, args...)
	if err != nil {
		return nil, err
	}
	var rows []orderRow
	if err := t.sel(ctx, &rows, query, qargs...); err != nil {
		return nil, err
	}
	out := make([]lapak.Order, len(rows))
	for i, r := range rows {
		out[i] = r.order()
		if err := loadItems(ctx, t.tx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *tx) OrdersByStatus(ctx context.Context, statuses []lapak.OrderStatus, limit int) ([]lapak.Order, error) {
	if len(statuses) == 0 {
		return nil, nil
	}
	ss := make([]string, len(statuses))
	for i, s := range statuses {
		ss[i] = string(s)
	}
	out, err := t.ordersWhere(ctx, "status IN (?)", limit, ss)
	if err != nil {
		return nil, fmt.Errorf("storage: listing orders by status: %w", err)
	}
	return out, nil
}

func (t *tx) OrdersCreatedSince(ctx context.Context, since time.Time) ([]lapak.Order, error) {
	out, err := t.ordersWhere(ctx, "created_at >= ?", 0, since.UTC().Truncate(time.Microsecond))
	if err != nil {
		return nil, fmt.Errorf("storage: listing orders since %s: %w", since.Format(time.RFC3339), err)
	}
	return out, nil
}

func (t *tx) OpenTransfersWithTotal(ctx context.Context, total lapak.Money) ([]lapak.Order, error) {
	out, err := t.ordersWhere(ctx, "status = 'pending_payment' AND payment_method = 'transfer' AND total = ?", 0, int64(total))
	if err != nil {
		return nil, fmt.Errorf("storage: matching a transfer of %s: %w", total, err)
	}
	return out, nil
}

func (t *tx) OrderHistory(ctx context.Context, orderID int64) ([]lapak.OrderEvent, error) {
	var rows []struct {
		From string    `db:"from_status"`
		To   string    `db:"to_status"`
		At   time.Time `db:"at"`
	}
	if err := t.sel(ctx, &rows, `SELECT from_status, to_status, at FROM lapak_order_events
		WHERE order_id = ? ORDER BY id`, orderID); err != nil {
		return nil, fmt.Errorf("storage: order history: %w", err)
	}
	out := make([]lapak.OrderEvent, len(rows))
	for i, r := range rows {
		out[i] = lapak.OrderEvent{From: lapak.OrderStatus(r.From), To: lapak.OrderStatus(r.To), At: utc(r.At)}
	}
	return out, nil
}

func (t *tx) SetShipment(ctx context.Context, orderID int64, s lapak.Shipment) error {
	res, err := t.exec(ctx, `UPDATE lapak_orders SET courier = ?, tracking_number = ? WHERE id = ?`,
		clip(s.Courier, 64), clip(s.Tracking, 64), orderID)
	if err != nil {
		return fmt.Errorf("storage: order %d shipment: %w", orderID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: order %d: %w", orderID, lapak.ErrNotFound)
	}
	return nil
}

// variantForUpdate reads and locks a variant by SKU, ignoring case.
func (t *tx) variantForUpdate(ctx context.Context, sku string) (lapak.Variant, error) {
	var r variantRow
	err := t.get(ctx, &r, selectVariants+` WHERE UPPER(sku) = UPPER(?)`+t.s.forUpdate(), sku)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Variant{}, fmt.Errorf("storage: variant %s: %w", sku, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Variant{}, fmt.Errorf("storage: variant %s: %w", sku, err)
	}
	return r.variant(), nil
}

func (t *tx) SetStock(ctx context.Context, sku string, stock int) (lapak.Variant, error) {
	if stock < 0 || stock > lapak.MaxStock {
		return lapak.Variant{}, fmt.Errorf("storage: stock %d is outside 0..%d", stock, lapak.MaxStock)
	}
	v, err := t.variantForUpdate(ctx, sku)
	if err != nil {
		return lapak.Variant{}, err
	}
	if _, err := t.exec(ctx, `UPDATE lapak_variants SET stock = ? WHERE id = ?`, stock, v.ID); err != nil {
		return lapak.Variant{}, fmt.Errorf("storage: setting stock of %s: %w", v.SKU, err)
	}
	return v, nil
}

func (t *tx) SetPrice(ctx context.Context, sku string, price lapak.Money) (lapak.Variant, error) {
	if price < 0 || price > lapak.MaxMoney {
		return lapak.Variant{}, fmt.Errorf("storage: price %d is out of range", price)
	}
	v, err := t.variantForUpdate(ctx, sku)
	if err != nil {
		return lapak.Variant{}, err
	}
	if _, err := t.exec(ctx, `UPDATE lapak_variants SET price = ? WHERE id = ?`, int64(price), v.ID); err != nil {
		return lapak.Variant{}, fmt.Errorf("storage: setting price of %s: %w", v.SKU, err)
	}
	return v, nil
}

func (t *tx) Audit(ctx context.Context, e lapak.AuditEntry) error {
	at := e.At
	if at.IsZero() {
		at = t.now
	}
	if _, err := t.exec(ctx, `INSERT INTO lapak_audit_log (at, actor, command, target, before_value, after_value)
		VALUES (?, ?, ?, ?, ?, ?)`, at.UTC().Truncate(time.Microsecond), e.Actor.String(), e.Command,
		clip(e.Target, 200), clip(e.Before, 1000), clip(e.After, 1000)); err != nil {
		return fmt.Errorf("storage: writing audit log: %w", err)
	}
	return nil
}

// AuditLog reads the whole audit log, oldest first: for tests and exports.
func (s *Store) AuditLog(ctx context.Context) ([]lapak.AuditEntry, error) {
	var rows []struct {
		At      time.Time `db:"at"`
		Actor   string    `db:"actor"`
		Command string    `db:"command"`
		Target  string    `db:"target"`
		Before  string    `db:"before_value"`
		After   string    `db:"after_value"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT at, actor, command, target, before_value, after_value
		FROM lapak_audit_log ORDER BY id`); err != nil {
		return nil, fmt.Errorf("storage: reading audit log: %w", err)
	}
	out := make([]lapak.AuditEntry, len(rows))
	for i, r := range rows {
		ch, chat, _ := strings.Cut(r.Actor, ":")
		out[i] = lapak.AuditEntry{Actor: lapak.Identity{Channel: lapak.Channel(ch), ChatID: chat}, Command: r.Command,
			Target: r.Target, Before: r.Before, After: r.After, At: utc(r.At)}
	}
	return out, nil
}

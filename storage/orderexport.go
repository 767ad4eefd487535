package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lapak-id/lapak"
)

// orderPage is how many orders OrdersCreatedBetween reads per query.
const orderPage = 500

// exportOrderRow is an order with the customer fields an export needs.
type exportOrderRow struct {
	orderRow
	Channel      string `db:"channel"`
	ExternalID   string `db:"chat_id"`
	CustomerName string `db:"customer_name"`
}

const selectExportOrders = `SELECT o.id, o.number, o.customer_id, o.status, o.subtotal, o.discount, o.shipping_fee,
	o.unique_code, o.total, o.delivery, o.zone, o.address, o.recipient, o.phone, o.payment_method, o.note, o.referrer,
	o.created_at, o.updated_at, o.expires_at, o.payment_url, o.courier, o.tracking_number,
	c.channel, c.chat_id, c.name AS customer_name
	FROM lapak_orders o JOIN lapak_customers c ON c.id = o.customer_id
	WHERE o.created_at >= ? AND o.created_at < ? AND (o.created_at > ? OR o.created_at = ? AND o.id > ?)
	ORDER BY o.created_at, o.id
	LIMIT ?`

// OrdersCreatedBetween calls fn for every order created in [from, to),
// oldest first, with its items and its customer (id, channel, chat id,
// name). Orders are read a page at a time (keyset by creation time and
// id), so a big shop's history is never held in memory at once; fn may
// stop the walk by returning an error, which is returned as is.
func (s *Store) OrdersCreatedBetween(ctx context.Context, from, to time.Time, fn func(lapak.Order, lapak.Customer) error) error {
	from, to = from.UTC().Truncate(time.Microsecond), to.UTC().Truncate(time.Microsecond)
	query := s.db.Rebind(selectExportOrders)
	// The cursor starts just before from: any order at from passes.
	after, afterID := from.Add(-time.Microsecond), int64(0)
	for {
		var rows []exportOrderRow
		if err := s.db.SelectContext(ctx, &rows, query, from, to, after, after, afterID, orderPage); err != nil {
			return fmt.Errorf("storage: listing orders for export: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		orders := make([]lapak.Order, len(rows))
		ids := make([]int64, len(rows))
		for i, r := range rows {
			orders[i], ids[i] = r.order(), r.ID
		}
		if err := s.loadItemsOf(ctx, orders, ids); err != nil {
			return fmt.Errorf("storage: listing order items for export: %w", err)
		}
		for i, r := range rows {
			c := lapak.Customer{ID: r.CustomerID, Channel: lapak.Channel(r.Channel), ExternalID: r.ExternalID, Name: r.CustomerName}
			if err := fn(orders[i], c); err != nil {
				return err
			}
		}
		last := rows[len(rows)-1]
		after, afterID = last.CreatedAt, last.ID
		if len(rows) < orderPage {
			return nil
		}
	}
}

// loadItemsOf fills the items of a page of orders in one query.
func (s *Store) loadItemsOf(ctx context.Context, orders []lapak.Order, ids []int64) error {
	q, args, err := sqlx.In(`SELECT order_id, variant_id, sku, product_name, variant_name, unit_price, qty
		FROM lapak_order_items WHERE order_id IN (?) ORDER BY order_id, id`, ids)
	if err != nil {
		return err
	}
	var items []struct {
		OrderID int64 `db:"order_id"`
		orderItemRow
	}
	if err := s.db.SelectContext(ctx, &items, s.db.Rebind(q), args...); err != nil {
		return err
	}
	at := make(map[int64]int, len(orders))
	for i, o := range orders {
		at[o.ID] = i
	}
	for _, it := range items {
		o := &orders[at[it.OrderID]]
		o.Items = append(o.Items, lapak.OrderItem{VariantID: it.VariantID.Int64, SKU: it.SKU, ProductName: it.ProductName,
			VariantName: it.VariantName, UnitPrice: lapak.Money(it.UnitPrice), Qty: it.Qty})
	}
	return nil
}

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

// The dashboard's customers pages: a page of customers with their orders
// counted, and one customer's history (reads only).

const dashCustomersWhere = ` WHERE (? = '' OR LOWER(name) LIKE ? ESCAPE '\' OR LOWER(chat_name) LIKE ? ESCAPE '\'
	OR phone LIKE ? ESCAPE '\' OR phone LIKE ? ESCAPE '\' OR chat_id LIKE ? ESCAPE '\')`

// DashCustomers is a page of customers, the latest active first, each with
// their orders counted and their last order's time, and how many match.
func (s *Store) DashCustomers(ctx context.Context, q lapak.CustomerQuery) ([]lapak.CustomerSummary, int, error) {
	q.Limit = min(max(q.Limit, 1), 200)
	q.Offset = max(q.Offset, 0)
	search := strings.TrimSpace(q.Search)
	like := likePattern(search)
	phone := like
	if digits := phoneDigits(search); digits != "" {
		phone = likePattern(digits) // "0812 345" finds 62812345…, as the orders search does
	}
	args := []any{search, like, like, like, phone, like}
	var total int
	if err := s.db.GetContext(ctx, &total, s.db.Rebind(`SELECT COUNT(*) FROM lapak_customers`+dashCustomersWhere), args...); err != nil {
		return nil, 0, fmt.Errorf("storage: counting customers: %w", err)
	}
	var rows []customerRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(selectCustomers+dashCustomersWhere+
		` ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`), append(args, q.Limit, q.Offset)...); err != nil {
		return nil, 0, fmt.Errorf("storage: listing customers: %w", err)
	}
	out := make([]lapak.CustomerSummary, len(rows))
	if len(rows) == 0 {
		return out, total, nil
	}
	ids := make([]int64, len(rows))
	index := make(map[int64]int, len(rows))
	for i, r := range rows {
		out[i].Customer = r.customer()
		ids[i] = r.ID
		index[r.ID] = i
	}
	query, qargs, err := sqlx.In(`SELECT customer_id, COUNT(*) AS n, MAX(id) AS last FROM lapak_orders
		WHERE customer_id IN (?) GROUP BY customer_id`, ids)
	if err != nil {
		return nil, 0, err
	}
	var counts []struct {
		CustomerID int64 `db:"customer_id"`
		N          int   `db:"n"`
		Last       int64 `db:"last"`
	}
	if err := s.db.SelectContext(ctx, &counts, s.db.Rebind(query), qargs...); err != nil {
		return nil, 0, fmt.Errorf("storage: counting customers' orders: %w", err)
	}
	if len(counts) == 0 {
		return out, total, nil
	}
	last := make([]int64, len(counts))
	for i, c := range counts {
		out[index[c.CustomerID]].Orders = c.N
		last[i] = c.Last
	}
	query, qargs, err = sqlx.In(`SELECT customer_id, created_at FROM lapak_orders WHERE id IN (?)`, last)
	if err != nil {
		return nil, 0, err
	}
	var lasts []struct {
		CustomerID int64     `db:"customer_id"`
		CreatedAt  time.Time `db:"created_at"`
	}
	if err := s.db.SelectContext(ctx, &lasts, s.db.Rebind(query), qargs...); err != nil {
		return nil, 0, fmt.Errorf("storage: customers' last orders: %w", err)
	}
	for _, l := range lasts {
		out[index[l.CustomerID]].LastOrder = utc(l.CreatedAt)
	}
	return out, total, nil
}

// DashCustomer is one customer by id with their orders (the newest 100),
// saved addresses, consent record and reseller; lapak.ErrNotFound when
// there is none.
func (s *Store) DashCustomer(ctx context.Context, id int64) (lapak.CustomerDetail, error) {
	fail := func(what string, err error) (lapak.CustomerDetail, error) {
		return lapak.CustomerDetail{}, fmt.Errorf("storage: customer %d: %s: %w", id, what, err)
	}
	var d lapak.CustomerDetail
	c, err := getCustomer(ctx, s.db, "id = ?", "", id)
	if err != nil {
		return fail("reading", err)
	}
	d.Customer = c
	if err := s.db.GetContext(ctx, &d.OrderCount, s.db.Rebind(`SELECT COUNT(*) FROM lapak_orders WHERE customer_id = ?`), id); err != nil {
		return fail("counting orders", err)
	}
	var orders []struct {
		Number    string    `db:"number"`
		Status    string    `db:"status"`
		Total     int64     `db:"total"`
		CreatedAt time.Time `db:"created_at"`
	}
	if err := s.db.SelectContext(ctx, &orders, s.db.Rebind(`SELECT number, status, total, created_at FROM lapak_orders
		WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT 100`), id); err != nil {
		return fail("orders", err)
	}
	for _, o := range orders {
		d.Orders = append(d.Orders, lapak.CustomerOrder{Number: o.Number, Status: lapak.OrderStatus(o.Status),
			Total: lapak.Money(o.Total), CreatedAt: utc(o.CreatedAt)})
	}
	var addrs []struct {
		Text     string    `db:"text"`
		Zone     string    `db:"zone"`
		LastUsed time.Time `db:"last_used_at"`
	}
	if err := s.db.SelectContext(ctx, &addrs, s.db.Rebind(`SELECT text, zone, last_used_at FROM lapak_addresses
		WHERE customer_id = ? ORDER BY last_used_at DESC, id DESC LIMIT 20`), id); err != nil {
		return fail("addresses", err)
	}
	for _, a := range addrs {
		d.Addresses = append(d.Addresses, lapak.SavedAddress{Text: a.Text, Zone: a.Zone, LastUsed: utc(a.LastUsed)})
	}
	var consent []struct {
		OptedOut bool      `db:"opted_out"`
		Channel  string    `db:"channel"`
		Text     string    `db:"message_text"`
		At       time.Time `db:"at"`
	}
	if err := s.db.SelectContext(ctx, &consent, s.db.Rebind(`SELECT opted_out, channel, message_text, at FROM lapak_consent
		WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT 20`), id); err != nil {
		return fail("consent", err)
	}
	for _, e := range consent {
		d.Consent = append(d.Consent, lapak.ConsentEvent{OptedOut: e.OptedOut, Channel: lapak.Channel(e.Channel), Text: e.Text, At: utc(e.At)})
	}
	var a struct {
		ResellerID int64     `db:"reseller_id"`
		Name       string    `db:"name"`
		Code       string    `db:"code"`
		Source     string    `db:"source"`
		At         time.Time `db:"attributed_at"`
	}
	err = s.db.GetContext(ctx, &a, s.db.Rebind(`SELECT a.reseller_id, r.name, r.code, a.source, a.attributed_at
		FROM lapak_attributions a JOIN lapak_resellers r ON r.id = a.reseller_id WHERE a.customer_id = ?`), id)
	switch {
	case err == nil:
		d.Attribution = &lapak.CustomerAttribution{ResellerID: a.ResellerID, ResellerName: a.Name, Code: a.Code, Source: a.Source, At: utc(a.At)}
	case !errors.Is(err, sql.ErrNoRows):
		return fail("reseller", err)
	}
	return d, nil
}

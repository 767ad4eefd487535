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

// The dashboard's orders pages and its today page (issue 14): reads only;
// every change goes through the shop's operations.
//
// The list is paged by keyset on (created_at, id), newest first, with the
// indexes of migration 0033: a page deep in 100,000 orders costs what the
// first one does, where OFFSET would read and throw away every order
// before it. The conditions are fixed fragments with placeholders, joined
// by AND; nothing the seller typed becomes SQL.

// OrderPageSize is how many orders a page of the list shows.
const OrderPageSize = 25

// maxQuery bounds a search's text.
const maxQuery = 100

// maxSearchCustomers is how many customers a search lists by id; more
// are matched inside the orders' scan (see condNameAll).
const maxSearchCustomers = 300

const selectOrderLines = `SELECT o.id, o.number, o.created_at, o.customer_id, c.name AS customer_name, c.chat_name,
	o.recipient, o.phone, o.total, o.status, o.payment_method, c.channel,
	(SELECT COUNT(*) FROM lapak_order_proofs p WHERE p.order_id = o.id) AS proofs
	FROM lapak_orders o JOIN lapak_customers c ON c.id = o.customer_id`

type orderLineRow struct {
	ID            int64     `db:"id"`
	Number        string    `db:"number"`
	CreatedAt     time.Time `db:"created_at"`
	CustomerID    int64     `db:"customer_id"`
	CustomerName  string    `db:"customer_name"`
	ChatName      string    `db:"chat_name"`
	Recipient     string    `db:"recipient"`
	Phone         string    `db:"phone"`
	Total         int64     `db:"total"`
	Status        string    `db:"status"`
	PaymentMethod string    `db:"payment_method"`
	Channel       string    `db:"channel"`
	Proofs        int       `db:"proofs"`
}

func (r orderLineRow) line() lapak.OrderLine {
	name := r.CustomerName
	if name == "" {
		name = r.ChatName
	}
	return lapak.OrderLine{ID: r.ID, Number: r.Number, CreatedAt: utc(r.CreatedAt), CustomerID: r.CustomerID,
		CustomerName: name, Recipient: r.Recipient, Phone: r.Phone, Total: lapak.Money(r.Total),
		Status: lapak.OrderStatus(r.Status), PaymentMethod: lapak.PaymentMethod(r.PaymentMethod),
		Channel: lapak.Channel(r.Channel), Proofs: r.Proofs}
}

// The list's condition fragments.
const (
	condStatus   = `o.status = ?`
	condFrom     = `o.created_at >= ?`
	condTo       = `o.created_at < ?`
	condPayment  = `o.payment_method = ?`
	condChannel  = `c.channel = ?`
	condReseller = `o.reseller_id IN (SELECT r.id FROM lapak_resellers r WHERE UPPER(r.code) = UPPER(?))`
	condNumber   = `o.number = ?`
	// A name or a phone number is looked up among the customers (20,000
	// rows, not 100,000 orders). A few hundred of them: their orders, by
	// the customer index. More (a common name): the OR keeps the scan
	// newest first, stopping at a page of matches (PostgreSQL would
	// otherwise join every match's orders and sort them all).
	selName = `SELECT id FROM lapak_customers WHERE LOWER(name) LIKE ? ESCAPE '!' OR LOWER(chat_name) LIKE ? ESCAPE '!' LIMIT ?`
	// On PostgreSQL LOWER in the "C" collation: ASCII only, as SQLite's
	// LOWER is, and a third of the cost of the locale's over 20,000 names.
	selNamePG = `SELECT id FROM lapak_customers WHERE LOWER(name COLLATE "C") LIKE ? ESCAPE '!'
		OR LOWER(chat_name COLLATE "C") LIKE ? ESCAPE '!' LIMIT ?`
	selPhone    = `SELECT id FROM lapak_customers WHERE phone LIKE ? LIMIT ?`
	condIDs     = `o.customer_id IN (?)`
	condNameAll = `(o.number = ? OR o.customer_id IN (SELECT n.id FROM lapak_customers n
		WHERE LOWER(n.name) LIKE ? ESCAPE '!' OR LOWER(n.chat_name) LIKE ? ESCAPE '!'))`
	condNameAllPG = `(o.number = ? OR o.customer_id IN (SELECT n.id FROM lapak_customers n
		WHERE LOWER(n.name COLLATE "C") LIKE ? ESCAPE '!' OR LOWER(n.chat_name COLLATE "C") LIKE ? ESCAPE '!'))`
	condPhoneAll = `(o.number = ? OR o.customer_id IN (SELECT n.id FROM lapak_customers n WHERE n.phone LIKE ?))`
	condNone     = `1 = 0`
	// created_at <= ? bounds the index scan; the OR picks the exact place.
	condOlder = `o.created_at <= ? AND (o.created_at < ? OR o.id < ?)`
	condNewer = `o.created_at >= ? AND (o.created_at > ? OR o.id > ?)`
)

// orderWhere is f as conditions and their arguments. A search that is
// an order's number finds that order; any other search looks for the
// customers whose name or phone number has it.
func (s *Store) orderWhere(ctx context.Context, f lapak.OrderFilter) (conds []string, args []any, err error) {
	add := func(c string, a ...any) { conds, args = append(conds, c), append(args, a...) }
	if f.Status != "" {
		add(condStatus, string(f.Status))
	}
	if !f.From.IsZero() {
		add(condFrom, f.From.UTC().Truncate(time.Microsecond))
	}
	if !f.To.IsZero() {
		add(condTo, f.To.UTC().Truncate(time.Microsecond))
	}
	if f.Payment != "" {
		add(condPayment, string(f.Payment))
	}
	if f.Channel != "" {
		add(condChannel, string(f.Channel))
	}
	if r := strings.TrimSpace(f.Reseller); r != "" {
		add(condReseller, clip(r, 64))
	}
	q := strings.TrimSpace(f.Query)
	if q == "" {
		return conds, args, nil
	}
	q = clip(q, maxQuery)
	if num := OrderNumberOf(q); num != "" {
		var n int
		if err := s.db.GetContext(ctx, &n, s.db.Rebind(`SELECT COUNT(*) FROM lapak_orders WHERE number = ?`), num); err != nil {
			return nil, nil, fmt.Errorf("storage: finding order %s: %w", num, err)
		}
		if n > 0 {
			add(condNumber, num)
			return conds, args, nil
		}
	}
	var ids []int64
	var all string
	var allArgs []any
	if digits := phoneDigits(q); digits != "" {
		like := "%" + digits + "%"
		err = s.db.SelectContext(ctx, &ids, s.db.Rebind(selPhone), like, maxSearchCustomers+1)
		all, allArgs = condPhoneAll, []any{strings.ToUpper(q), like}
	} else {
		like := "%" + likeEscape(asciiLower(q)) + "%"
		sel, cond := selName, condNameAll
		if s.dialect == Postgres {
			sel, cond = selNamePG, condNameAllPG
		}
		err = s.db.SelectContext(ctx, &ids, s.db.Rebind(sel), like, like, maxSearchCustomers+1)
		all, allArgs = cond, []any{strings.ToUpper(q), like, like}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("storage: searching customers: %w", err)
	}
	switch {
	case len(ids) == 0:
		add(condNone)
	case len(ids) <= maxSearchCustomers:
		in, inArgs, err := sqlx.In(condIDs, ids)
		if err != nil {
			return nil, nil, err
		}
		add(in, inArgs...)
	default:
		add(all, allArgs...)
	}
	return conds, args, nil
}

// OrderNumberOf reads what a seller typed as an order number ("k7m-4qp",
// "K7M4QP"); "" when it cannot be one.
func OrderNumberOf(q string) string {
	q = strings.ToUpper(strings.TrimSpace(q))
	if len(q) == 6 && !strings.Contains(q, "-") {
		q = q[:3] + "-" + q[3:]
	}
	if len(q) < 3 || len(q) > 40 {
		return ""
	}
	for _, r := range q {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return ""
		}
	}
	return q
}

// asciiLower lowers A–Z only, as the name search's LOWER does on both
// databases: other letters match in the case they were typed.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// phoneDigits is a search that is a phone number (at least 4 digits and
// nothing but digits, spaces, "+", "-") as stored: 62… for 08…; "" otherwise.
func phoneDigits(q string) string {
	var b strings.Builder
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '+' || r == '-':
		default:
			return ""
		}
	}
	d := b.String()
	if len(d) < 4 {
		return ""
	}
	if strings.HasPrefix(d, "0") {
		d = "62" + d[1:]
	}
	return d
}

// DashboardOrders is one page of the orders f selects, newest first:
// before a cursor (older), after one (newer), or the newest page when
// both are zero.
func (s *Store) DashboardOrders(ctx context.Context, f lapak.OrderFilter, before, after lapak.OrderCursor) (lapak.OrderPage, error) {
	conds, args, err := s.orderWhere(ctx, f)
	if err != nil {
		return lapak.OrderPage{}, err
	}
	order := ` ORDER BY o.created_at DESC, o.id DESC`
	newer := !after.Zero() && before.Zero()
	switch {
	case newer:
		conds, args = append(conds, condNewer), append(args, after.At.UTC(), after.At.UTC(), after.ID)
		order = ` ORDER BY o.created_at, o.id`
	case !before.Zero():
		conds, args = append(conds, condOlder), append(args, before.At.UTC(), before.At.UTC(), before.ID)
	}
	q := selectOrderLines
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	var rows []orderLineRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(q+order+` LIMIT ?`), append(args, OrderPageSize+1)...); err != nil {
		return lapak.OrderPage{}, fmt.Errorf("storage: listing orders: %w", err)
	}
	more := len(rows) > OrderPageSize
	if more {
		rows = rows[:OrderPageSize]
	}
	if newer {
		for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
			rows[i], rows[j] = rows[j], rows[i]
		}
	}
	var p lapak.OrderPage
	p.Lines = make([]lapak.OrderLine, len(rows))
	for i, r := range rows {
		p.Lines[i] = r.line()
	}
	if len(p.Lines) == 0 {
		return p, nil
	}
	first, last := p.Lines[0], p.Lines[len(p.Lines)-1]
	if newer {
		if more {
			p.Newer = lapak.OrderCursor{At: first.CreatedAt, ID: first.ID}
		}
		p.Older = lapak.OrderCursor{At: last.CreatedAt, ID: last.ID}
	} else {
		if more {
			p.Older = lapak.OrderCursor{At: last.CreatedAt, ID: last.ID}
		}
		if !before.Zero() {
			p.Newer = lapak.OrderCursor{At: first.CreatedAt, ID: first.ID}
		}
	}
	return p, nil
}

// exportPage is how many orders DashboardOrdersEach reads per query.
const exportPage = 500

// DashboardOrdersEach calls fn for up to limit orders f selects, newest
// first, each with its items and its customer, a page at a time (keyset):
// the export of the filtered list, never held in memory at once. fn may
// stop the walk by returning an error, which is returned as is.
func (s *Store) DashboardOrdersEach(ctx context.Context, f lapak.OrderFilter, limit int, fn func(lapak.Order, lapak.Customer) error) error {
	conds, args, err := s.orderWhere(ctx, f)
	if err != nil {
		return err
	}
	q := `SELECT o.id, o.number, o.customer_id, o.status, o.subtotal, o.discount, o.shipping_fee,
		o.unique_code, o.total, o.delivery, o.zone, o.address, o.recipient, o.phone, o.payment_method, o.note, o.referrer,
		o.created_at, o.updated_at, o.expires_at, o.payment_url, o.courier, o.tracking_number,
		c.channel, c.chat_id, c.name AS customer_name
		FROM lapak_orders o JOIN lapak_customers c ON c.id = o.customer_id`
	var cur lapak.OrderCursor
	for done := 0; done < limit; {
		cs, as := conds, args
		if !cur.Zero() {
			cs, as = append(append([]string(nil), conds...), condOlder), append(append([]any(nil), args...), cur.At, cur.At, cur.ID)
		}
		query := q
		if len(cs) > 0 {
			query += " WHERE " + strings.Join(cs, " AND ")
		}
		n := min(exportPage, limit-done)
		var rows []exportOrderRow
		if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(query+` ORDER BY o.created_at DESC, o.id DESC LIMIT ?`), append(as, n)...); err != nil {
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
		done += len(rows)
		last := rows[len(rows)-1]
		cur = lapak.OrderCursor{At: utc(last.CreatedAt), ID: last.ID}
		if len(rows) < n {
			return nil
		}
	}
	return nil
}

// DashboardOrder reads order number with its customer, history, proofs,
// audit entries and reseller (lapak.ErrNotFound if there is none).
func (s *Store) DashboardOrder(ctx context.Context, number string) (lapak.OrderFile, error) {
	var f lapak.OrderFile
	o, err := loadOrder(ctx, s.db, "number = ?", "", number)
	if err != nil {
		return f, fmt.Errorf("storage: order %s: %w", number, err)
	}
	f.Order = o
	if f.Customer, err = getCustomer(ctx, s.db, "id = ?", "", o.CustomerID); err != nil {
		return f, fmt.Errorf("storage: customer of order %s: %w", number, err)
	}
	var events []struct {
		From string    `db:"from_status"`
		To   string    `db:"to_status"`
		At   time.Time `db:"at"`
	}
	if err := s.db.SelectContext(ctx, &events, s.db.Rebind(`SELECT from_status, to_status, at FROM lapak_order_events
		WHERE order_id = ? ORDER BY id LIMIT 200`), o.ID); err != nil {
		return f, fmt.Errorf("storage: history of order %s: %w", number, err)
	}
	for _, e := range events {
		f.History = append(f.History, lapak.OrderEvent{From: lapak.OrderStatus(e.From), To: lapak.OrderStatus(e.To), At: utc(e.At)})
	}
	var proofs []struct {
		ID         int64     `db:"id"`
		Channel    string    `db:"channel"`
		Ref        string    `db:"ref"`
		MIME       string    `db:"mime"`
		ReceivedAt time.Time `db:"received_at"`
	}
	if err := s.db.SelectContext(ctx, &proofs, s.db.Rebind(`SELECT id, channel, ref, mime, received_at FROM lapak_order_proofs
		WHERE order_id = ? ORDER BY id LIMIT 50`), o.ID); err != nil {
		return f, fmt.Errorf("storage: proofs of order %s: %w", number, err)
	}
	for _, p := range proofs {
		f.Proofs = append(f.Proofs, lapak.Proof{ID: p.ID, OrderID: o.ID, Channel: lapak.Channel(p.Channel), Ref: p.Ref,
			MIME: p.MIME, ReceivedAt: utc(p.ReceivedAt)})
	}
	if f.Audit, err = s.orderAudit(ctx, o.Number, 200); err != nil {
		return f, err
	}
	if o.Reseller.ID != 0 {
		err := s.db.GetContext(ctx, &f.ResellerName, s.db.Rebind(`SELECT name FROM lapak_resellers WHERE id = ?`), o.Reseller.ID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return f, fmt.Errorf("storage: reseller of order %s: %w", number, err)
		}
	}
	return f, nil
}

type auditRow struct {
	At      time.Time `db:"at"`
	Actor   string    `db:"actor"`
	Command string    `db:"command"`
	Target  string    `db:"target"`
	Before  string    `db:"before_value"`
	After   string    `db:"after_value"`
}

func (r auditRow) entry() lapak.AuditEntry {
	ch, chat, _ := strings.Cut(r.Actor, ":")
	return lapak.AuditEntry{Actor: lapak.Identity{Channel: lapak.Channel(ch), ChatID: chat}, Command: r.Command,
		Target: r.Target, Before: r.Before, After: r.After, At: utc(r.At)}
}

// orderAudit is the latest limit audit entries about order number, oldest first.
func (s *Store) orderAudit(ctx context.Context, number string, limit int) ([]lapak.AuditEntry, error) {
	var rows []auditRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT at, actor, command, target, before_value, after_value
		FROM lapak_audit_log WHERE target = ? ORDER BY id DESC LIMIT ?`), number, limit); err != nil {
		return nil, fmt.Errorf("storage: audit log of order %s: %w", number, err)
	}
	out := make([]lapak.AuditEntry, len(rows))
	for i, r := range rows {
		out[len(rows)-1-i] = r.entry()
	}
	return out, nil
}

// LastOrderAudit is the latest audit entry about order number: who changed
// it last, and when (lapak.ErrNotFound when nobody did).
func (s *Store) LastOrderAudit(ctx context.Context, number string) (lapak.AuditEntry, error) {
	es, err := s.orderAudit(ctx, number, 1)
	if err != nil {
		return lapak.AuditEntry{}, err
	}
	if len(es) == 0 {
		return lapak.AuditEntry{}, fmt.Errorf("storage: audit log of order %s: %w", number, lapak.ErrNotFound)
	}
	return es[0], nil
}

// todayList is how many orders each list of the today page shows.
const todayList = 10

// TodayWork is what needs the seller now: see lapak.TodayWork. dayStart
// and dayEnd are the shop's today as instants; lowStock is the threshold
// (0 or less: no low-stock list).
func (s *Store) TodayWork(ctx context.Context, now, dayStart, dayEnd time.Time, lowStock int) (lapak.TodayWork, error) {
	var w lapak.TodayWork
	var err error
	const withProof = `o.status = 'pending_payment' AND EXISTS (SELECT 1 FROM lapak_order_proofs p WHERE p.order_id = o.id)`
	if w.ToCheck, w.ToCheckCount, err = s.todayOrders(ctx, withProof); err != nil {
		return w, err
	}
	if w.ToProcess, w.ProcessCount, err = s.todayOrders(ctx, `o.status = 'paid'`); err != nil {
		return w, err
	}
	if w.ToShip, w.ShipCount, err = s.todayOrders(ctx, `o.status = 'processing'`); err != nil {
		return w, err
	}
	now = now.UTC().Truncate(time.Microsecond)
	var chats []struct {
		ID         int64        `db:"id"`
		Name       string       `db:"name"`
		ChatName   string       `db:"chat_name"`
		Channel    string       `db:"channel"`
		NeedsHuman bool         `db:"needs_human"`
		Until      sql.NullTime `db:"takeover_until"`
		By         string       `db:"takeover_by"`
		UpdatedAt  time.Time    `db:"updated_at"`
	}
	if err := s.db.SelectContext(ctx, &chats, s.db.Rebind(`SELECT id, name, chat_name, channel, needs_human, takeover_until,
		takeover_by, updated_at FROM lapak_customers WHERE id IN (SELECT id FROM lapak_customers WHERE needs_human
		UNION SELECT id FROM lapak_customers WHERE takeover_until > ?)
		ORDER BY updated_at DESC, id DESC LIMIT 20`), now); err != nil {
		return w, fmt.Errorf("storage: chats waiting for a person: %w", err)
	}
	for _, c := range chats {
		name := c.Name
		if name == "" {
			name = c.ChatName
		}
		wc := lapak.WaitingChat{CustomerID: c.ID, Name: name, Channel: lapak.Channel(c.Channel), NeedsHuman: c.NeedsHuman,
			UpdatedAt: utc(c.UpdatedAt)}
		if c.Until.Valid && c.Until.Time.After(now) {
			wc.TakenUntil, wc.TakenBy = utcPtr(c.Until), c.By
		}
		w.Chats = append(w.Chats, wc)
	}
	if lowStock > 0 {
		var low []struct {
			ProductID int64  `db:"product_id"`
			SKU       string `db:"sku"`
			Product   string `db:"product_name"`
			Variant   string `db:"variant_name"`
			Stock     int    `db:"stock"`
		}
		if err := s.db.SelectContext(ctx, &low, s.db.Rebind(`SELECT v.product_id, v.sku, p.name AS product_name,
			v.name AS variant_name, v.stock FROM lapak_variants v JOIN lapak_products p ON p.id = v.product_id
			WHERE v.stock IS NOT NULL AND v.stock <= ? ORDER BY v.stock, v.sku LIMIT 20`), lowStock); err != nil {
			return w, fmt.Errorf("storage: low stock: %w", err)
		}
		for _, v := range low {
			w.LowStock = append(w.LowStock, lapak.LowVariant{ProductID: v.ProductID, SKU: v.SKU,
				Title: lapak.ItemTitle(v.Product, v.Variant), Stock: v.Stock})
		}
	}
	var promos []struct {
		ID     int64     `db:"id"`
		Body   string    `db:"body"`
		SendAt time.Time `db:"send_at"`
		Status string    `db:"status"`
	}
	if err := s.db.SelectContext(ctx, &promos, s.db.Rebind(`SELECT id, body, send_at, status FROM lapak_broadcasts
		WHERE status = 'active' ORDER BY send_at, id LIMIT 5`)); err != nil {
		return w, fmt.Errorf("storage: running promos: %w", err)
	}
	for _, p := range promos {
		w.Promos = append(w.Promos, lapak.RunningPromo{ID: p.ID, Body: p.Body, SendAt: utc(p.SendAt), Status: lapak.BroadcastStatus(p.Status)})
	}
	var sales struct {
		N     int   `db:"n"`
		Total int64 `db:"total"`
	}
	if err := s.db.GetContext(ctx, &sales, s.db.Rebind(`SELECT COUNT(*) AS n, COALESCE(SUM(o.total), 0) AS total
		FROM lapak_orders o WHERE o.status NOT IN ('cancelled', 'expired', 'refunded')
		AND o.id IN (SELECT e.order_id FROM lapak_order_events e WHERE e.to_status = 'paid' AND e.at >= ? AND e.at < ?)`),
		dayStart.UTC().Truncate(time.Microsecond), dayEnd.UTC().Truncate(time.Microsecond)); err != nil {
		return w, fmt.Errorf("storage: today's sales: %w", err)
	}
	w.SalesCount, w.SalesTotal = sales.N, lapak.Money(sales.Total)
	return w, nil
}

// todayOrders is the newest orders matching cond (a constant) and how many there are.
func (s *Store) todayOrders(ctx context.Context, cond string) ([]lapak.OrderLine, int, error) {
	var rows []orderLineRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(selectOrderLines+` WHERE `+cond+
		` ORDER BY o.created_at DESC, o.id DESC LIMIT ?`), todayList); err != nil {
		return nil, 0, fmt.Errorf("storage: today's orders: %w", err)
	}
	n := len(rows)
	if n == todayList {
		if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM lapak_orders o WHERE `+cond); err != nil {
			return nil, 0, fmt.Errorf("storage: counting today's orders: %w", err)
		}
	}
	out := make([]lapak.OrderLine, len(rows))
	for i, r := range rows {
		out[i] = r.line()
	}
	return out, n, nil
}

// LatestProofs is the newest proof of each of orders (by order id), in
// one query.
func (s *Store) LatestProofs(ctx context.Context, orderIDs []int64) (map[int64]lapak.Proof, error) {
	out := map[int64]lapak.Proof{}
	if len(orderIDs) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT id, order_id, channel, ref, mime, received_at FROM lapak_order_proofs
		WHERE id IN (SELECT MAX(id) FROM lapak_order_proofs WHERE order_id IN (?) GROUP BY order_id)`, orderIDs)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID         int64     `db:"id"`
		OrderID    int64     `db:"order_id"`
		Channel    string    `db:"channel"`
		Ref        string    `db:"ref"`
		MIME       string    `db:"mime"`
		ReceivedAt time.Time `db:"received_at"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("storage: latest proofs: %w", err)
	}
	for _, p := range rows {
		out[p.OrderID] = lapak.Proof{ID: p.ID, OrderID: p.OrderID, Channel: lapak.Channel(p.Channel), Ref: p.Ref, MIME: p.MIME,
			ReceivedAt: utc(p.ReceivedAt)}
	}
	return out, nil
}

// DashboardImage reports whether ref is a picture the dashboard may show:
// an order's payment proof or a product's photo.
func (s *Store) DashboardImage(ctx context.Context, ref string) (bool, error) {
	if ref == "" || len(ref) > maxProofRef+100 {
		return false, nil
	}
	var n int
	if err := s.db.GetContext(ctx, &n, s.db.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM lapak_products WHERE image = ? LIMIT 1) x`), ref); err != nil {
		return false, fmt.Errorf("storage: checking a picture: %w", err)
	}
	if n > 0 {
		return true, nil
	}
	ch, chRef, ok := lapak.ParseMediaRef(ref)
	if !ok {
		return false, nil
	}
	if err := s.db.GetContext(ctx, &n, s.db.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM lapak_order_proofs
		WHERE channel = ? AND ref = ? LIMIT 1) x`), string(ch), chRef); err != nil {
		return false, fmt.Errorf("storage: checking a picture: %w", err)
	}
	return n > 0, nil
}

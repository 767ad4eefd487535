package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lapak-id/lapak"
)

// The dashboard's reports (migration 0034). A report over a year must not
// scan a year of orders per chart, so the days before today are summed
// once into lapak_report_days and read from there; today is always summed
// live from the orders.
//
// Why the summary stays exact: every write that changes what a report
// counts — placing an order (PlaceOrder), any status change or payment
// (transition, the one place an order's status is written) and a
// commission entry (AddCommission) — inserts the order's id into
// lapak_report_dirty in the same transaction. The next report, under the
// lock of lapak_report_state's row, reads the dirty rows it can see,
// deletes the summary of the days those orders are dated on (the day they
// were made and the day they were paid: both fixed once set), deletes
// exactly those dirty rows, and sums any day of its range that has no
// summary from the orders again. A change not yet committed when the
// report reads leaves its dirty row behind for the next report, so no
// change is ever lost; an order from last week cancelled today marks last
// week's day. Whether an order is a repeat order (its customer paid for an
// earlier one) depends on the customer's other orders: when an order
// starts or stops counting, the same transaction also marks the
// customer's paid orders dated after it (reportDirtyAfter). The message hot path pays one small INSERT per order change.
// Whole months are rolled up from their days into lapak_report_months
// (dropped with any of their days), so a year reads about 12 × the
// labels' rows rather than 365 ×. The summary's days are in one time zone
// (lapak_report_state.zone): a report in another one (the configuration
// changed) starts it again.

// reportDirty marks an order's days for the reports' summary, in the
// transaction that changes the order.
func (t *tx) reportDirty(ctx context.Context, orderID int64) error {
	if _, err := t.exec(ctx, `INSERT INTO lapak_report_dirty (order_id) VALUES (?)`, orderID); err != nil {
		return fmt.Errorf("storage: marking order %d for the reports: %w", orderID, err)
	}
	return nil
}

const reportDayLayout = "2006-01-02"

// reportDB is a database or a transaction.
type reportDB interface {
	sqlx.QueryerContext
	Rebind(string) string
}

// paidStatuses is lapak.PaidStatuses as an SQL list, made from the
// constants (never from input), so the two cannot drift apart.
var paidStatuses = func() string {
	q := make([]string, len(lapak.PaidStatuses))
	for i, st := range lapak.PaidStatuses {
		q[i] = "'" + string(st) + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}()

// soldIn is the condition "the order is dated in [?, ?)" (the two bounds
// twice): by its payment time, else by when it was made.
const soldIn = `((o.paid_at >= ? AND o.paid_at < ?) OR (o.paid_at IS NULL AND o.created_at >= ? AND o.created_at < ?))`

// reportRow is one summary row: a day's figures of a kind under a label.
type reportRow struct {
	Day    string `db:"day"`
	Kind   string `db:"kind"`
	Label  string `db:"label"`
	Orders int64  `db:"orders"`
	Qty    int64  `db:"qty"`
	Amount int64  `db:"amount"`
	Extra  int64  `db:"extra"`
}

// Report is the figures of the shop days [from, to) in loc (from and to
// are midnights in loc); top bounds the products and resellers (0: all).
func (s *Store) Report(ctx context.Context, loc *time.Location, from, to time.Time, top int) (lapak.Report, error) {
	now := s.now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	var rows []reportRow
	if end := minTime(to, today); from.Before(end) {
		stored, err := s.reportStored(ctx, loc, from, end)
		if err != nil {
			return lapak.Report{}, err
		}
		rows = stored
	}
	if to.After(today) {
		live, err := reportSum(ctx, s.db, loc, maxTime(from, today), to)
		if err != nil {
			return lapak.Report{}, err
		}
		rows = append(rows, live...)
	}
	rep, err := s.reportFrom(ctx, loc, from, to, rows, top)
	if err != nil {
		return lapak.Report{}, err
	}
	return rep, nil
}

// reportStored brings the summary of [from, end) (days before today) up
// to date and returns it: a 'sales' row a day, the other kinds summed
// over the range (Day "").
func (s *Store) reportStored(ctx context.Context, loc *time.Location, from, end time.Time) ([]reportRow, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("storage: beginning a report: %w", err)
	}
	defer tx.Rollback()
	q := func(query string) string { return tx.Rebind(query) }
	var zone string
	if err := tx.GetContext(ctx, &zone, `SELECT zone FROM lapak_report_state WHERE id = 1`+s.forUpdate()); err != nil {
		return nil, fmt.Errorf("storage: locking the report summary: %w", err)
	}
	if want := loc.String(); zone != want {
		if _, err := tx.ExecContext(ctx, `DELETE FROM lapak_report_days`); err != nil {
			return nil, fmt.Errorf("storage: clearing the report summary: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM lapak_report_months`); err != nil {
			return nil, fmt.Errorf("storage: clearing the report summary: %w", err)
		}
		if _, err := tx.ExecContext(ctx, q(`UPDATE lapak_report_state SET zone = ? WHERE id = 1`), want); err != nil {
			return nil, fmt.Errorf("storage: setting the report summary's zone: %w", err)
		}
	}
	if err := consumeDirty(ctx, tx, loc); err != nil {
		return nil, err
	}
	var have []string
	if err := tx.SelectContext(ctx, &have, q(`SELECT day FROM lapak_report_days WHERE kind = 'sales' AND day >= ? AND day < ?`),
		from.Format(reportDayLayout), end.Format(reportDayLayout)); err != nil {
		return nil, fmt.Errorf("storage: reading the report summary's days: %w", err)
	}
	done := make(map[string]bool, len(have))
	for _, d := range have {
		done[d] = true
	}
	// Sum each run of missing days in one go.
	for d := from; d.Before(end); {
		if done[d.Format(reportDayLayout)] {
			d = d.AddDate(0, 0, 1)
			continue
		}
		run := d
		for d.Before(end) && !done[d.Format(reportDayLayout)] {
			d = d.AddDate(0, 0, 1)
		}
		rows, err := reportSum(ctx, tx, loc, run, d)
		if err != nil {
			return nil, err
		}
		if err := insertReportRows(ctx, tx, rows); err != nil {
			return nil, err
		}
	}
	var out []reportRow
	if err := tx.SelectContext(ctx, &out, q(`SELECT day, kind, label, orders, qty, amount, extra FROM lapak_report_days
		WHERE kind = 'sales' AND day >= ? AND day < ?`), from.Format(reportDayLayout), end.Format(reportDayLayout)); err != nil {
		return nil, fmt.Errorf("storage: reading the report's sales: %w", err)
	}
	sums, err := reportSums(ctx, tx, from, end)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("storage: committing a report: %w", err)
	}
	return append(out, sums...), nil
}

// reportSums sums the kinds but sales over the summed days [from, end):
// the whole months inside it from lapak_report_months (rolled up from the
// days when missing), the days before and after them from the days.
func reportSums(ctx context.Context, tx *sqlx.Tx, from, end time.Time) ([]reportRow, error) {
	q := tx.Rebind
	m1 := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, from.Location())
	if m1.Before(from) {
		m1 = m1.AddDate(0, 1, 0)
	}
	m2 := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, end.Location())
	if !m1.Before(m2) {
		m1, m2 = from, from // no whole month: the days alone
	}
	day := func(t time.Time) string { return t.Format(reportDayLayout) }
	month := func(t time.Time) string { return t.Format("2006-01") }
	if m1.Before(m2) {
		var have []string
		if err := tx.SelectContext(ctx, &have, q(`SELECT month FROM lapak_report_months WHERE kind = 'month' AND month >= ? AND month < ?`),
			month(m1), month(m2)); err != nil {
			return nil, fmt.Errorf("storage: reading the report summary's months: %w", err)
		}
		for m := m1; m.Before(m2); m = m.AddDate(0, 1, 0) {
			if slices.Contains(have, month(m)) {
				continue
			}
			// Every day of the month is summed (reportStored): roll them up.
			if _, err := tx.ExecContext(ctx, q(`INSERT INTO lapak_report_months (month, kind, label, orders, qty, amount, extra)
				SELECT ?, kind, label, SUM(orders), SUM(qty), SUM(amount), SUM(extra) FROM lapak_report_days
				WHERE kind <> 'sales' AND day >= ? AND day < ? GROUP BY kind, label`), month(m), day(m), day(m.AddDate(0, 1, 0))); err != nil {
				return nil, fmt.Errorf("storage: rolling up a report month: %w", err)
			}
			if _, err := tx.ExecContext(ctx, q(`INSERT INTO lapak_report_months (month, kind, label) VALUES (?, 'month', '')`), month(m)); err != nil {
				return nil, fmt.Errorf("storage: rolling up a report month: %w", err)
			}
		}
	}
	var sums []reportRow
	if err := tx.SelectContext(ctx, &sums, q(`SELECT '' AS day, kind, label, SUM(orders) AS orders, SUM(qty) AS qty,
		SUM(amount) AS amount, SUM(extra) AS extra FROM lapak_report_days
		WHERE kind <> 'sales' AND ((day >= ? AND day < ?) OR (day >= ? AND day < ?)) GROUP BY kind, label
		UNION ALL SELECT '' AS day, kind, label, SUM(orders) AS orders, SUM(qty) AS qty,
		SUM(amount) AS amount, SUM(extra) AS extra FROM lapak_report_months
		WHERE kind <> 'month' AND month >= ? AND month < ? GROUP BY kind, label`),
		day(from), day(m1), day(m2), day(end), month(m1), month(m2)); err != nil {
		return nil, fmt.Errorf("storage: reading the report summary: %w", err)
	}
	return sums, nil
}

// consumeDirty forgets the summary of the days of the orders changed since
// it was summed, and the dirty rows it read.
func consumeDirty(ctx context.Context, tx *sqlx.Tx, loc *time.Location) error {
	var dirty []struct {
		ID        int64        `db:"id"`
		CreatedAt sql.NullTime `db:"created_at"`
		PaidAt    sql.NullTime `db:"paid_at"`
	}
	if err := tx.SelectContext(ctx, &dirty, `SELECT d.id, o.created_at, o.paid_at FROM lapak_report_dirty d
		LEFT JOIN lapak_orders o ON o.id = d.order_id ORDER BY d.id`); err != nil {
		return fmt.Errorf("storage: reading the orders changed for the reports: %w", err)
	}
	if len(dirty) == 0 {
		return nil
	}
	days := map[string]bool{}
	ids := make([]any, 0, len(dirty))
	for _, d := range dirty {
		ids = append(ids, d.ID)
		for _, t := range []sql.NullTime{d.CreatedAt, d.PaidAt} {
			if t.Valid {
				days[t.Time.In(loc).Format(reportDayLayout)] = true
			}
		}
	}
	dayList := make([]any, 0, len(days))
	for d := range days {
		dayList = append(dayList, d)
	}
	if err := execIn(ctx, tx, `DELETE FROM lapak_report_days WHERE day IN `, dayList); err != nil {
		return fmt.Errorf("storage: forgetting changed report days: %w", err)
	}
	months := map[string]bool{}
	for d := range days {
		months[d[:7]] = true
	}
	monthList := make([]any, 0, len(months))
	for m := range months {
		monthList = append(monthList, m)
	}
	if err := execIn(ctx, tx, `DELETE FROM lapak_report_months WHERE month IN `, monthList); err != nil {
		return fmt.Errorf("storage: forgetting changed report months: %w", err)
	}
	if err := execIn(ctx, tx, `DELETE FROM lapak_report_dirty WHERE id IN `, ids); err != nil {
		return fmt.Errorf("storage: forgetting the orders changed for the reports: %w", err)
	}
	return nil
}

// execIn runs head followed by "(?, ?, …)" for args, 500 at a time.
func execIn(ctx context.Context, tx *sqlx.Tx, head string, args []any) error {
	for lo := 0; lo < len(args); lo += 500 {
		part := args[lo:min(len(args), lo+500)]
		if _, err := tx.ExecContext(ctx, tx.Rebind(head+"("+strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")+")"), part...); err != nil {
			return err
		}
	}
	return nil
}

func insertReportRows(ctx context.Context, tx *sqlx.Tx, rows []reportRow) error {
	for lo := 0; lo < len(rows); lo += 200 {
		part := rows[lo:min(len(rows), lo+200)]
		args := make([]any, 0, 7*len(part))
		for _, r := range part {
			args = append(args, r.Day, r.Kind, r.Label, r.Orders, r.Qty, r.Amount, r.Extra)
		}
		query := `INSERT INTO lapak_report_days (day, kind, label, orders, qty, amount, extra) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?), ", len(part)), ", ")
		if _, err := tx.ExecContext(ctx, tx.Rebind(query), args...); err != nil {
			return fmt.Errorf("storage: writing the report summary: %w", err)
		}
	}
	return nil
}

// reportSum sums the days [from, to) in loc from the orders: a 'sales' row
// for every day (the mark that the day is summed), then the other kinds.
func reportSum(ctx context.Context, db reportDB, loc *time.Location, from, to time.Time) ([]reportRow, error) {
	f, t := from.UTC(), to.UTC()
	var orders []struct {
		ID         int64         `db:"id"`
		Status     string        `db:"status"`
		Pay        string        `db:"payment_method"`
		Total      int64         `db:"total"`
		ResellerID sql.NullInt64 `db:"reseller_id"`
		CreatedAt  time.Time     `db:"created_at"`
		PaidAt     sql.NullTime  `db:"paid_at"`
	}
	if err := sqlx.SelectContext(ctx, db, &orders, db.Rebind(`SELECT o.id, o.status, o.payment_method, o.total, o.reseller_id,
		o.created_at, o.paid_at FROM lapak_orders o
		WHERE (o.created_at >= ? AND o.created_at < ?) OR (o.paid_at >= ? AND o.paid_at < ?)`), f, t, f, t); err != nil {
		return nil, fmt.Errorf("storage: summing orders for a report: %w", err)
	}
	acc := map[[3]string]*reportRow{}
	add := func(day, kind, label string) *reportRow {
		k := [3]string{day, kind, label}
		r := acc[k]
		if r == nil {
			r = &reportRow{Day: day, Kind: kind, Label: label}
			acc[k] = r
		}
		return r
	}
	var out []reportRow
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		add(d.Format(reportDayLayout), "sales", "")
	}
	in := func(at time.Time) bool { return !at.Before(f) && at.Before(t) }
	type sale struct {
		day      string
		reseller string
		total    int64
	}
	sold := map[int64]sale{}
	var soldIDs, resellerIDs []int64
	for _, o := range orders {
		if in(o.CreatedAt) {
			r := add(o.CreatedAt.In(loc).Format(reportDayLayout), "status", o.Status)
			r.Orders++
			r.Amount += o.Total
		}
		at := o.CreatedAt
		if o.PaidAt.Valid {
			at = o.PaidAt.Time
		}
		if !in(at) || !lapak.OrderStatus(o.Status).Paid() {
			continue
		}
		day := at.In(loc).Format(reportDayLayout)
		r := add(day, "sales", "")
		r.Orders++
		r.Amount += o.Total
		r = add(day, "pay", o.Pay)
		r.Orders++
		r.Amount += o.Total
		s := sale{day: day, total: o.Total}
		if o.ResellerID.Valid {
			s.reseller = strconv.FormatInt(o.ResellerID.Int64, 10)
			r = add(day, "reseller", s.reseller)
			r.Orders++
			r.Amount += o.Total
		}
		sold[o.ID] = s
		soldIDs = append(soldIDs, o.ID)
		if s.reseller != "" {
			resellerIDs = append(resellerIDs, o.ID)
		}
	}
	if len(sold) > 0 {
		items, err := selectSold[struct {
			OrderID int64  `db:"order_id"`
			Name    string `db:"product_name"`
			Qty     int64  `db:"qty"`
			Price   int64  `db:"unit_price"`
		}](ctx, db, soldIDs, `SELECT i.order_id, i.product_name, i.qty, i.unit_price FROM lapak_order_items i WHERE i.order_id IN (?ids)`,
			`SELECT i.order_id, i.product_name, i.qty, i.unit_price
			FROM lapak_order_items i WHERE i.order_id IN (SELECT o.id FROM lapak_orders o
			WHERE o.status IN `+paidStatuses+` AND `+soldIn+`)`, f, t)
		if err != nil {
			return nil, fmt.Errorf("storage: summing order items for a report: %w", err)
		}
		for _, it := range items {
			s, ok := sold[it.OrderID]
			if !ok {
				continue
			}
			r := add(s.day, "product", it.Name)
			r.Qty += it.Qty
			r.Orders++
			r.Amount += it.Qty * it.Price
		}
		// A repeat order: its customer paid for an earlier one (any time).
		earlier := ` AND EXISTS (SELECT 1 FROM lapak_orders p
				WHERE p.customer_id = o.customer_id AND p.id <> o.id AND p.status IN ` + paidStatuses + `
				AND (COALESCE(p.paid_at, p.created_at) < COALESCE(o.paid_at, o.created_at)
					OR (COALESCE(p.paid_at, p.created_at) = COALESCE(o.paid_at, o.created_at) AND p.id < o.id)))`
		again, err := selectSold[int64](ctx, db, soldIDs, `SELECT o.id FROM lapak_orders o WHERE o.id IN (?ids)`+earlier,
			`SELECT o.id FROM lapak_orders o WHERE o.status IN `+paidStatuses+` AND `+soldIn+earlier, f, t)
		if err != nil {
			return nil, fmt.Errorf("storage: finding repeat orders for a report: %w", err)
		}
		repeat := make(map[int64]bool, len(again))
		for _, id := range again {
			repeat[id] = true
		}
		for id, s := range sold {
			label := "first"
			if repeat[id] {
				label = "again"
			}
			r := add(s.day, "repeat", label)
			r.Orders++
			r.Amount += s.total
		}
		comm, err := selectSold[struct {
			OrderID int64  `db:"order_id"`
			Kind    string `db:"kind"`
			Amount  int64  `db:"amount"`
		}](ctx, db, resellerIDs, `SELECT c.order_id, c.kind, c.amount FROM lapak_commissions c
			WHERE c.kind IN ('pending', 'void', 'reversal') AND c.order_id IN (?ids)`,
			`SELECT c.order_id, c.kind, c.amount FROM lapak_commissions c
			WHERE c.kind IN ('pending', 'void', 'reversal') AND c.order_id IN (SELECT o.id FROM lapak_orders o
			WHERE o.reseller_id IS NOT NULL AND o.status IN `+paidStatuses+` AND `+soldIn+`)`, f, t)
		if err != nil {
			return nil, fmt.Errorf("storage: summing commissions for a report: %w", err)
		}
		for _, c := range comm {
			s, ok := sold[c.OrderID]
			if !ok || s.reseller == "" {
				continue
			}
			r := add(s.day, "reseller", s.reseller)
			if c.Kind == "pending" {
				r.Extra += c.Amount
			} else {
				r.Extra -= c.Amount
			}
		}
	}
	for _, r := range acc {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b reportRow) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Label, b.Label))
	})
	return out, nil
}

// reportFrom makes a report of rows: 'sales' rows by day, the other kinds
// summed whatever their day.
func (s *Store) reportFrom(ctx context.Context, loc *time.Location, from, to time.Time, rows []reportRow, top int) (lapak.Report, error) {
	var rep lapak.Report
	sales := map[string]reportRow{}
	sums := map[[2]string]*reportRow{}
	for _, r := range rows {
		if r.Kind == "sales" {
			x := sales[r.Day]
			x.Orders += r.Orders
			x.Amount += r.Amount
			sales[r.Day] = x
			continue
		}
		k := [2]string{r.Kind, r.Label}
		x := sums[k]
		if x == nil {
			x = &reportRow{Kind: r.Kind, Label: r.Label}
			sums[k] = x
		}
		x.Orders += r.Orders
		x.Qty += r.Qty
		x.Amount += r.Amount
		x.Extra += r.Extra
	}
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		x := sales[d.Format(reportDayLayout)]
		rep.Days = append(rep.Days, lapak.ReportDay{Day: d, Orders: int(x.Orders), Revenue: lapak.Money(x.Amount)})
	}
	var resellerIDs []any
	for _, x := range sums {
		switch x.Kind {
		case "status":
			rep.Status = append(rep.Status, lapak.ReportCount{Label: x.Label, Orders: int(x.Orders), Amount: lapak.Money(x.Amount)})
		case "pay":
			rep.Payments = append(rep.Payments, lapak.ReportCount{Label: x.Label, Orders: int(x.Orders), Amount: lapak.Money(x.Amount)})
		case "product":
			rep.Products = append(rep.Products, lapak.ReportProduct{Name: x.Label, Qty: int(x.Qty), Orders: int(x.Orders), Revenue: lapak.Money(x.Amount)})
		case "repeat":
			if x.Label == "again" {
				rep.RepeatOrders, rep.RepeatRevenue = int(x.Orders), lapak.Money(x.Amount)
			} else {
				rep.FirstOrders = int(x.Orders)
			}
		case "reseller":
			id, _ := strconv.ParseInt(x.Label, 10, 64)
			rep.Resellers = append(rep.Resellers, lapak.ReportReseller{ID: id, Orders: int(x.Orders), Sales: lapak.Money(x.Amount), Commission: lapak.Money(x.Extra)})
		}
	}
	byCount := func(a, b lapak.ReportCount) int {
		return cmp.Or(cmp.Compare(b.Orders, a.Orders), cmp.Compare(a.Label, b.Label))
	}
	slices.SortFunc(rep.Status, byCount)
	slices.SortFunc(rep.Payments, byCount)
	slices.SortFunc(rep.Products, func(a, b lapak.ReportProduct) int {
		return cmp.Or(cmp.Compare(b.Revenue, a.Revenue), cmp.Compare(b.Qty, a.Qty), cmp.Compare(a.Name, b.Name))
	})
	slices.SortFunc(rep.Resellers, func(a, b lapak.ReportReseller) int {
		return cmp.Or(cmp.Compare(b.Sales, a.Sales), cmp.Compare(b.Commission, a.Commission), cmp.Compare(a.ID, b.ID))
	})
	if top > 0 {
		rep.Products = rep.Products[:min(top, len(rep.Products))]
		rep.Resellers = rep.Resellers[:min(top, len(rep.Resellers))]
	}
	for _, r := range rep.Resellers {
		resellerIDs = append(resellerIDs, r.ID)
	}
	if len(resellerIDs) > 0 {
		var names []struct {
			ID   int64  `db:"id"`
			Code string `db:"code"`
			Name string `db:"name"`
		}
		for lo := 0; lo < len(resellerIDs); lo += 500 {
			part := resellerIDs[lo:min(len(resellerIDs), lo+500)]
			var got []struct {
				ID   int64  `db:"id"`
				Code string `db:"code"`
				Name string `db:"name"`
			}
			if err := s.db.SelectContext(ctx, &got, s.db.Rebind(`SELECT id, code, name FROM lapak_resellers WHERE id IN (`+
				strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")+`)`), part...); err != nil {
				return rep, fmt.Errorf("storage: naming a report's resellers: %w", err)
			}
			names = append(names, got...)
		}
		for i := range rep.Resellers {
			for _, n := range names {
				if n.ID == rep.Resellers[i].ID {
					rep.Resellers[i].Code, rep.Resellers[i].Name = n.Code, n.Name
				}
			}
		}
	}
	return rep, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// reportDirtyAfter marks the customer's paid orders dated from o's making
// on (a superset of those paid after o): o started or stopped counting,
// so whether each of them is a repeat order may have changed.
func (t *tx) reportDirtyAfter(ctx context.Context, o *lapak.Order) error {
	if _, err := t.exec(ctx, `INSERT INTO lapak_report_dirty (order_id) SELECT id FROM lapak_orders
		WHERE customer_id = ? AND id <> ? AND status IN `+paidStatuses+` AND COALESCE(paid_at, created_at) >= ?`,
		o.CustomerID, o.ID, o.CreatedAt.UTC()); err != nil {
		return fmt.Errorf("storage: marking the later orders of customer %d for the reports: %w", o.CustomerID, err)
	}
	return nil
}

// reportByIDs is the most orders selectSold reads by their ids.
var reportByIDs = 2000

// selectSold reads rows about the orders sold in a span: by their ids
// (byIDs, where "(?ids)" stands for the list) when they are few, so one
// day's sum goes by the primary keys, else by the span (bySpan, with the
// span's bounds twice, soldIn).
func selectSold[T any](ctx context.Context, db reportDB, ids []int64, byIDs, bySpan string, f, t time.Time) ([]T, error) {
	var out []T
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > reportByIDs {
		err := sqlx.SelectContext(ctx, db, &out, db.Rebind(bySpan), f, t, f, t)
		return out, err
	}
	for lo := 0; lo < len(ids); lo += 500 {
		part := ids[lo:min(len(ids), lo+500)]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		var got []T
		q := strings.Replace(byIDs, "(?ids)", "("+strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")+")", 1)
		if err := sqlx.SelectContext(ctx, db, &got, db.Rebind(q), args...); err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, nil
}

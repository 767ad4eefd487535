package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/lapak-id/lapak"
)

var _ lapak.BroadcastStore = (*Store)(nil)

// ---- consent ----

// recordConsent keeps a customer's opt-out or opt-in, and the message that did it.
func (t *tx) recordConsent(ctx context.Context, customerID int64, optedOut bool, in lapak.Inbound) error {
	_, err := t.exec(ctx, `INSERT INTO lapak_consent (customer_id, opted_out, channel, message_id, message_text, at)
		VALUES (?, ?, ?, ?, ?, ?)`, customerID, optedOut, string(in.Channel), in.MessageID, clip(in.Text, 1000), t.now)
	if err != nil {
		return fmt.Errorf("storage: recording consent: %w", err)
	}
	return nil
}

// Consent lists a customer's opt-outs and opt-ins, oldest first: what a
// privacy request is answered with.
func (s *Store) Consent(ctx context.Context, customerID int64) ([]lapak.ConsentRecord, error) {
	var rows []struct {
		OptedOut bool      `db:"opted_out"`
		Channel  string    `db:"channel"`
		ID       string    `db:"message_id"`
		Text     string    `db:"message_text"`
		At       time.Time `db:"at"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT opted_out, channel, message_id, message_text, at
		FROM lapak_consent WHERE customer_id = ? ORDER BY at, id`), customerID); err != nil {
		return nil, fmt.Errorf("storage: reading consent: %w", err)
	}
	out := make([]lapak.ConsentRecord, len(rows))
	for i, r := range rows {
		out[i] = lapak.ConsentRecord{CustomerID: customerID, OptedOut: r.OptedOut, Channel: lapak.Channel(r.Channel),
			MessageID: r.ID, MessageText: r.Text, At: utc(r.At)}
	}
	return out, nil
}

// ---- segments ----

// notCancelled leaves out the orders that do not count for a segment.
const notCancelled = `o.status NOT IN ('cancelled', 'expired', 'refunded')`

// lastAddress is the customer's most recently used address (a column of it).
const lastAddress = `(SELECT a.%s FROM lapak_addresses a WHERE a.customer_id = c.id ORDER BY a.last_used_at DESC, a.id DESC LIMIT 1)`

// segmentWhere is seg as a condition on lapak_customers c, built from
// fixed fragments; every value goes in args.
func segmentWhere(seg lapak.Segment, at time.Time) (string, []any) {
	parts := []string{"c.opted_out = FALSE"}
	var args []any
	since := func(days int) time.Time {
		return at.Add(-time.Duration(days) * 24 * time.Hour).UTC().Truncate(time.Microsecond)
	}
	for _, c := range seg.Conds {
		switch c.Kind {
		case lapak.CondOrdered:
			parts = append(parts, `EXISTS (SELECT 1 FROM lapak_orders o WHERE o.customer_id = c.id AND `+notCancelled+` AND o.created_at >= ?)`)
			args = append(args, since(c.Days))
		case lapak.CondLapsed:
			parts = append(parts, `EXISTS (SELECT 1 FROM lapak_orders o WHERE o.customer_id = c.id AND `+notCancelled+`)
				AND NOT EXISTS (SELECT 1 FROM lapak_orders o WHERE o.customer_id = c.id AND `+notCancelled+` AND o.created_at >= ?)`)
			args = append(args, since(c.Days))
		case lapak.CondNeverOrdered:
			parts = append(parts, `NOT EXISTS (SELECT 1 FROM lapak_orders o WHERE o.customer_id = c.id AND `+notCancelled+`)`)
		case lapak.CondProduct, lapak.CondCategory:
			q := `EXISTS (SELECT 1 FROM lapak_order_items i JOIN lapak_orders o ON o.id = i.order_id
				WHERE o.customer_id = c.id AND ` + notCancelled
			if c.Days > 0 {
				q += ` AND o.created_at >= ?`
				args = append(args, since(c.Days))
			}
			v := strings.ToLower(c.Value)
			if c.Kind == lapak.CondProduct {
				// Any variant of the product the SKU belongs to, or the SKU
				// as ordered (a variant deleted since).
				q += ` AND (LOWER(i.sku) = ? OR i.variant_id IN (SELECT v2.id FROM lapak_variants v1
					JOIN lapak_variants v2 ON v2.product_id = v1.product_id WHERE LOWER(v1.sku) = ?)))`
				args = append(args, v, v)
			} else {
				q += ` AND i.variant_id IN (SELECT v.id FROM lapak_variants v JOIN lapak_products p ON p.id = v.product_id
					JOIN lapak_categories k ON k.id = p.category_id WHERE LOWER(k.name) = ?))`
				args = append(args, v)
			}
			parts = append(parts, q)
		case lapak.CondSpent:
			parts = append(parts, `(SELECT COALESCE(SUM(o.total), 0) FROM lapak_orders o WHERE o.customer_id = c.id AND `+notCancelled+`) >= ?`)
			args = append(args, int64(c.Amount))
		case lapak.CondChannel:
			parts = append(parts, `c.channel = ?`)
			args = append(args, c.Value)
		case lapak.CondZone:
			parts = append(parts, `LOWER(COALESCE(`+fmt.Sprintf(lastAddress, "zone")+`, '')) = ?`)
			args = append(args, strings.ToLower(c.Value))
		case lapak.CondCity:
			parts = append(parts, `LOWER(COALESCE(`+fmt.Sprintf(lastAddress, "text")+`, '')) LIKE ? ESCAPE '!'`)
			args = append(args, "%"+likeEscape(strings.ToLower(c.Value))+"%")
		default:
			// ParseSegment makes no other kind: match no one rather than everyone.
			parts = append(parts, "1 = 0")
		}
	}
	return strings.Join(parts, "\n\t\tAND "), args
}

func likeEscape(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

// capped is true for a customer who has maxPerWeek promos planned or sent
// within 7 days either side of at.
func capped(at time.Time, maxPerWeek int) (string, []any) {
	if maxPerWeek <= 0 {
		return "1 = 0", nil
	}
	return `(SELECT COUNT(*) FROM lapak_broadcast_recipients r WHERE r.customer_id = c.id
		AND r.status IN ('planned', 'sending', 'sent', 'unknown') AND r.send_at > ? AND r.send_at < ?) >= ?`,
		[]any{at.Add(-7 * 24 * time.Hour).UTC().Truncate(time.Microsecond), at.Add(7 * 24 * time.Hour).UTC().Truncate(time.Microsecond), maxPerWeek}
}

// Audience counts a segment at a time (see lapak.BroadcastStore).
func (s *Store) Audience(ctx context.Context, seg lapak.Segment, at time.Time, maxPerWeek int) (lapak.Audience, error) {
	return audience(ctx, s.db, seg, at, maxPerWeek)
}

func audience(ctx context.Context, q sqlx.ExtContext, seg lapak.Segment, at time.Time, maxPerWeek int) (lapak.Audience, error) {
	where, wargs := segmentWhere(seg, at)
	capq, cargs := capped(at, maxPerWeek)
	var rows []struct {
		Channel string `db:"channel"`
		Total   int    `db:"total"`
		Blocked int    `db:"blocked"`
		Held    int    `db:"held"`
	}
	query := `SELECT c.channel, COUNT(*) AS total,
		COALESCE(SUM(CASE WHEN c.unreachable THEN 1 ELSE 0 END), 0) AS blocked,
		COALESCE(SUM(CASE WHEN NOT c.unreachable AND ` + capq + ` THEN 1 ELSE 0 END), 0) AS held
		FROM lapak_customers c WHERE ` + where + ` GROUP BY c.channel`
	if err := sqlx.SelectContext(ctx, q, &rows, q.Rebind(query), append(cargs, wargs...)...); err != nil {
		return lapak.Audience{}, fmt.Errorf("storage: counting a segment: %w", err)
	}
	a := lapak.Audience{ByChannel: map[lapak.Channel]int{}}
	for _, r := range rows {
		n := r.Total - r.Blocked - r.Held
		a.Recipients += n
		a.Blocked += r.Blocked
		a.HeldBack += r.Held
		if n > 0 {
			a.ByChannel[lapak.Channel(r.Channel)] = n
		}
	}
	if a.Recipients == 0 {
		return a, nil
	}
	var sample customerRow
	err := sqlx.GetContext(ctx, q, &sample, q.Rebind(selectCustomers+` c WHERE `+where+` AND NOT c.unreachable AND NOT (`+capq+`)
		ORDER BY CASE WHEN c.name = '' AND c.chat_name = '' THEN 1 ELSE 0 END, c.id LIMIT 1`), append(wargs, cargs...)...)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return lapak.Audience{}, fmt.Errorf("storage: a segment's sample: %w", err)
	}
	a.Sample = sample.customer()
	return a, nil
}

// planBatch is how many recipient rows one INSERT writes (8 values each:
// within both databases' limits on parameters).
const planBatch = 1000

// PlanBroadcast stores the broadcast and its recipients in one transaction
// (see lapak.BroadcastStore).
func (s *Store) PlanBroadcast(ctx context.Context, b *lapak.Broadcast, seg lapak.Segment, maxPerWeek int, render func(lapak.Customer) lapak.Outbound) (a lapak.Audience, err error) {
	err = s.inTx(ctx, "planning a broadcast", func(t *tx) error {
		a, err = t.PlanBroadcast(ctx, b, seg, maxPerWeek, render)
		return err
	})
	return a, err
}

// inTx runs fn in a transaction of its own, at the store's time, and
// commits when fn succeeds; what names the work in a failure to begin or
// commit.
func (s *Store) inTx(ctx context.Context, what string, fn func(t *tx) error) error {
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: %s: %w", what, err)
	}
	defer dbtx.Rollback()
	if err := fn(&tx{s: s, tx: dbtx, now: s.now()}); err != nil {
		return err
	}
	if err := dbtx.Commit(); err != nil {
		return fmt.Errorf("storage: %s: %w", what, err)
	}
	return nil
}

// PlanBroadcast plans in the transaction t (a chat turn's: the desk's
// /promo), at t's time; see lapak.BroadcastStore.
func (t *tx) PlanBroadcast(ctx context.Context, b *lapak.Broadcast, seg lapak.Segment, maxPerWeek int, render func(lapak.Customer) lapak.Outbound) (lapak.Audience, error) {
	s, dbtx, now := t.s, t.tx, t.now
	at := b.SendAt.UTC().Truncate(time.Microsecond)
	// One pass over the segment: who is blocked, who is held back by the
	// cap, and the recipients, each condition evaluated once per customer.
	where, wargs := segmentWhere(seg, at)
	capq, cargs := capped(at, maxPerWeek)
	rows, err := dbtx.QueryxContext(ctx, dbtx.Rebind(`SELECT c.id, c.channel, c.chat_id, c.name, c.chat_name, c.language, c.unreachable,
		CASE WHEN `+capq+` THEN 1 ELSE 0 END AS capped FROM lapak_customers c WHERE `+where+` ORDER BY c.id`), append(cargs, wargs...)...)
	if err != nil {
		return lapak.Audience{}, fmt.Errorf("storage: planning a broadcast: %w", err)
	}
	a := lapak.Audience{ByChannel: map[lapak.Channel]int{}}
	var custs []lapak.Customer
	for rows.Next() {
		var c lapak.Customer
		var ch, lang string
		var capped int
		if err := rows.Scan(&c.ID, &ch, &c.ExternalID, &c.Name, &c.ChatName, &lang, &c.Unreachable, &capped); err != nil {
			rows.Close()
			return lapak.Audience{}, fmt.Errorf("storage: planning a broadcast: %w", err)
		}
		c.Channel, c.Language = lapak.Channel(ch), lapak.Language(lang)
		switch {
		case c.Unreachable:
			a.Blocked++
		case capped != 0:
			a.HeldBack++
		default:
			custs = append(custs, c)
			a.ByChannel[c.Channel]++
			if a.Sample.ID == 0 || (a.Sample.Name == "" && a.Sample.ChatName == "" && (c.Name != "" || c.ChatName != "")) {
				a.Sample = c
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return lapak.Audience{}, fmt.Errorf("storage: planning a broadcast: %w", err)
	}
	a.Recipients = len(custs)
	if a.Recipients == 0 {
		return a, lapak.ErrNoRecipients // nothing stored
	}
	b.Status, b.CreatedAt, b.Segment, b.HeldBack, b.Blocked = lapak.BroadcastActive, now, seg.String(), a.HeldBack, a.Blocked
	if err := t.get(ctx, &b.ID, `INSERT INTO lapak_broadcasts (status, body, image, voucher, segment, send_at, send_until,
		created_by, held_back, blocked, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		string(b.Status), b.Text, b.Image, b.Voucher, b.Segment, at, nullTime(b.Until), b.CreatedBy, a.HeldBack, a.Blocked, now, now); err != nil {
		return lapak.Audience{}, fmt.Errorf("storage: planning a broadcast: %w", err)
	}
	if err := s.insertRecipients(ctx, t, b, at, custs, render); err != nil {
		return lapak.Audience{}, fmt.Errorf("storage: planning a broadcast: %w", err)
	}
	return a, nil
}

// insertRecipients writes one planned row per customer: with COPY on
// PostgreSQL (multi-row INSERTs spent most of a 100,000-recipient plan
// there), with multi-row INSERTs on SQLite.
func (s *Store) insertRecipients(ctx context.Context, t *tx, b *lapak.Broadcast, at time.Time, custs []lapak.Customer, render func(lapak.Customer) lapak.Outbound) error {
	if s.dialect == Postgres {
		stmt, err := t.tx.PrepareContext(ctx, pq.CopyIn("lapak_broadcast_recipients",
			"broadcast_id", "customer_id", "channel", "chat_id", "payload", "voucher", "status", "send_at"))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, c := range custs {
			payload, err := json.Marshal(render(c))
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, b.ID, c.ID, string(c.Channel), c.ExternalID, string(payload), b.Voucher,
				string(lapak.RecipientPlanned), at); err != nil {
				return err
			}
		}
		if _, err := stmt.ExecContext(ctx); err != nil {
			return err
		}
		return stmt.Close()
	}
	var q strings.Builder
	args := make([]any, 0, 8*planBatch)
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := t.exec(ctx, q.String(), args...)
		q.Reset()
		args = args[:0]
		return err
	}
	for i, c := range custs {
		if len(args) == 0 {
			q.WriteString(`INSERT INTO lapak_broadcast_recipients (broadcast_id, customer_id, channel, chat_id, payload, voucher, status, send_at) VALUES `)
		} else {
			q.WriteString(", ")
		}
		payload, err := json.Marshal(render(c))
		if err != nil {
			return err
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, 'planned', ?)")
		args = append(args, b.ID, c.ID, string(c.Channel), c.ExternalID, string(payload), b.Voucher, at)
		if (i+1)%planBatch == 0 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// ---- broadcasts ----

type broadcastRow struct {
	ID        int64        `db:"id"`
	Status    string       `db:"status"`
	Body      string       `db:"body"`
	Image     string       `db:"image"`
	Voucher   string       `db:"voucher"`
	Segment   string       `db:"segment"`
	SendAt    time.Time    `db:"send_at"`
	Until     sql.NullTime `db:"send_until"`
	CreatedBy string       `db:"created_by"`
	HeldBack  int          `db:"held_back"`
	Blocked   int          `db:"blocked"`
	CreatedAt time.Time    `db:"created_at"`
	Finished  sql.NullTime `db:"finished_at"`
}

const broadcastColumns = `id, status, body, image, voucher, segment, send_at, send_until, created_by, held_back, blocked, created_at, finished_at`

func (r broadcastRow) broadcast() lapak.Broadcast {
	return lapak.Broadcast{ID: r.ID, Status: lapak.BroadcastStatus(r.Status), Text: r.Body, Image: r.Image, Voucher: r.Voucher,
		Segment: r.Segment, SendAt: utc(r.SendAt), Until: utcPtr(r.Until), CreatedBy: r.CreatedBy, HeldBack: r.HeldBack,
		Blocked: r.Blocked, CreatedAt: utc(r.CreatedAt), FinishedAt: utcPtr(r.Finished)}
}

func getBroadcast(ctx context.Context, q sqlx.QueryerContext, id int64, lock string) (lapak.Broadcast, error) {
	var r broadcastRow
	err := sqlx.GetContext(ctx, q, &r, q.(interface{ Rebind(string) string }).Rebind(`SELECT `+broadcastColumns+` FROM lapak_broadcasts WHERE id = ?`+lock), id)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Broadcast{}, fmt.Errorf("storage: broadcast %d: %w", id, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Broadcast{}, fmt.Errorf("storage: broadcast %d: %w", id, err)
	}
	return r.broadcast(), nil
}

// Broadcast reads one broadcast (ErrNotFound if unknown).
func (s *Store) Broadcast(ctx context.Context, id int64) (lapak.Broadcast, error) {
	return getBroadcast(ctx, s.db, id, "")
}

// Broadcasts lists the newest broadcasts first.
func (s *Store) Broadcasts(ctx context.Context, limit int) ([]lapak.Broadcast, error) {
	return listBroadcasts(ctx, s.db, limit)
}

func listBroadcasts(ctx context.Context, q sqlx.QueryerContext, limit int) ([]lapak.Broadcast, error) {
	if limit <= 0 {
		limit = 20
	}
	var rows []broadcastRow
	if err := sqlx.SelectContext(ctx, q, &rows, rebind(q, `SELECT `+broadcastColumns+` FROM lapak_broadcasts ORDER BY id DESC LIMIT ?`), limit); err != nil {
		return nil, fmt.Errorf("storage: listing broadcasts: %w", err)
	}
	out := make([]lapak.Broadcast, len(rows))
	for i, r := range rows {
		out[i] = r.broadcast()
	}
	return out, nil
}

// rebind puts query's placeholders in q's dialect.
func rebind(q sqlx.QueryerContext, query string) string {
	return q.(interface{ Rebind(string) string }).Rebind(query)
}

// SetBroadcastStatus moves a broadcast between statuses (see
// lapak.BroadcastStore). Cancelling skips the planned recipients and takes
// back those waiting in the outbox whose delivery has not started.
func (s *Store) SetBroadcastStatus(ctx context.Context, id int64, from []lapak.BroadcastStatus, to lapak.BroadcastStatus) (b lapak.Broadcast, err error) {
	err = s.inTx(ctx, fmt.Sprintf("broadcast %d", id), func(t *tx) error {
		b, err = t.SetBroadcastStatus(ctx, id, from, to)
		return err
	})
	return b, err
}

// SetBroadcastStatus moves a broadcast in the transaction t (a chat
// turn's: /promo pause, resume, cancel), at t's time.
func (t *tx) SetBroadcastStatus(ctx context.Context, id int64, from []lapak.BroadcastStatus, to lapak.BroadcastStatus) (lapak.Broadcast, error) {
	s, dbtx, now := t.s, t.tx, t.now
	b, err := getBroadcast(ctx, dbtx, id, s.forUpdate())
	if err != nil {
		return lapak.Broadcast{}, err
	}
	if !slices.Contains(from, b.Status) {
		return b, &lapak.BroadcastStateError{ID: id, Status: b.Status}
	}
	finished := sql.NullTime{}
	if to == lapak.BroadcastCancelled || to == lapak.BroadcastDone {
		finished = sql.NullTime{Time: now, Valid: true}
	}
	if _, err := t.exec(ctx, `UPDATE lapak_broadcasts SET status = ?, updated_at = ?, finished_at = ? WHERE id = ?`,
		string(to), now, finished, id); err != nil {
		return lapak.Broadcast{}, fmt.Errorf("storage: broadcast %d: %w", id, err)
	}
	if to == lapak.BroadcastCancelled {
		if err := t.skipPlanned(ctx, id, lapak.SkipCancelled); err != nil {
			return lapak.Broadcast{}, err
		}
		if _, err := t.takeBack(ctx, id, lapak.SkipCancelled); err != nil {
			return lapak.Broadcast{}, err
		}
	}
	b.Status = to
	if finished.Valid {
		f := utc(now)
		b.FinishedAt = &f
	}
	return b, nil
}

func (t *tx) skipPlanned(ctx context.Context, id int64, why lapak.SkipReason) error {
	if _, err := t.exec(ctx, `UPDATE lapak_broadcast_recipients SET status = 'skipped', reason = ?
		WHERE broadcast_id = ? AND status = 'planned'`, string(why), id); err != nil {
		return fmt.Errorf("storage: skipping recipients of broadcast %d: %w", id, err)
	}
	return nil
}

// BroadcastReport counts what became of a broadcast's recipients.
func (s *Store) BroadcastReport(ctx context.Context, id int64) (lapak.BroadcastReport, error) {
	return report(ctx, s.db, id)
}

func report(ctx context.Context, q sqlx.ExtContext, id int64) (lapak.BroadcastReport, error) {
	b, err := getBroadcast(ctx, q, id, "")
	if err != nil {
		return lapak.BroadcastReport{}, err
	}
	r := lapak.BroadcastReport{Broadcast: b, Skipped: map[lapak.SkipReason]int{}}
	var counts []struct {
		Status string `db:"status"`
		Reason string `db:"reason"`
		N      int    `db:"n"`
	}
	if err := sqlx.SelectContext(ctx, q, &counts, q.Rebind(`SELECT status, reason, COUNT(*) AS n FROM lapak_broadcast_recipients
		WHERE broadcast_id = ? GROUP BY status, reason`), id); err != nil {
		return r, fmt.Errorf("storage: reporting broadcast %d: %w", id, err)
	}
	for _, c := range counts {
		r.Planned += c.N
		switch lapak.RecipientStatus(c.Status) {
		case lapak.RecipientPlanned:
			r.Waiting += c.N
		case lapak.RecipientSending:
			r.Sending += c.N
		case lapak.RecipientSent:
			r.Sent += c.N
		case lapak.RecipientFailed:
			r.Failed += c.N
		case lapak.RecipientUnknown:
			r.Unknown += c.N
		case lapak.RecipientSkipped:
			r.Skipped[lapak.SkipReason(c.Reason)] += c.N
		}
	}
	if err := sqlx.GetContext(ctx, q, &r.Replies, q.Rebind(`SELECT COUNT(*) FROM lapak_broadcast_recipients r
		WHERE r.broadcast_id = ? AND r.status = 'sent' AND EXISTS (SELECT 1 FROM lapak_inbound i
			WHERE i.customer_id = r.customer_id AND i.received_at > r.sent_at AND i.received_at <= r.attributed_until)`), id); err != nil {
		return r, fmt.Errorf("storage: reporting broadcast %d: replies: %w", id, err)
	}
	var orders struct {
		N       int   `db:"n"`
		Revenue int64 `db:"revenue"`
	}
	if err := sqlx.GetContext(ctx, q, &orders, q.Rebind(`SELECT COUNT(*) AS n, COALESCE(SUM(o.total), 0) AS revenue
		FROM lapak_broadcast_recipients r JOIN lapak_orders o ON o.customer_id = r.customer_id
		WHERE r.broadcast_id = ? AND r.status = 'sent' AND o.created_at > r.sent_at AND o.created_at <= r.attributed_until
			AND `+notCancelled), id); err != nil {
		return r, fmt.Errorf("storage: reporting broadcast %d: orders: %w", id, err)
	}
	r.Orders, r.Revenue = orders.N, lapak.Money(orders.Revenue)
	if b.Voucher != "" {
		if err := sqlx.GetContext(ctx, q, &r.VoucherUses, q.Rebind(`SELECT COUNT(*)
			FROM lapak_broadcast_recipients r JOIN lapak_orders o ON o.customer_id = r.customer_id
			WHERE r.broadcast_id = ? AND r.status = 'sent' AND o.created_at > r.sent_at AND o.created_at <= r.attributed_until
				AND o.voucher_code = ? AND `+notCancelled), id, b.Voucher); err != nil {
			return r, fmt.Errorf("storage: reporting broadcast %d: voucher uses: %w", id, err)
		}
	}
	return r, nil
}

// ---- sending ----

// DueBroadcasts lists the active broadcasts whose send time has come.
func (s *Store) DueBroadcasts(ctx context.Context) ([]lapak.DueBroadcast, error) {
	now := s.now()
	var rows []broadcastRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT `+broadcastColumns+` FROM lapak_broadcasts
		WHERE status = 'active' AND send_at <= ? ORDER BY send_at, id`), now); err != nil {
		return nil, fmt.Errorf("storage: due broadcasts: %w", err)
	}
	out := make([]lapak.DueBroadcast, 0, len(rows))
	for _, r := range rows {
		d := lapak.DueBroadcast{Broadcast: r.broadcast(), Waiting: map[lapak.Channel]int{}, InFlight: map[lapak.Channel]int{}}
		var counts []struct {
			Channel string `db:"channel"`
			Status  string `db:"status"`
			N       int    `db:"n"`
		}
		if err := s.db.SelectContext(ctx, &counts, s.db.Rebind(`SELECT channel, status, COUNT(*) AS n FROM lapak_broadcast_recipients
			WHERE broadcast_id = ? AND status IN ('planned', 'sending') GROUP BY channel, status`), r.ID); err != nil {
			return nil, fmt.Errorf("storage: due broadcasts: %w", err)
		}
		for _, c := range counts {
			if c.Status == string(lapak.RecipientPlanned) {
				d.Waiting[lapak.Channel(c.Channel)] = c.N
			} else {
				d.InFlight[lapak.Channel(c.Channel)] = c.N
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// SettleRecipients moves recipients handed to the outbox to their outbox
// row's outcome (sent, failed, unknown), up to limit of them.
func (s *Store) SettleRecipients(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		limit = 1000
	}
	now := s.now()
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storage: settling recipients: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}
	var rows []struct {
		ID     int64        `db:"id"`
		Status string       `db:"status"`
		SentAt sql.NullTime `db:"sent_at"`
	}
	if err := t.sel(ctx, &rows, `SELECT r.id, o.status, o.sent_at FROM lapak_broadcast_recipients r
		JOIN lapak_outbox o ON o.id = r.outbox_id
		WHERE r.status = 'sending' AND o.status IN ('sent', 'failed', 'unknown') ORDER BY r.id LIMIT ?`, limit); err != nil {
		return 0, fmt.Errorf("storage: settling recipients: %w", err)
	}
	for _, r := range rows {
		var sent, until sql.NullTime
		if r.Status == string(lapak.RecipientSent) {
			at := now
			if r.SentAt.Valid {
				at = r.SentAt.Time
			}
			sent = sql.NullTime{Time: at.UTC(), Valid: true}
			until = sql.NullTime{Time: at.UTC().Add(lapak.AttributionWindow), Valid: true}
		}
		if _, err := t.exec(ctx, `UPDATE lapak_broadcast_recipients SET status = ?, sent_at = ?, attributed_until = ?
			WHERE id = ? AND status = 'sending'`, r.Status, sent, until, r.ID); err != nil {
			return 0, fmt.Errorf("storage: settling recipient %d: %w", r.ID, err)
		}
	}
	if err := dbtx.Commit(); err != nil {
		return 0, fmt.Errorf("storage: settling recipients: %w", err)
	}
	return len(rows), nil
}

// QueueRecipients hands up to limit planned recipients of an active
// broadcast on channel ch to the outbox's bulk lane, in one transaction:
// each row becomes 'sending' with its outbox row, so it is queued once
// however often this runs and from however many processes. A recipient
// who opted out or became unreachable since planning is skipped instead.
func (s *Store) QueueRecipients(ctx context.Context, id int64, ch lapak.Channel, limit int) (queued, skipped int, err error) {
	if limit <= 0 {
		return 0, 0, nil
	}
	now := s.now()
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("storage: queueing broadcast %d: %w", id, err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}
	// Shares the broadcast's lock with pause and cancel: a row is never
	// queued after the broadcast was paused or cancelled.
	b, err := getBroadcast(ctx, dbtx, id, s.forUpdate())
	if err != nil {
		return 0, 0, err
	}
	if b.Status != lapak.BroadcastActive {
		return 0, 0, nil
	}
	var rows []struct {
		ID          int64  `db:"id"`
		CustomerID  int64  `db:"customer_id"`
		Channel     string `db:"channel"`
		ChatID      string `db:"chat_id"`
		Payload     string `db:"payload"`
		OptedOut    bool   `db:"opted_out"`
		Unreachable bool   `db:"unreachable"`
	}
	if err := t.sel(ctx, &rows, `SELECT r.id, r.customer_id, r.channel, r.chat_id, r.payload,
			(SELECT c.opted_out FROM lapak_customers c WHERE c.id = r.customer_id) AS opted_out,
			(SELECT c.unreachable FROM lapak_customers c WHERE c.id = r.customer_id) AS unreachable
		FROM lapak_broadcast_recipients r WHERE r.broadcast_id = ? AND r.status = 'planned' AND r.channel = ?
		ORDER BY r.id LIMIT ?`+s.skipLocked(), id, string(ch), limit); err != nil {
		return 0, 0, fmt.Errorf("storage: queueing broadcast %d: %w", id, err)
	}
	var logged []chatRow // the promos join their chats' logs
	for _, r := range rows {
		if r.OptedOut || r.Unreachable {
			why := lapak.SkipOptedOut
			if !r.OptedOut {
				why = lapak.SkipBlocked
			}
			res, err := t.exec(ctx, `UPDATE lapak_broadcast_recipients SET status = 'skipped', reason = ? WHERE id = ? AND status = 'planned'`,
				string(why), r.ID)
			if err != nil {
				return 0, 0, fmt.Errorf("storage: skipping recipient %d: %w", r.ID, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				skipped++
			}
			continue
		}
		// Claimed first: a row another transaction queued meanwhile is
		// left alone, so no promo gets a second outbox row.
		res, err := t.exec(ctx, `UPDATE lapak_broadcast_recipients SET status = 'sending', queued_at = ?
			WHERE id = ? AND status = 'planned'`, now, r.ID)
		if err != nil {
			return 0, 0, fmt.Errorf("storage: queueing recipient %d: %w", r.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		var outbox int64
		if err := t.get(ctx, &outbox, `INSERT INTO lapak_outbox (customer_id, channel, chat_id, class, payload, status, next_attempt_at, created_at)
			VALUES (?, ?, ?, 'bulk', ?, 'pending', ?, ?) RETURNING id`, r.CustomerID, r.Channel, r.ChatID, r.Payload, now, now); err != nil {
			return 0, 0, fmt.Errorf("storage: queueing recipient %d: %w", r.ID, err)
		}
		if _, err := t.exec(ctx, `UPDATE lapak_broadcast_recipients SET outbox_id = ? WHERE id = ?`, outbox, r.ID); err != nil {
			return 0, 0, fmt.Errorf("storage: queueing recipient %d: %w", r.ID, err)
		}
		var msg lapak.Outbound
		if err := json.Unmarshal([]byte(r.Payload), &msg); err == nil {
			logged = append(logged, outboundChat(r.CustomerID, lapak.Envelope{Class: lapak.PaceBulk, Msg: msg}))
		}
		queued++
	}
	if err := t.logChat(ctx, logged); err != nil {
		return 0, 0, err
	}
	if err := dbtx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("storage: queueing broadcast %d: %w", id, err)
	}
	return queued, skipped, nil
}

// takeBack skips a broadcast's recipients still waiting in the outbox
// whose delivery has not started (the outbox row fails with the reason).
// A row whose delivery started meanwhile (MarkSending) is left to finish;
// its recipient follows it.
func (t *tx) takeBack(ctx context.Context, id int64, why lapak.SkipReason) (int, error) {
	var waiting []struct {
		ID     int64 `db:"id"`
		Outbox int64 `db:"outbox_id"`
	}
	if err := t.sel(ctx, &waiting, `SELECT r.id, r.outbox_id FROM lapak_broadcast_recipients r
		JOIN lapak_outbox o ON o.id = r.outbox_id WHERE r.broadcast_id = ? AND r.status = 'sending' AND o.status = 'pending'`, id); err != nil {
		return 0, fmt.Errorf("storage: taking back promos of broadcast %d: %w", id, err)
	}
	n := 0
	for _, w := range waiting {
		res, err := t.exec(ctx, `UPDATE lapak_outbox SET status = 'failed', claimed_until = NULL, last_error = ?
			WHERE id = ? AND status = 'pending'`, "promo not sent: "+string(why), w.Outbox)
		if err != nil {
			return n, fmt.Errorf("storage: taking back promos of broadcast %d: %w", id, err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			continue
		}
		if _, err := t.exec(ctx, `UPDATE lapak_broadcast_recipients SET status = 'skipped', reason = ?
			WHERE id = ? AND status = 'sending'`, string(why), w.ID); err != nil {
			return n, fmt.Errorf("storage: taking back promos of broadcast %d: %w", id, err)
		}
		n++
	}
	return n, nil
}

// SkipLate skips the recipients of a broadcast past its "don't send
// after" time: the planned ones, and those waiting in the outbox whose
// delivery has not started.
func (s *Store) SkipLate(ctx context.Context, id int64) (int, error) {
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storage: skipping late recipients of broadcast %d: %w", id, err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: s.now()}
	if _, err := getBroadcast(ctx, dbtx, id, s.forUpdate()); err != nil {
		return 0, err
	}
	res, err := t.exec(ctx, `UPDATE lapak_broadcast_recipients SET status = 'skipped', reason = ?
		WHERE broadcast_id = ? AND status = 'planned'`, string(lapak.SkipDeadline), id)
	if err != nil {
		return 0, fmt.Errorf("storage: skipping late recipients of broadcast %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	back, err := t.takeBack(ctx, id, lapak.SkipDeadline)
	if err != nil {
		return 0, err
	}
	if err := dbtx.Commit(); err != nil {
		return 0, fmt.Errorf("storage: skipping late recipients of broadcast %d: %w", id, err)
	}
	return int(n) + back, nil
}

// FinishBroadcasts marks done every active broadcast whose time has come
// and which has no recipient left planned or in the outbox, and queues the
// report notice(report) returns in the same transaction, so each report
// goes out once.
func (s *Store) FinishBroadcasts(ctx context.Context, notice func(ctx context.Context, tx lapak.AdminTx, r lapak.BroadcastReport) ([]lapak.Envelope, error)) (int, error) {
	now := s.now()
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storage: finishing broadcasts: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}
	var ids []int64
	if err := t.sel(ctx, &ids, `SELECT b.id FROM lapak_broadcasts b WHERE b.status = 'active' AND b.send_at <= ?
		AND NOT EXISTS (SELECT 1 FROM lapak_broadcast_recipients r WHERE r.broadcast_id = b.id AND r.status IN ('planned', 'sending'))
		ORDER BY b.id`+s.skipLocked(), now); err != nil {
		return 0, fmt.Errorf("storage: finishing broadcasts: %w", err)
	}
	for _, id := range ids {
		if _, err := t.exec(ctx, `UPDATE lapak_broadcasts SET status = 'done', finished_at = ?, updated_at = ? WHERE id = ? AND status = 'active'`,
			now, now, id); err != nil {
			return 0, fmt.Errorf("storage: finishing broadcast %d: %w", id, err)
		}
		if notice == nil {
			continue
		}
		r, err := report(ctx, dbtx, id)
		if err != nil {
			return 0, err
		}
		envs, err := notice(ctx, t, r)
		if err != nil {
			return 0, err
		}
		if err := (opTx{t}).Queue(ctx, envs...); err != nil {
			return 0, err
		}
	}
	if err := dbtx.Commit(); err != nil {
		return 0, fmt.Errorf("storage: finishing broadcasts: %w", err)
	}
	return len(ids), nil
}

// ---- saved segments ----

// SaveSegment stores a segment by name, replacing one of that name.
func (s *Store) SaveSegment(ctx context.Context, seg lapak.Segment) error {
	return s.inTx(ctx, "saving a segment", func(t *tx) error { return t.SaveSegment(ctx, seg) })
}

type segmentRow struct {
	Name  string `db:"name"`
	Conds string `db:"conditions"`
}

func (r segmentRow) segment() (lapak.Segment, error) {
	seg, err := lapak.ParseSegment(r.Conds)
	if err != nil {
		return lapak.Segment{}, fmt.Errorf("storage: segment %q: %w", r.Name, err)
	}
	seg.Name = r.Name
	return seg, nil
}

// Segments lists the saved segments by name.
func (s *Store) Segments(ctx context.Context) ([]lapak.Segment, error) {
	return listSegments(ctx, s.db)
}

func listSegments(ctx context.Context, q sqlx.QueryerContext) ([]lapak.Segment, error) {
	var rows []segmentRow
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT name, conditions FROM lapak_segments ORDER BY name`); err != nil {
		return nil, fmt.Errorf("storage: listing segments: %w", err)
	}
	out := make([]lapak.Segment, 0, len(rows))
	for _, r := range rows {
		seg, err := r.segment()
		if err != nil {
			return nil, err
		}
		out = append(out, seg)
	}
	return out, nil
}

// SegmentByName finds a saved segment (ErrNotFound if none has the name).
func (s *Store) SegmentByName(ctx context.Context, name string) (lapak.Segment, error) {
	return segmentByName(ctx, s.db, name)
}

func segmentByName(ctx context.Context, q sqlx.QueryerContext, name string) (lapak.Segment, error) {
	var r segmentRow
	err := sqlx.GetContext(ctx, q, &r, rebind(q, `SELECT name, conditions FROM lapak_segments WHERE name = ?`), strings.TrimSpace(name))
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Segment{}, fmt.Errorf("storage: segment %q: %w", name, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Segment{}, fmt.Errorf("storage: segment %q: %w", name, err)
	}
	return r.segment()
}

// ---- a promo's photo ----

// KeepPhoto stores a picture given as bytes (a promo's photo from `lapak
// broadcast --photo`) as product photos are kept, and returns its
// reference ("stored:ID"); the same picture twice is kept once.
// lapak.ErrPhotoTooBig or lapak.ErrNotPhoto refuse it.
func (s *Store) KeepPhoto(ctx context.Context, data []byte) (string, error) {
	if err := checkPhoto(data); err != nil {
		return "", err
	}
	id, err := s.keepMedia(ctx, data, nil)
	if err != nil {
		return "", fmt.Errorf("storage: keeping a photo: %w", err)
	}
	return lapak.StoredRef(id), nil
}

// KeepBroadcastPhoto keeps the picture a broadcast's photo reference from
// (a "media:" reference: the photo as the admin sent it in chat) points at,
// given its bytes, and points the broadcast and its recipients not yet
// queued at the kept copy, in one transaction: every channel can then send
// it, whether or not the channel it came from runs in the sending process,
// and it is fetched from that channel once, not once per recipient. A
// broadcast whose photo changed meanwhile is left alone. It returns the new
// reference.
func (s *Store) KeepBroadcastPhoto(ctx context.Context, id int64, from string, data []byte) (string, error) {
	if err := checkPhoto(data); err != nil {
		return "", err
	}
	var ref string
	_, err := s.keepMedia(ctx, data, func(t *tx, media int64) error {
		ref = lapak.StoredRef(media)
		res, err := t.exec(ctx, `UPDATE lapak_broadcasts SET image = ?, updated_at = ? WHERE id = ? AND image = ?`, ref, t.now, id, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			ref = from
			return nil
		}
		// The frozen messages are lapak.Outbound as JSON; its image field is
		// the only place the reference appears in that form.
		field := func(ref string) (string, error) {
			b, err := json.Marshal(ref)
			return `"image":` + string(b), err
		}
		was, err := field(from)
		if err != nil {
			return err
		}
		now, err := field(ref)
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `UPDATE lapak_broadcast_recipients SET payload = REPLACE(payload, ?, ?)
			WHERE broadcast_id = ? AND status = 'planned'`, was, now, id)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("storage: keeping broadcast %d's photo: %w", id, err)
	}
	return ref, nil
}

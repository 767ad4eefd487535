package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lapak-id/lapak"
)

// Reads of the dashboard's promos pages: the broadcasts with their
// recipients counted, one query for the list; a broadcast's recipients
// line by line for its report's CSV; the vouchers.

// DashBroadcasts lists the newest limit broadcasts, newest first, each
// with its recipients counted by status (Planned, Waiting, Sending, Sent,
// Failed, Unknown, Skipped by reason); replies and orders are left to
// BroadcastReport (one broadcast's page).
func (s *Store) DashBroadcasts(ctx context.Context, limit int) ([]lapak.BroadcastReport, error) {
	limit = min(max(limit, 1), 200)
	list, err := listBroadcasts(ctx, s.db, limit)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	ids := make([]int64, len(list))
	for i, b := range list {
		ids[i] = b.ID
	}
	q, args, err := sqlx.In(`SELECT broadcast_id, status, reason, COUNT(*) AS n FROM lapak_broadcast_recipients
		WHERE broadcast_id IN (?) GROUP BY broadcast_id, status, reason`, ids)
	if err != nil {
		return nil, fmt.Errorf("storage: counting recipients: %w", err)
	}
	var counts []struct {
		ID     int64  `db:"broadcast_id"`
		Status string `db:"status"`
		Reason string `db:"reason"`
		N      int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &counts, s.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("storage: counting recipients: %w", err)
	}
	out := make([]lapak.BroadcastReport, len(list))
	at := map[int64]*lapak.BroadcastReport{}
	for i, b := range list {
		out[i] = lapak.BroadcastReport{Broadcast: b, Skipped: map[lapak.SkipReason]int{}}
		at[b.ID] = &out[i]
	}
	for _, c := range counts {
		r := at[c.ID]
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
	return out, nil
}

// recipientLines reads a broadcast's recipients after one id; the
// attributed replies and orders are counted as BroadcastReport counts them.
const recipientLines = `SELECT r.id, r.customer_id, CASE WHEN c.name <> '' THEN c.name ELSE c.chat_name END AS name,
	r.channel, r.status, r.reason, r.sent_at,
	CASE WHEN r.status = 'sent' AND EXISTS (SELECT 1 FROM lapak_inbound i WHERE i.customer_id = r.customer_id
		AND i.received_at > r.sent_at AND i.received_at <= r.attributed_until) THEN 1 ELSE 0 END AS replied,
	(SELECT COUNT(*) FROM lapak_orders o WHERE r.status = 'sent' AND o.customer_id = r.customer_id
		AND o.created_at > r.sent_at AND o.created_at <= r.attributed_until AND ` + notCancelled + `) AS orders,
	(SELECT COALESCE(SUM(o.total), 0) FROM lapak_orders o WHERE r.status = 'sent' AND o.customer_id = r.customer_id
		AND o.created_at > r.sent_at AND o.created_at <= r.attributed_until AND ` + notCancelled + `) AS revenue,
	(SELECT COUNT(*) FROM lapak_orders o WHERE r.status = 'sent' AND r.voucher <> '' AND o.customer_id = r.customer_id
		AND o.created_at > r.sent_at AND o.created_at <= r.attributed_until AND o.voucher_code = r.voucher AND ` + notCancelled + `) AS voucher_uses
	FROM lapak_broadcast_recipients r JOIN lapak_customers c ON c.id = r.customer_id
	WHERE r.broadcast_id = ? AND r.id > ? ORDER BY r.id LIMIT ?`

// RecipientLines is up to limit recipients of broadcast id after the
// recipient row after (0 for the first), in order: page through them with
// the last one's ID.
func (s *Store) RecipientLines(ctx context.Context, id, after int64, limit int) ([]lapak.RecipientLine, error) {
	limit = min(max(limit, 1), 5000)
	var rows []struct {
		ID          int64        `db:"id"`
		CustomerID  int64        `db:"customer_id"`
		Name        string       `db:"name"`
		Channel     string       `db:"channel"`
		Status      string       `db:"status"`
		Reason      string       `db:"reason"`
		SentAt      sql.NullTime `db:"sent_at"`
		Replied     int          `db:"replied"`
		Orders      int          `db:"orders"`
		Revenue     int64        `db:"revenue"`
		VoucherUses int          `db:"voucher_uses"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(recipientLines), id, after, limit); err != nil {
		return nil, fmt.Errorf("storage: recipients of broadcast %d: %w", id, err)
	}
	out := make([]lapak.RecipientLine, len(rows))
	for i, r := range rows {
		out[i] = lapak.RecipientLine{ID: r.ID, CustomerID: r.CustomerID, Name: r.Name, Channel: lapak.Channel(r.Channel),
			Status: lapak.RecipientStatus(r.Status), Reason: lapak.SkipReason(r.Reason), SentAt: utcPtr(r.SentAt),
			Replied: r.Replied != 0, Orders: r.Orders, Revenue: lapak.Money(r.Revenue), VoucherUses: r.VoucherUses}
	}
	return out, nil
}

// DashVouchers lists every voucher, newest first, with its scope.
func (s *Store) DashVouchers(ctx context.Context) ([]lapak.Voucher, error) {
	var out []lapak.Voucher
	err := s.inTx(ctx, "listing vouchers", func(t *tx) error {
		var err error
		out, err = t.Vouchers(ctx)
		return err
	})
	return out, err
}

package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lapak-id/lapak"
)

// maxReason bounds the error text kept with an outbox row.
const maxReason = 500

type outboxRow struct {
	ID         int64         `db:"id"`
	CustomerID sql.NullInt64 `db:"customer_id"`
	Channel    string        `db:"channel"`
	ChatID     string        `db:"chat_id"`
	Class      string        `db:"class"`
	Payload    string        `db:"payload"`
	Attempts   int           `db:"attempts"`
	PartsSent  int           `db:"parts_sent"`
	CreatedAt  time.Time     `db:"created_at"`
}

// claimOutbox leases due rows, at most one per chat and lane: a chat's
// oldest pending row, where bulk rows (promos) form a lane of their own so a
// reply never waits behind one. Replies stay in order, and a batch spreads
// over many chats, so a chat waiting out its pacing gap does not hold up the
// others. The head test is a correlated MIN, which every planner runs as an
// index probe per row; a NOT EXISTS anti-join was planned as a nested loop
// over all pending rows on a table without statistics yet, and took seconds.
const claimOutbox = `UPDATE lapak_outbox SET claimed_until = ?
	WHERE id IN (
		SELECT o.id FROM lapak_outbox o
		WHERE o.status = 'pending' AND o.channel IN (?) AND o.next_attempt_at <= ?
		  AND (o.claimed_until IS NULL OR o.claimed_until <= ?)%s
		  AND o.id = (
			SELECT MIN(p.id) FROM lapak_outbox p
			WHERE p.channel = o.channel AND p.chat_id = o.chat_id AND p.status = 'pending'
			  AND (p.class = 'bulk') = (o.class = 'bulk'))
		ORDER BY o.id LIMIT ?%s)
	RETURNING id, customer_id, channel, chat_id, class, payload, attempts, parts_sent, created_at`

// unknownOutbox settles bulk rows whose sender died during the platform
// call: whether the message arrived cannot be known, and a promo is never
// sent twice.
const unknownOutbox = `UPDATE lapak_outbox SET status = 'unknown', claimed_until = NULL,
		last_error = 'the sender stopped during delivery: not sent again'
	WHERE status = 'sending' AND claimed_until <= ? AND channel IN (?)`

// ClaimOutbox leases up to limit due messages for the given channels, oldest
// first, for lease. The sender renews the lease of the rows it still holds
// (RenewClaims), so a short lease brings a dead sender's rows back soon.
func (s *Store) ClaimOutbox(ctx context.Context, channels []lapak.Channel, limit int, lease time.Duration) ([]lapak.OutboxMessage, error) {
	return s.claim(ctx, channels, "", limit, lease)
}

// ClaimOutboxLane is ClaimOutbox for one lane: the promos (bulk) or every
// other message. The sender claims them apart, so replies are never
// claimed behind a batch of promos that have to wait for their pace.
func (s *Store) ClaimOutboxLane(ctx context.Context, channels []lapak.Channel, bulk bool, limit int, lease time.Duration) ([]lapak.OutboxMessage, error) {
	if bulk {
		return s.claim(ctx, channels, " AND o.class = 'bulk'", limit, lease)
	}
	return s.claim(ctx, channels, " AND o.class <> 'bulk'", limit, lease)
}

// claim leases due rows that also meet class, a constant condition on o.
func (s *Store) claim(ctx context.Context, channels []lapak.Channel, class string, limit int, lease time.Duration) ([]lapak.OutboxMessage, error) {
	if len(channels) == 0 || limit <= 0 {
		return nil, nil
	}
	if lease <= 0 {
		return nil, errors.New("storage: claiming outbox: lease must be positive")
	}
	now := s.now()
	until := now.Add(lease)
	names := make([]string, len(channels))
	for i, c := range channels {
		names[i] = string(c)
	}
	query, args, err := sqlx.In(fmt.Sprintf(claimOutbox, class, s.skipLocked()), until, names, now, now, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: claiming outbox: %w", err)
	}
	sweep, sweepArgs, err := sqlx.In(unknownOutbox, now, names)
	if err != nil {
		return nil, fmt.Errorf("storage: claiming outbox: %w", err)
	}
	tx, err := s.bookkeepingTx(ctx)
	if err != nil {
		return nil, fmt.Errorf("storage: claiming outbox: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, tx.Rebind(sweep), sweepArgs...); err != nil {
		return nil, fmt.Errorf("storage: claiming outbox: settling interrupted bulk rows: %w", err)
	}
	// No claim-wide lock is needed: SKIP LOCKED keeps two senders off the
	// same row, and a chat's next row is not claimable while its head row
	// is pending, leased or not.
	var rows []outboxRow
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(query), args...); err != nil {
		return nil, fmt.Errorf("storage: claiming outbox: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("storage: claiming outbox: %w", err)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	out := make([]lapak.OutboxMessage, 0, len(rows))
	for _, r := range rows {
		m, err := r.message()
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func (r outboxRow) message() (lapak.OutboxMessage, error) {
	var msg lapak.Outbound
	if err := json.Unmarshal([]byte(r.Payload), &msg); err != nil {
		return lapak.OutboxMessage{}, fmt.Errorf("storage: outbox %d: decoding: %w", r.ID, err)
	}
	return lapak.OutboxMessage{
		ID:         r.ID,
		CustomerID: r.CustomerID.Int64,
		Envelope: lapak.Envelope{
			To:    lapak.Identity{Channel: lapak.Channel(r.Channel), ChatID: r.ChatID},
			Class: lapak.Pacing(r.Class),
			Msg:   msg,
		},
		Attempts:  r.Attempts,
		PartsSent: r.PartsSent,
		CreatedAt: utc(r.CreatedAt),
	}, nil
}

// RenewClaims extends the lease of claimed rows still being delivered.
// Rows already settled (sent, retried, postponed) are left alone.
func (s *Store) RenewClaims(ctx context.Context, ids []int64, lease time.Duration) error {
	if len(ids) == 0 {
		return nil
	}
	query, args, err := sqlx.In(`UPDATE lapak_outbox SET claimed_until = ?
		WHERE id IN (?) AND status IN ('pending', 'sending') AND claimed_until IS NOT NULL`, s.now().Add(lease), ids)
	if err != nil {
		return fmt.Errorf("storage: renewing outbox claims: %w", err)
	}
	tx, err := s.bookkeepingTx(ctx)
	if err != nil {
		return fmt.Errorf("storage: renewing outbox claims: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, tx.Rebind(query), args...); err != nil {
		return fmt.Errorf("storage: renewing outbox claims: %w", err)
	}
	return tx.Commit()
}

// outboxTx begins a transaction for one outbox row's delivery records: a
// bulk row's commit is fully durable (its marks are what stops a promo from
// going out twice), others are bookkeeping (see bookkeepingTx).
func (s *Store) outboxTx(ctx context.Context, class lapak.Pacing) (*sqlx.Tx, error) {
	if class == lapak.PaceBulk {
		return s.db.BeginTxx(ctx, nil)
	}
	return s.bookkeepingTx(ctx)
}

// execOutbox runs one statement on one outbox row in an outboxTx;
// ErrNotFound when it changed nothing.
func (s *Store) execOutbox(ctx context.Context, class lapak.Pacing, what string, query string, args ...any) error {
	tx, err := s.outboxTx(ctx, class)
	if err != nil {
		return fmt.Errorf("storage: %s: %w", what, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, tx.Rebind(query), args...)
	if err != nil {
		return fmt.Errorf("storage: %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: %s: %w", what, lapak.ErrNotFound)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storage: %s: %w", what, err)
	}
	return nil
}

// MarkSending records that a claimed bulk row's platform call is about to
// start, durably: if the sender dies now, the row becomes 'unknown' rather
// than being sent again. A promo whose broadcast's "don't send after" has
// passed (it waited out the quiet hours, say, and the broadcast job has
// not taken it back yet) is not started: it is skipped here, in the same
// transaction, and ErrNotFound says it is no longer to be sent.
func (s *Store) MarkSending(ctx context.Context, id int64) error {
	what := fmt.Sprintf("marking outbox %d sending", id)
	dbtx, err := s.outboxTx(ctx, lapak.PaceBulk)
	if err != nil {
		return fmt.Errorf("storage: %s: %w", what, err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: s.now()}
	var late []int64
	if err := t.sel(ctx, &late, `SELECT r.id FROM lapak_broadcast_recipients r
		JOIN lapak_broadcasts b ON b.id = r.broadcast_id
		WHERE r.outbox_id = ? AND r.status = 'sending' AND b.send_until IS NOT NULL AND b.send_until <= ?`,
		id, t.now.UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("storage: %s: %w", what, err)
	}
	if len(late) > 0 {
		res, err := t.exec(ctx, `UPDATE lapak_outbox SET status = 'failed', claimed_until = NULL, last_error = ?
			WHERE id = ? AND status = 'pending'`, "promo not sent: "+string(lapak.SkipDeadline), id)
		if err != nil {
			return fmt.Errorf("storage: %s: %w", what, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if _, err := t.exec(ctx, `UPDATE lapak_broadcast_recipients SET status = 'skipped', reason = ?
				WHERE id = ? AND status = 'sending'`, string(lapak.SkipDeadline), late[0]); err != nil {
				return fmt.Errorf("storage: %s: %w", what, err)
			}
		}
		if err := dbtx.Commit(); err != nil {
			return fmt.Errorf("storage: %s: %w", what, err)
		}
		return fmt.Errorf("storage: %s: past its broadcast's don't-send-after, skipped: %w", what, lapak.ErrNotFound)
	}
	res, err := t.exec(ctx, `UPDATE lapak_outbox SET status = 'sending' WHERE id = ? AND status = 'pending'`, id)
	if err != nil {
		return fmt.Errorf("storage: %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: %s: %w", what, lapak.ErrNotFound)
	}
	if err := dbtx.Commit(); err != nil {
		return fmt.Errorf("storage: %s: %w", what, err)
	}
	return nil
}

// RecordParts records that the first parts of a multi-part message went
// out, so a retry or a restart sends only the rest.
func (s *Store) RecordParts(ctx context.Context, id int64, class lapak.Pacing, parts int) error {
	return s.execOutbox(ctx, class, fmt.Sprintf("recording parts of outbox %d", id), `UPDATE lapak_outbox
		SET parts_sent = ? WHERE id = ? AND status IN ('pending', 'sending')`, parts, id)
}

func (s *Store) execOne(ctx context.Context, what string, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, s.db.Rebind(query), args...)
	if err != nil {
		return fmt.Errorf("storage: %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: %s: %w", what, lapak.ErrNotFound)
	}
	return nil
}

// MarkSent records one delivered message, right after its delivery.
func (s *Store) MarkSent(ctx context.Context, id int64, class lapak.Pacing) error {
	return s.execOutbox(ctx, class, fmt.Sprintf("marking outbox %d sent", id), `UPDATE lapak_outbox
		SET status = 'sent', attempts = attempts + 1, sent_at = ?, claimed_until = NULL
		WHERE id = ? AND status IN ('pending', 'sending')`, s.now(), id)
}

// bookkeepingTx begins a transaction for the outbox's own records (claims,
// sent marks). On PostgreSQL it does not wait for the WAL flush: losing such
// a commit takes a crash of the database server, not of Lapak, and costs at
// most one repeated delivery, while waiting for the flush halved the
// message rate. Inbound messages and orders keep fully durable commits.
func (s *Store) bookkeepingTx(ctx context.Context) (*sqlx.Tx, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if s.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return tx, nil
}

// MarkRetry schedules another attempt at next. A bulk row the platform
// refused goes back to pending.
func (s *Store) MarkRetry(ctx context.Context, id int64, next time.Time, reason string) error {
	return s.execOne(ctx, fmt.Sprintf("marking outbox %d for retry", id), `UPDATE lapak_outbox
		SET status = 'pending', attempts = attempts + 1, next_attempt_at = ?, claimed_until = NULL, last_error = ?
		WHERE id = ? AND status IN ('pending', 'sending')`, next.UTC().Truncate(time.Microsecond), clip(reason, maxReason), id)
}

// Postpone returns a claimed message to the queue until next without
// counting an attempt: it was not tried (its pacing budget was spent).
func (s *Store) Postpone(ctx context.Context, id int64, next time.Time) error {
	return s.execOne(ctx, fmt.Sprintf("postponing outbox %d", id), `UPDATE lapak_outbox
		SET next_attempt_at = ?, claimed_until = NULL WHERE id = ? AND status = 'pending'`,
		next.UTC().Truncate(time.Microsecond), id)
}

// MarkFailed gives up on a message for good.
func (s *Store) MarkFailed(ctx context.Context, id int64, reason string) error {
	return s.execOne(ctx, fmt.Sprintf("marking outbox %d failed", id), `UPDATE lapak_outbox
		SET status = 'failed', attempts = attempts + 1, claimed_until = NULL, last_error = ?
		WHERE id = ? AND status IN ('pending', 'sending')`,
		clip(reason, maxReason), id)
}

// MarkUnreachable flags the customer (channel, chat) unreachable and fails
// that chat's pending rows: the platform said we cannot message them.
func (s *Store) MarkUnreachable(ctx context.Context, to lapak.Identity, reason string) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: marking %s unreachable: %w", to, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE lapak_customers SET unreachable = TRUE, updated_at = ?
		WHERE channel = ? AND chat_id = ?`), s.now(), string(to.Channel), to.ChatID); err != nil {
		return fmt.Errorf("storage: marking %s unreachable: %w", to, err)
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE lapak_outbox SET status = 'failed', claimed_until = NULL, last_error = ?
		WHERE channel = ? AND chat_id = ? AND status IN ('pending', 'sending')`), clip(reason, maxReason), string(to.Channel), to.ChatID); err != nil {
		return fmt.Errorf("storage: failing outbox of %s: %w", to, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storage: marking %s unreachable: %w", to, err)
	}
	return nil
}

// PendingOutbox counts messages not yet sent or failed.
func (s *Store) PendingOutbox(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM lapak_outbox WHERE status = 'pending'`); err != nil {
		return 0, fmt.Errorf("storage: counting outbox: %w", err)
	}
	return n, nil
}

// DueToExpire locks up to limit unpaid orders whose deadline has passed,
// skipping those another transaction holds (PostgreSQL; SQLite's
// transaction holds the only write lock).
func (t *tx) DueToExpire(ctx context.Context, now time.Time, limit int) ([]lapak.Order, error) {
	if limit <= 0 {
		limit = 100
	}
	var ids []int64
	if err := t.sel(ctx, &ids, `SELECT id FROM lapak_orders WHERE status = 'pending_payment' AND expires_at <= ?
		ORDER BY expires_at, id LIMIT ?`+t.s.skipLocked(), now.UTC().Truncate(time.Microsecond), limit); err != nil {
		return nil, fmt.Errorf("storage: finding orders to expire: %w", err)
	}
	out := make([]lapak.Order, 0, len(ids))
	for _, id := range ids {
		o, err := loadOrder(ctx, t.tx, "id = ?", "", id)
		if err != nil {
			return nil, fmt.Errorf("storage: order %d to expire: %w", id, err)
		}
		out = append(out, o)
	}
	return out, nil
}

// BulkSentSince counts the promos (bulk rows) sent on ch since a moment,
// for a channel's daily budget. Rows left unknown by a crash count too:
// they may have gone out.
func (s *Store) BulkSentSince(ctx context.Context, ch lapak.Channel, since time.Time) (int, error) {
	var n int
	err := s.db.GetContext(ctx, &n, s.db.Rebind(`SELECT COUNT(*) FROM lapak_outbox
		WHERE channel = ? AND class = 'bulk' AND (status = 'sent' AND sent_at >= ? OR status = 'unknown' AND created_at >= ?)`),
		string(ch), since.UTC().Truncate(time.Microsecond), since.UTC().Truncate(time.Microsecond))
	if err != nil {
		return 0, fmt.Errorf("storage: counting promos sent: %w", err)
	}
	return n, nil
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lapak-id/lapak"
)

var _ lapak.TakeoverStore = (*Store)(nil)

// Get or create and lock the conversation, as HandleInbound does: a
// takeover and a message of the same customer are serialised by the row.
const lockCustomerTakeover = `INSERT INTO lapak_customers (channel, chat_id, created_at, updated_at)
	VALUES (?, ?, ?, ?) ON CONFLICT (channel, chat_id) DO UPDATE SET updated_at = excluded.updated_at
	RETURNING id, takeover_until`

const setTakeover = `UPDATE lapak_customers SET takeover_until = ?, takeover_by = ? WHERE id = ?`

// TakeOver keeps the bot out of id's conversation until until; see
// lapak.TakeoverStore. Whether it is still active is decided by the clock
// when a message arrives, so nothing has to end it.
func (s *Store) TakeOver(ctx context.Context, id lapak.Identity, by string, until time.Time) error {
	if id.Channel == "" || id.ChatID == "" || by == "" || until.IsZero() {
		return errors.New("storage: a takeover needs a channel, a chat id, who and until when")
	}
	until = until.UTC().Truncate(time.Microsecond)
	now := s.now()
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: taking over %s: %w", id, err)
	}
	defer dbtx.Rollback()
	var r struct {
		ID    int64        `db:"id"`
		Until sql.NullTime `db:"takeover_until"`
	}
	if err := dbtx.GetContext(ctx, &r, dbtx.Rebind(lockCustomerTakeover), string(id.Channel), id.ChatID, now, now); err != nil {
		return fmt.Errorf("storage: taking over %s: %w", id, err)
	}
	if r.Until.Valid && r.Until.Time.After(until) {
		return nil // a longer takeover stands
	}
	if _, err := dbtx.ExecContext(ctx, dbtx.Rebind(setTakeover), until, by, r.ID); err != nil {
		return fmt.Errorf("storage: taking over %s: %w", id, err)
	}
	if err := dbtx.Commit(); err != nil {
		return fmt.Errorf("storage: taking over %s: %w", id, err)
	}
	return nil
}

const clearTakeover = `UPDATE lapak_customers SET takeover_until = NULL, takeover_by = '', updated_at = ?
	WHERE channel = ? AND chat_id = ?`

// HandBack ends id's takeover now; see lapak.TakeoverStore.
func (s *Store) HandBack(ctx context.Context, id lapak.Identity) error {
	res, err := s.db.ExecContext(ctx, s.db.Rebind(clearTakeover), s.now(), string(id.Channel), id.ChatID)
	if err != nil {
		return fmt.Errorf("storage: handing back %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("storage: handing back %s: %w", id, err)
	} else if n == 0 {
		return fmt.Errorf("storage: handing back %s: %w", id, lapak.ErrNotFound)
	}
	return nil
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lapak-id/lapak"
)

// The promo operations inside a chat turn's transaction (lapak.BroadcastTx):
// the desk's /promo plans, pauses, resumes and cancels in the message's
// own transaction, so on SQLite it never waits for a second write
// transaction behind the one the turn holds.

var _ lapak.BroadcastTx = (*tx)(nil)

// Audience counts seg at time at in t.
func (t *tx) Audience(ctx context.Context, seg lapak.Segment, at time.Time, maxPerWeek int) (lapak.Audience, error) {
	return audience(ctx, t.tx, seg, at, maxPerWeek)
}

// Broadcast reads one broadcast in t (ErrNotFound if unknown).
func (t *tx) Broadcast(ctx context.Context, id int64) (lapak.Broadcast, error) {
	return getBroadcast(ctx, t.tx, id, "")
}

// Broadcasts lists the newest broadcasts first, in t.
func (t *tx) Broadcasts(ctx context.Context, limit int) ([]lapak.Broadcast, error) {
	if limit <= 0 {
		limit = 20
	}
	var rows []broadcastRow
	if err := t.sel(ctx, &rows, `SELECT `+broadcastColumns+` FROM lapak_broadcasts ORDER BY id DESC LIMIT ?`, limit); err != nil {
		return nil, fmt.Errorf("storage: listing broadcasts: %w", err)
	}
	out := make([]lapak.Broadcast, len(rows))
	for i, r := range rows {
		out[i] = r.broadcast()
	}
	return out, nil
}

// BroadcastReport counts what became of a broadcast's recipients, in t.
func (t *tx) BroadcastReport(ctx context.Context, id int64) (lapak.BroadcastReport, error) {
	return report(ctx, t.tx, id)
}

// SaveSegment stores a segment by name in t.
func (t *tx) SaveSegment(ctx context.Context, seg lapak.Segment) error {
	name := strings.TrimSpace(seg.Name)
	if name == "" {
		return errors.New("storage: saving a segment: it needs a name")
	}
	_, err := t.exec(ctx, `INSERT INTO lapak_segments (name, conditions, created_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET conditions = excluded.conditions, updated_at = excluded.updated_at`, name, seg.String(), t.now, t.now)
	if err != nil {
		return fmt.Errorf("storage: saving segment %q: %w", name, err)
	}
	return nil
}

// Segments lists the saved segments by name, in t.
func (t *tx) Segments(ctx context.Context) ([]lapak.Segment, error) {
	var rows []segmentRow
	if err := t.sel(ctx, &rows, `SELECT name, conditions FROM lapak_segments ORDER BY name`); err != nil {
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

// SegmentByName finds a saved segment in t (ErrNotFound if none has the name).
func (t *tx) SegmentByName(ctx context.Context, name string) (lapak.Segment, error) {
	var r segmentRow
	err := t.get(ctx, &r, `SELECT name, conditions FROM lapak_segments WHERE name = ?`, strings.TrimSpace(name))
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Segment{}, fmt.Errorf("storage: segment %q: %w", name, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Segment{}, fmt.Errorf("storage: segment %q: %w", name, err)
	}
	return r.segment()
}

package storage

import (
	"context"
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
	return listBroadcasts(ctx, t.tx, limit)
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
	return listSegments(ctx, t.tx)
}

// SegmentByName finds a saved segment in t (ErrNotFound if none has the name).
func (t *tx) SegmentByName(ctx context.Context, name string) (lapak.Segment, error) {
	return segmentByName(ctx, t.tx, name)
}

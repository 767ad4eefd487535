package storage

import (
	"context"
	"fmt"
	"time"
)

// pruneBatch bounds one delete, so pruning never holds locks for long.
const pruneBatch = 1000

// Prune deletes what is only bookkeeping once it is older than keep: the
// ids of inbound messages (kept to drop a platform's re-delivery, which
// comes within hours: Telegram keeps updates a day, the WhatsApp adapter
// drops messages older than 12 h) and outbox rows delivered or given up.
// Pending outbox rows stay whatever their age. Orders, their history, the
// audit log and customers are never pruned. It deletes in batches of
// pruneBatch, each in its own transaction, and returns how many rows went.
func (s *Store) Prune(ctx context.Context, keep time.Duration) (inbound, outbox int, err error) {
	if keep <= 0 {
		return 0, 0, fmt.Errorf("storage: pruning: keep must be positive, not %s", keep)
	}
	cutoff := s.now().Add(-keep).UTC()
	// Old rows have the smallest ids: the subquery walks the primary key
	// and stops after one batch.
	inbound, err = s.pruneTable(ctx, `DELETE FROM lapak_inbound WHERE id IN (
		SELECT id FROM lapak_inbound WHERE received_at < ? ORDER BY id LIMIT ?)`, cutoff)
	if err != nil {
		return inbound, 0, fmt.Errorf("storage: pruning inbound message ids: %w", err)
	}
	outbox, err = s.pruneTable(ctx, `DELETE FROM lapak_outbox WHERE id IN (
		SELECT id FROM lapak_outbox WHERE status NOT IN ('pending', 'sending') AND created_at < ? ORDER BY id LIMIT ?)`, cutoff)
	if err != nil {
		return inbound, outbox, fmt.Errorf("storage: pruning the outbox: %w", err)
	}
	return inbound, outbox, nil
}

func (s *Store) pruneTable(ctx context.Context, query string, cutoff time.Time) (int, error) {
	total := 0
	for {
		res, err := s.db.ExecContext(ctx, s.db.Rebind(query), cutoff, pruneBatch)
		if err != nil {
			return total, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += int(n)
		if n < pruneBatch {
			return total, nil
		}
	}
}

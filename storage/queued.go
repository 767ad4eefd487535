package storage

import (
	"context"
	"fmt"

	"github.com/lapak-id/lapak"
)

// QueuedTo counts the messages ever queued to one person and not pruned
// yet, whatever their status: how often someone was told something.
func (s *Store) QueuedTo(ctx context.Context, to lapak.Identity) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, s.db.Rebind(`SELECT COUNT(*) FROM lapak_outbox WHERE channel = ? AND chat_id = ?`),
		string(to.Channel), to.ChatID); err != nil {
		return 0, fmt.Errorf("storage: counting messages to %s: %w", to, err)
	}
	return n, nil
}

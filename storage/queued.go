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

// QueuedMessage is one message queued to a person and what became of it.
type QueuedMessage struct {
	lapak.OutboxMessage
	Status string // "pending", "sending", "sent", "failed" or "unknown"
}

// MessagesTo lists the messages queued to one person and not pruned yet,
// oldest first, with their delivery state: a conversation as the seller's
// inbox shows it.
func (s *Store) MessagesTo(ctx context.Context, to lapak.Identity) ([]QueuedMessage, error) {
	var rows []struct {
		outboxRow
		Status string `db:"status"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT id, customer_id, channel, chat_id, class, payload,
		attempts, parts_sent, created_at, status FROM lapak_outbox WHERE channel = ? AND chat_id = ? ORDER BY id`),
		string(to.Channel), to.ChatID); err != nil {
		return nil, fmt.Errorf("storage: listing messages to %s: %w", to, err)
	}
	out := make([]QueuedMessage, len(rows))
	for i, r := range rows {
		m, err := r.outboxRow.message()
		if err != nil {
			return nil, err
		}
		out[i] = QueuedMessage{OutboxMessage: m, Status: r.Status}
	}
	return out, nil
}

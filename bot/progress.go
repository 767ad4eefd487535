package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sync"
	"time"

	"github.com/lapak-id/lapak"
)

// progressTTL is how long a partial delivery is remembered: far longer than
// the sender's retries of one outbox message take.
const progressTTL = time.Hour

// Progress remembers, per outbox message, how far a multi-part delivery got
// (photo then text, a long text in several pieces) and whatever the channel
// needs to resume it, so that a retry after a failure in the middle does not
// send the first parts twice. Entries are dropped on Done or after an hour.
type Progress[T any] struct {
	now func() time.Time

	mu      sync.Mutex
	entries map[string]progressEntry[T]
}

type progressEntry[T any] struct {
	v  T
	at time.Time
}

// NewProgress returns an empty Progress using the clock now.
func NewProgress[T any](now func() time.Time) *Progress[T] {
	if now == nil {
		now = time.Now
	}
	return &Progress[T]{now: now, entries: make(map[string]progressEntry[T])}
}

// Get returns what was saved for key, or the zero T.
func (p *Progress[T]) Get(key string) T {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.entries[key]
	if !ok || p.now().Sub(e.at) > progressTTL {
		var zero T
		return zero
	}
	return e.v
}

// Save records how far the delivery of key got.
func (p *Progress[T]) Save(key string, v T) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.entries[key] = progressEntry[T]{v: v, at: now}
	if len(p.entries) > 10000 {
		for k, e := range p.entries {
			if now.Sub(e.at) > progressTTL {
				delete(p.entries, k)
			}
		}
	}
}

// Done forgets key: its delivery is complete.
func (p *Progress[T]) Done(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.entries, key)
}

// ProgressKey names one delivery: the chat and a digest of the message, which
// is all a channel's Deliver sees of an outbox row.
func ProgressKey(chatID string, msg lapak.Outbound) string {
	data, _ := json.Marshal(msg)
	sum := sha256.Sum256(data)
	return chatID + ":" + hex.EncodeToString(sum[:12])
}

package telegram

import (
	"context"
	"errors"
	"sync"

	"github.com/lapak-id/lapak/bot"
)

var errWebhookNotSet = errors.New("telegram: webhook not registered yet")

// health is the outcome of the last call that keeps updates coming:
// getMe at start, then each getUpdates (polling) or setWebhook (webhook).
type health struct {
	mu  sync.Mutex
	err error
}

func (h *health) failed(err error) {
	h.mu.Lock()
	h.err = err
	h.mu.Unlock()
}

func (h *health) succeeded() { h.failed(nil) }

// Ready reports whether the bot receives updates: nil while the last
// getUpdates (or the webhook's registration) succeeded, else that call's
// error (the token never appears in it). A long poll in progress counts as
// fine: it ends with an answer or an error within the poll timeout.
func (b *Bot) Ready(context.Context) error {
	b.health.mu.Lock()
	defer b.health.mu.Unlock()
	if b.health.err != nil {
		return redact(b.opt.Token, b.health.err)
	}
	return nil
}

var _ bot.ReadyChecker = (*Bot)(nil)

package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	lapakhttp "github.com/lapak-id/lapak/http"
)

// MaxWebhookBody bounds one webhook request; a Telegram update is far smaller.
const MaxWebhookBody = 1 << 20

// SecretHeader carries the webhook secret Telegram was registered with.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// WebhookHandler serves Telegram's webhook requests: POST only, the secret
// header checked in constant time (401, nothing changes), at most 1 MiB
// (413). It answers 200 only once the update is committed, so Telegram
// sends it again otherwise.
func (b *Bot) WebhookHandler() http.Handler {
	secret := []byte(b.opt.Webhook.Secret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get(SecretHeader))
		if len(secret) == 0 || subtle.ConstantTimeCompare(got, secret) != 1 {
			b.log.Warn("telegram: webhook request with a wrong secret", "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, ok := lapakhttp.ReadBody(w, r, MaxWebhookBody)
		if !ok {
			return
		}
		var u tgbotapi.Update
		if err := json.Unmarshal(body, &u); err != nil {
			// Telegram never sends this; re-sending would not help.
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if err := b.handle(r.Context(), u); err != nil {
			b.log.Error("telegram: webhook update not committed", "update", u.UpdateID, "err", err)
			http.Error(w, "not processed", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// WebhookPath is the path of Options.Webhook.URL ("/" when it has none),
// escaped, so it is a literal ServeMux pattern: where the app mounts
// WebhookHandler.
func (b *Bot) WebhookPath() string {
	if u, err := url.Parse(b.opt.Webhook.URL); err == nil && u.Path != "" {
		return u.EscapedPath()
	}
	return "/"
}

// runWebhook registers the webhook, then waits until ctx is done: the app's
// HTTP server serves WebhookHandler. The webhook stays registered on
// shutdown: Telegram keeps the updates until the bot is back.
func (b *Bot) runWebhook(ctx context.Context) error {
	if err := b.SetWebhook(ctx); err != nil {
		return err
	}
	b.log.Info("telegram: webhook registered", "path", b.WebhookPath())
	<-ctx.Done()
	return nil
}

// SetWebhook registers Options.Webhook with Telegram. The library's
// WebhookConfig has no secret_token, hence the generic request.
func (b *Bot) SetWebhook(ctx context.Context) error {
	allowed, _ := json.Marshal(allowedUpdates)
	resp, err := b.call(ctx).MakeRequest("setWebhook", tgbotapi.Params{
		"url":             b.opt.Webhook.URL,
		"secret_token":    b.opt.Webhook.Secret,
		"allowed_updates": string(allowed),
	})
	if err != nil {
		err = b.apiError("setWebhook", resp, err)
		b.health.failed(err)
		return err
	}
	b.health.succeeded()
	return nil
}

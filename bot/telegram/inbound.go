package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
)

// allowedUpdates is all the bot listens to; everything else Telegram keeps to itself.
var allowedUpdates = []string{"message", "callback_query"}

// toInbound maps an update to the channel-neutral message, or reports false
// for updates the shop ignores (groups, channels, other bots, service
// messages without a sender).
//
// MessageID is "m<chat>:<message_id>" for messages and "c<callback id>"
// for button presses, not the update id: Telegram may restart update ids
// after a quiet week, while these stay unique, and they are the same
// whether the update came by polling or by webhook.
func toInbound(u tgbotapi.Update) (lapak.Inbound, bool) {
	switch {
	case u.Message != nil:
		m := u.Message
		if m.Chat == nil || m.Chat.Type != "private" || m.From == nil || m.From.IsBot {
			return lapak.Inbound{}, false
		}
		in := lapak.Inbound{
			Channel:    lapak.ChannelTelegram,
			MessageID:  "m" + strconv.FormatInt(m.Chat.ID, 10) + ":" + strconv.Itoa(m.MessageID),
			ChatID:     strconv.FormatInt(m.Chat.ID, 10),
			SenderName: senderName(m.From),
			Text:       m.Text,
		}
		if in.Text == "" {
			in.Text = m.Caption
		}
		if p := largest(m.Photo); p != nil {
			in.Image = &lapak.Attachment{Ref: p.FileID, MIME: "image/jpeg", Size: int64(p.FileSize)}
		} else if d := m.Document; d != nil && strings.HasPrefix(d.MimeType, "image/") {
			// A photo sent "as file" keeps its own type.
			in.Image = &lapak.Attachment{Ref: d.FileID, MIME: d.MimeType, Size: int64(d.FileSize)}
		} else if d != nil {
			in.File = &lapak.Attachment{Ref: d.FileID, MIME: d.MimeType, Size: int64(d.FileSize)}
		}
		if r := m.ReplyToMessage; r != nil {
			// What it replies to: an admin's photo on a product's card.
			in.ReplyText = r.Text
			if in.ReplyText == "" {
				in.ReplyText = r.Caption
			}
		}
		if m.Contact != nil {
			in.Phone = m.Contact.PhoneNumber
		}
		return in, true
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		if q.From == nil || q.From.IsBot {
			return lapak.Inbound{}, false
		}
		chat := q.From.ID // a private chat's id is the user's id
		if q.Message != nil && q.Message.Chat != nil {
			if q.Message.Chat.Type != "" && q.Message.Chat.Type != "private" {
				return lapak.Inbound{}, false
			}
			chat = q.Message.Chat.ID
		}
		return lapak.Inbound{
			Channel:    lapak.ChannelTelegram,
			MessageID:  "c" + q.ID,
			ChatID:     strconv.FormatInt(chat, 10),
			SenderName: senderName(q.From),
			ChoiceID:   q.Data,
		}, true
	}
	return lapak.Inbound{}, false
}

func senderName(u *tgbotapi.User) string {
	if n := strings.TrimSpace(u.FirstName + " " + u.LastName); n != "" {
		return n
	}
	return u.UserName
}

// largest picks the biggest size Telegram offers of a photo.
func largest(ps []tgbotapi.PhotoSize) *tgbotapi.PhotoSize {
	var best *tgbotapi.PhotoSize
	for i := range ps {
		if best == nil || ps[i].Width*ps[i].Height > best.Width*best.Height ||
			(ps[i].Width*ps[i].Height == best.Width*best.Height && ps[i].FileSize > best.FileSize) {
			best = &ps[i]
		}
	}
	return best
}

// handle commits one update through the router and answers a button press
// so its spinner stops. A nil error means the update may be acknowledged.
func (b *Bot) handle(ctx context.Context, u tgbotapi.Update) error {
	in, ok := toInbound(u)
	if !ok {
		b.log.Debug("telegram: update ignored", "update", u.UpdateID)
		b.answer(ctx, u)
		return nil
	}
	if err := b.opt.Router.Handle(ctx, in); err != nil {
		return err
	}
	b.answer(ctx, u)
	return nil
}

// answer acknowledges a callback query. It is best effort: an old query
// can no longer be answered, and the reply goes out through the outbox anyway.
func (b *Bot) answer(ctx context.Context, u tgbotapi.Update) {
	if u.CallbackQuery == nil {
		return
	}
	resp, err := b.call(ctx).Request(tgbotapi.NewCallback(u.CallbackQuery.ID, ""))
	if err != nil {
		b.log.Debug("telegram: answering callback", "err", b.apiError("answerCallbackQuery", resp, err))
	}
}

// Run receives updates until ctx is done: a webhook server when
// Options.Webhook.URL is set, long polling otherwise. A bot that has not
// connected yet connects first, retrying while Telegram cannot be reached;
// a refused token (ErrBadToken) ends Run with that error.
func (b *Bot) Run(ctx context.Context) error {
	if b.opt.Router == nil {
		return errors.New("telegram: Options.Router is required to receive updates")
	}
	if err := b.connect(ctx); err != nil || ctx.Err() != nil {
		return err
	}
	if b.opt.Webhook.URL != "" {
		return b.runWebhook(ctx)
	}
	return b.poll(ctx)
}

// poll is the long-polling loop. Updates of a batch are submitted in order
// (the router keeps each chat's order and runs chats in parallel); the
// offset is persisted only past updates that were committed, so a crash
// re-reads the rest and the store's dedupe drops what was already done.
func (b *Bot) poll(ctx context.Context) error {
	if b.opt.Offsets == nil {
		return errors.New("telegram: long polling needs Options.Offsets to remember its place")
	}
	offset, err := b.loadOffset(ctx)
	if err != nil {
		return err
	}
	if err := b.deleteWebhook(ctx); err != nil {
		return err
	}
	b.log.Info("telegram: long polling", "offset", offset)
	failures := 0
	for ctx.Err() == nil {
		updates, err := b.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			b.health.failed(err)
			var fatal *fatalError
			if errors.As(err, &fatal) {
				return err
			}
			failures++
			b.log.Warn("telegram: getUpdates failed", "err", err)
			if !sleep(ctx, b.backoff(err, failures)) {
				break
			}
			continue
		}
		b.health.succeeded()
		next, err := b.process(ctx, offset, updates)
		if next != offset {
			offset = next
			b.saveOffset(ctx, offset)
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			failures++
			b.log.Error("telegram: update not committed, will retry", "err", err)
			if !sleep(ctx, b.backoff(err, failures)) {
				break
			}
			continue
		}
		failures = 0
	}
	return nil
}

// process hands a batch to the router and returns the new offset: one past
// the last update before the first one that failed. Each chat's updates go
// one after the other and stop at a failure, so a later message of that
// chat is never committed ahead of an earlier one; chats run in parallel.
func (b *Bot) process(ctx context.Context, offset int, updates []tgbotapi.Update) (int, error) {
	var batch []tgbotapi.Update
	for _, u := range updates {
		if u.UpdateID >= offset { // older ones were already acknowledged
			batch = append(batch, u)
		}
	}
	results := make([]error, len(batch))
	chats := make(map[string][]int) // chat → indexes into batch, in order
	var order []string
	for i, u := range batch {
		in, ok := toInbound(u)
		key := "" // ignored updates need no router
		if ok {
			key = in.ChatID
		}
		if _, seen := chats[key]; !seen {
			order = append(order, key)
		}
		chats[key] = append(chats[key], i)
	}
	var wg sync.WaitGroup
	for _, key := range order {
		wg.Go(func() {
			var failed error
			for _, i := range chats[key] {
				if failed != nil {
					results[i] = failed
					continue
				}
				if err := b.handle(ctx, batch[i]); err != nil {
					failed = fmt.Errorf("update %d: %w", batch[i].UpdateID, err)
					results[i] = failed
				}
			}
		})
	}
	wg.Wait()
	next := offset
	for i, u := range batch {
		if results[i] != nil {
			return next, results[i]
		}
		next = u.UpdateID + 1
	}
	return next, nil
}

// fatalError stops Run: retrying cannot help (token revoked).
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }
func (e *fatalError) Unwrap() error { return e.err }

func (b *Bot) getUpdates(ctx context.Context, offset int) ([]tgbotapi.Update, error) {
	cfg := tgbotapi.UpdateConfig{
		Offset:         offset,
		Limit:          100,
		Timeout:        int(b.opt.PollTimeout / time.Second),
		AllowedUpdates: allowedUpdates,
	}
	// Bound the request by the long-poll wait plus a margin, so a silently
	// dropped connection does not stall the loop for the client's timeout.
	rctx, cancel := context.WithTimeout(ctx, b.opt.PollTimeout+15*time.Second)
	defer cancel()
	updates, err := b.call(rctx).GetUpdates(cfg)
	if err != nil {
		var te *tgbotapi.Error
		if errors.As(err, &te) && te.Code == http.StatusUnauthorized {
			return nil, &fatalError{errors.New("telegram: getUpdates: the bot token was revoked (401 Unauthorized)")}
		}
		return nil, b.apiError("getUpdates", nil, err)
	}
	return updates, nil
}

func (b *Bot) deleteWebhook(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		resp, err := b.call(ctx).Request(tgbotapi.DeleteWebhookConfig{})
		if err == nil {
			return nil
		}
		err = b.apiError("deleteWebhook", resp, err)
		b.health.failed(err)
		b.log.Warn("telegram: deleteWebhook failed", "err", err)
		if !sleep(ctx, b.backoff(err, attempt)) {
			return nil
		}
	}
}

// backoff honours retry_after exactly and otherwise doubles from 1s to 30s.
func (b *Bot) backoff(err error, failures int) time.Duration {
	var ra *bot.RetryAfterError
	if errors.As(err, &ra) {
		return ra.After
	}
	d := time.Second
	for i := 1; i < failures && d < 30*time.Second; i++ {
		d *= 2
	}
	return min(d, 30*time.Second)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (b *Bot) loadOffset(ctx context.Context) (int, error) {
	v, err := b.opt.Offsets.GetValue(ctx, OffsetKey)
	if errors.Is(err, lapak.ErrNotFound) || (err == nil && v == "") {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("telegram: loading the polling offset: %w", err)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("telegram: stored polling offset %q (key %s) is not a number", v, OffsetKey)
	}
	return n, nil
}

// saveOffset persists the offset; if that fails the loop goes on with the
// one in memory: after a restart the store's dedupe drops the repeats.
func (b *Bot) saveOffset(ctx context.Context, offset int) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := b.opt.Offsets.SetValue(sctx, OffsetKey, strconv.Itoa(offset)); err != nil {
		b.log.Error("telegram: saving the polling offset", "err", err)
	}
}

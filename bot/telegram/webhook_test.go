package telegram_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

const secret = "s3cret_Token-123"

func TestWebhook(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := ctxTimeout(t)
		var failNext atomic.Bool
		handle := func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
			if failNext.CompareAndSwap(true, false) {
				return errors.New("database hiccup")
			}
			return echo(ctx, tx, conv)
		}
		f := newFixture(t, s, handle)
		b := f.newBot(func(o *telegram.Options) {
			o.Webhook = telegram.WebhookOptions{URL: "https://shop.example/tg/hook", Secret: secret}
		})
		hook := httptest.NewServer(b.WebhookHandler())
		defer hook.Close()

		if err := b.SetWebhook(ctx); err != nil {
			t.Fatal(err)
		}
		reg := f.srv.Webhook()
		if reg.Get("url") != "https://shop.example/tg/hook" || reg.Get("secret_token") != secret || reg.Get("allowed_updates") != `["message","callback_query"]` {
			t.Errorf("setWebhook params: %v", reg)
		}

		// Wrong or missing secret: 401 and nothing stored.
		bad := f.srv.TextUpdate(siti, "halo")
		for _, sec := range []string{"", "wrong", secret + "x"} {
			if code, err := telegramtest.PostUpdate(ctx, hook.URL, sec, bad); err != nil || code != http.StatusUnauthorized {
				t.Errorf("secret %q: %d %v", sec, code, err)
			}
		}
		if _, err := s.Customer(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "1001"}); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("a request with a wrong secret created the customer: %v", err)
		}

		// Not committed: 500, so Telegram sends it again; then 200, once.
		up := f.srv.TextUpdate(siti, "halo")
		failNext.Store(true)
		if code, err := telegramtest.PostUpdate(ctx, hook.URL, secret, up); err != nil || code != http.StatusInternalServerError {
			t.Errorf("failing update: %d %v", code, err)
		}
		for range 2 { // the second is Telegram re-sending: a duplicate
			if code, err := telegramtest.PostUpdate(ctx, hook.URL, secret, up); err != nil || code != http.StatusOK {
				t.Errorf("update: %d %v", code, err)
			}
		}
		press := f.srv.PressUpdate(siti, "cart")
		if code, err := telegramtest.PostUpdate(ctx, hook.URL, secret, press); err != nil || code != http.StatusOK {
			t.Errorf("button: %d %v", code, err)
		}
		equal(t, f.texts(siti, 2), []string{"#1 echo halo", "#2 pilih cart"})
		f.settle()
		if n := len(f.srv.Sent(siti.ID)); n != 2 {
			t.Errorf("%d replies, want 2", n)
		}
		if a := f.srv.Calls("answerCallbackQuery"); len(a) != 1 || a[0].Params.Get("callback_query_id") != press.CallbackID() {
			t.Errorf("callback answers: %+v", a)
		}

		// Too large: 413. Wrong method: 405.
		big := bytes.Repeat([]byte("x"), telegram.MaxWebhookBody+1)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(big))
		req.Header.Set(telegram.SecretHeader, secret)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("big body: %v %v", resp, err)
		} else {
			resp.Body.Close()
		}
		req, _ = http.NewRequestWithContext(ctx, http.MethodGet, hook.URL, nil)
		req.Header.Set(telegram.SecretHeader, secret)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET: %v %v", resp, err)
		} else {
			resp.Body.Close()
		}
	})
}

// Run in webhook mode registers the webhook and reports ready; the handler
// the app mounts at WebhookPath takes the updates, and nothing polls.
func TestWebhookRun(t *testing.T) {
	s := storagetest.Open(t, storage.SQLite)
	f := newFixture(t, s, echo)
	b := f.newBot(func(o *telegram.Options) {
		o.Webhook = telegram.WebhookOptions{URL: "https://shop.example/tg/hook", Secret: secret}
	})
	ctx := ctxTimeout(t)
	if err := b.Ready(ctx); err == nil || !strings.Contains(err.Error(), "webhook not registered yet") {
		t.Errorf("ready before Run: %v", err)
	}
	if b.WebhookPath() != "/tg/hook" {
		t.Errorf("path %q", b.WebhookPath())
	}
	mux := http.NewServeMux()
	mux.Handle(b.WebhookPath(), b.WebhookHandler())
	hook := httptest.NewServer(mux)
	defer hook.Close()
	f.srv.Fail("setWebhook", 1, telegramtest.ServerError())
	if err := b.SetWebhook(ctx); err == nil {
		t.Fatal("setWebhook failure not reported")
	}
	if err := b.Ready(ctx); err == nil || !strings.Contains(err.Error(), "setWebhook") || strings.Contains(err.Error(), telegramtest.Token) {
		t.Errorf("ready after a failed setWebhook: %v", err)
	}

	f.runBot(b)
	if _, err := f.srv.WaitCalls(ctx, "setWebhook", 2); err != nil {
		t.Fatal(err)
	}
	// Ready once the answer to setWebhook is read.
	waitReady(ctx, t, b.Ready, func(err error) bool { return err == nil })
	code, err := telegramtest.PostUpdate(ctx, hook.URL+"/tg/hook", secret, f.srv.TextUpdate(budi, "halo"))
	if err != nil || code != http.StatusOK {
		t.Fatalf("update: %d %v", code, err)
	}
	equal(t, f.texts(budi, 1), []string{"#1 echo halo"})
	if n := len(f.srv.Calls("getUpdates")); n != 0 {
		t.Errorf("%d getUpdates calls in webhook mode", n)
	}
	bare := f.newBot(func(o *telegram.Options) {
		o.Webhook = telegram.WebhookOptions{URL: "https://shop.example", Secret: secret}
	})
	if bare.WebhookPath() != "/" {
		t.Errorf("path of a URL without one: %q", bare.WebhookPath())
	}
}

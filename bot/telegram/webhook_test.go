package telegram_test

import (
	"bytes"
	"context"
	"errors"
	"net"
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
			o.Webhook = telegram.WebhookOptions{URL: "https://shop.example/tg/hook", ListenAddr: "127.0.0.1:0", Secret: secret}
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

// Run in webhook mode registers the webhook and serves it at the URL's path.
func TestWebhookRun(t *testing.T) {
	s := storagetest.Open(t, storage.SQLite)
	f := newFixture(t, s, echo)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	b := f.newBot(func(o *telegram.Options) {
		o.Webhook = telegram.WebhookOptions{URL: "https://shop.example/tg/hook", ListenAddr: addr, Secret: secret}
	})
	f.runBot(b)
	ctx := ctxTimeout(t)
	if _, err := f.srv.WaitCalls(ctx, "setWebhook", 1); err != nil {
		t.Fatal(err)
	}
	// The server may still be starting right after setWebhook: Telegram retries too.
	up := f.srv.TextUpdate(budi, "halo")
	for {
		code, err := telegramtest.PostUpdate(ctx, "http://"+addr+"/tg/hook", secret, up)
		if err == nil {
			if code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			break
		}
		if ctx.Err() != nil || !strings.Contains(err.Error(), "refused") {
			t.Fatal(err)
		}
	}
	equal(t, f.texts(budi, 1), []string{"#1 echo halo"})
	if n := len(f.srv.Calls("getUpdates")); n != 0 {
		t.Errorf("%d getUpdates calls in webhook mode", n)
	}
}

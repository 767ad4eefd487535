package telegram_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// A bot opened while Telegram cannot be reached is not ready, saying why;
// Run retries getMe (network errors, 5xx, 429) until it answers, then
// polls and answers customers.
func TestRunConnectsOnceTelegramAnswers(t *testing.T) {
	s := storagetest.Open(t, storage.SQLite)
	f := newFixture(t, s, echo)
	ctx := ctxTimeout(t)
	hang := make(chan struct{})
	f.srv.Fail("getMe", 1, telegramtest.ServerError())
	f.srv.Fail("getMe", 1, telegramtest.TooManyRequests(1))
	f.srv.Fail("getMe", 1, telegramtest.Failure{Hang: hang}) // the network drops the call
	b, err := telegram.Open(telegram.Options{Token: telegramtest.Token, APIURL: f.srv.URL, PollTimeout: time.Second,
		Router: f.router, Offsets: f.store, Logger: discard(), RetryMin: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Ready(ctx); err == nil || b.Connected() || b.Username() != "" {
		t.Errorf("ready before getMe: %v", err)
	}
	if err := b.Connect(ctx); err == nil || errors.Is(err, telegram.ErrBadToken) || !strings.Contains(err.Error(), "502") {
		t.Errorf("Connect on a 502: %v", err)
	}
	if err := b.Ready(ctx); err == nil || !strings.Contains(err.Error(), "502") {
		t.Errorf("Ready while getMe fails: %v", err)
	}
	f.runBot(b)
	if _, err := f.srv.WaitCalls(ctx, "getMe", 3); err != nil {
		t.Fatal(err)
	}
	close(hang)
	if _, err := f.srv.WaitCalls(ctx, "getUpdates", 1); err != nil {
		t.Fatal(err)
	}
	if !b.Connected() || b.Username() != telegramtest.Username {
		t.Errorf("connected %v as %q", b.Connected(), b.Username())
	}
	f.srv.SendText(siti, "halo")
	if _, err := f.srv.WaitSent(ctx, siti.ID, 1); err != nil {
		t.Fatal(err)
	}
	waitReady(ctx, t, b.Ready, func(err error) bool { return err == nil })
}

// A refused token is not retried: Connect and Run say so, without the token.
func TestRunStopsOnARefusedToken(t *testing.T) {
	s := storagetest.Open(t, storage.SQLite)
	f := newFixture(t, s, echo)
	b, err := telegram.Open(telegram.Options{Token: "42:" + strings.Repeat("x", 35), APIURL: f.srv.URL,
		Router: f.router, Offsets: f.store, Logger: discard(), RetryMin: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = b.Run(ctx)
	if !errors.Is(err, telegram.ErrBadToken) || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "xxxx") {
		t.Errorf("Run with a refused token: %v", err)
	}
	if n := len(f.srv.Calls("getMe")); n != 1 {
		t.Errorf("%d getMe calls, want 1", n)
	}
}

package telegram_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// waitReady waits until Ready's answer satisfies ok and returns it.
func waitReady(ctx context.Context, t *testing.T, ready func(context.Context) error, ok func(error) bool) error {
	t.Helper()
	for {
		err := ready(ctx)
		if ok(err) {
			return err
		}
		if ctx.Err() != nil {
			t.Fatalf("readiness stayed %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A polling bot is ready after getMe; a failing getUpdates makes it not
// ready, with the call and the answer in a short error that does not hold
// the token; the next good getUpdates makes it ready again.
func TestPollingReadiness(t *testing.T) {
	s := storagetest.Open(t, storage.SQLite)
	f := newFixture(t, s, echo)
	ctx := ctxTimeout(t)
	if err := f.bot.Ready(ctx); err != nil {
		t.Errorf("not ready after getMe: %v", err)
	}
	f.srv.Fail("getUpdates", 1, telegramtest.ServerError())
	f.runBot(f.bot)
	err := waitReady(ctx, t, f.bot.Ready, func(err error) bool { return err != nil })
	if !strings.Contains(err.Error(), "getUpdates") || !strings.Contains(err.Error(), "502") || strings.Contains(err.Error(), telegramtest.Token) {
		t.Errorf("error while getUpdates fails: %v", err)
	}
	waitReady(ctx, t, f.bot.Ready, func(err error) bool { return err == nil })
}

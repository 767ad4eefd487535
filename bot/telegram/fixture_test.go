package telegram_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
)

var (
	siti = telegramtest.User{ID: 1001, FirstName: "Siti"}
	budi = telegramtest.User{ID: 1002, FirstName: "Budi", LastName: "Santoso"}
)

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// echo is a small shop: it numbers each customer's messages in the state
// (so a repeat or a loss shows) and says what it got.
func echo(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
	n, _ := strconv.Atoi(string(conv.State))
	n++
	conv.State = []byte(strconv.Itoa(n))
	in := conv.Inbound
	var text string
	var choices []lapak.Choice
	switch {
	case in.ChoiceID != "":
		text = "pilih " + in.ChoiceID
	case in.Image != nil:
		text = "foto " + in.Image.Ref
	case in.Phone != "":
		text = "hp " + in.Phone
	default:
		text = "echo " + in.Text
		if in.Text == "menu" {
			choices = []lapak.Choice{{ID: "cat:1", Label: "Katalog"}, {ID: "cart", Label: "Keranjang"}}
		}
	}
	conv.Reply(lapak.Outbound{Text: fmt.Sprintf("#%d %s", n, text), Choices: choices})
	return nil
}

// fixture is the whole Telegram pipeline against the fake Bot API and a
// real store: router → store → outbox → sender → bot.
type fixture struct {
	t      *testing.T
	srv    *telegramtest.Server
	store  *storage.Store
	router *bot.Router
	sender *bot.Sender
	bot    *telegram.Bot

	mu   sync.Mutex
	stop func()
}

func newFixture(t *testing.T, s *storage.Store, handle lapak.HandleFunc) *fixture {
	f := &fixture{t: t, srv: telegramtest.NewServer(t), store: s}
	var sender *bot.Sender
	f.router = bot.NewRouter(bot.RouterOptions{
		Store:    s,
		Handle:   handle,
		Apology:  func(c *lapak.Conversation) { c.Reply(lapak.Outbound{Text: "maaf"}) },
		OnCommit: func(lapak.Inbound) { sender.Notify() },
		Logger:   discard(),
	})
	f.bot = f.newBot(nil)
	sender = bot.NewSender(bot.SenderOptions{
		Store:    s,
		Channels: []bot.Channel{f.bot},
		Backoff:  func(int) time.Duration { return 100 * time.Millisecond },
		Logger:   discard(),
	})
	f.sender = sender
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = sender.Run(ctx) }()
	t.Cleanup(func() {
		f.stopBot()
		cancel()
		<-done
		f.router.Wait()
	})
	return f
}

func (f *fixture) newBot(edit func(*telegram.Options)) *telegram.Bot {
	f.t.Helper()
	opt := telegram.Options{
		Token:       telegramtest.Token,
		APIURL:      f.srv.URL,
		PollTimeout: time.Second,
		Router:      f.router,
		Offsets:     f.store,
		Logger:      discard(),
	}
	if edit != nil {
		edit(&opt)
	}
	b, err := telegram.New(context.Background(), opt)
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

// runBot starts b.Run; stopBot ends it and waits.
func (f *fixture) runBot(b *telegram.Bot) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	f.mu.Lock()
	f.stop = func() {
		cancel()
		if err := <-done; err != nil {
			f.t.Errorf("Run: %v", err)
		}
	}
	f.mu.Unlock()
}

func (f *fixture) stopBot() {
	f.mu.Lock()
	stop := f.stop
	f.stop = nil
	f.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// texts waits for n messages to u and returns their texts.
func (f *fixture) texts(u telegramtest.User, n int) []string {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sent, err := f.srv.WaitSent(ctx, u.ID, n)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, m := range sent {
		out = append(out, m.Text)
	}
	return out
}

// settle waits until every update was acknowledged and the outbox is empty.
func (f *fixture) settle() {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := f.srv.WaitAcked(ctx); err != nil {
		f.t.Fatal(err)
	}
	for {
		n, err := f.store.PendingOutbox(ctx)
		if err != nil {
			f.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if _, err := f.sender.Drain(ctx); err != nil {
			f.t.Fatal(err)
		}
		select { // a retry may be scheduled a moment ahead
		case <-ctx.Done():
			f.t.Fatalf("outbox still has %d messages", n)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (f *fixture) offset() string {
	f.t.Helper()
	v, err := f.store.GetValue(context.Background(), telegram.OffsetKey)
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

func equal(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

package telegram_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// mortal is the store as a sender sees it until the process dies: from
// then on nothing it does reaches the database.
type mortal struct {
	bot.OutboxStore
	dead atomic.Bool
}

var errDead = errors.New("the process is dead")

func (m *mortal) alive() error {
	if m.dead.Load() {
		return errDead
	}
	return nil
}

func (m *mortal) RenewClaims(ctx context.Context, ids []int64, lease time.Duration) error {
	if err := m.alive(); err != nil {
		return err
	}
	return m.OutboxStore.RenewClaims(ctx, ids, lease)
}

func (m *mortal) MarkSent(ctx context.Context, id int64, class lapak.Pacing) error {
	if err := m.alive(); err != nil {
		return err
	}
	return m.OutboxStore.MarkSent(ctx, id, class)
}

func (m *mortal) RecordParts(ctx context.Context, id int64, class lapak.Pacing, parts int) error {
	if err := m.alive(); err != nil {
		return err
	}
	return m.OutboxStore.RecordParts(ctx, id, class, parts)
}

func (m *mortal) MarkRetry(ctx context.Context, id int64, next time.Time, reason string) error {
	if err := m.alive(); err != nil {
		return err
	}
	return m.OutboxStore.MarkRetry(ctx, id, next, reason)
}

// killMidCall delivers the outbox with a sender that dies while the
// platform call after the first sendMessage is under way: from then on
// nothing it does reaches the database, as after a SIGKILL. It returns
// once that sender has stopped.
func killMidCall(ctx context.Context, t *testing.T, s *storage.Store, srv *telegramtest.Server, now func() time.Time, parallel int) {
	t.Helper()
	hang := make(chan struct{})
	srv.Fail("sendMessage", 1, telegramtest.Failure{})
	srv.Fail("sendMessage", 1, telegramtest.Failure{Hang: hang})
	first := &mortal{OutboxStore: s}
	dying := bot.NewSender(bot.SenderOptions{Store: first, Channels: []bot.Channel{newDeliverer(ctx, t, srv)}, Now: now,
		Logger: discard(), Parallel: parallel})
	drained := make(chan struct{})
	go func() { defer close(drained); _, _ = dying.Drain(ctx) }()
	if _, err := srv.WaitCalls(ctx, "sendMessage", 2); err != nil {
		t.Fatal(err)
	}
	first.dead.Store(true)
	close(hang)
	<-drained
}

// newDeliverer is a fresh bot on srv, as a restarted process has.
func newDeliverer(ctx context.Context, t *testing.T, srv *telegramtest.Server) *telegram.Bot {
	t.Helper()
	b, err := telegram.New(ctx, telegram.Options{Token: telegramtest.Token, APIURL: srv.URL, Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A sender stopped between the second and the third part of a three-part
// message (a photo, then a text too long for one message): the process that
// starts next sends only the third part.
func TestRestartResumesAfterTheLastPartSent(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		srv := telegramtest.NewServer(t)
		long := strings.Repeat("Nastar keju renyah, lumer di mulut. ", 200) // two texts of at most 4096
		in := lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: "m1", ChatID: "777", Text: "nastar", ReceivedAt: clock.Now()}
		if err := s.HandleInbound(ctx, in, func(_ context.Context, _ lapak.ShopTx, c *lapak.Conversation) error {
			c.Reply(lapak.Outbound{Text: long, Image: "https://toko.example/nastar.jpg"})
			return nil
		}); err != nil {
			t.Fatal(err)
		}

		// The first process sends the photo and the first text; the call
		// for the second text is under way when the process dies.
		killMidCall(ctx, t, s, srv, clock.Now, 0)
		if got := len(srv.Sent(777)); got != 2 {
			t.Fatalf("%d parts delivered before the kill, want 2", got)
		}

		// The next process claims the row once the dead one's lease is over.
		clock.Advance(7 * time.Second)
		next := bot.NewSender(bot.SenderOptions{Store: s, Channels: []bot.Channel{newDeliverer(ctx, t, srv)}, Now: clock.Now, Logger: discard()})
		if n, err := next.Drain(ctx); err != nil || n != 1 {
			t.Fatalf("restart delivered %d, %v", n, err)
		}
		sent := srv.Sent(777)
		if len(sent) != 3 || sent[0].Method != "sendPhoto" || sent[1].Method != "sendMessage" || sent[2].Method != "sendMessage" {
			t.Fatalf("got %d messages: %+v", len(sent), sent)
		}
		if got := sent[1].Text + " " + sent[2].Text; strings.Join(strings.Fields(got), " ") != strings.TrimSpace(long) {
			t.Errorf("the two texts do not make the message")
		}
		if n, _ := s.PendingOutbox(ctx); n != 0 {
			t.Errorf("%d messages still pending", n)
		}
	})
}

// A batch is marked message by message: killed while one chat's message is
// still under way, the sender has already recorded the other chat's, and
// the restart does not send that one again.
func TestKillMidBatchRepeatsNothingDelivered(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		srv := telegramtest.NewServer(t)
		for _, chat := range []string{"501", "502"} {
			in := lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: "m" + chat, ChatID: chat, Text: "halo", ReceivedAt: clock.Now()}
			if err := s.HandleInbound(ctx, in, func(_ context.Context, _ lapak.ShopTx, c *lapak.Conversation) error {
				c.Reply(lapak.Outbound{Text: "Halo kak " + c.Inbound.ChatID})
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		killMidCall(ctx, t, s, srv, clock.Now, 1)

		clock.Advance(7 * time.Second)
		next := bot.NewSender(bot.SenderOptions{Store: s, Channels: []bot.Channel{newDeliverer(ctx, t, srv)}, Now: clock.Now, Logger: discard()})
		if n, err := next.Drain(ctx); err != nil || n != 1 {
			t.Fatalf("restart delivered %d, %v; want only the message cut off", n, err)
		}
		if a, b := len(srv.Sent(501)), len(srv.Sent(502)); a != 1 || b != 1 {
			t.Fatalf("chat 501 got %d messages, chat 502 got %d: want one each", a, b)
		}
	})
}

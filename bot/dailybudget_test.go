package bot_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// budgeted is a channel with a daily promo budget of limit (WhatsApp's).
type budgeted struct {
	*fakeChannel
	limit int
}

func (b budgeted) BulkPerDay(now time.Time) (int, time.Time, time.Time) {
	start := now.Truncate(24 * time.Hour)
	return b.limit, start, start.Add(24 * time.Hour)
}

// queuePromos queues n promos to n chats, as a broadcast does.
func queuePromos(t *testing.T, s *storage.Store, n int) {
	t.Helper()
	err := s.HandleInbound(context.Background(), lapak.Inbound{Channel: lapak.ChannelWhatsApp, MessageID: "seed", ChatID: "seller"},
		func(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
			for i := range n {
				conv.Outbox = append(conv.Outbox, lapak.Envelope{To: lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "62812" + strconv.Itoa(i)},
					Class: lapak.PaceBulk, Msg: lapak.Outbound{Text: "Promo akhir tahun"}})
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

// A channel's daily promo budget holds across a restart (the day's count
// comes from the store); what is over it goes out when the next day
// begins, and replies are never held by it.
func TestDailyPromoBudget(t *testing.T) {
	start := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	clock := storagetest.NewClock(start)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(start) // each database's run starts the same morning
		ctx := context.Background()
		ch := budgeted{newFake(lapak.ChannelWhatsApp), 3}
		sender := func() *bot.Sender {
			return bot.NewSender(bot.SenderOptions{Store: s, Channels: []bot.Channel{ch}, Logger: quiet, Now: clock.Now, Lease: time.Minute})
		}
		promos := func() int {
			n := 0
			for i := range 5 {
				n += len(ch.replies("62812" + strconv.Itoa(i)))
			}
			return n
		}
		queuePromos(t, s, 5)
		if _, err := sender().Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := promos(); n != 3 {
			t.Fatalf("%d promos on the first day, the budget is 3", n)
		}
		// A restart the same day: the count is the store's, nothing more goes.
		clock.Advance(time.Hour)
		if _, err := sender().Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := promos(); n != 3 {
			t.Fatalf("%d promos after a restart the same day", n)
		}
		// A customer who writes is answered: the budget is for promos.
		err := s.HandleInbound(ctx, lapak.Inbound{Channel: lapak.ChannelWhatsApp, MessageID: "q1", ChatID: "6289", Text: "halo"},
			func(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
				conv.Reply(lapak.Outbound{Text: "Halo kak"})
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		snd := sender()
		if _, err := snd.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		equal(t, "reply", ch.replies("6289"), []string{"Halo kak"})
		// The next day the rest goes.
		clock.Advance(15 * time.Hour)
		if _, err := snd.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := promos(); n != 5 {
			t.Fatalf("%d promos after the day turned, want all 5", n)
		}
	})
}

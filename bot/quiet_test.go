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

// Promos already in the outbox when the quiet hours begin wait for them
// to end (postponed, not failed); replies and notices go on meanwhile.
func TestSenderHoldsPromosInQuietHours(t *testing.T) {
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	quietHours, err := lapak.ParseQuietHours("21:00-08:00")
	if err != nil {
		t.Fatal(err)
	}
	evening := time.Date(2026, 12, 2, 20, 59, 0, 0, jakarta)
	clock := storagetest.NewClock(evening)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(evening)
		ctx := context.Background()
		ch := newFake(lapak.ChannelWhatsApp)
		sender := bot.NewSender(bot.SenderOptions{Store: s, Channels: []bot.Channel{ch}, Logger: quiet, Now: clock.Now,
			Lease: time.Minute, Quiet: quietHours, Location: jakarta})
		promos := func() int {
			n := 0
			for i := range 3 {
				n += len(ch.replies("62812" + strconv.Itoa(i)))
			}
			return n
		}
		// Queued at 20:59 (the broadcast checked the hour then), the
		// sender reaches them at 21:00.
		queuePromos(t, s, 3)
		clock.Set(time.Date(2026, 12, 2, 21, 0, 0, 0, jakarta))
		err := s.HandleInbound(ctx, lapak.Inbound{Channel: lapak.ChannelWhatsApp, MessageID: "q1", ChatID: "6289", Text: "halo"},
			func(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
				conv.Reply(lapak.Outbound{Text: "Halo kak"})
				conv.Notify(lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "admin"}, lapak.Outbound{Text: "Pesanan baru"})
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sender.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if got := ch.replies("6289"); len(got) != 1 {
			t.Fatalf("the reply was held: %v", got)
		}
		if n := promos(); n != 0 {
			t.Fatalf("%d promos went out at 21:00", n)
		}
		if got := ch.replies("admin"); len(got) != 1 {
			t.Fatalf("the admin's notice was held: %v", got)
		}
		if n, err := s.PendingOutbox(ctx); err != nil || n != 3 {
			t.Fatalf("%d promos still waiting (%v), want the 3 held, not failed", n, err)
		}
		// Still held just before the quiet hours end.
		clock.Set(time.Date(2026, 12, 3, 7, 59, 59, 0, jakarta))
		if _, err := sender.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := promos(); n != 0 {
			t.Fatalf("%d promos went out in the quiet hours", n)
		}
		clock.Set(time.Date(2026, 12, 3, 8, 0, 0, 0, jakarta))
		if _, err := sender.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := promos(); n != 3 {
			t.Fatalf("%d of 3 promos went out at 08:00", n)
		}
		pendingIs(t, s, 0)
	})
}

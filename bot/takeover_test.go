package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// A taken-over conversation's messages are recorded (a repeat is still a
// duplicate) but the flows do not run, on any channel, until the takeover
// ends by the clock or is handed back; other chats and channel events go on.
func TestTakenOverChatIsRecordedNotAnswered(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2025, 11, 26, 9, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		g := newRig(t, s, bot.SenderOptions{Now: clock.Now})
		ani := lapak.Identity{Channel: lapak.ChannelConsole, ChatID: "ani"}
		admin := lapak.TakeoverByAdmin(lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "42"})
		route := func(in lapak.Inbound, want bot.Outcome) {
			t.Helper()
			got, err := g.router.Route(ctx, in)
			if err != nil || got != want {
				t.Fatalf("%s: outcome %v (%v), want %v", in.MessageID, got, err, want)
			}
		}

		route(msg("ani", "a1", "halo"), bot.Answered)
		if err := g.router.TakeOver(ctx, ani, admin, clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		route(msg("ani", "a2", "masih ada kak?"), bot.TakenOver)
		route(msg("ani", "a2", "masih ada kak?"), bot.Duplicate) // it was recorded
		route(msg("budi", "b1", "halo"), bot.Answered)           // only ani's chat is taken

		// A channel event addressed to a taken-over chat still reaches the flows.
		if err := g.router.TakeOver(ctx, lapak.Identity{Channel: lapak.ChannelConsole, ChatID: "budi"}, admin, clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		ev := msg("budi", "lapak:event-1", "")
		ev.Event = lapak.EventWhatsAppLoggedOut
		route(ev, bot.Answered)

		clock.Advance(59 * time.Minute)
		route(msg("ani", "a3", "halo?"), bot.TakenOver)
		clock.Advance(time.Minute) // the hour is up
		route(msg("ani", "a4", "halo lagi"), bot.Answered)

		if err := g.router.TakeOver(ctx, ani, lapak.TakeoverSellerPhone, clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		route(msg("ani", "a5", "kak?"), bot.TakenOver)
		if err := g.router.HandBack(ctx, ani); err != nil {
			t.Fatal(err)
		}
		route(msg("ani", "a6", "menu"), bot.Answered)

		g.drain(t)
		// The counter in the state shows the flows saw only ani's answered
		// messages, with the state kept across the takeover.
		equal(t, "ani's replies", g.ch.replies("ani"), []string{"1:halo", "2:halo lagi", "3:menu"})
		equal(t, "budi's replies", g.ch.replies("budi"), []string{"1:halo", "2:"})
	})
}

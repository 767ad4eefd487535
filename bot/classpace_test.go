package bot_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// notifyAdmins replies to the customer and notifies three admins, like a
// new order does.
func notifyAdmins(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
	conv.Reply(lapak.Outbound{Text: "reply:" + conv.Inbound.Text})
	for _, a := range []string{"admin1", "admin2", "admin3"} {
		conv.Notify(lapak.Identity{Channel: lapak.ChannelConsole, ChatID: a}, lapak.Outbound{Text: "order from " + conv.Inbound.ChatID})
	}
	return nil
}

func TestClassPacingHoldsBackNotificationsNotReplies(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		ch := newFake(lapak.ChannelConsole)
		oneIn10s := bot.Pace{PerSecond: 0.1} // the lease is a minute
		snd := bot.NewSender(bot.SenderOptions{
			Store: s, Channels: []bot.Channel{ch}, Logger: quiet, Now: clock.Now, Lease: time.Minute,
			ClassPacing: map[lapak.Channel]map[lapak.Pacing]bot.Pace{
				lapak.ChannelConsole: {lapak.PaceNotify: oneIn10s, lapak.PaceBulk: oneIn10s},
			},
		})
		r := bot.NewRouter(bot.RouterOptions{Store: s, Handle: notifyAdmins, Logger: quiet, Now: clock.Now})
		t.Cleanup(r.Wait)
		notified := func() int {
			return len(ch.replies("admin1")) + len(ch.replies("admin2")) + len(ch.replies("admin3"))
		}

		if err := r.Handle(ctx, msg("ani", "a1", "halo")); err != nil {
			t.Fatal(err)
		}
		if _, err := snd.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		equal(t, "reply to ani", ch.replies("ani"), []string{"reply:halo"})
		if n := notified(); n != 1 {
			t.Fatalf("%d notifications went out at once, want 1 (one in 10 s)", n)
		}

		// A customer who writes now is answered now, budget or not.
		if err := r.Handle(ctx, msg("budi", "b1", "halo")); err != nil {
			t.Fatal(err)
		}
		if _, err := snd.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		equal(t, "reply to budi", ch.replies("budi"), []string{"reply:halo"})
		if n := notified(); n != 1 {
			t.Fatalf("%d notifications after budi's reply, want still 1", n)
		}

		// Held back is not a failed attempt: nothing is counted against the
		// messages, and no lease has to run out before they come back.
		attempts := 0
		for _, a := range []string{"admin1", "admin2", "admin3"} {
			msgs, err := s.MessagesTo(ctx, lapak.Identity{Channel: lapak.ChannelConsole, ChatID: a})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				if m.Status == "pending" {
					attempts = max(attempts, m.Attempts)
				}
			}
		}
		if attempts != 0 {
			t.Fatalf("held-back notifications counted %d attempts", attempts)
		}
		// They go out at their slots, one every 10 s, not when a lease ends.
		for want := 2; want <= 6; want++ {
			clock.Advance(10 * time.Second)
			if _, err := snd.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			if n := notified(); n != want {
				t.Fatalf("after %d s %d notifications, want %d", 10*(want-1), n, want)
			}
		}
		pendingIs(t, s, 0)
	})
}

// postponeCounter counts the messages the sender puts back for their slot.
type postponeCounter struct {
	*storage.Store
	n atomic.Int64
}

func (p *postponeCounter) Postpone(ctx context.Context, id int64, next time.Time) error {
	p.n.Add(1)
	return p.Store.Postpone(ctx, id, next)
}

// A backlog of promos over the bulk budget goes out one per slot, each put
// back once until its own slot: not all back for the next slot, claimed
// and put back again for every one sent (which held a broadcast of 2,000
// at 2 or 3 a second instead of 25).
func TestBulkBacklogPutBackOnce(t *testing.T) {
	start := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	clock := storagetest.NewClock(start)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(start)
		const promos = 50
		ch := newFake(lapak.ChannelWhatsApp)
		st := &postponeCounter{Store: s}
		snd := bot.NewSender(bot.SenderOptions{Store: st, Channels: []bot.Channel{ch}, Logger: quiet, Now: clock.Now, Lease: time.Minute,
			ClassPacing: map[lapak.Channel]map[lapak.Pacing]bot.Pace{lapak.ChannelWhatsApp: {lapak.PaceBulk: {PerSecond: 1}}}})
		queuePromos(t, s, promos)
		for i := range promos {
			n, err := snd.Drain(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("second %d: %d promos went out, want 1 (one a second)", i, n)
			}
			clock.Advance(time.Second)
		}
		pendingIs(t, s, 0)
		if n := st.n.Load(); n > promos {
			t.Errorf("%d promos were put back %d times, want at most once each", promos, n)
		}
	})
}

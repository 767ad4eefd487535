package promo_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/promo"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

var quietLog = slog.New(slog.DiscardHandler)

// recorder is a Telegram channel that records what it delivered.
type recorder struct {
	mu   sync.Mutex
	sent []string // chat: text
}

func (r *recorder) Name() lapak.Channel { return lapak.ChannelTelegram }
func (r *recorder) Deliver(_ context.Context, d *bot.Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, d.ChatID()+": "+d.Msg.Text)
	return nil
}

func (r *recorder) promos(prefix string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range r.sent {
		_, text, _ := strings.Cut(s, ": ")
		if strings.HasPrefix(text, prefix) {
			n++
		}
	}
	return n
}

// Promos queued just before the quiet hours wait in the outbox through
// them (the sender holds them); one whose "don't send after" passes
// meanwhile is skipped, not sent in the morning: taken back by the
// broadcast job if it runs in the night, refused by the outbox if the
// sender gets to it first.
func TestHeldPromoPastItsDeadlineIsSkipped(t *testing.T) {
	start := time.Date(2026, 12, 1, 20, 59, 50, 0, jakarta)
	clock := storagetest.NewClock(start)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(start.Add(-time.Hour))
		for _, chat := range []string{"1", "2", "3"} {
			customer(t, s, chat, "Pelanggan "+chat, lapak.Indonesian)
		}
		clock.Set(start)
		p := newPromo(s, clock, 0)
		night := time.Date(2026, 12, 1, 22, 0, 0, 0, jakarta)
		dawn := time.Date(2026, 12, 2, 7, 30, 0, 0, jakarta)
		var ids []int64
		for _, d := range []promo.Draft{
			{Text: "Promo biasa", Segment: everyone(t)},
			{Text: "Sampai jam 10 malam", Segment: everyone(t), Until: &night},
			{Text: "Sampai subuh", Segment: everyone(t), Until: &dawn},
		} {
			b, _, err := p.Plan(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, b.ID)
		}
		if _, err := p.Send(ctx); err != nil { // 20:59:50: all nine queued
			t.Fatal(err)
		}
		ch := &recorder{}
		q, _ := lapak.ParseQuietHours("21:00-08:00")
		sender := bot.NewSender(bot.SenderOptions{Store: s, Channels: []bot.Channel{ch}, Logger: quietLog, Now: clock.Now,
			Lease: time.Minute, Quiet: q, Location: jakarta})
		drain := func() {
			t.Helper()
			if _, err := sender.Drain(ctx); err != nil {
				t.Fatal(err)
			}
		}
		// The sender runs slow: it reaches them at 21:00.
		clock.Set(time.Date(2026, 12, 1, 21, 0, 0, 0, jakarta))
		drain()
		if n := ch.promos(""); n != 0 {
			t.Fatalf("%d promos went out in the quiet hours", n)
		}
		// 22:00: the job skips what waits past the first deadline.
		clock.Set(night)
		if _, err := p.Send(ctx); err != nil {
			t.Fatal(err)
		}
		drain()
		// The process is down from 07:00 to 08:00, past the second
		// deadline: at 08:00 the sender is first to the rows.
		clock.Set(time.Date(2026, 12, 2, 8, 0, 0, 0, jakarta))
		drain()
		if n := ch.promos("Promo biasa"); n != 3 {
			t.Errorf("%d of 3 promos without a deadline sent in the morning", n)
		}
		if n := ch.promos("Sampai"); n != 0 {
			t.Errorf("%d promos sent past their deadline", n)
		}
		if _, err := p.Send(ctx); err != nil { // settles and finishes
			t.Fatal(err)
		}
		for i, want := range []struct{ sent, late int }{{3, 0}, {0, 3}, {0, 3}} {
			r, err := p.Report(ctx, ids[i])
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != lapak.BroadcastDone || r.Sent != want.sent || r.Skipped[lapak.SkipDeadline] != want.late || r.Unknown != 0 {
				t.Errorf("broadcast %d: %+v, want done, %d sent, %d skipped past the deadline", i+1, r, want.sent, want.late)
			}
		}
		if n, err := s.PendingOutbox(ctx); err != nil || n != 2 {
			// the two reports to the admin
			t.Errorf("%d left in the outbox (%v)", n, err)
		}
	})
}

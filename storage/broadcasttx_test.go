package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The desk's /promo plans and steers broadcasts inside the chat turn's
// transaction: on SQLite a second write transaction would wait behind it.
func TestBroadcastInChatTurn(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		say(t, s, lapak.ChannelTelegram, "80", "m1", "halo", func(c *lapak.Customer) { c.Name = "Ani" })
		say(t, s, lapak.ChannelTelegram, "81", "m2", "halo", nil)
		turn := func(id string, fn func(ctx context.Context, tx lapak.ShopTx) error) error {
			in := lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: id, ChatID: "999", Text: "/promo"}
			return s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, _ *lapak.Conversation) error { return fn(ctx, tx) })
		}
		at := t0.Add(time.Hour)
		// A turn that fails plans nothing.
		boom := errors.New("boom")
		err := turn("a1", func(ctx context.Context, tx lapak.ShopTx) error {
			b := lapak.Broadcast{Text: "x", SendAt: at}
			if _, err := tx.PlanBroadcast(ctx, &b, lapak.Segment{}, 0, render); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("turn: %v", err)
		}
		if list, err := s.Broadcasts(ctx, 10); err != nil || len(list) != 0 {
			t.Fatalf("rolled back turn left %d broadcasts (%v)", len(list), err)
		}
		// Plan, then pause in the same turn; the turn's reads see both.
		var id int64
		if err := turn("a2", func(ctx context.Context, tx lapak.ShopTx) error {
			b := lapak.Broadcast{Text: "Halo", SendAt: at, CreatedBy: "telegram:999"}
			a, err := tx.PlanBroadcast(ctx, &b, lapak.Segment{}, 0, render)
			if err != nil {
				return err
			}
			if a.Recipients != 3 || a.Sample.Name != "Ani" {
				t.Errorf("audience %+v", a)
			}
			id = b.ID
			if _, err := tx.SetBroadcastStatus(ctx, id, []lapak.BroadcastStatus{lapak.BroadcastActive}, lapak.BroadcastPaused); err != nil {
				return err
			}
			list, err := tx.Broadcasts(ctx, 10)
			if err != nil || len(list) != 1 || list[0].Status != lapak.BroadcastPaused {
				t.Errorf("in the turn: %+v %v", list, err)
			}
			r, err := tx.BroadcastReport(ctx, id)
			if err != nil || r.Planned != 3 {
				t.Errorf("report in the turn: %+v %v", r, err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		b, err := s.Broadcast(ctx, id)
		if err != nil || b.Status != lapak.BroadcastPaused || b.CreatedAt != t0 {
			t.Fatalf("after the turn: %+v %v", b, err)
		}
		if got := recipients(t, s, id); len(got) != 3 {
			t.Fatalf("recipients %v", got)
		}
		// Cancelling in a turn skips the planned recipients; a wrong
		// state is refused.
		if err := turn("a3", func(ctx context.Context, tx lapak.ShopTx) error {
			if _, err := tx.SetBroadcastStatus(ctx, id, []lapak.BroadcastStatus{lapak.BroadcastActive, lapak.BroadcastPaused}, lapak.BroadcastCancelled); err != nil {
				return err
			}
			_, err := tx.SetBroadcastStatus(ctx, id, []lapak.BroadcastStatus{lapak.BroadcastPaused}, lapak.BroadcastActive)
			var se *lapak.BroadcastStateError
			if !errors.As(err, &se) || se.Status != lapak.BroadcastCancelled {
				t.Errorf("resume a cancelled broadcast: %v", err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		r, err := s.BroadcastReport(ctx, id)
		if err != nil || r.Status != lapak.BroadcastCancelled || r.Skipped[lapak.SkipCancelled] != 3 {
			t.Fatalf("report %+v %v", r, err)
		}
	})
}

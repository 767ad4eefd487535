package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// Old bookkeeping goes; anything still to deliver, and everything recent,
// stays; a re-delivered recent message is still refused.
func TestPrune(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		say := func(chat, id string) {
			t.Helper()
			in := msg(chat, id)
			if err := s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				c.Reply(lapak.Outbound{Text: "ok " + id})
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		// Forty days ago: one reply delivered, one never deliverable (its
		// channel never runs here) and still pending.
		say("100", "old-1")
		got, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelTelegram}, 10, time.Minute)
		if err != nil || len(got) != 1 {
			t.Fatalf("claim: %v %v", got, err)
		}
		if err := s.MarkSent(ctx, got[0].ID, lapak.PaceReply); err != nil {
			t.Fatal(err)
		}
		say("200", "old-2") // pending
		clock.Advance(40 * 24 * time.Hour)
		say("300", "new-1")

		in, out, err := s.Prune(ctx, 30*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if in != 2 || out != 1 {
			t.Fatalf("pruned %d inbound ids and %d outbox rows, want 2 and 1", in, out)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE status = 'pending'`); n != 2 {
			t.Fatalf("%d pending outbox rows, want 2 (the old undelivered one kept)", n)
		}
		err = s.HandleInbound(ctx, msg("300", "new-1"), func(context.Context, lapak.ShopTx, *lapak.Conversation) error { return nil })
		if !errors.Is(err, lapak.ErrDuplicate) {
			t.Fatalf("a recent message delivered again: %v, want a duplicate", err)
		}
		if in, out, err := s.Prune(ctx, 30*24*time.Hour); err != nil || in+out != 0 {
			t.Fatalf("second prune: %d %d %v", in, out, err)
		}
		if _, _, err := s.Prune(ctx, 0); err == nil {
			t.Fatal("Prune(0) accepted")
		}
	})
}

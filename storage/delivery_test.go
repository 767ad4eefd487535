package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// queue queues envelopes of one class to chat on Telegram.
func queue(t *testing.T, s *storage.Store, chat string, class lapak.Pacing, texts ...string) {
	t.Helper()
	in := msg(chat+"-writer", chat+"-"+string(class)+"-"+texts[0])
	if err := s.HandleInbound(ctx, in, func(_ context.Context, _ lapak.ShopTx, c *lapak.Conversation) error {
		for _, text := range texts {
			c.Outbox = append(c.Outbox, lapak.Envelope{To: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: chat},
				Class: class, Msg: lapak.Outbound{Text: text}})
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestOutboxDurableDelivery(t *testing.T) {
	tg := []lapak.Channel{lapak.ChannelTelegram}
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		t.Run("parts sent are kept on the row", func(t *testing.T) {
			clock.Set(t0)
			queue(t, s, "P", lapak.PaceReply, "three parts")
			got, err := s.ClaimOutbox(ctx, tg, 10, 5*time.Second)
			if err != nil || len(got) != 1 || got[0].PartsSent != 0 {
				t.Fatalf("claim: %+v %v", got, err)
			}
			if err := s.RecordParts(ctx, got[0].ID, got[0].Class, 2); err != nil {
				t.Fatal(err)
			}
			// The sender dies: its lease runs out and another claims the row.
			clock.Advance(6 * time.Second)
			again, err := s.ClaimOutbox(ctx, tg, 10, 5*time.Second)
			if err != nil || len(again) != 1 || again[0].ID != got[0].ID || again[0].PartsSent != 2 {
				t.Fatalf("reclaim: %+v %v", again, err)
			}
			if err := s.MarkSent(ctx, again[0].ID, again[0].Class); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("a renewed lease holds", func(t *testing.T) {
			clock.Set(t0)
			queue(t, s, "R", lapak.PaceReply, "slow")
			got, err := s.ClaimOutbox(ctx, tg, 10, 5*time.Second)
			if err != nil || len(got) != 1 {
				t.Fatalf("claim: %+v %v", got, err)
			}
			clock.Advance(4 * time.Second)
			if err := s.RenewClaims(ctx, []int64{got[0].ID}, 5*time.Second); err != nil {
				t.Fatal(err)
			}
			clock.Advance(4 * time.Second) // past the first lease, inside the renewed one
			if other, _ := s.ClaimOutbox(ctx, tg, 10, 5*time.Second); len(other) != 0 {
				t.Fatalf("claimed %s while its lease was renewed", texts(other))
			}
			if err := s.MarkSent(ctx, got[0].ID, got[0].Class); err != nil {
				t.Fatal(err)
			}
			// Renewing a settled row does not claim it again.
			if err := s.RenewClaims(ctx, []int64{got[0].ID}, time.Minute); err != nil {
				t.Fatal(err)
			}
			if n := count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE id = ? AND status = 'sent' AND claimed_until IS NULL`, got[0].ID); n != 1 {
				t.Fatal("renewal touched a sent row")
			}
		})

		t.Run("bulk rows are their own lane and never sent twice", func(t *testing.T) {
			clock.Set(t0)
			queue(t, s, "B", lapak.PaceBulk, "promo 1", "promo 2")
			queue(t, s, "B", lapak.PaceReply, "balasan")
			got, err := s.ClaimOutbox(ctx, tg, 10, 5*time.Second)
			if err != nil || texts(got) != "B:promo 1,B:balasan" {
				t.Fatalf("claim = %s %v: a reply must not wait behind a promo", texts(got), err)
			}
			promo := got[0]
			if err := s.MarkSending(ctx, promo.ID); err != nil {
				t.Fatal(err)
			}
			if err := s.MarkSent(ctx, got[1].ID, got[1].Class); err != nil {
				t.Fatal(err)
			}
			// The sender dies during the platform call of promo 1.
			clock.Advance(6 * time.Second)
			next, err := s.ClaimOutbox(ctx, tg, 10, 5*time.Second)
			if err != nil || texts(next) != "B:promo 2" {
				t.Fatalf("after the crash claimed %s %v, want only promo 2", texts(next), err)
			}
			if n := count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE id = ? AND status = 'unknown'`, promo.ID); n != 1 {
				t.Error("an interrupted bulk row is not reported unknown")
			}
			// A bulk row the platform refused goes back for a retry.
			if err := s.MarkSending(ctx, next[0].ID); err != nil {
				t.Fatal(err)
			}
			if err := s.MarkRetry(ctx, next[0].ID, clock.Now().Add(time.Second), "429"); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Second)
			retry, err := s.ClaimOutbox(ctx, tg, 10, 5*time.Second)
			if err != nil || texts(retry) != "B:promo 2" || retry[0].Attempts != 1 {
				t.Fatalf("retry claim = %s %v", texts(retry), err)
			}
			if err := s.MarkSent(ctx, retry[0].ID, retry[0].Class); err != nil {
				t.Fatal(err)
			}
			if n, _ := s.PendingOutbox(ctx); n != 0 {
				t.Errorf("%d rows still pending", n)
			}
		})
	})
}

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

// A takeover rides on the conversation: the next message's conversation
// carries it, saving that conversation keeps it, a shorter one does not
// cut a longer one, and HandBack ends it.
func TestTakeoverIsStoredOnTheConversation(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0) // each dialect from the start
		siti := lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "6281234567890"}
		seen := func(id string) lapak.Takeover {
			t.Helper()
			var got lapak.Takeover
			in := lapak.Inbound{Channel: siti.Channel, ChatID: siti.ChatID, MessageID: id, Text: "halo"}
			if err := s.HandleInbound(ctx, in, func(_ context.Context, _ lapak.ShopTx, c *lapak.Conversation) error {
				got = c.Customer.Takeover
				c.Customer.Name = "Siti" // the customer is saved: the takeover stays
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := seen("m1"); got != (lapak.Takeover{}) {
			t.Fatalf("a new conversation is taken over: %+v", got)
		}

		// The seller writes first to someone new: the conversation is made.
		carol := lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "6285550001111"}
		until := t0.Add(30 * time.Minute)
		if err := s.TakeOver(ctx, carol, lapak.TakeoverSellerPhone, until); err != nil {
			t.Fatal(err)
		}
		if c, err := s.Customer(ctx, carol); err != nil || c.Takeover.By != lapak.TakeoverSellerPhone || !c.Takeover.Until.Equal(until) {
			t.Fatalf("carol %+v (%v)", c.Takeover, err)
		}

		admin := lapak.TakeoverByAdmin(lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "42"})
		long := t0.Add(2 * time.Hour)
		if err := s.TakeOver(ctx, siti, admin, long); err != nil {
			t.Fatal(err)
		}
		if got := seen("m2"); got.By != "admin:telegram:42" || !got.Until.Equal(long) || !got.Active(clock.Now()) {
			t.Fatalf("after TakeOver: %+v", got)
		}
		// The seller types on the phone meanwhile: the admin's longer one stands.
		if err := s.TakeOver(ctx, siti, lapak.TakeoverSellerPhone, t0.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got := seen("m3"); got.By != admin || !got.Until.Equal(long) {
			t.Fatalf("a shorter takeover cut a longer one: %+v", got)
		}
		// Past it, the row still says so, but it is no longer active.
		clock.Advance(3 * time.Hour)
		if got := seen("m4"); got.Active(clock.Now()) {
			t.Fatalf("still active after its end: %+v", got)
		}
		// A later one replaces an ended one.
		later := clock.Now().Add(30 * time.Minute)
		if err := s.TakeOver(ctx, siti, lapak.TakeoverSellerPhone, later); err != nil {
			t.Fatal(err)
		}
		if got := seen("m5"); got.By != lapak.TakeoverSellerPhone || !got.Until.Equal(later) {
			t.Fatalf("after a new takeover: %+v", got)
		}

		if err := s.HandBack(ctx, siti); err != nil {
			t.Fatal(err)
		}
		if got := seen("m6"); got != (lapak.Takeover{}) {
			t.Fatalf("after HandBack: %+v", got)
		}
		c, err := s.Customer(ctx, siti)
		if err != nil || c.Name != "Siti" || c.Takeover != (lapak.Takeover{}) {
			t.Fatalf("siti %+v (%v)", c, err)
		}
		if err := s.HandBack(ctx, lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "620000"}); !errors.Is(err, lapak.ErrNotFound) {
			t.Fatalf("HandBack of an unknown chat: %v, want not found", err)
		}
		if err := s.TakeOver(ctx, siti, "", later); err == nil {
			t.Fatal("a takeover by nobody was accepted")
		}
	})
}

package storage_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// redeem runs RedeemAdminCode in a message of who, as the flows do, and
// returns its error and the admins' revision the message saw.
func redeem(t *testing.T, s *storage.Store, who lapak.Identity, code string) (error, int64) {
	t.Helper()
	var got error
	var rev int64
	in := lapak.Inbound{Channel: who.Channel, ChatID: who.ChatID, MessageID: fmt.Sprintf("m-%d", time.Now().UnixNano()), Text: "/admin " + code}
	if err := s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		rev = c.Admins
		got = tx.RedeemAdminCode(ctx, lapak.Admin{Identity: who, Name: "Sari"}, code)
		return nil // the turn commits: a wrong try stays counted
	}); err != nil {
		t.Fatal(err)
	}
	return got, rev
}

func TestAdminCodes(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		sari := lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "777"}
		rudi := lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "6281234567890"}

		code, err := s.NewAdminCode(ctx, rand.Reader)
		if err != nil || len(code.Plain) != lapak.AdminCodeDigits {
			t.Fatalf("code %q: %v", code.Plain, err)
		}
		// Only a salted hash is kept.
		var kept []struct {
			Salt []byte `db:"salt"`
			Hash []byte `db:"hash"`
		}
		if err := storage.DBOf(s).SelectContext(ctx, &kept, `SELECT salt, hash FROM lapak_admin_codes`); err != nil || len(kept) != 1 {
			t.Fatalf("codes kept %d (%v)", len(kept), err)
		}
		if bytes.Contains(kept[0].Hash, []byte(code.Plain)) || bytes.Contains(kept[0].Salt, []byte(code.Plain)) || len(kept[0].Hash) != 32 {
			t.Fatalf("the database keeps more than a hash: %x", kept[0].Hash)
		}

		// Wrong, then right: an admin, stored, the revision moved.
		err, rev0 := redeem(t, s, sari, "00000000")
		if !errors.Is(err, lapak.ErrAdminCode) {
			t.Fatalf("a wrong code: %v", err)
		}
		if err, _ := redeem(t, s, sari, code.Plain); err != nil {
			t.Fatalf("the right code: %v", err)
		}
		admins, err := s.Admins(ctx)
		if err != nil || len(admins) != 1 || admins[0].Identity != sari || admins[0].Name != "Sari" || !admins[0].AddedAt.Equal(t0) {
			t.Fatalf("admins %+v (%v)", admins, err)
		}
		if _, rev := redeem(t, s, rudi, "11111111"); rev == rev0 {
			t.Fatal("adding an admin did not move the admins' revision")
		}
		// Used: refused as a wrong code, to anyone.
		if err, _ := redeem(t, s, rudi, code.Plain); !errors.Is(err, lapak.ErrAdminCode) {
			t.Fatalf("a used code: %v", err)
		}

		// Expired by the clock.
		late, err := s.NewAdminCode(ctx, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(lapak.AdminCodeTTL)
		if err, _ := redeem(t, s, rudi, late.Plain); !errors.Is(err, lapak.ErrAdminCode) {
			t.Fatalf("an expired code: %v", err)
		}
		// A newer code replaces an older live one.
		older, _ := s.NewAdminCode(ctx, rand.Reader)
		newer, _ := s.NewAdminCode(ctx, rand.Reader)
		if err, _ := redeem(t, s, rudi, older.Plain); !errors.Is(err, lapak.ErrAdminCode) {
			t.Fatalf("a replaced code: %v", err)
		}

		// rudi has five wrong tries in the last 15 minutes now (the two
		// before the clock moved are older): the next is throttled without
		// looking at the code, even the right one.
		clock.Advance(time.Minute)
		if err, _ := redeem(t, s, rudi, "22222222"); !errors.Is(err, lapak.ErrAdminCode) {
			t.Fatalf("a third wrong try in the window: %v", err)
		}
		for range 2 {
			redeem(t, s, rudi, "33333333")
		}
		err, _ = redeem(t, s, rudi, newer.Plain)
		var wait *lapak.AdminThrottleError
		if !errors.As(err, &wait) || !wait.Until.Equal(t0.Add(lapak.AdminCodeTTL+lapak.AdminCodeWindow)) {
			t.Fatalf("the sixth try: %v", err)
		}
		// Other accounts are not held up.
		other := lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "555"}
		if err, _ := redeem(t, s, other, "44444444"); !errors.Is(err, lapak.ErrAdminCode) {
			t.Fatalf("another account: %v", err)
		}
		// The window slides: once the oldest tries are older, rudi may try.
		clock.Set(wait.Until)
		if err, _ := redeem(t, s, rudi, newer.Plain); err != nil {
			t.Fatalf("after the wait, the right code: %v", err)
		}
		if admins, _ := s.Admins(ctx); len(admins) != 2 || admins[1].Identity != rudi {
			t.Fatalf("admins %+v", admins)
		}
	})
}

func TestRemoveAdmin(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		sari := lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "777"}
		code, err := s.NewAdminCode(ctx, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		_, rev := redeem(t, s, sari, code.Plain)
		remove := func(id lapak.Identity) error {
			t.Helper()
			return s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error { return tx.RemoveAdmin(ctx, id) })
		}
		if err := remove(lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "1"}); !errors.Is(err, lapak.ErrNotFound) {
			t.Fatalf("removing no admin: %v", err)
		}
		if err := remove(sari); err != nil {
			t.Fatal(err)
		}
		if admins, _ := s.Admins(ctx); len(admins) != 0 {
			t.Fatalf("admins %+v after removing the only one", admins)
		}
		if _, after := redeem(t, s, sari, "00000000"); after <= rev {
			t.Fatalf("removing did not move the revision: %d -> %d", rev, after)
		}
	})
}

// Two accounts redeeming one code at once: one becomes admin.
func TestAdminCodeRedeemedOnce(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		code, err := s.NewAdminCode(ctx, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				who := lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: fmt.Sprint(100 + i)}
				in := lapak.Inbound{Channel: who.Channel, ChatID: who.ChatID, MessageID: "race-" + who.ChatID, Text: "/admin"}
				if err := s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
					errs[i] = tx.RedeemAdminCode(ctx, lapak.Admin{Identity: who}, code.Plain)
					return nil
				}); err != nil {
					errs[i] = err
				}
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, lapak.ErrAdminCode):
				t.Errorf("redeeming: %v", err)
			}
		}
		if admins, _ := s.Admins(ctx); won != 1 || len(admins) != 1 {
			t.Fatalf("%d redeemed, %d admins; want 1", won, len(admins))
		}
	})
}

package storage_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

func claimJob(t *testing.T, s *storage.Store, owner string, now time.Time) bool {
	t.Helper()
	ok, err := s.ClaimJob(ctx, "expire-orders", owner, now, now.Add(time.Minute))
	if err != nil {
		t.Fatalf("ClaimJob(%s): %v", owner, err)
	}
	return ok
}

func jobState(t *testing.T, s *storage.Store) storage.JobState {
	t.Helper()
	st, err := s.Job(ctx, "expire-orders")
	if err != nil {
		t.Fatalf("Job: %v", err)
	}
	return st
}

// A job's lease is held by one owner at a time, renewed and released only
// by it, and taken over by another once it lapses.
func TestJobLeases(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		if _, err := s.Job(ctx, "expire-orders"); !errors.Is(err, lapak.ErrNotFound) {
			t.Fatalf("a job that never ran: %v, want ErrNotFound", err)
		}
		if !claimJob(t, s, "a", t0) {
			t.Fatal("a could not claim a job nobody holds")
		}
		st := jobState(t, s)
		if st.Owner != "a" || st.ClaimedUntil == nil || !st.ClaimedUntil.Equal(t0.Add(time.Minute)) || st.StartedAt == nil || !st.StartedAt.Equal(t0) {
			t.Errorf("after a's claim: %+v", st)
		}
		if claimJob(t, s, "b", t0.Add(30*time.Second)) {
			t.Fatal("b took a lease a holds")
		}
		if ok, err := s.RenewJob(ctx, "expire-orders", "b", t0.Add(2*time.Minute)); ok || err != nil {
			t.Errorf("b renewed a's lease: %v %v", ok, err)
		}
		if ok, err := s.RenewJob(ctx, "expire-orders", "a", t0.Add(2*time.Minute)); !ok || err != nil {
			t.Errorf("a could not renew: %v %v", ok, err)
		}
		// Renewed: still held past the first minute.
		if claimJob(t, s, "b", t0.Add(90*time.Second)) {
			t.Fatal("b took a renewed lease")
		}
		if ok, err := s.FinishJob(ctx, "expire-orders", "b", t0.Add(time.Minute), 1, ""); ok || err != nil {
			t.Errorf("b released a's lease: %v %v", ok, err)
		}
		if ok, err := s.FinishJob(ctx, "expire-orders", "a", t0.Add(100*time.Second), 7, "boom"); !ok || err != nil {
			t.Fatalf("a could not release: %v %v", ok, err)
		}
		st = jobState(t, s)
		if st.ClaimedUntil != nil || st.Runs != 1 || st.LastCount != 7 || st.LastError != "boom" || st.FinishedAt == nil || !st.FinishedAt.Equal(t0.Add(100*time.Second)) {
			t.Errorf("after a's pass: %+v", st)
		}
		if ok, err := s.FinishJob(ctx, "expire-orders", "a", t0.Add(101*time.Second), 0, ""); ok || err != nil {
			t.Errorf("a released twice: %v %v", ok, err)
		}

		// Released: b takes it at once; b "dies" holding it, and a takes
		// it over once the lease has lapsed, not before.
		now := t0.Add(2 * time.Minute)
		if !claimJob(t, s, "b", now) {
			t.Fatal("b could not claim a released job")
		}
		if claimJob(t, s, "a", now.Add(59*time.Second)) {
			t.Fatal("a took b's lease before it lapsed")
		}
		if !claimJob(t, s, "a", now.Add(time.Minute)) {
			t.Fatal("a could not take over b's lapsed lease")
		}
		if ok, err := s.RenewJob(ctx, "expire-orders", "b", now.Add(3*time.Minute)); ok || err != nil {
			t.Errorf("b renewed a lease it lost: %v %v", ok, err)
		}
		if ok, err := s.FinishJob(ctx, "expire-orders", "b", now.Add(3*time.Minute), 5, ""); ok || err != nil {
			t.Errorf("b released a lease it lost: %v %v", ok, err)
		}
		if st := jobState(t, s); st.Owner != "a" || st.Runs != 1 {
			t.Errorf("after the takeover: %+v", st)
		}
		// Jobs are independent.
		if ok, err := s.ClaimJob(ctx, "prune", "b", now, now.Add(time.Minute)); !ok || err != nil {
			t.Errorf("b could not claim another job: %v %v", ok, err)
		}
	})
}

// Owners claiming one job at the same moment (on PostgreSQL on separate
// connections, the row missing at first): exactly one gets it.
func TestJobClaimRace(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		for round := range 3 {
			name := fmt.Sprintf("job-%d", round)
			var wg sync.WaitGroup
			var mu sync.Mutex
			winners := 0
			for i := range 8 {
				wg.Go(func() {
					ok, err := s.ClaimJob(ctx, name, fmt.Sprintf("owner-%d", i), t0, t0.Add(time.Minute))
					if err != nil {
						t.Errorf("claim: %v", err)
					}
					if ok {
						mu.Lock()
						winners++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if winners != 1 {
				t.Errorf("%s: %d owners claimed it at once, want 1", name, winners)
			}
		}
	})
}

func TestQueuedTo(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		reply(t, s, lapak.ChannelTelegram, "900", "satu", "dua")
		reply(t, s, lapak.ChannelTelegram, "901", "tiga")
		for chat, want := range map[string]int{"900": 2, "901": 1, "902": 0} {
			n, err := s.QueuedTo(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: chat})
			if err != nil || n != want {
				t.Errorf("QueuedTo(%s) = %d, %v; want %d", chat, n, err, want)
			}
		}
		if n, _ := s.QueuedTo(ctx, lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "900"}); n != 0 {
			t.Errorf("another channel's chat 900 got %d", n)
		}
	})
}

package storage_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// noticeTo returns a notice func that queues text to the customer and
// counts its calls.
func noticeTo(text string, calls *int) func(lapak.Order, lapak.Customer) []lapak.Envelope {
	return func(o lapak.Order, c lapak.Customer) []lapak.Envelope {
		*calls++
		return []lapak.Envelope{{To: lapak.Identity{Channel: c.Channel, ChatID: c.ExternalID}, Class: lapak.PaceReply,
			Msg: lapak.Outbound{Text: text + " " + o.Number + " " + o.PaymentURL}}}
	}
}

func TestPaymentLinkJob(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		seed(t, s)
		ori := variant(t, s, "KRP-ORI")
		exp := t0.Add(24 * time.Hour)
		o, err := place(t, s, "700", lapak.Order{PaymentMethod: lapak.PayGateway, ExpiresAt: &exp, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		if o.UniqueCode != 0 || o.Total != 24000 {
			t.Fatalf("a gateway order has no unique code: %+v", o)
		}
		// Orders that need no link are never claimed.
		if _, err := place(t, s, "701", lapak.Order{PaymentMethod: lapak.PayTransfer, ExpiresAt: &exp, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}}); err != nil {
			t.Fatal(err)
		}
		cancelled, err := place(t, s, "702", lapak.Order{PaymentMethod: lapak.PayGateway, ExpiresAt: &exp, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		handle(t, s, "702", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			_, err := tx.TransitionOrder(ctx, cancelled.Number, lapak.StatusCancelled, c.Now)
			return err
		})

		const lease = 2 * time.Minute
		jobs, err := s.ClaimPaymentLinks(ctx, 10, lease)
		if err != nil || len(jobs) != 1 || jobs[0].Order.Number != o.Number || jobs[0].Attempt != 1 {
			t.Fatalf("claim = %+v, %v; want %s attempt 1", jobs, err, o.Number)
		}
		if got := jobs[0].Order; got.Total != 24000 || len(got.Items) != 1 || got.Recipient != "" {
			t.Errorf("claimed order lacks its items or total: %+v", got)
		}
		// Leased: not claimed again while the gateway is being asked.
		if jobs, err := s.ClaimPaymentLinks(ctx, 10, lease); err != nil || len(jobs) != 0 {
			t.Fatalf("claimed again during the lease: %+v %v", jobs, err)
		}
		// A worker that died mid-call: due again after the lease, with a fresh attempt.
		clock.Advance(lease)
		jobs, err = s.ClaimPaymentLinks(ctx, 10, lease)
		if err != nil || len(jobs) != 1 || jobs[0].Attempt != 2 {
			t.Fatalf("after the lease: %+v %v; want attempt 2", jobs, err)
		}

		// A failure waits for its retry; the late notice goes out once.
		lateCalls := 0
		lateNotice := noticeTo("telat", &lateCalls)
		late := func(_ context.Context, _ lapak.AdminTx, o lapak.Order, c lapak.Customer) ([]lapak.Envelope, error) {
			return lateNotice(o, c), nil
		}
		if err := s.PaymentLinkFailed(ctx, o.ID, clock.Now().Add(30*time.Second), "HTTP 500", nil); err != nil {
			t.Fatal(err)
		}
		if jobs, _ := s.ClaimPaymentLinks(ctx, 10, lease); len(jobs) != 0 {
			t.Fatalf("claimed before its retry time: %+v", jobs)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_orders WHERE id = ? AND link_error = 'HTTP 500'`, o.ID); n != 1 {
			t.Error("the failure reason is not kept")
		}
		clock.Advance(30 * time.Second)
		jobs, err = s.ClaimPaymentLinks(ctx, 10, lease)
		if err != nil || len(jobs) != 1 || jobs[0].Attempt != 3 {
			t.Fatalf("after the retry time: %+v %v; want attempt 3", jobs, err)
		}
		for range 2 {
			if err := s.PaymentLinkFailed(ctx, o.ID, clock.Now(), "HTTP 503", late); err != nil {
				t.Fatal(err)
			}
		}
		if lateCalls != 1 || count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE chat_id = '700' AND payload LIKE '%telat%'`) != 1 {
			t.Fatalf("late notice queued %d times, want once", lateCalls)
		}
		if err := s.PaymentLinkFailed(ctx, 999999, clock.Now(), "x", nil); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("unknown order: %v", err)
		}

		// The link is stored with the customer's message, once.
		jobs, err = s.ClaimPaymentLinks(ctx, 10, lease)
		if err != nil || len(jobs) != 1 || jobs[0].Attempt != 4 {
			t.Fatalf("claim = %+v %v; want attempt 4", jobs, err)
		}
		linkCalls := 0
		const url = "https://app.sandbox.midtrans.com/snap/v4/redirection/abc-123"
		ok, err := s.SavePaymentLink(ctx, o.ID, url, noticeTo("link", &linkCalls))
		if err != nil || !ok || linkCalls != 1 {
			t.Fatalf("save = %v %v, notice calls %d", ok, err, linkCalls)
		}
		if got, _ := s.OrderByNumber(ctx, o.Number); got.PaymentURL != url {
			t.Errorf("payment url %q", got.PaymentURL)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE chat_id = '700' AND class = 'reply' AND payload LIKE '%abc-123%'`); n != 1 {
			t.Errorf("%d link messages queued, want 1", n)
		}
		if ok, err := s.SavePaymentLink(ctx, o.ID, url+"-again", noticeTo("link", &linkCalls)); err != nil || ok || linkCalls != 1 {
			t.Errorf("second save = %v %v (notice calls %d); want no change", ok, err, linkCalls)
		}
		if jobs, _ := s.ClaimPaymentLinks(ctx, 10, lease); len(jobs) != 0 {
			t.Errorf("an order with a link is claimed: %+v", jobs)
		}
		// A link made for an order cancelled meanwhile is not sent.
		if ok, err := s.SavePaymentLink(ctx, cancelled.ID, url, noticeTo("link", &linkCalls)); err != nil || ok || linkCalls != 1 {
			t.Errorf("save for a cancelled order = %v %v", ok, err)
		}
		if _, err := s.SavePaymentLink(ctx, o.ID, "", nil); err == nil {
			t.Error("an empty link was accepted")
		}
	})
}

// Several workers (or instances) claiming at once never take one order twice.
func TestClaimPaymentLinksConcurrent(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		nst := variant(t, s, "KUE-NST")
		for _, chat := range []string{"820", "821", "822", "823", "824"} {
			if _, err := place(t, s, chat, lapak.Order{PaymentMethod: lapak.PayGateway, Items: []lapak.OrderItem{{VariantID: nst.ID, Qty: 1}}}); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					jobs, err := s.ClaimPaymentLinks(context.Background(), 2, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if len(jobs) == 0 {
						return
					}
					mu.Lock()
					for _, j := range jobs {
						seen[j.Order.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(seen) != 5 {
			t.Errorf("claimed %d orders, want 5", len(seen))
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("order %d claimed %d times", id, n)
			}
		}
	})
}

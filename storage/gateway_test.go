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
		late := noticeTo("telat", &lateCalls)
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

// paidNotice queues one message to the customer and one to an admin.
func paidNotice(calls *int) func(lapak.Order, lapak.Customer, lapak.GatewayPayment) []lapak.Envelope {
	return func(o lapak.Order, c lapak.Customer, p lapak.GatewayPayment) []lapak.Envelope {
		*calls++
		return []lapak.Envelope{
			{To: lapak.Identity{Channel: c.Channel, ChatID: c.ExternalID}, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: "lunas " + o.Number + " " + string(o.Status)}},
			{To: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: "admin " + o.Number + " " + p.Ref}},
		}
	}
}

func TestSettleGatewayPayment(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		seed(t, s)
		ori := variant(t, s, "KRP-ORI")
		exp := t0.Add(24 * time.Hour)
		newOrder := func(chat string) lapak.Order {
			o, err := place(t, s, chat, lapak.Order{PaymentMethod: lapak.PayGateway, ExpiresAt: &exp, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		calls := 0
		notice := paidNotice(&calls)
		pay := func(o lapak.Order, ref string, amount lapak.Money) (lapak.GatewayOutcome, error) {
			return s.SettleGatewayPayment(ctx, lapak.GatewayPayment{Gateway: "midtrans", Number: o.Number, Ref: ref, Amount: amount, Method: "gopay"}, notice)
		}

		o := newOrder("800")
		// The wrong amount changes nothing.
		if _, err := pay(o, "tx-1", o.Total+1); !errors.Is(err, lapak.ErrAmountMismatch) {
			t.Fatalf("amount mismatch: %v", err)
		}
		if got, _ := s.OrderByNumber(ctx, o.Number); got.Status != lapak.StatusPendingPayment || calls != 0 {
			t.Fatalf("mismatch changed the order: %s, %d notices", got.Status, calls)
		}
		outbox := count(t, s, `SELECT COUNT(*) FROM lapak_outbox`)
		out, err := pay(o, "tx-1", o.Total)
		if err != nil || out != lapak.GatewayPaidNow || calls != 1 {
			t.Fatalf("pay = %q %v (notices %d)", out, err, calls)
		}
		if got, _ := s.OrderByNumber(ctx, o.Number); got.Status != lapak.StatusPaid {
			t.Fatalf("status %s, want paid", got.Status)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_outbox`); n != outbox+2 {
			t.Errorf("outbox grew by %d, want 2 (customer and admin)", n-outbox)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_order_events WHERE order_id = ? AND from_status = 'pending_payment' AND to_status = 'paid'`, o.ID); n != 1 {
			t.Errorf("%d paid events", n)
		}
		log, err := s.AuditLog(ctx)
		if err != nil || len(log) != 1 {
			t.Fatalf("audit log %+v %v", log, err)
		}
		if e := log[0]; e.Actor != (lapak.Identity{Channel: "midtrans", ChatID: "tx-1"}) || e.Command != "paid" || e.Target != o.Number ||
			e.Before != "pending_payment" || e.After != "paid" || !e.At.Equal(t0) {
			t.Errorf("audit entry %+v", e)
		}
		// Repeats change nothing and tell nobody.
		for range 2 {
			if out, err := pay(o, "tx-1", o.Total); err != nil || out != lapak.GatewayDuplicate {
				t.Fatalf("repeat = %q %v", out, err)
			}
		}
		if calls != 1 || count(t, s, `SELECT COUNT(*) FROM lapak_outbox`) != outbox+2 {
			t.Errorf("a repeat queued messages")
		}

		// Paid by an admin first: the gateway's word changes nothing.
		byAdmin := newOrder("801")
		handle(t, s, "admin", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			_, err := tx.TransitionOrder(ctx, byAdmin.Number, lapak.StatusPaid, c.Now)
			return err
		})
		if out, err := pay(byAdmin, "tx-2", byAdmin.Total); err != nil || out != lapak.GatewayAlreadyPaid || calls != 1 {
			t.Errorf("already paid = %q %v", out, err)
		}

		// Money after the order expired: recorded and told once; the order stays expired.
		expired := newOrder("802")
		clock.Set(exp.Add(time.Minute))
		if n, err := s.ExpireOrders(ctx, 10, nil); err != nil || n != 1 {
			t.Fatalf("expired %d %v", n, err)
		}
		stockBefore := stock(t, s, "KRP-ORI")
		if out, err := pay(expired, "tx-3", expired.Total); err != nil || out != lapak.GatewayLate || calls != 2 {
			t.Fatalf("late = %q %v (notices %d)", out, err, calls)
		}
		if out, err := pay(expired, "tx-3", expired.Total); err != nil || out != lapak.GatewayDuplicate || calls != 2 {
			t.Errorf("late repeat = %q %v", out, err)
		}
		if got, _ := s.OrderByNumber(ctx, expired.Number); got.Status != lapak.StatusExpired || stock(t, s, "KRP-ORI") != stockBefore {
			t.Errorf("late payment reopened the order: %s", got.Status)
		}
		log, _ = s.AuditLog(ctx)
		if e := log[len(log)-1]; e.Before != "expired" || e.After != "expired (paid 12000 after it closed)" || e.Actor.ChatID != "tx-3" {
			t.Errorf("late audit entry %+v", e)
		}

		if _, err := s.SettleGatewayPayment(ctx, lapak.GatewayPayment{Gateway: "midtrans", Number: "XXX-999", Ref: "tx-9", Amount: 1}, notice); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("unknown order: %v", err)
		}
	})
}

// Midtrans may send the same notification twice at once: one payment, one
// message, whichever arrives first.
func TestSettleGatewayPaymentConcurrent(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		ori := variant(t, s, "KRP-ORI")
		o, err := place(t, s, "810", lapak.Order{PaymentMethod: lapak.PayGateway, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		calls := 0
		notice := func(o lapak.Order, c lapak.Customer, p lapak.GatewayPayment) []lapak.Envelope {
			mu.Lock()
			defer mu.Unlock()
			return paidNotice(&calls)(o, c, p)
		}
		outcomes := make([]lapak.GatewayOutcome, 8)
		var wg sync.WaitGroup
		for i := range outcomes {
			wg.Go(func() {
				out, err := s.SettleGatewayPayment(context.Background(), lapak.GatewayPayment{Gateway: "midtrans", Number: o.Number, Ref: "tx-1", Amount: o.Total}, notice)
				if err != nil {
					t.Error(err)
				}
				outcomes[i] = out
			})
		}
		wg.Wait()
		paid := 0
		for _, out := range outcomes {
			if out == lapak.GatewayPaidNow {
				paid++
			}
		}
		if paid != 1 || calls != 1 {
			t.Errorf("outcomes %v, %d notices; want one paid", outcomes, calls)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_order_events WHERE order_id = ? AND to_status = 'paid'`, o.ID); n != 1 {
			t.Errorf("%d paid events", n)
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

package shop_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

func (h *harness) gatewayPay(o lapak.Order, ref string, amount lapak.Money) (lapak.GatewayOutcome, error) {
	var out lapak.GatewayOutcome
	err := h.shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		_, out, err = h.shop.ConfirmGatewayPayment(ctx, tx, lapak.GatewayPayment{Gateway: "midtrans", Number: o.Number,
			Ref: ref, Amount: amount, Method: "gopay"})
		return err
	})
	return out, err
}

func TestConfirmGatewayPayment(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		o := h.place("800", lapak.Indonesian, lapak.PayGateway, "KRP-PDS", 1)
		// The wrong amount changes nothing.
		if _, err := h.gatewayPay(o, "tx-1", o.Total+1); !errors.Is(err, lapak.ErrAmountMismatch) {
			t.Fatalf("amount mismatch: %v", err)
		}
		if h.status(o.Number) != lapak.StatusPendingPayment || len(h.told("800")) != 0 {
			t.Fatal("a mismatch changed the order")
		}
		if out, err := h.gatewayPay(o, "tx-1", o.Total); err != nil || out != lapak.GatewayPaidNow {
			t.Fatalf("pay = %q %v", out, err)
		}
		if h.status(o.Number) != lapak.StatusPaid || h.history(o) != "pending_payment paid" {
			t.Fatalf("status %s, history %s", h.status(o.Number), h.history(o))
		}
		// The customer's usual confirmation, the admins the payment's details.
		contains(t, h.last("800", 1), "Pembayaran pesanan "+o.Number+" sudah kami terima")
		contains(t, h.last(admin.ChatID, 1), "dibayar online via Midtrans: Rp28.000 (gopay) dari Siti Aminah", "/proses "+o.Number)
		log, err := h.s.AuditLog(ctx)
		if err != nil || len(log) != 1 {
			t.Fatalf("audit log %+v %v", log, err)
		}
		if e := log[0]; e.Actor != (lapak.Identity{Channel: "midtrans", ChatID: "tx-1"}) || e.Command != "paid" || e.Target != o.Number ||
			e.Before != "pending_payment" || e.After != "paid" || !e.At.Equal(t0) {
			t.Errorf("audit entry %+v", e)
		}
		// Repeats change nothing and tell nobody.
		for range 2 {
			if out, err := h.gatewayPay(o, "tx-1", o.Total); err != nil || out != lapak.GatewayDuplicate {
				t.Fatalf("repeat = %q %v", out, err)
			}
		}
		h.last("800", 1)
		h.last(admin.ChatID, 1)

		// Paid by an admin first: the gateway's word changes nothing.
		byAdmin := h.place("801", lapak.Indonesian, lapak.PayGateway, "KRP-PDS", 1)
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, byAdmin.Number) })
		if out, err := h.gatewayPay(byAdmin, "tx-2", byAdmin.Total); err != nil || out != lapak.GatewayAlreadyPaid {
			t.Errorf("already paid = %q %v", out, err)
		}
		h.last("801", 1)

		// Money after the order expired: recorded and told once; the order stays expired.
		expired := h.place("802", lapak.English, lapak.PayGateway, "KRP-PDS", 1)
		h.clock.Advance(25 * time.Hour)
		if n, err := h.shop.ExpireDue(ctx, 10); err != nil || n != 1 {
			t.Fatalf("expired %d %v", n, err)
		}
		stock := h.variant("KRP-PDS").Stock
		if out, err := h.gatewayPay(expired, "tx-3", expired.Total); err != nil || out != lapak.GatewayLate {
			t.Fatalf("late = %q %v", out, err)
		}
		if out, err := h.gatewayPay(expired, "tx-3", expired.Total); err != nil || out != lapak.GatewayDuplicate {
			t.Errorf("late repeat = %q %v", out, err)
		}
		if h.status(expired.Number) != lapak.StatusExpired || h.variant("KRP-PDS").Stock != stock {
			t.Errorf("a late payment reopened the order")
		}
		contains(t, h.last("802", 2), "Your payment of Rp28.000 for order "+expired.Number+" has arrived, but the order was already expired")
		contains(t, h.last(admin.ChatID, 2), "masuk setelah pesanannya kedaluwarsa", "tx-3")
		log, _ = h.s.AuditLog(ctx)
		if e := log[len(log)-1]; e.Before != "expired" || e.After != "expired (paid 28000 after it closed)" || e.Actor.ChatID != "tx-3" {
			t.Errorf("late audit entry %+v", e)
		}

		if _, err := h.gatewayPay(lapak.Order{Number: "XXX-999"}, "tx-9", 1); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("unknown order: %v", err)
		}
	})
}

// Midtrans may send the same notification twice at once: one payment, one
// message, whichever arrives first.
func TestConfirmGatewayPaymentConcurrent(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		o := h.place("810", lapak.Indonesian, lapak.PayGateway, "KRP-PDS", 1)
		outcomes := make([]lapak.GatewayOutcome, 8)
		var wg sync.WaitGroup
		for i := range outcomes {
			wg.Go(func() {
				out, err := h.gatewayPay(o, "tx-1", o.Total)
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
		if paid != 1 || len(h.told("810")) != 1 || h.history(o) != "pending_payment paid" {
			t.Errorf("outcomes %v, told %q; want one payment", outcomes, h.told("810"))
		}
	})
}

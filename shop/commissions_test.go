package shop_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

// reseller signs up chat as an approved reseller.
func (h *harness) reseller(chat, name string) lapak.Reseller {
	h.t.Helper()
	h.n++
	var r lapak.Reseller
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, MessageID: fmt.Sprint("r", h.n), Text: "daftar reseller"}
	if err := h.s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		r = lapak.Reseller{CustomerID: c.Customer.ID, Name: name, Phone: "6281200000000", City: "Depok",
			Bank: lapak.ResellerBank{Name: "BCA", Number: "1234567890", Holder: name}, Status: lapak.ResellerApproved}
		return tx.AddReseller(ctx, &r)
	}); err != nil {
		h.t.Fatal(err)
	}
	return r
}

// placeFor is place with the order attributed to r.
func (h *harness) placeFor(r lapak.Reseller, chat string, pay lapak.PaymentMethod, sku string, qty int) lapak.Order {
	h.t.Helper()
	h.n++
	o := lapak.Order{PaymentMethod: pay, Delivery: lapak.DeliveryCourier, Zone: "Jabodetabek",
		Breakdown: lapak.Breakdown{ShippingFee: 15000}, Address: "Jl. Mawar No. 1, Depok", Recipient: "Siti Aminah",
		Phone: "6281234567890", Items: []lapak.OrderItem{{VariantID: h.variant(sku).ID, Qty: qty}},
		Reseller: lapak.OrderReseller{ID: r.ID, Source: lapak.SourceLink}}
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, MessageID: fmt.Sprint("o", h.n), Text: "ya"}
	if err := h.s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		o.CustomerID = c.Customer.ID
		return tx.PlaceOrder(ctx, &o)
	}); err != nil {
		h.t.Fatal(err)
	}
	return o
}

func (h *harness) balance(r lapak.Reseller) lapak.CommissionBalance {
	h.t.Helper()
	var b lapak.CommissionBalance
	if err := h.shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		b, err = tx.CommissionBalance(ctx, r.ID, false)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return b
}

func (h *harness) confirmDue() int {
	h.t.Helper()
	n, err := h.shop.ConfirmDueCommissions(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

func commissionShop() lapak.Shop {
	set := settings()
	tiers, err := lapak.ParseTiers("Bronze=5%; Silver=8% dari 2jt")
	if err != nil {
		panic(err)
	}
	set.Commission = lapak.CommissionPlan{Tiers: tiers, Hold: 7 * 24 * time.Hour}
	return set
}

// A paid order brought by a reseller earns its commission pending; the
// hold after completion confirms it (and tells the reseller); a cancel
// before that voids it, a cancel after reverses it; a cash-on-delivery
// order earns when it is completed; a reseller's own order earns nothing.
func TestCommissionFollowsTheOrder(t *testing.T) {
	shopTest(t, commissionShop(), 0, func(t *testing.T, h *harness) {
		r := h.reseller("800", "Sari")
		o := h.placeFor(r, "801", lapak.PayTransfer, "SMB-ROA", 2) // 110.000 at Bronze 5%: 5.500
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, o.Number) })
		if b := h.balance(r); b != (lapak.CommissionBalance{Pending: 5500}) {
			t.Fatalf("after payment: %+v", b)
		}
		// Paid twice by two ways (desk and gateway race): still once.
		h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.Ship(ctx, tx, sari, o.Number, lapak.Shipment{Courier: "JNE", Tracking: "JX1"})
		})
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.Complete(ctx, tx, sari, o.Number) })
		h.clock.Advance(7*24*time.Hour - time.Minute)
		if n := h.confirmDue(); n != 0 {
			t.Fatalf("confirmed %d before the hold ended", n)
		}
		h.clock.Advance(time.Minute)
		if n := h.confirmDue(); n != 1 {
			t.Fatalf("confirmed %d when the hold ended, want 1", n)
		}
		if n := h.confirmDue(); n != 0 {
			t.Fatalf("confirmed again")
		}
		if b := h.balance(r); b != (lapak.CommissionBalance{Confirmed: 5500}) || b.Balance() != 5500 {
			t.Fatalf("after the hold: %+v", b)
		}
		contains(t, h.last("800", 1), "Komisi pesanan "+o.Number+" sudah masuk saldo: Rp5.500", "Saldo sekarang Rp5.500")

		// Cancelled before the hold ends: void.
		v := h.placeFor(r, "802", lapak.PayTransfer, "KUE-NST", 1) // 85.000: 4.250
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, v.Number) })
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.Cancel(ctx, tx, sari, v.Number, "stok habis") })
		if b := h.balance(r); b != (lapak.CommissionBalance{Confirmed: 5500}) {
			t.Fatalf("after a cancel before the hold: %+v", b)
		}
		contains(t, h.last("800", 2), "Pesanan "+v.Number+" dibatalkan, jadi komisinya (Rp4.250) batal")

		// COD earns at completion.
		c := h.placeFor(r, "803", lapak.PayCOD, "KUE-NST", 2) // 170.000: 8.500
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.StartProcessing(ctx, tx, sari, c.Number) })
		h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.Ship(ctx, tx, sari, c.Number, lapak.Shipment{Courier: "JNE", Tracking: "JX2"})
		})
		if b := h.balance(r); b.Pending != 0 {
			t.Fatalf("a COD order earned before it was paid: %+v", b)
		}
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.Complete(ctx, tx, sari, c.Number) })
		if b := h.balance(r); b.Pending != 8500 {
			t.Fatalf("COD completed: %+v", b)
		}

		// Refunded during the hold (a return): void, never confirmed.
		h.clock.Advance(24 * time.Hour)
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.Refund(ctx, tx, sari, c.Number, "retur") })
		h.clock.Advance(8 * 24 * time.Hour)
		if n := h.confirmDue(); n != 0 {
			t.Fatalf("a refunded order's commission was confirmed")
		}
		if b := h.balance(r); b != (lapak.CommissionBalance{Confirmed: 5500}) {
			t.Fatalf("after a refund in the hold: %+v", b)
		}

		// The reseller's own order earns nothing.
		own := h.placeFor(r, "800", lapak.PayTransfer, "KUE-NST", 1)
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, own.Number) })
		if b := h.balance(r); b.Pending != 0 {
			t.Fatalf("the reseller's own order earned: %+v", b)
		}
	})
}

// A payout never exceeds the confirmed balance, is told to the reseller
// with its reference, and two admins paying at once pay once.
func TestPayout(t *testing.T) {
	shopTest(t, commissionShop(), 0, func(t *testing.T, h *harness) {
		r := h.reseller("810", "Dewi")
		o := h.placeFor(r, "811", lapak.PayTransfer, "SMB-ROA", 4) // 220.000: 11.000
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, o.Number) })
		pay := func(amount lapak.Money, ref string) (shop.Payout, error) {
			var p shop.Payout
			err := h.shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
				var err error
				p, err = h.shop.RecordPayout(ctx, tx, sari, r.ID, amount, ref)
				return err
			})
			return p, err
		}
		// Pending is not payable.
		if _, err := pay(1000, "ref-0"); !errors.Is(err, shop.ErrOverBalance) {
			t.Fatalf("paid from pending: %v", err)
		}
		h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.Ship(ctx, tx, sari, o.Number, lapak.Shipment{Courier: "JNE", Tracking: "JX1"})
		})
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.Complete(ctx, tx, sari, o.Number) })
		h.clock.Advance(8 * 24 * time.Hour)
		h.confirmDue()
		for _, bad := range []lapak.Money{-1, 11001} {
			if _, err := pay(bad, "ref-1"); err == nil {
				t.Errorf("paid %d", bad)
			}
		}
		if _, err := pay(1000, "  "); !errors.Is(err, shop.ErrInvalid) {
			t.Errorf("paid without a reference: %v", err)
		}
		// Two admins pay the whole balance at once: one payout.
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() { _, errs[i] = pay(0, fmt.Sprint("ref-race-", i)) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, shop.ErrOverBalance):
				t.Errorf("racing payout: %v", err)
			}
		}
		b := h.balance(r)
		if ok != 1 || b != (lapak.CommissionBalance{Confirmed: 11000, Paid: 11000}) || b.Balance() != 0 {
			t.Fatalf("%d payouts went through, balance %+v", ok, b)
		}
		contains(t, h.last("810", 2), "Komisi Rp11.000 sudah ditransfer ke BCA 1234567890 a.n. Dewi (ref. ref-race-")
		// A cancel after the payout reverses the commission: the balance
		// goes below zero and later commissions make it up.
		h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.Refund(ctx, tx, sari, o.Number, "barang rusak")
		})
		if b := h.balance(r); b.Balance() != -11000 || b.Confirmed != 0 {
			t.Fatalf("after a reversal: %+v", b)
		}
		contains(t, h.last("810", 3), "dibatalkan setelah komisinya masuk saldo: Rp11.000 ditarik lagi")
		contains(t, h.last("811", 4), "Pesanan "+o.Number+" kami refund: "+o.Total.String()+" dikembalikan", "barang rusak")
	})
}

// A product with a commission rate of its own earns that instead of the
// tier's, on its share of the order after the discount.
func TestCommissionAtAProductsOwnRate(t *testing.T) {
	shopTest(t, commissionShop(), 0, func(t *testing.T, h *harness) {
		if _, err := h.s.ImportCatalog(ctx, []lapak.CatalogRow{
			{SKU: "KUE-NST", Name: "Kue Nastar", Category: "Kue", Price: 85000, Unlimited: true, Commission: 1000, HasCommission: true},
		}); err != nil {
			t.Fatal(err)
		}
		r := h.reseller("820", "Rina")
		o := h.placeFor(r, "821", lapak.PayTransfer, "KUE-NST", 2) // 170.000 at 10%: 17.000
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, o.Number) })
		if b := h.balance(r); b.Pending != 17000 {
			t.Fatalf("pending %+v, want 10%% of 170.000", b)
		}
		p := h.placeFor(r, "822", lapak.PayTransfer, "SMB-ROA", 1) // 55.000 at the tier's 5%: 2.750
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, p.Number) })
		if b := h.balance(r); b.Pending != 19750 {
			t.Fatalf("pending %+v, want 17.000 + 2.750", b)
		}
	})
}

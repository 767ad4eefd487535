package shop_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

func (h *harness) createVoucher(v lapak.Voucher) (lapak.Voucher, error) {
	var out lapak.Voucher
	err := h.s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		out, err = h.shop.CreateVoucher(ctx, tx, sari, v)
		return err
	})
	return out, err
}

func (h *harness) voucher(code string) lapak.Voucher {
	h.t.Helper()
	var v lapak.Voucher
	if err := h.s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		v, err = tx.Voucher(ctx, code)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return v
}

// placeVoucher has chat order one Kue Nastar (Rp85.000) with code, whose
// discount is off.
func (h *harness) placeVoucher(chat, code string, off lapak.Money) lapak.Order {
	h.t.Helper()
	h.n++
	exp := h.clock.Now().Add(time.Hour)
	o := lapak.Order{PaymentMethod: lapak.PayTransfer, Voucher: code, Breakdown: lapak.Breakdown{Discount: off},
		ExpiresAt: &exp, Items: []lapak.OrderItem{{VariantID: h.variant("KUE-NST").ID, Qty: 1}}}
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, MessageID: fmt.Sprint("v", h.n), Text: "ya"}
	if err := h.s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		o.CustomerID = c.Customer.ID
		return tx.PlaceOrder(ctx, &o)
	}); err != nil {
		h.t.Fatal(err)
	}
	return o
}

func TestCreateVoucherChecksEveryPart(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		past := t0.Add(-time.Hour)
		for _, c := range []struct {
			field string
			v     lapak.Voucher
		}{
			{"code", lapak.Voucher{Code: "HE MAT", Percent: 10}},
			{"code", lapak.Voucher{Code: "1234", Percent: 10}},
			{"discount", lapak.Voucher{Code: "NONE"}},
			{"discount", lapak.Voucher{Code: "BOTH", Percent: 10, Amount: 5000}},
			{"percent", lapak.Voucher{Code: "BIG", Percent: 101}},
			{"amount", lapak.Voucher{Code: "NEG", Amount: -5000}},
			{"max", lapak.Voucher{Code: "CAP", Amount: 5000, MaxDiscount: 1000}},
			{"quota", lapak.Voucher{Code: "QUOTA", Percent: 5, Quota: -1}},
			{"end", lapak.Voucher{Code: "PAST", Percent: 5, EndsAt: &past}},
			{"sku", lapak.Voucher{Code: "SKU", Percent: 5, SKUs: []string{"NOPE"}}},
			{"category", lapak.Voucher{Code: "CAT", Percent: 5, Categories: []lapak.Category{{Name: "Sepatu"}}}},
		} {
			_, err := h.createVoucher(c.v)
			var fe *shop.VoucherFieldError
			if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, shop.ErrInvalid) {
				t.Errorf("%+v: %v, want a %s error", c.v, err, c.field)
			}
		}
		v, err := h.createVoucher(lapak.Voucher{Code: "kue10", Percent: 10, SKUs: []string{"krp-pds"}, Categories: []lapak.Category{{Name: "kue"}}})
		if err != nil {
			t.Fatal(err)
		}
		if v.Code != "KUE10" || v.PerCustomer != 1 || !v.StartsAt.Equal(t0) || v.SKUs[0] != "KRP-PDS" || v.Categories[0].Name != "Kue" {
			t.Fatalf("created %+v", v)
		}
		if _, err := h.createVoucher(lapak.Voucher{Code: "Kue10", Amount: 1000}); !errors.Is(err, lapak.ErrExists) {
			t.Fatalf("a duplicate: %v", err)
		}
		equal(t, "audit", h.audit(), []string{"telegram:999 voucher KUE10  > 10%, no quota, 1 per customer, from 2025-11-26 09:00Z, sku KRP-PDS, category Kue"})
	})
}

func TestCancelAndExpiryGiveTheVoucherUseBack(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		if _, err := h.createVoucher(lapak.Voucher{Code: "HEMAT10", Percent: 10, Quota: 2}); err != nil {
			t.Fatal(err)
		}
		a := h.placeVoucher("1", "HEMAT10", 8500)
		h.placeVoucher("2", "HEMAT10", 8500)
		if v := h.voucher("HEMAT10"); v.Used != 2 || v.State(h.clock.Now()) != lapak.VoucherUsedUp {
			t.Fatalf("after two orders %+v", v)
		}
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.Cancel(ctx, tx, sari, a.Number, "stok habis") })
		if v := h.voucher("HEMAT10"); v.Used != 1 {
			t.Fatalf("after a cancel used %d", v.Used)
		}
		h.clock.Advance(2 * time.Hour)
		if n, err := h.shop.ExpireDue(ctx, 10); err != nil || n != 1 {
			t.Fatalf("expired %d: %v", n, err)
		}
		if v := h.voucher("HEMAT10"); v.Used != 0 {
			t.Fatalf("after the expiry used %d", v.Used)
		}
		var ended lapak.Voucher
		err := h.s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			var err error
			ended, err = h.shop.EndVoucher(ctx, tx, sari, "hemat10")
			return err
		})
		if err != nil || ended.Code != "HEMAT10" {
			t.Fatalf("ending %+v %v", ended, err)
		}
		err = h.s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			_, err := h.shop.EndVoucher(ctx, tx, sari, "HEMAT10")
			return err
		})
		if !errors.Is(err, shop.ErrVoucherOver) {
			t.Fatalf("ending twice: %v", err)
		}
	})
}

package lapak

import (
	"errors"
	"testing"
	"time"
)

func TestVoucherApply(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	kue := []VoucherLine{{SKU: "NST-500", CategoryID: 4, Total: 95000}, {SKU: "KCG-BWG", CategoryID: 1, Total: 40000}}
	for _, c := range []struct {
		name   string
		v      Voucher
		uses   int
		lines  []VoucherLine
		off    Money
		reason VoucherReason
		short  Money
	}{
		{"percent of everything", Voucher{Percent: 10}, 0, kue, 13500, "", 0},
		{"capped", Voucher{Percent: 10, MaxDiscount: 10000}, 0, kue, 10000, "", 0},
		{"rounded down", Voucher{Percent: 15}, 0, []VoucherLine{{Total: 12999}}, 1949, "", 0},
		{"fixed", Voucher{Amount: 15000}, 0, kue, 15000, "", 0},
		{"never more than the items", Voucher{Amount: 50000}, 0, []VoucherLine{{Total: 20000}}, 20000, "", 0},
		{"a hundred percent", Voucher{Percent: 100}, 0, []VoucherLine{{Total: 20000}}, 20000, "", 0},
		{"only the category", Voucher{Percent: 10, Categories: []Category{{ID: 4}}}, 0, kue, 9500, "", 0},
		{"only the SKU, any case", Voucher{Amount: 5000, SKUs: []string{"kcg-bwg"}}, 0, kue, 5000, "", 0},
		{"not for these items", Voucher{Percent: 10, SKUs: []string{"X"}}, 0, kue, 0, VoucherReasonNotForItems, 0},
		{"minimum of the eligible items", Voucher{Percent: 10, MinSpend: 100000, Categories: []Category{{ID: 4}}}, 0, kue, 0, VoucherReasonMinSpend, 5000},
		{"minimum reached", Voucher{Percent: 10, MinSpend: 135000}, 0, kue, 13500, "", 0},
		{"used by them", Voucher{Percent: 10}, 1, kue, 0, VoucherReasonAlreadyUsed, 0},
		{"twice per person", Voucher{Percent: 10, PerCustomer: 2}, 1, kue, 13500, "", 0},
		{"used up", Voucher{Percent: 10, Quota: 3, Used: 3}, 0, kue, 0, VoucherReasonUsedUp, 0},
		{"not started", Voucher{Percent: 10, StartsAt: later}, 0, kue, 0, VoucherReasonNotStarted, 0},
		{"expired", Voucher{Percent: 10, EndsAt: &now}, 0, kue, 0, VoucherReasonExpired, 0},
		{"ended", Voucher{Percent: 10, EndsAt: &later, EndedAt: &earlier}, 0, kue, 0, VoucherReasonEnded, 0},
	} {
		c.v.Code = "X1"
		if c.v.StartsAt.IsZero() {
			c.v.StartsAt = earlier
		}
		off, err := c.v.Apply(now, c.uses, c.lines)
		var ve *VoucherError
		switch {
		case c.reason == "" && (err != nil || off != c.off):
			t.Errorf("%s: %s, %v; want %s", c.name, off, err, c.off)
		case c.reason != "" && (!errors.As(err, &ve) || ve.Reason != c.reason || ve.Short != c.short || !errors.Is(err, ErrVoucher)):
			t.Errorf("%s: %s, %v; want %s (short %s)", c.name, off, err, c.reason, c.short)
		}
	}
}

func TestNormalizeVoucherCode(t *testing.T) {
	for in, want := range map[string]string{"hemat10": "HEMAT10", " Ongkir ": "ONGKIR", "ab1": "AB1"} {
		if got, ok := NormalizeVoucherCode(in); !ok || got != want {
			t.Errorf("%q: %q %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "ab", "HEMAT 10", "HEMAT🎉", "12345", "HEMAT-10", "ABCDEFGHIJKLMNOPQRSTU"} {
		if _, ok := NormalizeVoucherCode(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

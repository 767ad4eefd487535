package shop

import (
	"slices"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

func TestParseVoucherLine(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, loc)
	day := func(y int, m time.Month, d int) *time.Time { t := time.Date(y, m, d, 0, 0, 0, 0, loc); return &t }
	for _, c := range []struct {
		in   string
		want lapak.Voucher
	}{
		{"HEMAT10 10% min 50rb maks 20rb kuota 100 sampai 31/12",
			lapak.Voucher{Code: "HEMAT10", Percent: 10, MinSpend: 50000, MaxDiscount: 20000, Quota: 100, EndsAt: day(2027, 1, 1)}},
		{"hemat10 10 % min. belanja 50.000 maksimal Rp 20.000 kuota 100x berlaku sampai tanggal 31 Desember",
			lapak.Voucher{Code: "HEMAT10", Percent: 10, MinSpend: 50000, MaxDiscount: 20000, Quota: 100, EndsAt: day(2027, 1, 1)}},
		{"HEMAT10 10% min 50k max 20k quota 100 until 31/12/2026",
			lapak.Voucher{Code: "HEMAT10", Percent: 10, MinSpend: 50000, MaxDiscount: 20000, Quota: 100, EndsAt: day(2027, 1, 1)}},
		{"ONGKIR 15rb min 100rb kuota 50", lapak.Voucher{Code: "ONGKIR", Amount: 15000, MinSpend: 100000, Quota: 50}},
		{"ONGKIR potongan 15 ribu", lapak.Voucher{Code: "ONGKIR", Amount: 15000}},
		{"LEBARAN 20% untuk kategori Kue Kering per orang 2 mulai 1/1 sampai 5 jan 2027",
			lapak.Voucher{Code: "LEBARAN", Percent: 20, Categories: []lapak.Category{{Name: "Kue Kering"}}, PerCustomer: 2,
				StartsAt: *day(2027, 1, 1), EndsAt: day(2027, 1, 6)}},
		{"NASTAR 10rb untuk SKU NST-KJ,KST-1", lapak.Voucher{Code: "NASTAR", Amount: 10000, SKUs: []string{"NST-KJ", "KST-1"}}},
		{"NASTAR 10rb for sku nst-kj, kst-1 per person 3", lapak.Voucher{Code: "NASTAR", Amount: 10000, SKUs: []string{"NST-KJ", "KST-1"}, PerCustomer: 3}},
		{"HARIINI 5% sampai 2/12", lapak.Voucher{Code: "HARIINI", Percent: 5, EndsAt: day(2026, 12, 3)}},
	} {
		got, p := ParseVoucherLine(c.in, now, loc)
		if p != nil {
			t.Errorf("%q: %s", c.in, text.Get(lapak.Indonesian, p.Key, p.Args...))
			continue
		}
		w := c.want
		if w.StartsAt.IsZero() {
			w.StartsAt = now
		}
		if got.Code != w.Code || got.Percent != w.Percent || got.Amount != w.Amount || got.MinSpend != w.MinSpend ||
			got.MaxDiscount != w.MaxDiscount || got.Quota != w.Quota || got.PerCustomer != w.PerCustomer ||
			!got.StartsAt.Equal(w.StartsAt) || (got.EndsAt == nil) != (w.EndsAt == nil) || got.EndsAt != nil && !got.EndsAt.Equal(*w.EndsAt) ||
			!slices.Equal(got.SKUs, w.SKUs) || len(got.Categories) != len(w.Categories) ||
			len(w.Categories) > 0 && got.Categories[0].Name != w.Categories[0].Name {
			t.Errorf("%q:\n got %+v\nwant %+v", c.in, got, w)
		}
	}
	for _, c := range []struct {
		in  string
		key text.Key
	}{
		{"", text.DeskUsage},
		{"HEMAT 10 10%", text.VoucherCodeSpaces},
		{"HEMAT🎉 10%", text.VoucherBadCode},
		{"HE 10%", text.VoucherBadCode},
		{"12345 10%", text.VoucherBadCode},
		{"X10 101%", text.VoucherBadPercent},
		{"X10 -5%", text.VoucherBadPercent},
		{"X10 0", text.VoucherBadAmount},
		{"X10 -5rb", text.VoucherBadAmount},
		{"X10", text.VoucherNoDiscount},
		{"X10 min 50rb", text.VoucherNoDiscount},
		{"X10 10% 5rb", text.VoucherTwoDiscounts},
		{"X10 10% kuota", text.VoucherMissingValue},
		{"X10 10% kuota banyak", text.VoucherBadNumber},
		{"X10 10% kuota -1", text.VoucherBadNumber},
		{"X10 10% sampai 1/12", text.VoucherPastDate},
		{"X10 10% sampai 1/12/2025", text.VoucherPastDate},
		{"X10 10% sampai 32/12", text.VoucherBadDate},
		{"X10 10% sampai besok", text.VoucherBadDate},
		{"X10 10% mulai 10/12 sampai 5/12", text.VoucherEndBeforeStart},
		{"X10 10% untuk", text.VoucherMissingValue},
		{"X10 10% untuk kategori", text.VoucherMissingValue},
		{"X10 10% untuk teman", text.VoucherUnknownWord},
		{"X10 5rb maks 1rb", text.VoucherMaxNeedsPercent},
		{"X10 10% gratis ongkir", text.VoucherUnknownWord},
	} {
		_, p := ParseVoucherLine(c.in, now, loc)
		if p == nil || p.Key != c.key {
			got := "nothing"
			if p != nil {
				got = text.Get(lapak.Indonesian, p.Key, p.Args...)
			}
			t.Errorf("%q: %s, want key %d", c.in, got, c.key)
		}
	}
}

package lapak_test

import (
	"errors"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

func TestParsePriceFormat(t *testing.T) {
	for _, tt := range []struct {
		example string
		want    lapak.PriceFormat
	}{
		{"Rp15.000", lapak.PriceFormat{Prefix: "Rp"}},
		{"Rp 15.000", lapak.PriceFormat{Prefix: "Rp "}},
		{"Rp15.000,-", lapak.PriceFormat{Prefix: "Rp", Suffix: ",-"}},
		{"Rp. 15.000", lapak.PriceFormat{Prefix: "Rp. "}},
		{"IDR 15.000", lapak.PriceFormat{Prefix: "IDR "}},
		{"15.000 rupiah", lapak.PriceFormat{Suffix: " rupiah"}},
		{"  Rp 15.000,-  ", lapak.PriceFormat{Prefix: "Rp ", Suffix: ",-"}},
	} {
		got, err := lapak.ParsePriceFormat(tt.example)
		if err != nil || got != tt.want {
			t.Errorf("ParsePriceFormat(%q) = %+v, %v; want %+v", tt.example, got, err, tt.want)
		}
	}
}

func TestParsePriceFormatRefused(t *testing.T) {
	for _, tt := range []struct{ example, want string }{
		{"", "price format: empty: write fifteen thousand rupiah your way, e.g. Rp 15.000"},
		{"Rp15000", `price format: "Rp15000" does not contain 15.000: write fifteen thousand rupiah your way, with the thousands dot`},
		{"Rp15,000", `price format: "Rp15,000" does not contain 15.000: write fifteen thousand rupiah your way, with the thousands dot`},
		{"Rp 12.000", `price format: "Rp 12.000" does not contain 15.000: write fifteen thousand rupiah your way, with the thousands dot`},
		{"Rp15.000 - 15.000", `price format: "Rp15.000 - 15.000" contains 15.000 2 times: write the amount once`},
		{"15.000", `price format: "15.000" alone does not say it is rupiah: add Rp or IDR, e.g. Rp15.000`},
		{"Rp1.015.000", `price format: the text before 15.000 ("Rp1.0") contains a digit: write exactly fifteen thousand, 15.000`},
		{"Rp15.000,00", `price format: the text after 15.000 (",00") contains a digit: write exactly fifteen thousand, 15.000`},
		{"Rp15.000.000", `price format: the text after 15.000 (".000") contains a digit: write exactly fifteen thousand, 15.000`},
		{"Harga: Rupiah 15.000", `price format: the text before 15.000 ("Harga: Rupiah ") is longer than 10 characters`},
		{"15.000 rupiah saja ya", `price format: the text after 15.000 (" rupiah saja ya") is longer than 10 characters`},
		{"Rp\t15.000", `price format: the text before 15.000 ("Rp\t") contains a tab, line break or other invisible character`},
	} {
		got, err := lapak.ParsePriceFormat(tt.example)
		if err == nil {
			t.Errorf("ParsePriceFormat(%q) = %+v, want an error", tt.example, got)
			continue
		}
		if err.Error() != tt.want || !errors.Is(err, lapak.ErrInvalidPriceFormat) {
			t.Errorf("ParsePriceFormat(%q) error:\n got %v\nwant %s", tt.example, err, tt.want)
		}
	}
}

func TestPriceFormat(t *testing.T) {
	seller := func(example string) lapak.PriceFormat {
		f, err := lapak.ParsePriceFormat(example)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, tt := range []struct {
		f    lapak.PriceFormat
		m    lapak.Money
		want string
	}{
		{lapak.PriceFormat{}, 15000, "Rp15.000"},
		{lapak.PriceFormat{}, -2500, "-Rp2.500"},
		{lapak.PriceFormat{}, 0, "Rp0"},
		{seller("Rp15.000"), 1250000, "Rp1.250.000"},
		{seller("Rp 15.000"), 12000, "Rp 12.000"},
		{seller("Rp15.000,-"), 12000, "Rp12.000,-"},
		{seller("Rp 15.000,-"), -2500, "-Rp 2.500,-"},
		{seller("IDR 15.000"), 500, "IDR 500"},
		{seller("IDR 15.000"), 0, "IDR 0"},
		{seller("15.000 rupiah"), lapak.MaxMoney, "1.000.000.000.000 rupiah"},
	} {
		if got := tt.f.Format(tt.m); got != tt.want {
			t.Errorf("%+v.Format(%d) = %q, want %q", tt.f, int64(tt.m), got, tt.want)
		}
	}
	// The zero format and the default example agree with Money.String everywhere.
	for _, m := range []lapak.Money{0, 7, 999, 1000, 152347, -2500, lapak.MaxMoney, -lapak.MaxMoney} {
		if a, b := (lapak.PriceFormat{}).Format(m), seller("Rp15.000").Format(m); a != m.String() || b != m.String() {
			t.Errorf("Format(%d) = %q and %q, want %q", int64(m), a, b, m.String())
		}
	}
}

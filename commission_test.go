package lapak_test

import (
	"errors"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

func TestParseRate(t *testing.T) {
	for in, want := range map[string]lapak.Rate{"8%": 800, "8": 800, "7,5%": 750, "7.5 %": 750, "12,25%": 1225, "0%": 0, "100%": 10000} {
		if got, err := lapak.ParseRate(in); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "%", "-5%", "101%", "8,125%", "delapan", "8%%", "1e2"} {
		if _, err := lapak.ParseRate(bad); !errors.Is(err, lapak.ErrInvalidRate) {
			t.Errorf("ParseRate(%q) accepted", bad)
		}
	}
	for r, want := range map[lapak.Rate]string{800: "8%", 750: "7,5%", 1225: "12,25%", 5: "0,05%"} {
		if got := r.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", r, got, want)
		}
	}
}

func TestParseTiers(t *testing.T) {
	ts, err := lapak.ParseTiers("Silver=8% dari 2jt; Bronze=5%; Gold=12% dari 5jt")
	if err != nil {
		t.Fatal(err)
	}
	if got := ts.String(); got != "Bronze=5%; Silver=8% dari 2.000.000; Gold=12% dari 5.000.000" {
		t.Fatalf("tiers %s", got)
	}
	for sales, want := range map[lapak.Money]string{0: "Bronze", 1_999_999: "Bronze", 2_000_000: "Silver", 4_999_999: "Silver", 5_000_000: "Gold", 90_000_000: "Gold"} {
		if got := ts.For(sales).Name; got != want {
			t.Errorf("For(%d) = %s, want %s", sales, got, want)
		}
	}
	if g, ok := ts.Named("gold"); !ok || g.Rate != 1200 {
		t.Errorf("Named(gold) = %+v %v", g, ok)
	}
	if again, err := lapak.ParseTiers(ts.String()); err != nil || again.String() != ts.String() {
		t.Errorf("round trip: %v %v", again, err)
	}
	for bad, why := range map[string]string{
		"":                              "no level",
		"Bronze":                        "NAME=RATE",
		"Bronze=5%; Silver=8% dari x":   "not an amount",
		"Bronze=5% dari 1jt":            "starts at 0",
		"Bronze=5%; bronze=6% dari 1jt": "used twice",
		"Bronze=5%; Silver=4% dari 1jt": "lower rate",
		"Bronze=5%; Silver=6% dari 1jt; Gold=7% dari 1jt": "two levels start",
		"Bronze=150%": "0% to 100%",
	} {
		_, err := lapak.ParseTiers(bad)
		var te *lapak.TierError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), why) {
			t.Errorf("ParseTiers(%q) = %v, want an error with %q", bad, err, why)
		}
	}
}

func TestCommission(t *testing.T) {
	// 100.000 of items at 8%: 8.000.
	if got := lapak.Commission([]lapak.CommissionLine{{Amount: 100_000}}, 0, 800); got != 8000 {
		t.Errorf("plain: %d", got)
	}
	// A 20.000 discount is shared: 80.000 at 8% = 6.400.
	if got := lapak.Commission([]lapak.CommissionLine{{Amount: 60_000}, {Amount: 40_000}}, 20_000, 800); got != 6400 {
		t.Errorf("discounted: %d", got)
	}
	// A line with its own rate: 60.000×10% + 40.000×8% = 9.200, less 20%
	// for the discount = 7.360.
	if got := lapak.Commission([]lapak.CommissionLine{{Amount: 60_000, Rate: 1000}, {Amount: 40_000}}, 20_000, 800); got != 7360 {
		t.Errorf("own rate: %d", got)
	}
	// Rounded down once: 33.333 at 7,5% = 2.499,975.
	if got := lapak.Commission([]lapak.CommissionLine{{Amount: 33_333}}, 0, 750); got != 2499 {
		t.Errorf("rounding: %d", got)
	}
	// Nothing to share, a discount above the items, the largest order.
	if got := lapak.Commission(nil, 0, 800); got != 0 {
		t.Errorf("empty: %d", got)
	}
	if got := lapak.Commission([]lapak.CommissionLine{{Amount: 10_000}}, 50_000, 800); got != 0 {
		t.Errorf("free order: %d", got)
	}
	if got := lapak.Commission([]lapak.CommissionLine{{Amount: lapak.MaxMoney}}, lapak.MaxMoney/2, lapak.MaxRate); got != lapak.MaxMoney/2 {
		t.Errorf("largest: %d", got)
	}
	if got := lapak.CommissionBase(lapak.Breakdown{Subtotal: 100_000, Discount: 10_000, ShippingFee: 15_000, UniqueCode: 123}); got != 90_000 {
		t.Errorf("base: %d", got)
	}
}

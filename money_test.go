package lapak_test

import (
	"testing"

	lapak "github.com/lapak-id/lapak"
)

func TestMoneyString(t *testing.T) {
	for m, want := range map[lapak.Money]string{
		0: "Rp0", 500: "Rp500", 1000: "Rp1.000", 15000: "Rp15.000", 152347: "Rp152.347",
		1250000: "Rp1.250.000", -2500: "-Rp2.500", lapak.MaxMoney: "Rp1.000.000.000.000",
	} {
		if got := m.String(); got != want {
			t.Errorf("Money(%d) = %q, want %q", int64(m), got, want)
		}
	}
}

func TestParseMoney(t *testing.T) {
	good := map[string]lapak.Money{
		"15000": 15000, "15.000": 15000, "Rp15.000": 15000, "Rp 15.000": 15000, "rp15,000": 15000,
		" 152.347 ": 152347, "15.000,00": 15000, "1.250.000": 1250000, "0": 0, "Rp. 10.000": 10000,
	}
	for in, want := range good {
		got, err := lapak.ParseMoney(in)
		if err != nil || got != want {
			t.Errorf("ParseMoney(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "Rp", "15.5", "1.50", "15.0000", "lima ribu", "-5000", "15..000", ".500", "1e9", "99999999999999999999", "1.000.000.000.001"} {
		if got, err := lapak.ParseMoney(in); err == nil {
			t.Errorf("ParseMoney(%q) = %v, want an error", in, got)
		}
	}
}

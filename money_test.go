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

// Prices as sellers write them in spreadsheets and chat.
func TestParsePrice(t *testing.T) {
	good := map[string]lapak.Money{
		"45000": 45000, "45.000": 45000, "Rp 45.000,-": 45000, "Rp45.000": 45000, "rp. 45.000": 45000,
		"45rb": 45000, "45 ribu": 45000, "45RB": 45000, "45k": 45000, "45K": 45000, "1,5jt": 1_500_000, "1.5jt": 1_500_000,
		"1 juta": 1_000_000, "1,25 juta": 1_250_000, "2,5rb": 2500, "Rp 45rb": 45000, "IDR 45.000": 45000,
		"1.250rb": 1_250_000, "45.000,00": 45000, " 12000 ": 12000, "0": 0, "Rp 1.500.000,-": 1_500_000,
	}
	for in, want := range good {
		got, err := lapak.ParsePrice(in)
		if err != nil || got != want {
			t.Errorf("ParsePrice(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "-5000", "seratus", "lima ribu", "rb", "Rp", "15.5", "1,2345rb", "1.5.5jt",
		"45 ribu rupiah", "1,5", "2000000jt", "45rbu", "k45"} {
		if got, err := lapak.ParsePrice(in); err == nil {
			t.Errorf("ParsePrice(%q) = %v, want an error", in, got)
		}
	}
}

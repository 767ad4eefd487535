package config

import (
	"strings"
	"testing"
)

func TestDemoLeftovers(t *testing.T) {
	cfg, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.DemoLeftovers()
	if len(got) != 3 || !strings.HasPrefix(got[0], "LAPAK_SHOP_NAME") || !strings.HasPrefix(got[1], "LAPAK_BANK_ACCOUNTS") ||
		!strings.HasPrefix(got[2], "LAPAK_PICKUP_ADDRESS") || cfg.AllowDemo {
		t.Fatalf("the defaults' leftovers: %q (allow %v)", got, cfg.AllowDemo)
	}
	cfg, err = Load("", env(map[string]string{"LAPAK_SHOP_NAME": "Dapur Bu Sari", "LAPAK_PICKUP_ADDRESS": "none",
		"LAPAK_BANK_ACCOUNTS": "BRI 0123-01-000456-30-1 a.n. Sari Rahayu; BCA 1234567890 a.n. Toko Lapak Demo", "LAPAK_ALLOW_DEMO": "ya"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.DemoLeftovers(); len(got) != 1 || !strings.HasPrefix(got[0], "LAPAK_BANK_ACCOUNTS") || !cfg.AllowDemo {
		t.Fatalf("the demo account beside a real one: %q (allow %v)", got, cfg.AllowDemo)
	}
	cfg, _ = Load("", env(map[string]string{"LAPAK_SHOP_NAME": "Dapur Bu Sari", "LAPAK_PICKUP_ADDRESS": "Jl. Melati 5",
		"LAPAK_BANK_ACCOUNTS": "BRI 0123-01-000456-30-1 a.n. Sari Rahayu"}))
	if got := cfg.DemoLeftovers(); len(got) != 0 {
		t.Fatalf("a real shop's leftovers: %q", got)
	}
}

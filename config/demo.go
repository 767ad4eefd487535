package config

import (
	"fmt"
	"slices"

	"github.com/lapak-id/lapak"
)

// The demo shop's settings: the defaults, so that `lapak chat` works with
// no configuration, and what `lapak serve` refuses to take to real
// customers (DemoLeftovers).
const (
	DemoShopName      = "Toko Lapak Demo"
	DemoPickupAddress = "Jl. Contoh No. 1, Jakarta (alamat demo)"
	DemoBankAccount   = "BCA 1234567890 a.n. Toko Lapak Demo"
)

var demoAccount = lapak.BankAccount{Bank: "BCA", Number: "1234567890", Holder: "Toko Lapak Demo"}

// DemoLeftovers lists the settings still at the demo's values, one line
// each, naming the setting and what to put there: a real shop must not
// tell customers to pay into the demo's account or to pick up at its
// address.
func (c Config) DemoLeftovers() []string {
	var out []string
	if c.Shop.Name == DemoShopName {
		out = append(out, fmt.Sprintf("LAPAK_SHOP_NAME is still the demo's %q: set your shop's name", DemoShopName))
	}
	if slices.Contains(c.Shop.BankAccounts, demoAccount) {
		out = append(out, fmt.Sprintf("LAPAK_BANK_ACCOUNTS still has the demo's fake account %q: set your own accounts (BANK NUMBER a.n. HOLDER, separated by ;) or none", DemoBankAccount))
	}
	if c.Shop.PickupAddress == DemoPickupAddress {
		out = append(out, fmt.Sprintf("LAPAK_PICKUP_ADDRESS is still the demo's %q: set the address where customers pick up, or none", DemoPickupAddress))
	}
	return out
}

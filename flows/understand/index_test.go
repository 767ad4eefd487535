package understand

import (
	"slices"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
)

// demoProducts builds products from the demo catalog rows, as storage would.
func demoProducts() []lapak.Product {
	var products []lapak.Product
	idx := map[string]int{}
	var vid int64
	for _, r := range catalog.DemoRows() {
		i, ok := idx[r.Name]
		if !ok {
			i = len(products)
			idx[r.Name] = i
			products = append(products, lapak.Product{ID: int64(i + 1), Name: r.Name, Category: r.Category,
				Description: r.Description, Keywords: r.Keywords})
		}
		vid++
		products[i].Variants = append(products[i].Variants, lapak.Variant{ID: vid, ProductID: int64(i + 1), SKU: r.SKU,
			Name: r.Variant, Price: r.Price, Stock: r.Stock, Unlimited: r.Unlimited})
	}
	return products
}

var demoIndex = NewIndex(1, demoProducts())

func names(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Product.Name)
	}
	return out
}

func TestSearchToleratesTyposAndCasing(t *testing.T) {
	tests := []struct {
		query   string
		product string // the one clear hit; "" when a list or nothing is expected
		variant string
		list    []string // products that must be in a list
	}{
		{"kripik", "", "", []string{"Keripik Singkong", "Keripik Pisang"}},
		{"KERIPIK pedes", "Keripik Singkong", "Pedas", nil},
		{"keripik pedas", "Keripik Singkong", "Pedas", nil},
		{"kripik pdas", "Keripik Singkong", "Pedas", nil},
		{"keripik balado", "Keripik Singkong", "Balado", nil},
		{"keripiiik baladooo!!!", "Keripik Singkong", "Balado", nil},
		{"kripik ori", "Keripik Singkong", "Original", nil},
		{"sambel bawang", "Sambal Bawang", "", nil},
		{"sambel bwg", "Sambal Bawang", "", nil},
		{"Sambal Bawang level 5", "Sambal Bawang", "Level 5", nil},
		{"kopi susu gula aren", "Kopi Susu Gula Aren", "", nil},
		{"kopi susu", "Kopi Susu Gula Aren", "", nil},
		{"kopisusu gula aren", "Kopi Susu Gula Aren", "", nil},
		{"kopi", "", "", []string{"Kopi Susu Gula Aren", "Kopi Bubuk Robusta Lampung"}},
		{"ada kopi robusta ga kak?", "Kopi Bubuk Robusta Lampung", "", nil},
		{"robsta", "Kopi Bubuk Robusta Lampung", "", nil},
		{"keripik pisang coklat", "Keripik Pisang", "Cokelat", nil},
		{"pisang", "Keripik Pisang", "", nil},
		{"basreng", "Basreng Pedas Daun Jeruk", "", nil},
		{"basrenk", "Basreng Pedas Daun Jeruk", "", nil},
		{"basreng 250gr", "Basreng Pedas Daun Jeruk", "250 g", nil},
		{"makroni", "Makaroni Bantat", "", nil},
		{"makaroni asin", "Makaroni Bantat", "Asin", nil},
		{"nastar", "Nastar Nanas", "", nil},
		{"kastangel", "Kastengel Keju", "", nil},
		{"kastangle", "Kastengel Keju", "", nil},
		{"brownis", "Brownies Panggang", "", nil},
		{"brownies sekat", "Brownies Panggang", "Sekat 4 rasa", nil},
		{"lapis legit", "Lapis Legit", "", nil},
		{"wedang jahe", "Wedang Jahe Instan", "", nil},
		{"teh tarik", "Teh Tarik Sachet", "", nil},
		{"teh", "Teh Tarik Sachet", "", nil},
		{"sirup markisa", "Sirup Markisa", "", nil},
		{"sirop", "Sirup Markisa", "", nil},
		{"abon", "Abon Sapi", "", nil},
		{"sambal roa", "Sambal Roa", "", nil},
		{"cumi", "Sambal Cumi", "", nil},
		{"bumbu rendang", "Bumbu Rendang Instan", "", nil},
		{"rempeyek", "Rempeyek Kacang", "", nil},
		{"peyek", "Rempeyek Kacang", "", nil},
		{"kacang", "", "", []string{"Kacang Bawang", "Rempeyek Kacang"}},
		{"sambal", "", "", []string{"Sambal Bawang", "Sambal Cumi", "Sambal Roa"}},
		{"spicy cassava chips", "Keripik Singkong", "Pedas", nil},
		{"pineapple tart", "Nastar Nanas", "", nil},
		{"cheese sticks", "Kastengel Keju", "", nil},
		{"ginger", "Wedang Jahe Instan", "", nil},
		{"bolu pandan", "Bolu Pandan", "", nil},
		{"baso goreng", "Basreng Pedas Daun Jeruk", "", nil},
	}
	for _, tt := range tests {
		m := demoIndex.Search(strings.Fields(tt.query), false)
		if tt.product != "" {
			if !m.Clear || m.Hits[0].Product.Name != tt.product {
				t.Errorf("search %q: clear %v, hits %v; want %q", tt.query, m.Clear, names(m.Hits), tt.product)
				continue
			}
			gotV := ""
			if h := m.Hits[0]; h.Variant >= 0 {
				gotV = h.Product.Variants[h.Variant].Name
			}
			if tt.variant != "" && gotV != tt.variant {
				t.Errorf("search %q: variant %q, want %q", tt.query, gotV, tt.variant)
			}
			continue
		}
		if m.Clear {
			t.Errorf("search %q: clear hit %q, want a list", tt.query, m.Hits[0].Product.Name)
		}
		for _, want := range tt.list {
			if !slices.Contains(names(m.Hits), want) {
				t.Errorf("search %q: list %v lacks %q", tt.query, names(m.Hits), want)
			}
		}
	}
	for _, q := range []string{"pizza", "'; DROP TABLE lapak_orders; --", "sampun", "xyzzy", "iphone 15 pro"} {
		if m := demoIndex.Search(strings.Fields(q), false); m.Found() {
			t.Errorf("search %q found %v, want nothing", q, names(m.Hits))
		}
	}
	for _, q := range []string{"kue lumpur", "keripik tempe", "sambal matah", "kopi luwak"} {
		if m := demoIndex.Search(strings.Fields(q), false); m.Found() {
			t.Errorf("search %q: found %v, want not in the catalog", q, names(m.Hits))
		}
	}
}

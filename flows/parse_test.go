package flows

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
)

func TestFindQuantity(t *testing.T) {
	tests := []struct {
		in      string
		n       int
		problem qtyProblem
		rest    string
	}{
		{"2", 2, qtyOK, ""},
		{"pesan keripik pedas 2", 2, qtyOK, "pesan keripik pedas"},
		{"mau 2 kopi susu", 2, qtyOK, "mau kopi susu"},
		{"beli sambal bawang dua", 2, qtyOK, "beli sambal bawang"},
		{"keripik balado 2 pcs", 2, qtyOK, "keripik balado"},
		{"tambah kopi selusin", 12, qtyOK, "tambah kopi"},
		{"setengah lusin nastar", 6, qtyOK, "nastar"},
		{"dua belas", 12, qtyOK, ""},
		{"dua puluh", 20, qtyOK, ""},
		{"dua puluh lima bungkus", 25, qtyOK, ""},
		{"seratus", 100, qtyOK, ""},
		{"seratus dua puluh", 120, qtyOK, ""},
		{"sebelas", 11, qtyOK, ""},
		{"sepuluh botol", 10, qtyOK, ""},
		{"satu", 1, qtyOK, ""},
		{"tiga biji", 3, qtyOK, ""},
		{"dua lusin", 24, qtyOK, ""},
		{"one", 1, qtyOK, ""},
		{"three", 3, qtyOK, ""},
		{"ten", 10, qtyOK, ""},
		{"a dozen", 12, qtyOK, ""},
		{"half a dozen", 6, qtyOK, ""},
		{"2x", 2, qtyOK, ""},
		{"x3", 3, qtyOK, ""},
		{"5pcs", 5, qtyOK, ""},
		{"4 pack", 4, qtyOK, ""},
		{"3 buah", 3, qtyOK, ""},
		{"999", 999, qtyOK, ""},
		{"0", 0, qtyZero, ""},
		{"nol", 0, qtyOK, "nol"}, // not a number word we count: no quantity
		{"-1", 0, qtyNegative, ""},
		{"1e9", 0, qtyTooBig, ""},
		{"1000000", 0, qtyTooBig, ""},
		{"1.000.000", 0, qtyTooBig, ""},
		{"1000", 1000, qtyTooBig, ""},
		{"seribu", 1000, qtyTooBig, ""},
		{"sejuta", 1000000, qtyTooBig, ""},
		{"banyak", 0, qtyVague, ""},
		{"mau banyak", 0, qtyVague, "mau"},
		{"1,5", 0, qtyFraction, ""},
		{"setengah", 0, qtyFraction, ""},
		{"kopi susu 250 ml 2", 2, qtyOK, "kopi susu 250 ml"},
		{"sambal bawang level 3 dua botol", 2, qtyOK, "sambal bawang level 3"},
		{"kopi susu 1 liter", 0, qtyOK, "kopi susu 1 liter"},
	}
	for _, tt := range tests {
		q, found, rest := findQuantity(tt.in)
		if tt.in == "nol" || tt.in == "kopi susu 1 liter" {
			if found {
				t.Errorf("findQuantity(%q) found %+v, want none", tt.in, q)
			}
			continue
		}
		if !found || q.Problem != tt.problem || (tt.problem == qtyOK && q.N != tt.n) {
			t.Errorf("findQuantity(%q) = %+v found=%v, want n=%d problem=%d", tt.in, q, found, tt.n, tt.problem)
		}
		if got := strings.Join(rest, " "); got != tt.rest {
			t.Errorf("findQuantity(%q) rest %q, want %q", tt.in, got, tt.rest)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	good := map[string]string{
		"081234567890":      "6281234567890",
		"0812-3456-7890":    "6281234567890",
		"0812 3456 7890":    "6281234567890",
		"+62 812 3456 7890": "6281234567890",
		"+6281234567890":    "6281234567890",
		"6281234567890":     "6281234567890",
		"62 812-3456-789":   "628123456789",
		"81234567890":       "6281234567890",
		"0812.3456.789":     "628123456789",
		"(0812) 3456 7890":  "6281234567890",
		"0812345678":        "62812345678",
		" 0857-1234-56789 ": "62857123456789",
	}
	for in, want := range good {
		got, ok := normalizePhone(in)
		if !ok || got != want {
			t.Errorf("normalizePhone(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "0812", "021 555 1234", "12345678901", "+1 415 555 0100",
		"0812345678901234", "08123abc456", "'; DROP TABLE lapak_orders; --", "08-12", "+62", "0812 3456 7890 ext 2"} {
		if got, ok := normalizePhone(in); ok {
			t.Errorf("normalizePhone(%q) = %q, want rejected", in, got)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
	}{
		{"kripik", "keripik", 1},
		{"sambel", "sambal", 1},
		{"kopi", "kopi", 0},
		{"kpoi", "kopi", 1}, // transposition
		{"brownis", "brownies", 1},
		{"kastangel", "kastengel", 1},
		{"abc", "xyz", 3},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b, 5); got != tt.d {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
	if distance("keripik", "rendang", 2) != 3 {
		t.Error("distance should stop at max+1")
	}
}

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
			products = append(products, lapak.Product{ID: int64(i + 1), Name: r.Name, Category: r.Category, Description: r.Description})
		}
		vid++
		products[i].Variants = append(products[i].Variants, lapak.Variant{ID: vid, SKU: r.SKU, Name: r.Variant, Price: r.Price, Stock: r.Stock})
	}
	return products
}

func TestSearchToleratesTyposAndCasing(t *testing.T) {
	products := demoProducts()
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
		{"sambel bawang", "Sambal Bawang", "", nil},
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
		{"makroni", "Makaroni Bantat", "", nil},
		{"makaroni asin", "Makaroni Bantat", "Asin", nil},
		{"nastar", "Nastar Nanas", "", nil},
		{"kastangel", "Kastengel Keju", "", nil},
		{"brownis", "Brownies Panggang", "", nil},
		{"brownies sekat", "Brownies Panggang", "Sekat 4 rasa", nil},
		{"lapis legit", "Lapis Legit", "", nil},
		{"wedang jahe", "Wedang Jahe Instan", "", nil},
		{"teh tarik", "Teh Tarik Sachet", "", nil},
		{"sirup markisa", "Sirup Markisa", "", nil},
		{"sirop", "Sirup Markisa", "", nil},
		{"abon", "Abon Sapi", "", nil},
		{"sambal roa", "Sambal Roa", "", nil},
		{"cumi", "Sambal Cumi", "", nil},
		{"bumbu rendang", "Bumbu Rendang Instan", "", nil},
		{"rempeyek", "Rempeyek Kacang", "", nil},
		{"kacang", "", "", []string{"Kacang Bawang", "Rempeyek Kacang"}},
		{"sambal", "", "", []string{"Sambal Bawang", "Sambal Cumi", "Sambal Roa"}},
		{"spicy cassava chips", "Keripik Singkong", "Pedas", nil},
		{"ginger", "Wedang Jahe Instan", "", nil},
		{"bolu pandan", "Bolu Pandan", "", nil},
	}
	for _, tt := range tests {
		hits := searchProducts(products, queryWords([]string{tt.query}))
		hit, ok := clearHit(hits)
		if tt.product != "" {
			if !ok || hit.Product.Name != tt.product {
				t.Errorf("search %q: clear hit %v %q, want %q (hits %v)", tt.query, ok, hit.Product.Name, tt.product, names(hits))
				continue
			}
			gotV := ""
			if hit.Variant != nil {
				gotV = hit.Variant.Name
			}
			if tt.variant != "" && gotV != tt.variant {
				t.Errorf("search %q: variant %q, want %q", tt.query, gotV, tt.variant)
			}
			continue
		}
		if ok {
			t.Errorf("search %q: clear hit %q, want a list", tt.query, hit.Product.Name)
		}
		for _, want := range tt.list {
			if !slices.Contains(names(hits), want) {
				t.Errorf("search %q: list %v lacks %q", tt.query, names(hits), want)
			}
		}
	}
	for _, q := range []string{"pizza", "'; DROP TABLE lapak_orders; --", "sampun", "xyzzy", "iphone 15 pro"} {
		if hits := searchProducts(products, queryWords([]string{q})); len(hits) != 0 {
			t.Errorf("search %q found %v, want nothing", q, names(hits))
		}
	}
}

func names(hits []searchHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Product.Name)
	}
	return out
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

func TestCatalogsHaveTheSameKeysAndVerbs(t *testing.T) {
	for key, id := range messagesID {
		en, ok := messagesEN[key]
		if !ok {
			t.Errorf("English lacks %q", key)
			continue
		}
		if a, b := verb.FindAllString(id, -1), verb.FindAllString(en, -1); !slices.Equal(a, b) {
			t.Errorf("%q: verbs %v (id) vs %v (en)", key, a, b)
		}
		if strings.TrimSpace(id) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("%q is empty", key)
		}
	}
	for key := range messagesEN {
		if _, ok := messagesID[key]; !ok {
			t.Errorf("Indonesian lacks %q", key)
		}
	}
	for _, lang := range []lapak.Language{lapak.Indonesian, lapak.English} {
		if n := len(strings.Fields(msg(lang, "months"))); n != 12 {
			t.Errorf("%s months: %d names", lang, n)
		}
		for _, s := range []lapak.OrderStatus{lapak.StatusPendingPayment, lapak.StatusPaid, lapak.StatusProcessing,
			lapak.StatusShipped, lapak.StatusCompleted, lapak.StatusCancelled, lapak.StatusExpired} {
			if _, ok := catalogs[lang]["status_"+string(s)]; !ok {
				t.Errorf("%s lacks status %s", lang, s)
			}
		}
		for _, m := range []lapak.PaymentMethod{lapak.PayTransfer, lapak.PayCOD, lapak.PayQRIS} {
			if _, ok := catalogs[lang]["pay_"+string(m)]; !ok {
				t.Errorf("%s lacks payment %s", lang, m)
			}
		}
	}
}

func TestFindOrderNumber(t *testing.T) {
	for in, want := range map[string]string{
		"batal K7M-4QP":           "K7M-4QP",
		"batal k7m-4qp":           "K7M-4QP",
		"cek pesanan K7M4QP dong": "K7M-4QP",
		"ACD-EFG":                 "ACD-EFG",
		"acdefg":                  "", // six letters without a dash or digit: a word
		"keripik":                 "",
		"K7M-4QPX":                "",
	} {
		if got := findOrderNumber(in); got != want {
			t.Errorf("findOrderNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

package understand

import (
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

func TestFindQuantity(t *testing.T) {
	tests := []struct {
		in      string
		n       int
		problem Problem
		rest    string
	}{
		{"2", 2, QtyOK, ""},
		{"pesan keripik pedas 2", 2, QtyOK, "pesan keripik pedas"},
		{"mau 2 kopi susu", 2, QtyOK, "mau kopi susu"},
		{"beli sambal bawang dua", 2, QtyOK, "beli sambal bawang"},
		{"keripik balado 2 pcs", 2, QtyOK, "keripik balado"},
		{"tambah kopi selusin", 12, QtyOK, "tambah kopi"},
		{"setengah lusin nastar", 6, QtyOK, "nastar"},
		{"dua belas", 12, QtyOK, ""},
		{"dua puluh", 20, QtyOK, ""},
		{"dua puluh lima bungkus", 25, QtyOK, ""},
		{"seratus", 100, QtyOK, ""},
		{"seratus dua puluh", 120, QtyOK, ""},
		{"sebelas", 11, QtyOK, ""},
		{"sepuluh botol", 10, QtyOK, ""},
		{"satu", 1, QtyOK, ""},
		{"tiga biji", 3, QtyOK, ""},
		{"dua lusin", 24, QtyOK, ""},
		{"one", 1, QtyOK, ""},
		{"three", 3, QtyOK, ""},
		{"ten", 10, QtyOK, ""},
		{"a dozen", 12, QtyOK, ""},
		{"half a dozen", 6, QtyOK, ""},
		{"2x", 2, QtyOK, ""},
		{"x3", 3, QtyOK, ""},
		{"5pcs", 5, QtyOK, ""},
		{"4 pack", 4, QtyOK, ""},
		{"3 buah", 3, QtyOK, ""},
		{"999", 999, QtyOK, ""},
		{"0", 0, QtyZero, ""},
		{"nol", 0, QtyOK, "nol"}, // not a number word we count: no quantity
		{"-1", 0, QtyNegative, ""},
		{"1e9", 0, QtyTooBig, ""},
		{"1000000", 0, QtyTooBig, ""},
		{"1.000.000", 0, QtyTooBig, ""},
		{"1000", 1000, QtyTooBig, ""},
		{"seribu", 1000, QtyTooBig, ""},
		{"sejuta", 1000000, QtyTooBig, ""},
		{"banyak", 0, QtyVague, ""},
		{"mau banyak", 0, QtyVague, "mau"},
		{"1,5", 0, QtyFraction, ""},
		{"setengah", 0, QtyFraction, ""},
		{"kopi susu 250 ml 2", 2, QtyOK, "kopi susu 250 ml"},
		{"sambal bawang level 3 dua botol", 2, QtyOK, "sambal bawang level 3"},
		{"kopi susu 1 liter", 0, QtyOK, "kopi susu 1 liter"},
	}
	for _, tt := range tests {
		q, found, rest := FindQuantity(tt.in)
		if tt.in == "nol" || tt.in == "kopi susu 1 liter" {
			if found {
				t.Errorf("FindQuantity(%q) found %+v, want none", tt.in, q)
			}
			continue
		}
		if !found || q.Problem != tt.problem || (tt.problem == QtyOK && q.N != tt.n) {
			t.Errorf("FindQuantity(%q) = %+v found=%v, want n=%d problem=%d", tt.in, q, found, tt.n, tt.problem)
		}
		if got := strings.Join(rest, " "); got != tt.rest {
			t.Errorf("FindQuantity(%q) rest %q, want %q", tt.in, got, tt.rest)
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
		got, ok := NormalizePhone(in)
		if !ok || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "0812", "021 555 1234", "12345678901", "+1 415 555 0100",
		"0812345678901234", "08123abc456", "'; DROP TABLE lapak_orders; --", "08-12", "+62", "0812 3456 7890 ext 2"} {
		if got, ok := NormalizePhone(in); ok {
			t.Errorf("NormalizePhone(%q) = %q, want rejected", in, got)
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

func TestFindOrderNumber(t *testing.T) {
	for in, want := range map[string]string{
		"batal K7M-4QP":           "K7M-4QP",
		"batal k7m-4qp":           "K7M-4QP",
		"cek pesanan K7M4QP dong": "K7M-4QP",
		"ACD-EFG":                 "ACD-EFG",
		"acdefg":                  "", // six letters without a dash or digit: a word
		"keripik":                 "",
		"K7M-4QPX":                "",
		"kue-kue":                 "", // a reduplicated word
		"ada-ada":                 "",
		"346679":                  "", // a number
	} {
		if got := FindOrderNumber(in); got != want {
			t.Errorf("FindOrderNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// The numbers a person would not read as an order number are never drawn,
// and those that are drawn are all found again.
func TestReadableOrderNumbers(t *testing.T) {
	for _, n := range []string{"67J-67J", "KUE-KUE", "346-679"} {
		if lapak.ReadableOrderNumber(n) {
			t.Errorf("%s is drawn as an order number", n)
		}
	}
	for _, n := range []string{"K7M-4QP", "67J-67K", "ACD-EFG", "346-67A"} {
		if !lapak.ReadableOrderNumber(n) || FindOrderNumber("cek "+n) != n {
			t.Errorf("%s: readable %v, found as %q", n, lapak.ReadableOrderNumber(n), FindOrderNumber("cek "+n))
		}
	}
}

// Every order number the shop draws is found again when a person types it,
// with or without its dash.
func TestFindsEveryDrawnOrderNumber(t *testing.T) {
	for range 20000 {
		n := lapak.NewOrderNumber()
		if got := FindOrderNumber("pesanan " + n + " sudah dibayar"); got != n {
			t.Fatalf("FindOrderNumber(%q) = %q", n, got)
		}
		if strings.ContainsAny(n, "0123456789") {
			if got := FindOrderNumber("cek " + strings.ToLower(strings.ReplaceAll(n, "-", ""))); got != n {
				t.Fatalf("FindOrderNumber of %q typed without its dash = %q", n, got)
			}
		}
	}
}

package main

import (
	"context"
	"strings"
	"testing"

	"github.com/lapak-id/lapak/storage"
)

// The seller makes a voucher in the console and a customer uses it: the
// recap shows the discount and the order keeps it.
func TestChatVoucher(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_ADMINS"] = "console:admin"
	r := s.ok("/voucher HEMAT5 5rb min 30rb kuota 10 sampai 31/12/2099\n/voucher\n", "chat", "--user", "admin")
	for _, want := range []string{"✅ Voucher HEMAT5 dibuat", "Potongan Rp5.000", "Minimal belanja Rp30.000", "Kuota 10 pemakaian",
		"HEMAT5 — potongan Rp5.000, min. belanja Rp30.000 · dipakai 0/10 · aktif s/d 31 Des 2099"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("admin chat lacks %q:\n%s", want, r.stdout)
		}
	}
	// budi is no admin: /voucher makes nothing for him.
	r = s.ok("/voucher GRATIS 100%\n", "chat", "--user", "budi")
	if strings.Contains(r.stdout, "dibuat") {
		t.Fatalf("a customer made a voucher:\n%s", r.stdout)
	}
	buy := strings.Replace(purchase, "transfer\n", "transfer\npakai kode hemat5\n", 1)
	r = s.ok(buy, "chat", "--user", "siti")
	for _, want := range []string{"Kode HEMAT5 dipasang", "Diskon HEMAT5: -Rp5.000", "Total: Rp44.000", "No. pesanan"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("customer chat lacks %q:\n%s", want, r.stdout)
		}
	}
	m := orderNumber.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no order:\n%s", r.stdout)
	}
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o, err := st.OrderByNumber(context.Background(), m[1])
	if err != nil {
		t.Fatal(err)
	}
	if o.Voucher != "HEMAT5" || o.Discount != 5000 || o.Total != 44000+o.UniqueCode {
		t.Fatalf("order %+v", o.Breakdown)
	}
}

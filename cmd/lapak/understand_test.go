package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
)

// Sentences in `lapak chat`: several items in one line go into the cart
// at once, an item the catalog does not have is named, and a pasted order
// form (lines joined with a backslash, as piped input writes it) fills the
// checkout and goes to the recap; a returning customer then orders in a
// few messages.
func TestChatUnderstandsSentencesAndForms(t *testing.T) {
	s := newShop(t)
	r := s.ok("kak aku mau ambil sambel bwg nya 3 botol ya\n"+
		"level 3\n"+
		"keripik pedas 2, kopi susu 250 ml 1 sama kue lumpur 1\n"+
		"liat keranjang dong\n", "chat", "--user", "ani")
	for _, want := range []string{
		"Sambal Bawang ada beberapa pilihan", // which level: the 3 bottles are kept
		"3 × Sambal Bawang (Level 3) masuk keranjang",
		"• 2 × Keripik Singkong (Pedas)", "• 1 × Kopi Susu Gula Aren (250 ml)",
		`"kue lumpur" belum ada di katalog`,
		"Sambal Bawang (Level 3) × 3 = Rp75.000", "Subtotal: Rp126.000",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("chat lacks %q:\n%s", want, r.stdout)
		}
	}

	form := "Nama: Budi Santoso\\\n" +
		"No HP: 0813-1111-2222\\\n" +
		"Alamat: Jl. Anggrek No. 3 RT 01/RW 02, Beji, Depok 16421\\\n" +
		"Pesanan: nastar 1\\\n" +
		"Kirim: Dalam kota\\\n" +
		"Bayar: transfer\n"
	r = s.ok(form+"iya kak bener\n", "chat", "--user", "budi")
	for _, want := range []string{"format ordernya sudah aku baca", "Cek lagi pesanannya", "Nastar Nanas × 1 = Rp95.000",
		"Ongkir (Dalam kota): Rp10.000", "Nama: Budi Santoso", "+6281311112222", "Depok 16421", "No. pesanan"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("form chat lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "maksimal 999") {
		t.Errorf("a number of the form was read as a quantity:\n%s", r.stdout)
	}

	// Back another day: "halo", the order, "checkout" (the last delivery and
	// payment come back), "ya": four messages.
	r = s.ok("halo\npesan kastengel 1\ncheckout\nya\n", "chat", "--user", "budi")
	if !strings.Contains(r.stdout, "sama seperti pesanan terakhir") || strings.Count(r.stdout, "No. pesanan") != 1 {
		t.Errorf("returning customer:\n%s", r.stdout)
	}
	numbers := regexp.MustCompile(`No\. pesanan: ([A-Z0-9]{3}-[A-Z0-9]{3})`).FindStringSubmatch(r.stdout)
	if numbers == nil {
		t.Fatalf("no order number:\n%s", r.stdout)
	}
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o, err := st.OrderByNumber(context.Background(), numbers[1])
	if err != nil {
		t.Fatal(err)
	}
	if o.Delivery != lapak.DeliveryCourier || o.Zone != "Dalam kota" || !strings.Contains(o.Address, "Jl. Anggrek No. 3") ||
		o.PaymentMethod != lapak.PayTransfer || o.Items[0].SKU != "KST-500" {
		t.Errorf("repeat order %+v", o)
	}
}

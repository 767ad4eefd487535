package flows_test

import (
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

func TestFullPurchaseByBrowsing(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "100")
		c.expect("halo", "Dapur Bu Sari", "Katalog", "Cari produk", "Keranjang", "Pesanan saya", "Bantuan", "Chat admin", "Language/Bahasa")
		cats := c.last("katalog")
		if len(cats.Choices) != 4 || cats.Choices[0].Label != "Keripik & Camilan (6)" {
			t.Fatalf("categories: %+v", cats.Choices)
		}
		page := c.send(lapak.Inbound{ChoiceID: cats.Choices[0].ID})[0]
		for _, want := range []string{"hal. 1/1", "Keripik Singkong – mulai Rp12.000", "Kacang Bawang – Rp20.000", "Rempeyek Kacang – Rp18.000 (habis)"} {
			if !strings.Contains(page.Text, want) {
				t.Fatalf("page lacks %q:\n%s", want, page.Text)
			}
		}
		detail := c.send(lapak.Inbound{ChoiceID: choiceID(t, page, "Keripik Singkong")})[0]
		if detail.Image != "demo:keripik-singkong" || !strings.Contains(detail.Text, "Pedas – Rp13.000 (stok 20)") {
			t.Fatalf("detail: %+v", detail)
		}
		ask := c.send(lapak.Inbound{ChoiceID: choiceID(t, detail, "Pedas")})[0]
		if !strings.Contains(ask.Text, "Mau berapa Keripik Singkong (Pedas)") || len(ask.Choices) != 4 {
			t.Fatalf("ask qty: %+v", ask)
		}
		c.expect("3", "3 × Keripik Singkong (Pedas) masuk keranjang", "Rp39.000")
		c.expect("checkout", "nama penerima")
		c.expect("Siti Aminah", "Nomor HP")
		c.expect("0812-3456-7890", "Ambil sendiri", "Jabodetabek (Rp15.000)")
		c.expect("2", "alamat lengkap")
		c.expect("Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok", "bayar pakai apa")
		got := c.expect("transfer", "Cek lagi pesanannya", "Keripik Singkong (Pedas) × 3 = Rp39.000",
			"Ongkir (Jabodetabek): Rp15.000", "Total: Rp54.000", "Siti Aminah", "+6281234567890",
			"Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok", "Transfer bank", "Ya, pesan")
		_ = got
		placed := c.expect("ya", "No. pesanan", "BCA 1234567890 a.n. Sari Wulandari", "3 digit terakhir", "27 Nov 2025 16:00 WIB")
		orders := c.orders()
		if len(orders) != 1 {
			t.Fatalf("%d orders", len(orders))
		}
		o := orders[0]
		if !strings.Contains(placed, o.Number) || !strings.Contains(placed, o.Total.String()) {
			t.Fatalf("reply lacks number %s or total %s:\n%s", o.Number, o.Total, placed)
		}
		if o.Subtotal != 39000 || o.ShippingFee != 15000 || o.UniqueCode < 1 || o.Total != 54000+o.UniqueCode ||
			o.Recipient != "Siti Aminah" || o.Phone != "6281234567890" || o.PaymentMethod != lapak.PayTransfer ||
			o.Delivery != lapak.DeliveryCourier || o.Zone != "Jabodetabek" || o.ExpiresAt == nil {
			t.Fatalf("order: %+v", o)
		}
		if got := h.stock(t, "KRP-SGK-PDS"); got != 17 {
			t.Fatalf("stock %d, want 17 reserved", got)
		}
		if len(c.cart()) != 0 {
			t.Fatal("cart not cleared")
		}
		if len(c.notes) != 1 || c.notes[0].To != admin || !strings.Contains(c.notes[0].Msg.Text, o.Number) ||
			!strings.Contains(c.notes[0].Msg.Text, "Siti Aminah") {
			t.Fatalf("admin notes: %+v", c.notes)
		}
		// A second "ya" must not order again.
		c.expect("ya", "sudah tercatat", o.Number)
		c.expectPress("confirm", "sudah tercatat")
		if n := len(c.orders()); n != 1 {
			t.Fatalf("%d orders after a second yes", n)
		}
	})
}

package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
)

func (h *harness) vouchers(t *testing.T) []lapak.Voucher {
	t.Helper()
	var vs []lapak.Voucher
	err := h.s.InTx(context.Background(), func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		vs, err = tx.Vouchers(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// refuses sends a /voucher line and checks the reply says want and no
// voucher was saved.
func refuses(t *testing.T, h *harness, a *customer, line string, want ...string) {
	t.Helper()
	before := len(h.vouchers(t))
	a.expect(line, want...)
	if got := len(h.vouchers(t)); got != before {
		t.Fatalf("after %q: %d vouchers, want %d", line, got, before)
	}
}

func TestDeskVouchers(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		a.expect("/bantuan", "Voucher (khusus admin)", "/voucher off KODE")
		a.expect("/voucher", "Belum ada voucher")
		a.expect("/voucher HEMAT10 10% min 50rb maks 20rb kuota 100 sampai 31/12",
			"✅ Voucher HEMAT10 dibuat", "Diskon 10%, maksimal Rp20.000", "Minimal belanja Rp50.000", "Untuk semua produk",
			"Kuota 100 pemakaian", "1 kali per pelanggan", "Berlaku 26 Nov 2025 sampai 31 Des 2025", "pakai kode HEMAT10")
		a.expect("/voucher ongkir 15rb min 100rb kuota 50", "Voucher ONGKIR dibuat", "Potongan Rp15.000", "Minimal belanja Rp100.000",
			"Kuota 50", "tanpa tanggal akhir")
		a.expect("/voucher KUE20 20% untuk kategori kue & roti per orang 2 mulai 1/12 sampai 31 Des",
			"Khusus kategori Kue & Roti", "2 kali per pelanggan", "Berlaku 1 Des 2025 sampai 31 Des 2025", "Tanpa batas kuota")
		a.expect("/voucher NASTAR5 5.000 for sku nst-500,KST-500 quota 10 until 31/12/2025", "Khusus SKU NST-500, KST-500", "Potongan Rp5.000")
		a.expect("/voucher SAMBAL 10% untuk produk sambal bawang, SMB-ROA", "Khusus SKU SMB-BWG-L1, SMB-BWG-L3, SMB-BWG-L5, SMB-ROA")

		refuses(t, h, a, "/voucher HEMAT 10 10%", "tidak boleh pakai spasi", "HEMAT10")
		refuses(t, h, a, `/voucher "HEMAT 10" 10%`, "tidak boleh pakai spasi")
		refuses(t, h, a, "/voucher HEMAT🎉 10%", "tidak bisa dipakai", "tanpa spasi, tanda baca atau emoji")
		refuses(t, h, a, "/voucher MINUS -10%", "persennya harus 1 sampai 100%")
		refuses(t, h, a, "/voucher BESAR 150%", "Diskon 150% tidak bisa")
		refuses(t, h, a, "/voucher NOL 0%", "persennya harus 1 sampai 100%")
		refuses(t, h, a, "/voucher NOL 0", "Potongan \"0\" tidak bisa")
		refuses(t, h, a, "/voucher MINUS -15rb", "Potongan \"-15rb\" tidak bisa")
		refuses(t, h, a, "/voucher LALU 10% sampai 1/11/2025", "1 Nov 2025 sudah lewat")
		refuses(t, h, a, "/voucher LALU 10% sampai 20/11", "20 Nov 2025 sudah lewat")
		refuses(t, h, a, "/voucher BALIK 10% mulai 20/12 sampai 10/12", "Tanggal akhir (10/12) harus sama atau sesudah tanggal mulai (20/12)")
		refuses(t, h, a, "/voucher TGL 10% sampai 31/2", "Tanggal \"31/2\" tidak bisa dibaca")
		refuses(t, h, a, "/voucher hemat10 5%", "Kode HEMAT10 sudah dipakai voucher lain")
		refuses(t, h, a, "/voucher KOSONG", "Besar potongannya belum ditulis", "/voucher KOSONG 10%")
		refuses(t, h, a, "/voucher DUA 10% 5rb", "Tulis satu potongan saja")
		refuses(t, h, a, "/voucher MIN 10% min", "Setelah \"min\" tulis nilainya")
		refuses(t, h, a, "/voucher MIN 10% min banyak", "\"banyak\" setelah \"min\" bukan nominal")
		refuses(t, h, a, "/voucher QQQ 10% kuota 0", "\"0\" setelah \"kuota\" harus angka 1 sampai")
		refuses(t, h, a, "/voucher PER 10% per orang", "Setelah \"per orang\" tulis nilainya, misalnya per orang 2")
		refuses(t, h, a, "/voucher MAXF 15rb maks 5rb", "Maksimal potongan hanya untuk diskon persen")
		refuses(t, h, a, "/voucher KAT 10% untuk kategori Sepatu", "Kategori \"Sepatu\" tidak ada", "Kue & Roti")
		refuses(t, h, a, "/voucher SKU 10% untuk SKU NOPE-1", "SKU NOPE-1 tidak ada di katalog")
		refuses(t, h, a, "/voucher APA 10% gratis", "Bagian \"gratis\" tidak aku pahami")

		a.expect("/vouchers", "HEMAT10 — diskon 10% (maks. Rp20.000), min. belanja Rp50.000 · dipakai 0/100 · aktif s/d 31 Des 2025",
			"ONGKIR — potongan Rp15.000, min. belanja Rp100.000 · dipakai 0/50 · aktif", "KUE20 — diskon 20% · dipakai 0 · mulai 1 Des 2025")
		a.expect("/voucher off ongkir", "Voucher ONGKIR dihentikan (dipakai 0/50)")
		a.expect("/voucher off ONGKIR", "Voucher ONGKIR memang sudah dihentikan", "Tidak ada yang diubah")
		a.expect("/voucher off NOPE", "Tidak ada voucher dengan kode NOPE")
		a.expect("/voucher", "ONGKIR — potongan Rp15.000, min. belanja Rp100.000 · dipakai 0/50 · dihentikan")

		// A customer typing /voucher gets a customer's answer: nothing is made.
		c := h.customer(t, "701")
		got := c.say("/voucher GRATIS 100%")
		if strings.Contains(got, "dibuat") || strings.Contains(got, "Tidak ada yang disimpan") {
			t.Fatalf("a customer ran the desk:\n%s", got)
		}
		if n := len(h.vouchers(t)); n != 5 {
			t.Fatalf("%d vouchers, want 5", n)
		}

		var creates, ends int
		for _, e := range auditLog(t, h) {
			switch {
			case e.Command == "voucher" && e.Actor == admin:
				creates++
			case e.Command == "voucher off" && e.Actor == admin && e.Target == "ONGKIR" && e.After == "ended":
				ends++
			}
		}
		if creates != 5 || ends != 1 {
			t.Fatalf("audit: %d creates, %d ends: %+v", creates, ends, auditLog(t, h))
		}
	})
}

// toRecap puts add in the cart of a new customer and checks out to the recap.
func toRecap(t *testing.T, c *customer, add string) string {
	t.Helper()
	c.expect(add, "masuk keranjang")
	c.say("checkout")
	c.say("Budi Santoso")
	c.say("081311112222")
	c.say("Kirim ke Jabodetabek")
	c.say("Jl. Mawar No. 1, Depok")
	return c.expect("transfer", "Cek lagi pesanannya")
}

func TestCustomerUsesVoucher(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		a.expect("/voucher HEMAT10 10% min 50rb maks 20rb kuota 100 sampai 31/12", "dibuat")

		c := h.customer(t, "801")
		// Typed before there is a cart: kept for checkout.
		c.expect("hemat10", "✅ Kode HEMAT10 dipasang: diskon 10% (maks. Rp20.000), min. belanja Rp50.000", "dihitung waktu checkout")
		c.expect("HEMAT10", "Kode HEMAT10 sudah terpasang")
		// Below the minimum the recap says how much more, and takes nothing off.
		recap := toRecap(t, c, "pesan kacang bawang 2")
		contains(t, recap, "Subtotal: Rp40.000", "Kode HEMAT10 tidak dipakai: tambah belanja Rp10.000 lagi biar sampai minimal Rp50.000", "Total: Rp55.000")
		// The cart grows at the recap: now it applies.
		recap = c.expect("pesan nastar 1", "Subtotal: Rp135.000", "Diskon HEMAT10: -Rp13.500", "Total: Rp136.500")
		if strings.Index(recap, "Diskon HEMAT10") > strings.Index(recap, "Total:") {
			t.Fatalf("the discount is not above the total:\n%s", recap)
		}
		c.expect("ya", "No. pesanan")
		o := c.orders()[0]
		if o.Voucher != "HEMAT10" || o.Discount != 13500 || o.Total != 135000-13500+15000+o.UniqueCode {
			t.Fatalf("order %+v", o.Breakdown)
		}
		contains(t, told(t, c, admin.ChatID), "Diskon HEMAT10: -Rp13.500")
		c.expect("pesanan "+o.Number, "Diskon HEMAT10: -Rp13.500")
		a.expect("/pesanan "+o.Number, "Diskon HEMAT10: -Rp13.500")
		a.expect("/voucher", "dipakai 1/100")
		// Once per customer.
		c.expect("pakai kode HEMAT10", "kode HEMAT10 tidak bisa dipakai: sudah kakak pakai (maksimal 1 kali per orang)")
		// Cancelling gives the use back.
		c.expect("batal "+o.Number, "Yakin")
		c.expect("ya", "dibatalkan")
		a.expect("/voucher", "dipakai 0/100")
		c.expect("ada kode promo HEMAT10", "Kode HEMAT10 dipasang")

		// Unknown codes, clearly meant: said so. A word alone that is no
		// code is what it always was.
		d := h.customer(t, "802")
		d.expect("ada kode promo NGAWUR1", "kode NGAWUR1 tidak ditemukan")
		d.expect("kode voucher: ngawur", "kode NGAWUR tidak ditemukan")
		if got := d.say("nastar"); strings.Contains(got, "tidak ditemukan") && strings.Contains(got, "kode") {
			t.Fatalf("a product search read as a code:\n%s", got)
		}
		if got := d.say("ada promo apa kak?"); strings.Contains(got, "kode APA") {
			t.Fatalf("a question read as a code:\n%s", got)
		}
		// A one-tap code from a promo.
		d.expectPress("voucher:hemat10", "Kode HEMAT10 dipasang")
		d.expect("hapus kode", "kode HEMAT10 dilepas")

		// An address with "kode" or "promo" in it is an address.
		e := h.customer(t, "803")
		e.expect("pesan kacang bawang 1", "masuk keranjang")
		e.say("checkout")
		e.say("Budi Santoso")
		e.say("081311112222")
		e.say("Kirim ke Jabodetabek")
		e.expect("Perumahan Promo INDAH Blok A1 No. 5, Depok", "bayar pakai apa")
	})
}

func TestVoucherRefusals(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		a.expect("/voucher NANTI 10% mulai 1/12", "dibuat")
		a.expect("/voucher LAMA 10% sampai 28/11", "dibuat")
		a.expect("/voucher SEKALI 5rb kuota 1 per orang 5", "dibuat")
		a.expect("/voucher KUE20 20% untuk kategori Kue & Roti", "dibuat")
		a.expect("/voucher STOP1 5rb", "dibuat")
		a.expect("/voucher off STOP1", "dihentikan")

		c := h.customer(t, "901")
		c.expect("pesan kacang bawang 1", "masuk keranjang")
		c.expect("pakai kode NANTI", "kode NANTI tidak bisa dipakai: baru berlaku mulai 1 Des 2025")
		c.expect("pakai kode STOP1", "kode STOP1 tidak bisa dipakai: promonya sudah berakhir")
		c.expect("KUE20", "Kode KUE20 dipasang", "belum bisa dipotong: khusus kategori Kue & Roti, belum ada di keranjang")
		c.expect("pesan nastar 1", "masuk keranjang")
		c.expect("checkout", "nama")
		c.say("Budi Santoso")
		c.say("081311112222")
		c.expect("ambil sendiri", "Diskon KUE20: -Rp19.000", "Subtotal: Rp115.000")

		// Used up: another customer takes the only use.
		e := h.customer(t, "902")
		toRecap(t, e, "pesan kacang bawang 1")
		e.expect("SEKALI", "Kode SEKALI dipasang", "Diskon SEKALI: -Rp5.000")
		// Meanwhile f takes the last use; e's "ya" is told, not charged more.
		f := h.customer(t, "903")
		toRecap(t, f, "pesan kacang bawang 1")
		f.expect("SEKALI", "Diskon SEKALI: -Rp5.000")
		f.expect("ya", "No. pesanan")
		got := e.expect("ya", "kode SEKALI ternyata tidak bisa dipakai lagi: kuotanya sudah habis", "Pesanannya belum dibuat",
			"Kode SEKALI tidak dipakai: kuotanya sudah habis", "Total: Rp35.000")
		if strings.Contains(got, "No. pesanan") || len(e.orders()) != 0 {
			t.Fatalf("placed after the voucher was lost:\n%s", got)
		}
		e.expect("ya", "No. pesanan")
		if o := e.orders()[0]; o.Voucher != "" || o.Discount != 0 {
			t.Fatalf("order %+v", o)
		}
		g := h.customer(t, "904")
		g.say("english")
		g.expect("use code sekali", "Sorry, the code SEKALI cannot be used: it is all used up")

		// Past its last day (the clock is shared by both databases' runs).
		h.clock.Advance(6 * 24 * time.Hour)
		defer h.clock.Set(start)
		c.expect("kode voucher: lama", "kode LAMA tidak bisa dipakai: masa berlakunya sudah habis")
		a.expect("/voucher", "LAMA — diskon 10% · dipakai 0 · berakhir 28 Nov 2025", "NANTI — diskon 10% · dipakai 0 · aktif")
	})
}

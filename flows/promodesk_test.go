package flows_test

import (
	"context"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

func TestPromoWizard(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		ctx := context.Background()
		buyer := h.customer(t, "700")
		buy(t, buyer, "pesan kacang bawang 2", "Budi Santoso", "081311112222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Depok", "transfer")
		h.customer(t, "701").say("halo") // chatted, never ordered
		a := h.customer(t, admin.ChatID)
		a.expect("/voucher HEMAT10 10% kuota 100 sampai 31/12", "Voucher HEMAT10 dibuat")
		a.expect("/bantuan", "Promo (khusus admin)", "/promo status")

		a.expect("/promo", "Tulis teks promonya", "{nama}", "{toko}")
		// Bad text is refused at once, with the promo's own refusal.
		a.expect("Halo {alamat}, ada diskon!", "{alamat} tidak dikenal", "{nama}")
		a.expect(strings.Repeat("a", 3600), "3600 karakter, maksimal 3500")
		a.expect("Halo {nama}, nastar diskon di {toko}!", "Kirim foto")
		a.expect("gimana ini", "menunggu foto")
		got := joined(a.send(lapak.Inbound{Image: &lapak.Attachment{Ref: "promo-photo", MIME: "image/jpeg"}}))
		expectAll(t, got, "Kode voucher")
		a.expect("NOPE99", "Voucher NOPE99 belum ada")
		a.expect("hemat 10", "tidak bisa dipakai")
		a.expect("hemat10", "Kirim ke siapa", "order:30d")
		a.expect("city:Surabaya", "tidak cocok dengan pelanggan mana pun")
		a.expect("beli:apa", "tidak bisa dibaca")
		a.expect("Pesan 30 hari terakhir", "Kapan dikirim")
		a.expect("kapan-kapan", "bukan waktu yang aku kenal")
		a.expect("besok", "Jam berapa")
		a.expect("24/12/2024 09.00", "sudah lewat")
		a.expect("besok 09.00", "Jangan kirim setelah")
		a.expect("besok 08.00", "harus sesudah waktu kirim")
		a.expect("besok 21.00", "Pratinjau promo", "Segmen: order:30d", "Penerima: 1 (telegram 1)",
			"Ditahan batas promo per minggu: 0", "Memblokir toko: 0", "27 Nov 2025 09:00", "Jangan kirim setelah: 27 Nov 2025 21:00",
			"Contoh untuk Budi", "Halo Budi, nastar diskon di Dapur Bu Sari!", "HEMAT10", "BERHENTI", "Ketik ya")
		if list, err := h.s.Broadcasts(ctx, 10); err != nil || len(list) != 0 {
			t.Fatalf("planned before ya: %v %v", list, err)
		}
		// Change the text from the preview: the preview comes back.
		a.expect("ubah", "Bagian mana")
		a.expect("Teks", "Tulis teks promonya")
		a.expect("Halo {nama}! Nastar diskon 10%.", "Pratinjau promo", "Halo Budi! Nastar diskon 10%.")
		a.expect("ya", "Promo #1 dijadwalkan untuk 1 pelanggan, mulai 27 Nov 2025 09:00")
		b, err := h.s.Broadcast(ctx, 1)
		if err != nil || b.Voucher != "HEMAT10" || b.Image != "media:telegram:promo-photo" || b.Segment != "order:30d" || b.Until == nil {
			t.Fatalf("broadcast: %+v %v", b, err)
		}
		a.expect("ya", "") // the wizard is over: "ya" plans nothing more
		if list, _ := h.s.Broadcasts(ctx, 10); len(list) != 1 {
			t.Fatalf("%d broadcasts", len(list))
		}

		a.expect("/promo status", "Promo terakhir", "#1 · aktif", "order:30d", "1 direncanakan: 0 terkirim")
		a.expect("/promo jeda 1", "Promo #1 sekarang dijeda")
		a.expect("/promo pause 1", "Promo #1 sedang dijeda: tidak ada yang diubah")
		a.expect("/promo lanjut 1", "Promo #1 sekarang aktif")
		a.expect("/promo batal 1", "Promo #1 sekarang dibatalkan")
		a.expect("/promo resume 1", "sedang dibatalkan")
		a.expect("/promo cancel 9", "Tidak ada promo #9")
		a.expect("/promo jeda", "/promo jeda N")

		// Everyone, now, no photo, voucher or deadline: buttons and words.
		a.expect("/promo Halo {nama}, stok baru!", "Kirim foto")
		if got := a.press("pdesk:skip"); !strings.Contains(got, "Kode voucher") {
			t.Fatalf("skip the photo: %s", got)
		}
		a.expect("lewati", "Kirim ke siapa")
		a.expect("Semua pelanggan", "Kapan dikirim")
		if got := a.press("pdesk:skip"); !strings.Contains(got, "Kapan dikirim") {
			t.Fatalf("no skipping the time: %s", got)
		}
		a.expect("sekarang", "Jangan kirim setelah")
		a.expect("lewati", "Segmen: all", "Kirim: sekarang", "Contoh untuk Budi", "Halo Budi, stok baru!")
		if got := a.press("pdesk:yes"); !strings.Contains(got, "Promo #2 dijadwalkan") || !strings.Contains(got, "26 Nov 2025 16:00") {
			t.Fatalf("plan now: %s", got)
		}

		// "/promo TEXT" starts with the text; a command mid-wizard drops the
		// draft; "batal" drops it too.
		a.expect("/promo Halo {nama}!", "Kirim foto")
		a.expect("lewati", "Kode voucher")
		a.expect("/pesanan", "Pesanan")
		a.expect("lewati", "")
		a.expect("/promo", "Tulis teks promonya")
		a.expect("batal", "promonya dibatalkan")
		if list, _ := h.s.Broadcasts(ctx, 10); len(list) != 2 {
			t.Fatalf("%d broadcasts", len(list))
		}
	})
}

func TestPromoWizardNotForCustomers(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "702")
		got := c.say("/promo")
		expectNot(t, got, "Tulis teks promonya", "Promo (khusus admin)")
		got = c.press("pdesk:yes")
		expectNot(t, got, "dijadwalkan")
		if list, _ := h.s.Broadcasts(context.Background(), 10); len(list) != 0 {
			t.Fatalf("a customer planned %d broadcasts", len(list))
		}
	})
}

// expectAll checks got has every wanted text.
func expectAll(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("reply lacks %q:\n%s", w, got)
		}
	}
}

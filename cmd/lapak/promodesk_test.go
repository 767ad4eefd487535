package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The seller composes a promo with a photo and a voucher to "ordered in
// the last 30 days" in Telegram chat and confirms it; when the clock
// reaches the send time the customer who ordered gets it (with the photo
// by its Telegram file id), the one who only chatted does not, and
// /promo status shows it sent.
func TestPromoFromTelegramChat(t *testing.T) {
	s, tg := realShop(t)
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	s.clock = storagetest.NewClock(time.Date(2026, 12, 1, 10, 0, 0, 0, jakarta))
	s.env["LAPAK_ADMINS"] = "telegram:9000"
	sari := telegramtest.User{ID: 9000, FirstName: "Sari"}
	siti := telegramtest.User{ID: 5001, FirstName: "Siti"}
	budi := telegramtest.User{ID: 5002, FirstName: "Budi"}
	logs := newWatchedLog()
	stop := s.startServeArgs(logs)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	tg.SendText(siti, "halo")
	waitText(ctx, t, tg, siti.ID, "selamat datang")
	for _, line := range []string{"pesan nastar keju 1", "checkout", "Budi Santoso", "0812-3456-7890", "1", "transfer", "ya"} {
		tg.SendText(budi, line)
	}
	waitText(ctx, t, tg, budi.ID, "No. pesanan")

	tg.SendText(sari, "/voucher NASTAR20 20% sampai 31/12/2026")
	waitText(ctx, t, tg, sari.ID, "Voucher NASTAR20 dibuat")
	// A customer typing /promo gets no wizard.
	tg.SendText(siti, "/promo")
	step := func(u telegramtest.User, say, want string) {
		t.Helper()
		tg.SendText(u, say)
		waitText(ctx, t, tg, u.ID, want)
	}
	step(sari, "/promo", "Tulis teks promonya")
	step(sari, "Halo {nama}! Nastar Keju diskon 20% di {toko}.", "Kirim foto")
	png, err := catalog.DemoPNG("kue-nastar")
	if err != nil {
		t.Fatal(err)
	}
	tg.AddFile("promo-photo", png)
	tg.SendPhoto(sari, "promo-photo", "")
	waitText(ctx, t, tg, sari.ID, "Kode voucher yang mau disertakan")
	step(sari, "nastar20", "Kirim ke siapa")
	step(sari, "Pesan 30 hari terakhir", "Kapan dikirim")
	step(sari, "besok 09.00", "Jangan kirim setelah")
	tg.SendText(sari, "lewati")
	pv := waitText(ctx, t, tg, sari.ID, "Pratinjau promo")
	for _, want := range []string{"Segmen: order:30d", "Penerima: 1 (telegram 1)", "Ditahan batas promo per minggu: 0", "2 Des 2026 09:00", "Contoh untuk Budi"} {
		if !strings.Contains(pv.Text, want) {
			t.Errorf("preview lacks %q:\n%s", want, pv.Text)
		}
	}
	sample := waitText(ctx, t, tg, sari.ID, "Halo Budi! Nastar Keju diskon 20% di Dapur Bu Sari.")
	if sample.Method != "sendPhoto" || sample.PhotoRef != "promo-photo" || !strings.Contains(sample.Text, "NASTAR20") {
		t.Errorf("sample: %s %q %q", sample.Method, sample.PhotoRef, sample.Text)
	}
	step(sari, "ya", "Promo #1 dijadwalkan untuk 1 pelanggan, mulai 2 Des 2026 09:00")
	for _, m := range tg.Sent(siti.ID) {
		if strings.Contains(m.Text, "Tulis teks promonya") {
			t.Fatalf("a customer got the promo wizard: %q", m.Text)
		}
	}

	s.clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, jakarta))
	advanceUntil(ctx, t, s.clock, "the admin's report", func() bool {
		for _, m := range tg.Sent(sari.ID) {
			if strings.Contains(m.Text, "📣 Promo #1 selesai") {
				return true
			}
		}
		return false
	})
	var got []telegramtest.Sent
	for _, m := range tg.Sent(budi.ID) {
		if strings.Contains(m.Text, "Nastar Keju diskon 20%") {
			got = append(got, m)
		}
	}
	if len(got) != 1 || !strings.Contains(got[0].Text, "Halo Budi!") || !strings.Contains(got[0].Text, "NASTAR20") ||
		got[0].Method != "sendPhoto" || got[0].PhotoRef != "promo-photo" {
		t.Fatalf("Budi got %+v, want the promo once with its photo and voucher", got)
	}
	for _, m := range tg.Sent(siti.ID) {
		if strings.Contains(m.Text, "Nastar Keju diskon") {
			t.Fatalf("Siti never ordered, yet got %q", m.Text)
		}
	}
	st := func() string {
		tg.SendText(sari, "/promo status")
		return waitText(ctx, t, tg, sari.ID, "Promo terakhir").Text
	}()
	for _, want := range []string{"#1 · selesai", "order:30d", "1 direncanakan: 1 terkirim, 0 gagal"} {
		if !strings.Contains(st, want) {
			t.Errorf("/promo status lacks %q:\n%s", want, st)
		}
	}
	stop()
}

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// waitAfter waits for a message to chat containing want among those sent
// after the first n.
func waitAfter(ctx context.Context, t *testing.T, tg *telegramtest.Server, chat int64, n int, want string) telegramtest.Sent {
	t.Helper()
	for i := n + 1; ; i++ {
		sent, err := tg.WaitSent(ctx, chat, i)
		if err != nil {
			var got []string
			for _, m := range tg.Sent(chat)[n:] {
				got = append(got, m.Text)
			}
			t.Fatalf("no message with %q to %d after the first %d: %v\nsent since:\n%s", want, chat, n, err, strings.Join(got, "\n---\n"))
		}
		if strings.Contains(sent[i-1].Text, want) {
			return sent[i-1]
		}
	}
}

// The "done means", on both databases: the seller composes a
// promo with a photo and a voucher to "ordered in the last 30 days" in
// Telegram chat and schedules it; when the clock reaches the send time the
// customers who ordered get it (the photo kept by Lapak and uploaded once),
// the one who only chatted does not; one replies BERHENTI and gets no later
// promo, one orders with the voucher, and /promo status shows the order
// and the voucher's use.
func TestPromoFromTelegramChat(t *testing.T) {
	eachDB(t, promoFromChat)
}

func promoFromChat(t *testing.T, s *shop) {
	s, tg := realShopOn(s)
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	s.clock = storagetest.NewClock(time.Date(2026, 12, 1, 10, 0, 0, 0, jakarta))
	s.env["LAPAK_ADMINS"] = "telegram:9000"
	sari := telegramtest.User{ID: 9000, FirstName: "Sari"}
	siti := telegramtest.User{ID: 5001, FirstName: "Siti"}
	budi := telegramtest.User{ID: 5002, FirstName: "Budi"}
	ani := telegramtest.User{ID: 5003, FirstName: "Ani"}
	logs := newWatchedLog()
	stop := s.startServeArgs(logs)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	step := func(u telegramtest.User, say, want string) telegramtest.Sent {
		t.Helper()
		n := len(tg.Sent(u.ID))
		tg.SendText(u, say)
		return waitAfter(ctx, t, tg, u.ID, n, want)
	}

	tg.SendText(siti, "halo")
	waitText(ctx, t, tg, siti.ID, "selamat datang")
	for _, u := range []telegramtest.User{budi, ani} {
		for _, line := range []string{"pesan nastar keju 1", "checkout", u.FirstName + " Santoso", "0812-3456-7890", "1", "transfer", "ya"} {
			tg.SendText(u, line)
		}
	}
	waitText(ctx, t, tg, budi.ID, "No. pesanan")
	waitText(ctx, t, tg, ani.ID, "No. pesanan")

	step(sari, "/voucher NASTAR20 20% sampai 31/12/2026", "Voucher NASTAR20 dibuat")
	// A customer typing /promo gets no wizard.
	tg.SendText(siti, "/promo")
	step(sari, "/promo", "Tulis teks promonya")
	step(sari, "Halo {nama}! Nastar Keju diskon 20% di {toko}.", "Kirim foto")
	png, err := catalog.DemoPNG("kue-nastar")
	if err != nil {
		t.Fatal(err)
	}
	tg.AddFile("promo-photo", png)
	n := len(tg.Sent(sari.ID))
	tg.SendPhoto(sari, "promo-photo", "")
	waitAfter(ctx, t, tg, sari.ID, n, "Kode voucher yang mau disertakan")
	step(sari, "nastar20", "Kirim ke siapa")
	step(sari, "Pesan 30 hari terakhir", "Kapan dikirim")
	step(sari, "besok 09.00", "Jangan kirim setelah")
	n = len(tg.Sent(sari.ID))
	tg.SendText(sari, "lewati")
	pv := waitAfter(ctx, t, tg, sari.ID, n, "Pratinjau promo")
	for _, want := range []string{"Segmen: order:30d", "Penerima: 2 (telegram 2)", "Ditahan batas promo per minggu: 0", "2 Des 2026 09:00", "Contoh untuk"} {
		if !strings.Contains(pv.Text, want) {
			t.Errorf("preview lacks %q:\n%s", want, pv.Text)
		}
	}
	sample := waitAfter(ctx, t, tg, sari.ID, n, "! Nastar Keju diskon 20% di Dapur Bu Sari.")
	if sample.Method != "sendPhoto" || sample.PhotoRef != "promo-photo" || !strings.Contains(sample.Text, "NASTAR20") {
		t.Errorf("sample: %s %q %q", sample.Method, sample.PhotoRef, sample.Text)
	}
	step(sari, "ya", "Promo #1 dijadwalkan untuk 2 pelanggan, mulai 2 Des 2026 09:00")
	for _, m := range tg.Sent(siti.ID) {
		if strings.Contains(m.Text, "Tulis teks promonya") {
			t.Fatalf("a customer got the promo wizard: %q", m.Text)
		}
	}

	// 09:00 the next morning, the promo goes out.
	s.clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, jakarta))
	advanceUntil(ctx, t, s.clock, "the admin's report", func() bool { return sentWith(tg, sari.ID, "📣 Promo #1 selesai") > 0 })
	uploads := 0
	for _, u := range []telegramtest.User{budi, ani} {
		var got []telegramtest.Sent
		for _, m := range tg.Sent(u.ID) {
			if strings.Contains(m.Text, "Nastar Keju diskon 20%") {
				got = append(got, m)
			}
		}
		if len(got) != 1 || !strings.Contains(got[0].Text, "Halo "+u.FirstName+"!") || !strings.Contains(got[0].Text, "NASTAR20") ||
			!strings.Contains(got[0].Text, "BERHENTI") || got[0].Method != "sendPhoto" {
			t.Fatalf("%s got %+v, want the promo once with its photo, voucher and how to stop", u.FirstName, got)
		}
		// The photo is Lapak's own copy: uploaded once, then sent by the
		// file id Telegram gave it.
		switch {
		case got[0].Photo != nil:
			uploads++
			if !bytes.Equal(got[0].Photo, png) {
				t.Errorf("%s got another picture", u.FirstName)
			}
		case got[0].PhotoRef == "" || got[0].PhotoRef == "promo-photo":
			t.Errorf("%s got the photo as %q", u.FirstName, got[0].PhotoRef)
		}
	}
	if uploads != 1 {
		t.Errorf("the promo photo was uploaded %d times, want once", uploads)
	}
	st, err := storage.Open(ctx, s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if b, err := st.Broadcast(ctx, 1); err != nil || !strings.HasPrefix(b.Image, "stored:") {
		t.Errorf("the promo's photo is %q (%v), want Lapak's own copy", b.Image, err)
	}
	for _, m := range tg.Sent(siti.ID) {
		if strings.Contains(m.Text, "Nastar Keju diskon") {
			t.Fatalf("Siti never ordered, yet got %q", m.Text)
		}
	}

	// Ani stops promos; Budi takes the voucher from the promo and orders.
	step(ani, "BERHENTI", "tidak akan dapat pesan promo lagi")
	var use string
	for _, m := range tg.Sent(budi.ID) {
		for _, b := range m.Buttons() {
			if b.Text == "Pakai NASTAR20" {
				use = b.Data
			}
		}
	}
	if use == "" {
		t.Fatal("no Pakai NASTAR20 button under Budi's promo")
	}
	n = len(tg.Sent(budi.ID))
	tg.Press(budi, use)
	waitAfter(ctx, t, tg, budi.ID, n, "NASTAR20")
	step(budi, "pesan nastar keju 2", "masuk keranjang")
	recap := step(budi, "checkout", "Cek lagi pesanannya")
	if !strings.Contains(recap.Text, "Diskon NASTAR20: -Rp34.000") {
		t.Errorf("recap lacks the voucher's discount:\n%s", recap.Text)
	}
	step(budi, "ya", "No. pesanan")

	// A second promo, sent now: Budi gets it, Ani (stopped) does not.
	step(sari, "/promo", "Tulis teks promonya")
	step(sari, "Kue kering baru: Putri Salju!", "Kirim foto")
	step(sari, "lewati", "Kode voucher yang mau disertakan")
	step(sari, "lewati", "Kirim ke siapa")
	step(sari, "Pesan 30 hari terakhir", "Kapan dikirim")
	step(sari, "sekarang", "Jangan kirim setelah")
	pv = step(sari, "lewati", "Pratinjau promo")
	if !strings.Contains(pv.Text, "Penerima: 1 (telegram 1)") {
		t.Errorf("the second preview should count Budi only:\n%s", pv.Text)
	}
	step(sari, "ya", "Promo #2")
	advanceUntil(ctx, t, s.clock, "the second report", func() bool { return sentWith(tg, sari.ID, "📣 Promo #2 selesai") > 0 })
	if n := sentWith(tg, budi.ID, "Putri Salju"); n != 1 {
		t.Errorf("Budi got the second promo %d times", n)
	}
	if n := sentWith(tg, ani.ID, "Putri Salju"); n != 0 {
		t.Errorf("Ani typed BERHENTI, yet got the second promo")
	}

	status := step(sari, "/promo status", "Promo terakhir").Text
	for _, want := range []string{"#1 · selesai", "order:30d", "2 direncanakan: 2 terkirim, 0 gagal", "1 pesanan", "Voucher NASTAR20 dipakai di 1 pesanan",
		"#2 · selesai", "1 direncanakan: 1 terkirim"} {
		if !strings.Contains(status, want) {
			t.Errorf("/promo status lacks %q:\n%s", want, status)
		}
	}
	stop()
}

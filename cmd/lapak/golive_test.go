package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/catalog"
)

// A seller goes live the way the README says, on both databases: lapak
// setup (piped answers, a fake Bot API), lapak serve with nothing that
// allows the demo, /admin with the code serve printed, a product added
// and given a photo from the phone, and a customer who finds it, sees the
// photo and buys it, paying into the seller's own account.
func TestGoLiveFromSetupToFirstSale(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			var s *shop
			if db == "sqlite" {
				s = newShop(t)
			} else {
				s = pgShop(t)
			}
			goLive(t, s)
		})
	}
}

func goLive(t *testing.T, s *shop) {
	delete(s.env, "LAPAK_ALLOW_DEMO")
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL

	r := s.ok(lines(
		"1", // Bahasa Indonesia
		"Dapur Bu Sari",
		"BCA 0987654321 a.n. Sari Rahayu", "",
		"Jl. Mawar 3, Beji, Depok",
		"Dalam kota 10000", "Luar kota Rp 25.000", "",
		"tidak", // no COD
		"tidak", // no QRIS
		telegramtest.Token,
		"1", // my own catalog
		"ya",
	), "setup")
	wantOutput(t, r.stdout, "Bot kamu: https://t.me/"+telegramtest.Username, "Tersimpan di lapak.conf", "/admin KODE")
	if _, ok := s.env["LAPAK_TELEGRAM_TOKEN"]; ok {
		t.Fatal("the token must come from the file setup wrote")
	}

	logs := newWatchedLog()
	s.startServeArgs(logs)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	code := logs.wait(ctx, t, sendCode)[1]

	sari := telegramtest.User{ID: 777, FirstName: "Sari"}
	tg.SendText(sari, "/admin "+code)
	waitText(ctx, t, tg, sari.ID, "Kamu sekarang admin Dapur Bu Sari")

	tg.SendText(sari, "/tambah Nastar Keju | Kue Kering | 450 g=85rb stok 20 | Renyah, keju edam")
	waitText(ctx, t, tg, sari.ID, "• 450 g – Rp85.000, stok 20")
	tg.SendText(sari, "ya")
	waitText(ctx, t, tg, sari.ID, "SKU NASTAR-KEJU-450G: Nastar Keju (450 g) – Rp85.000, stok 20")

	png, err := catalog.DemoPNG("kue-nastar")
	if err != nil {
		t.Fatal(err)
	}
	tg.AddFile("nastar-photo", png)
	tg.SendPhoto(sari, "nastar-photo", "/foto NASTAR-KEJU-450G")
	waitText(ctx, t, tg, sari.ID, "Foto Nastar Keju (SKU NASTAR-KEJU-450G) dipasang")

	budi := telegramtest.User{ID: 4242, FirstName: "Budi"}
	tg.SendText(budi, "nastar keju")
	card := waitText(ctx, t, tg, budi.ID, "Nastar Keju")
	if card.Method != "sendPhoto" || !bytes.Equal(card.Photo, png) {
		t.Fatalf("the customer's product card is a %s without the seller's photo (%d bytes, ref %q)", card.Method, len(card.Photo), card.PhotoRef)
	}
	for _, line := range []string{"pesan nastar keju 2", "checkout", "Budi Santoso", "0812-3456-7890", "1", "transfer", "ya"} {
		tg.SendText(budi, line)
	}
	waitText(ctx, t, tg, budi.ID, "• Nastar Keju (450 g) × 2 = Rp170.000")
	placed := waitText(ctx, t, tg, budi.ID, "No. pesanan")
	for _, want := range []string{"BCA 0987654321 a.n. Sari Rahayu", "Ambil di: Jl. Mawar 3, Beji, Depok"} {
		if !strings.Contains(placed.Text, want) {
			t.Errorf("the customer's order lacks %q:\n%s", want, placed.Text)
		}
	}
	for _, demo := range []string{"Toko Lapak Demo", "BCA 1234567890", "alamat demo"} {
		for _, m := range tg.Sent(budi.ID) {
			if strings.Contains(m.Text, demo) {
				t.Errorf("the customer was shown the demo's %q:\n%s", demo, m.Text)
			}
		}
	}
	waitText(ctx, t, tg, sari.ID, "Pesanan baru")

	conf, err := os.ReadFile(filepath.Join(s.dir, "lapak.conf"))
	if err != nil || !strings.Contains(string(conf), "LAPAK_DEMO=false") {
		t.Errorf("lapak.conf (%v):\n%s", err, conf)
	}
}

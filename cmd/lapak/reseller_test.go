package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// A reseller end to end on the fake Bot API, on both databases: a person
// signs up, the admin approves with the notice's button, the reseller
// gets their t.me link (bot username from getMe), a new customer opens
// the link's start payload and orders: the order is attributed, the
// admin's notice names the reseller and the reseller is told (without
// the customer's phone or address). A self-referral and an unknown code
// are refused, and the customers are still served.
func TestResellerEndToEnd(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			var s *shop
			if db == "sqlite" {
				s = newShop(t)
			} else {
				s = pgShop(t)
			}
			resellerEndToEnd(t, s)
		})
	}
}

func resellerEndToEnd(t *testing.T, s *shop) {
	delete(s.env, "LAPAK_ALLOW_DEMO")
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = telegramtest.Token
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	s.env["LAPAK_SHOP_NAME"] = "Dapur Bu Sari"
	s.env["LAPAK_BANK_ACCOUNTS"] = "BRI 0123-01-000456-30-1 a.n. Sari Rahayu"
	s.env["LAPAK_PICKUP_ADDRESS"] = "Jl. Melati No. 5, Depok"
	s.env["LAPAK_ADMINS"] = "telegram:9000"
	s.clock = storagetest.NewClock(time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC))
	csv := filepath.Join(s.dir, "produk.csv")
	if err := os.WriteFile(csv, []byte("sku,name,category,variant,price,stock\nNST-KJ,Nastar Keju,Kue Kering,,85000,20\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.ok("", "import", "--yes", csv)

	admin := telegramtest.User{ID: 9000, FirstName: "Bu Sari"}
	dewi := telegramtest.User{ID: 6001, FirstName: "Dewi"}
	siti := telegramtest.User{ID: 6002, FirstName: "Siti"}
	budi := telegramtest.User{ID: 6003, FirstName: "Budi"}
	logs := newWatchedLog()
	stop := s.startServeArgs(logs)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	step := func(u telegramtest.User, say, want string) telegramtest.Sent {
		t.Helper()
		tg.SendText(u, say)
		return waitText(ctx, t, tg, u.ID, want)
	}

	// Dewi signs up.
	step(dewi, "mau jadi reseller", "nama lengkap")
	step(dewi, "Dewi Lestari", "Nomor HP")
	step(dewi, "0812-1111-2222", "Kota")
	step(dewi, "Depok", "nama bank")
	step(dewi, "BCA", "Nomor rekening BCA")
	step(dewi, "12ab34", "hanya boleh angka")
	step(dewi, "0987 6543 21", "atas nama")
	terms := step(dewi, "Dewi Lestari", "Syarat & ketentuan")
	if len(terms.Buttons()) != 2 {
		t.Fatalf("terms buttons: %+v", terms.Buttons())
	}
	tg.Press(dewi, terms.Buttons()[0].Data)
	waitText(ctx, t, tg, dewi.ID, "Pendaftaran reseller sudah kami terima")
	notice := waitText(ctx, t, tg, admin.ID, "Pendaftar reseller baru: Dewi Lestari")
	if !strings.Contains(notice.Text, "BCA 0987654321 a.n. Dewi Lestari") || !strings.Contains(notice.Text, "Kode: DEWI") {
		t.Fatalf("admin notice: %q", notice.Text)
	}
	var approve string
	for _, b := range notice.Buttons() {
		if b.Text == "Setujui" {
			approve = b.Data
		}
	}
	if approve == "" {
		t.Fatalf("no Setujui button: %+v", notice.Buttons())
	}
	step(dewi, "daftar reseller", "masih menunggu persetujuan")
	tg.Press(admin, approve)
	waitText(ctx, t, tg, admin.ID, "Reseller Dewi Lestari (kode DEWI) sekarang aktif")
	welcome := waitText(ctx, t, tg, dewi.ID, "resmi jadi reseller Dapur Bu Sari")
	link := regexp.MustCompile(`https://t\.me/` + telegramtest.Username + `\?start=(ref_DEWI)\b`).FindStringSubmatch(welcome.Text)
	if link == nil {
		t.Fatalf("no t.me link in %q", welcome.Text)
	}
	step(dewi, "link NST-KJ", "start=ref_DEWI-p_NST-KJ")

	// Self-referral: refused, Dewi is still served.
	step(dewi, "/start "+link[1], "kode kakak sendiri")
	// An unknown code: refused politely, Budi is still served.
	step(budi, "/start ref_NGAWUR", "kode NGAWUR tidak ditemukan")
	step(budi, "kode NGAWUR2", "tidak ditemukan")

	// Siti opens Dewi's link and orders.
	step(siti, "/start "+link[1], "Kode DEWI tercatat")
	for _, line := range []string{"pesan nastar keju 1", "checkout", "Siti Aminah", "0813-5555-6666", "1", "transfer", "ya"} {
		tg.SendText(siti, line)
	}
	placed := waitText(ctx, t, tg, siti.ID, "No. pesanan")
	num := regexp.MustCompile(`[A-Z0-9]{3}-[A-Z0-9]{3}`).FindString(placed.Text)
	order := waitText(ctx, t, tg, admin.ID, "Pesanan baru "+num)
	if !strings.Contains(order.Text, "Reseller: Dewi Lestari (kode DEWI, lewat link)") {
		t.Fatalf("admin's order notice: %q", order.Text)
	}
	told := waitText(ctx, t, tg, dewi.ID, "Pesanan "+num+" masuk lewat kode kakak")
	if !strings.Contains(told.Text, "Nastar Keju × 1") || strings.Contains(told.Text, "0813") || strings.Contains(told.Text, "Siti") {
		t.Fatalf("reseller's notice: %q", told.Text)
	}
	step(admin, "/reseller", "Dewi Lestari · DEWI · aktif · Depok · 1 pesanan")
	// A customer typing the admin's command gets the shop, not the desk.
	before := len(tg.Sent(budi.ID))
	tg.SendText(budi, "/reseller nonaktifkan DEWI")
	if sent, err := tg.WaitSent(ctx, budi.ID, before+1); err != nil || strings.Contains(sent[before].Text, "sekarang nonaktif") {
		t.Fatalf("a customer's /reseller: %v %+v", err, sent)
	}
	step(admin, "/reseller", "Dewi Lestari · DEWI · aktif")
	stop()
}

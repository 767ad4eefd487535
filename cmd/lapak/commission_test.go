package main

import (
	"bytes"
	"context"
	"image"
	_ "image/png"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// qrText reads the QR code in a PNG.
func qrText(t *testing.T, png []byte) string {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(png))
	if err != nil {
		t.Fatalf("not a picture: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code in the picture: %v", err)
	}
	return res.GetText()
}

// The reseller's money end to end on the fake Bot API, on both databases:
// a reseller signs up and is approved, gets a share image whose QR code
// is their product link, a new customer opens it, orders and pays, the
// order completes, the hold passes (injected clock) and the commission is
// confirmed and told; another order cancelled before the hold voids its
// commission; the admin pays the balance out and the reseller is told.
func TestResellerCommissionEndToEnd(t *testing.T) {
	eachDB(t, resellerCommission)
}

func resellerCommission(t *testing.T, s *shop) {
	s, tg := realShopOn(s)
	s.env["LAPAK_ADMINS"] = "telegram:9000"
	s.env["LAPAK_RESELLER_SIGNUP"] = "open"
	s.clock = storagetest.NewClock(time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC))
	admin := telegramtest.User{ID: 9000, FirstName: "Bu Sari"}
	dewi := telegramtest.User{ID: 6101, FirstName: "Dewi"}
	siti := telegramtest.User{ID: 6102, FirstName: "Siti"}
	budi := telegramtest.User{ID: 6103, FirstName: "Budi"}
	stop := s.startServeArgs(newWatchedLog())
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	step := func(u telegramtest.User, say, want string) telegramtest.Sent {
		t.Helper()
		n := len(tg.Sent(u.ID))
		tg.SendText(u, say)
		return waitAfter(ctx, t, tg, u.ID, n, want)
	}

	for _, line := range []string{"daftar reseller", "Dewi Lestari", "0812-1111-2222", "Depok", "BCA", "0987654321"} {
		tg.SendText(dewi, line)
	}
	terms := waitText(ctx, t, tg, dewi.ID, "atas nama")
	_ = terms
	terms = step(dewi, "Dewi Lestari", "Syarat & ketentuan")
	tg.Press(dewi, terms.Buttons()[0].Data)
	waitText(ctx, t, tg, dewi.ID, "resmi jadi reseller")

	// The share image: its QR code opens Dewi's product link.
	n := len(tg.Sent(dewi.ID))
	tg.SendText(dewi, "/bagikan NST-KJ")
	card := waitAfter(ctx, t, tg, dewi.ID, n, "Nastar Keju")
	want := "https://t.me/" + telegramtest.Username + "?start=ref_DEWI-p_NST-KJ"
	if card.Method != "sendPhoto" || len(card.Photo) == 0 || !strings.Contains(card.Text, want) {
		t.Fatalf("share card: %s %d bytes %q", card.Method, len(card.Photo), card.Text)
	}
	if got := qrText(t, card.Photo); got != want {
		t.Fatalf("the card's QR code opens %q, want %q", got, want)
	}

	// Siti opens the link and buys two; the order is paid, shipped, completed.
	order := func(u telegramtest.User) string {
		t.Helper()
		step(u, "/start ref_DEWI-p_NST-KJ", "Kode DEWI tercatat")
		for _, line := range []string{"pesan nastar keju 2", "checkout", u.FirstName + " Aminah", "0813-5555-6666", "1", "transfer", "ya"} {
			tg.SendText(u, line)
		}
		placed := waitText(ctx, t, tg, u.ID, "No. pesanan")
		return orderNumber.FindStringSubmatch(placed.Text)[1]
	}
	num := order(siti)
	step(admin, "/lunas "+num, "sudah dibayar")
	step(admin, "/kirim "+num+" JNE JX1234567890", "sedang dikirim")
	step(admin, "/selesai "+num, "selesai")
	step(dewi, "/saldo", "Menunggu (pesanan belum selesai atau masih masa tahan): Rp8.500")

	// Budi orders through Dewi too, pays, and the order is cancelled in the hold.
	num2 := order(budi)
	step(admin, "/lunas "+num2, "sudah dibayar")
	step(admin, "/batal "+num2+" stok habis", "dibatalkan")
	waitText(ctx, t, tg, dewi.ID, "Pesanan "+num2+" dibatalkan, jadi komisinya (Rp8.500) batal")

	// Seven days after completion the commission is confirmed.
	s.clock.Advance(7*24*time.Hour + time.Minute)
	waitTextAt(ctx, t, tg, s.clock, dewi.ID, "Komisi pesanan "+num+" sudah masuk saldo: Rp8.500")
	step(dewi, "/saldo", "Saldo yang bisa dibayarkan: Rp8.500")
	step(dewi, "/komisi", num+" · terkonfirmasi Rp8.500")

	// The admin pays it out; Dewi is told with the reference.
	step(admin, "/bayar", "DEWI (Dewi Lestari): Rp8.500 ke BCA 0987654321 a.n. Dewi Lestari")
	step(admin, "/bayar DEWI 9rb BCA-0212", "tidak bisa dibayarkan")
	step(admin, "/bayar DEWI semua BCA-0212", "Pembayaran komisi DEWI Rp8.500 dicatat (ref. BCA-0212)")
	waitText(ctx, t, tg, dewi.ID, "Komisi Rp8.500 sudah ditransfer ke BCA 0987654321 a.n. Dewi Lestari (ref. BCA-0212)")
	bal := step(dewi, "/saldo", "Sudah dibayar: Rp8.500")
	if !regexp.MustCompile(`Saldo yang bisa dibayarkan: Rp0\b`).MatchString(bal.Text) {
		t.Errorf("balance after the payout:\n%s", bal.Text)
	}

	// Dewi dropships to her buyer: the slip names her as the sender.
	step(dewi, "pesan nastar keju 1", "masuk keranjang")
	step(dewi, "checkout", "Pesanan ini untuk siapa")
	step(dewi, "2", "nama pembelinya")
	step(dewi, "Rina Wati", "Nomor HP pembelinya")
	for _, line := range []string{"0857-1111-2222", "2", "Jl. Anggrek No. 7, Bekasi Timur", "transfer"} {
		n := len(tg.Sent(dewi.ID))
		tg.SendText(dewi, line)
		if _, err := tg.WaitSent(ctx, dewi.ID, n+1); err != nil {
			t.Fatalf("no answer to %q: %v", line, err)
		}
	}
	step(dewi, "ya", "No. pesanan")
	drop := waitText(ctx, t, tg, admin.ID, "DROPSHIP: kirim atas nama Dewi Lestari")
	dnum := regexp.MustCompile(`/slip ([A-Z0-9]{3}-[A-Z0-9]{3})`).FindStringSubmatch(drop.Text)
	if dnum == nil {
		t.Fatalf("no /slip in the admin's notice: %q", drop.Text)
	}
	label := step(admin, "/slip "+dnum[1], "Label paket pesanan "+dnum[1])
	if label.Method != "sendPhoto" || len(label.Photo) == 0 {
		t.Fatalf("slip: %s, %d bytes", label.Method, len(label.Photo))
	}
	stop()
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	slip, err := slipOf(context.Background(), st, lapak.Shop{Name: "Dapur Bu Sari"}, dnum[1])
	if err != nil || slip.From.Name != "Dewi Lestari" || slip.From.Phone != "+6281211112222" || slip.To.Name != "Rina Wati" ||
		slip.To.Phone != "6285711112222" || !strings.Contains(slip.To.Address, "Jl. Anggrek No. 7") {
		t.Fatalf("dropship slip %+v (%v)", slip, err)
	}
}

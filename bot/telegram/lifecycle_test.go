package telegram_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// On Telegram a customer pays by each method the shop offers, and the seller
// takes the order from new to completed in chat: a proof photo and the Paid
// button for transfer and QRIS, /proses straight away for COD, then /kirim
// and /selesai. The customer is told at every step.
func TestEveryPaymentMethodFromNewToCompleted(t *testing.T) {
	qris, err := os.ReadFile("../../testdata/qris-static-id.txt")
	if err != nil {
		t.Fatal(err)
	}
	admin := telegramtest.User{ID: 999, FirstName: "Bu Sari"}
	shop := buSari()
	shop.PickupAddress = "" // courier only: checkout goes straight to the address
	shop.COD = true
	lines := strings.Split(strings.TrimSpace(string(qris)), "\n") // comments, then the payload
	shop.QRIS = lines[len(lines)-1]

	for _, method := range []struct {
		button, placed string
		proof          bool
	}{
		{"Transfer bank", "BCA 1234567890", true},
		{"QRIS", "QRIS", true},
		{"COD", "bayar tunai ke kurir", false},
	} {
		t.Run(method.button, func(t *testing.T) {
			storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
				ctx := context.Background()
				f := shopBot(t, s, shop)
				c := &shopper{t: t, f: f, u: siti}
				seller := &shopper{t: t, f: f, u: admin}

				number, placed := c.buyNastar(method.button, method.placed)
				if method.button == "QRIS" && (placed[0].Method != "sendPhoto" || len(placed[0].Photo) == 0) {
					t.Errorf("QRIS order reply without its QR picture: %+v", placed[0])
				}
				seller.last = f.srv.Sent(admin.ID)
				seller.seen = len(seller.last)
				if len(seller.last) != 1 || !strings.Contains(seller.last[0].Text, "Pesanan baru "+number) {
					t.Fatalf("new-order notice: %+v", seller.last)
				}

				status := func(want lapak.OrderStatus) {
					t.Helper()
					if o, err := s.OrderByNumber(ctx, number); err != nil || o.Status != want {
						t.Fatalf("order %s is %s (%v), want %s", number, o.Status, err, want)
					}
				}
				told := func(want string) {
					t.Helper()
					sent := f.srv.Sent(siti.ID)
					if last := sent[len(sent)-1].Text; !strings.Contains(last, want) {
						t.Fatalf("customer was told %q, want %q", last, want)
					}
				}

				if method.proof {
					c.step(func() { f.srv.SendPhoto(siti, "proof-"+number, "") })
					c.expect(c.last, []string{"sudah kami teruskan ke admin", number})
					f.settle()
					notes := f.srv.Sent(admin.ID)[seller.seen:]
					// The picture itself, re-sent by its file id, with the recap.
					if len(notes) != 1 || notes[0].Method != "sendPhoto" || notes[0].PhotoRef != "proof-"+number ||
						!strings.Contains(notes[0].Text, number) || !strings.Contains(notes[0].Text, "Nastar") {
						t.Fatalf("proof notice: %+v", notes)
					}
					seller.last, seller.seen = notes, seller.seen+len(notes)
					seller.press("Lunas / Paid", "sudah dibayar")
					told("Pembayaran pesanan " + number + " sudah kami terima")
					status(lapak.StatusPaid)
				}
				seller.say("/proses "+number, "sedang diproses")
				told("Pesanan " + number + " sedang kami siapkan")
				status(lapak.StatusProcessing)
				seller.say("/kirim "+number+" JNE JX1234567890", "sedang dikirim")
				told("Kurir: JNE, nomor resi: JX1234567890")
				status(lapak.StatusShipped)
				seller.say("/selesai "+number, "selesai")
				told("Pesanan " + number + " sudah selesai")
				status(lapak.StatusCompleted)
			})
		})
	}
}

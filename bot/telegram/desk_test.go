package telegram_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

func TestAdminPressesPaidOnTheNewOrderNotice(t *testing.T) {
	admin := telegramtest.User{ID: 999, FirstName: "Bu Sari"}
	shop := buSari()
	shop.PickupAddress = "" // courier only: checkout goes straight to the address
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		f := shopBot(t, s, shop)
		c := &shopper{t: t, f: f, u: siti}
		number, _ := c.buyNastar("")

		seller := &shopper{t: t, f: f, u: admin}
		seller.last = f.srv.Sent(admin.ID)
		seller.seen = len(seller.last)
		if len(seller.last) != 1 || !strings.Contains(seller.last[0].Text, "Pesanan baru "+number) {
			t.Fatalf("new-order notice: %+v", seller.last)
		}
		seller.press("Lunas / Paid", "✅ Pesanan "+number+": menunggu pembayaran → sudah dibayar")
		told := f.srv.Sent(siti.ID)
		if last := told[len(told)-1].Text; !strings.Contains(last, "Pembayaran pesanan "+number+" sudah kami terima") {
			t.Fatalf("customer was told %q", last)
		}
		if o, err := s.OrderByNumber(ctx, number); err != nil || o.Status != lapak.StatusPaid {
			t.Fatalf("order %+v %v", o, err)
		}
		// The same button again: one transition only, and the admin is told.
		seller.last = seller.last[:0]
		seller.last = append(seller.last, f.srv.Sent(admin.ID)[0])
		seller.press("Lunas / Paid", "memang sudah")
		if n := len(f.srv.Sent(siti.ID)); n != len(told) {
			t.Fatalf("customer told twice (%d messages, want %d)", n, len(told))
		}
	})
}

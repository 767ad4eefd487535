package flows_test

import (
	"context"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// On WhatsApp and the console a notice's choices are a numbered list: the
// admin answers a new-order notice by typing "1" (Paid), and a customer
// answers a reminder by typing "2" (Cancel), like any other menu.
func TestTypedNumberSelectsFromTheNewestNotice(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		// The admin's own last menu is older than the notice below.
		a.expect("halo", "Dapur Bu Sari")
		h.clock.Advance(time.Minute)

		c := h.customer(t, "730")
		o := buy(t, c, "pesan kacang bawang 2", "Budi Santoso", "081311112222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Depok", "transfer")
		h.clock.Advance(time.Minute)

		// "1" is the notice's Paid, not the greeting menu's first item.
		a.expect("1", "✅ Pesanan "+o.Number+": menunggu pembayaran → sudah dibayar")
		if got := h.order(t, o.Number).Status; got != lapak.StatusPaid {
			t.Fatalf("status %s after the admin typed 1", got)
		}
		// The notice stays the newest list: "2" is its Reject.
		h.clock.Advance(time.Minute)
		a.expect("2", "bukan menunggu pembayaran")

		// A menu the admin asks for afterwards is newer than the notice.
		h.clock.Advance(time.Minute)
		a.expect("menu", "Dapur Bu Sari")
		h.clock.Advance(time.Minute)
		a.expect("1", "kategori apa")

		// A customer's payment reminder: "2" is its "cancel order".
		o2 := buy(t, c, "pesan nastar 1", "ambil sendiri", "transfer")
		h.clock.Advance(time.Minute)
		if n, err := h.s.RemindOrders(context.Background(), 24*time.Hour, 10, h.e.ReminderNotice); err != nil || n != 1 {
			t.Fatalf("RemindOrders = %d, %v", n, err)
		}
		h.clock.Advance(time.Minute)
		c.expect("2", o2.Number)
		c.say("ya")
		if got := h.order(t, o2.Number).Status; got != lapak.StatusCancelled {
			t.Fatalf("status %s after the customer typed 2 under the reminder and ya", got)
		}
	})
}

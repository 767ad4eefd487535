package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// remindCarts runs the cart-reminder pass and returns what it queued.
func (h *harness) remindCarts(t *testing.T) []lapak.Envelope {
	t.Helper()
	var sent []lapak.Envelope
	_, err := h.s.RemindCarts(context.Background(), 3*time.Hour, 10, nil, func(c lapak.Customer, cart lapak.Cart) []lapak.Envelope {
		envs := h.e.CartReminderNotice(c, cart)
		sent = append(sent, envs...)
		return envs
	})
	if err != nil {
		t.Fatal(err)
	}
	return sent
}

// A forgotten cart's reminder lists it as it is at send time: a changed
// price shows today's price and the one it was added at, a sold-out item
// is said so and not counted, fewer left than wanted counts what is left.
// Its Checkout takes out what cannot be bought, says so, and checks out.
func TestCartReminderRechecksStockAndPrice(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "cr-1")
		c.expect("pesan kacang bawang 2", "masuk keranjang")
		c.expect("pesan sambal cumi 1", "masuk keranjang")
		c.expect("pesan nastar 3", "masuk keranjang")

		a := h.customer(t, admin.ChatID)
		a.expect("/harga KCG-BWG-250 22000", "KCG-BWG-250")
		a.expect("/stok SMB-CUMI 0", "SMB-CUMI")
		a.expect("/stok NST-500 2", "NST-500")

		h.clock.Advance(3 * time.Hour)
		sent := h.remindCarts(t)
		if len(sent) != 1 {
			t.Fatalf("want one reminder, got %+v", sent)
		}
		r := sent[0]
		if r.Class != lapak.PaceBulk || r.To.ChatID != "cr-1" {
			t.Fatalf("reminder %+v", r)
		}
		contains(t, r.Msg.Text,
			"keranjang belanjanya masih aku simpan",
			"1. Kacang Bawang × 2 = Rp44.000",
			"harga satuan sekarang Rp22.000 (waktu dimasukkan Rp20.000)",
			"2. Sambal Cumi: maaf, stoknya habis (tidak dihitung)",
			"3. Nastar Nanas × 2 = Rp190.000",
			"stoknya tinggal 2 (kakak pilih 3)",
			"Subtotal: Rp234.000",
			"Ketik BERHENTI")
		if strings.Contains(r.Msg.Text, "Rp45.000") {
			t.Fatalf("the sold-out item is priced:\n%s", r.Msg.Text)
		}
		if len(r.Msg.Choices) != 2 || r.Msg.Choices[0].Label != "Checkout" || r.Msg.Choices[1].ID != "cartclear" {
			t.Fatalf("choices %+v", r.Msg.Choices)
		}
		if again := h.remindCarts(t); len(again) != 0 {
			t.Fatalf("reminded twice: %+v", again)
		}

		// One tap: what cannot be bought leaves the cart, and checkout starts.
		h.clock.Advance(time.Minute)
		got := c.expectPress(r.Msg.Choices[0].ID, "Sambal Cumi sudah habis, jadi aku keluarkan dari keranjang",
			"Nastar Nanas tinggal 2, jadi jumlahnya aku sesuaikan")
		if strings.Contains(got, "Hapus dulu dari keranjang") {
			t.Fatalf("checkout refused after the reminder's Checkout:\n%s", got)
		}
		cart := c.cart()
		if len(cart) != 2 || cart[1].SKU != "NST-500" || cart[1].Qty != 2 {
			t.Fatalf("cart after the reminder's checkout: %+v", cart)
		}
	})
}

// Everything sold out: no reminder (a shop does not write to say so); the
// cart stays due, and is reminded once stock is back.
func TestCartReminderNotSentWhenAllIsSoldOut(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "cr-2")
		c.expect("pesan sambal cumi 1", "masuk keranjang")
		a := h.customer(t, admin.ChatID)
		a.expect("/stok SMB-CUMI 0", "SMB-CUMI")
		h.clock.Advance(3 * time.Hour)
		if sent := h.remindCarts(t); len(sent) != 0 {
			t.Fatalf("reminded of a sold-out cart: %+v", sent)
		}
		// The notice itself says nothing for such a cart.
		if envs := h.e.CartReminderNotice(c.record(), lapak.Cart{{ProductName: "Sambal Cumi", Qty: 1, UnitPrice: 45000}}); envs != nil {
			t.Fatalf("notice for a sold-out cart: %+v", envs)
		}
		a.expect("/stok SMB-CUMI 3", "SMB-CUMI")
		if sent := h.remindCarts(t); len(sent) != 1 || !strings.Contains(sent[0].Msg.Text, "1. Sambal Cumi × 1 = Rp45.000") {
			t.Fatalf("after the restock: %+v", sent)
		}
	})
}

// An English-speaking customer gets the reminder in English; its Empty
// cart button empties the cart.
func TestCartReminderInEnglishAndEmptyCart(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "cr-3")
		c.expectPress("lang:en", "in English")
		c.expect("order 2 kacang bawang", "cart")
		a := h.customer(t, admin.ChatID)
		a.expect("/harga KCG-BWG-250 18000", "KCG-BWG-250")
		h.clock.Advance(3 * time.Hour)
		sent := h.remindCarts(t)
		if len(sent) != 1 {
			t.Fatalf("want one reminder, got %+v", sent)
		}
		r := sent[0].Msg
		contains(t, r.Text, "Your cart is still saved", "1. Kacang Bawang × 2 = Rp36.000", "now Rp18.000 each (Rp20.000 when you added it)",
			"Subtotal: Rp36.000", "Tap Checkout", "Type STOP")
		if r.Choices[1].Label != "Empty cart" {
			t.Fatalf("choices %+v", r.Choices)
		}
		c.expectPress(r.Choices[1].ID, "Your cart is now empty")
		if cart := c.cart(); len(cart) != 0 {
			t.Fatalf("cart %+v", cart)
		}
	})
}

// A product the seller hid since the customer put it in the cart is not
// offered again by the reminder; its Checkout takes it out and says so.
func TestCartReminderLeavesOutHiddenProducts(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "cr-h")
		c.expect("pesan kacang bawang 1", "masuk keranjang")
		c.expect("pesan sambal cumi 1", "masuk keranjang")
		a := h.customer(t, admin.ChatID)
		a.expect("/sembunyikan SMB-CUMI", "Sambal Cumi")
		h.clock.Advance(3 * time.Hour)
		sent := h.remindCarts(t)
		if len(sent) != 1 {
			t.Fatalf("want one reminder, got %+v", sent)
		}
		contains(t, sent[0].Msg.Text, "1. Kacang Bawang × 1 = Rp20.000", "2. Sambal Cumi: maaf, sudah tidak dijual (tidak dihitung)", "Subtotal: Rp20.000")
		if strings.Contains(sent[0].Msg.Text, "Rp45.000") {
			t.Fatalf("the hidden product is offered:\n%s", sent[0].Msg.Text)
		}
		h.clock.Advance(time.Minute)
		c.expectPress(sent[0].Msg.Choices[0].ID, "Sambal Cumi sudah tidak dijual, jadi aku keluarkan dari keranjang")
		if cart := c.cart(); len(cart) != 1 || cart[0].ProductName != "Kacang Bawang" {
			t.Fatalf("cart after the reminder's checkout: %+v", cart)
		}
	})
}

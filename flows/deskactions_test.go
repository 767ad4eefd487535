package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows"
)

// noticeChoices returns the choices of the one notice the last message
// queued to the admin.
func noticeChoices(t *testing.T, from *customer) (string, []lapak.Choice) {
	t.Helper()
	var got []lapak.Outbound
	for _, n := range from.notes {
		if n.To == admin {
			got = append(got, n.Msg)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one notice to the admin, got %+v", from.notes)
	}
	return got[0].Text, got[0].Choices
}

func TestAdminConfirmsPaymentWithOneTap(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "710")
		o := buy(t, c, "pesan kacang bawang 2", "Budi Santoso", "081311112222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Depok", "transfer")
		text, choices := noticeChoices(t, c)
		contains(t, text, "Pesanan baru "+o.Number, "/lunas "+o.Number)
		if len(choices) != 2 || choices[0].Label != "✅ Lunas / Paid" || choices[1].Label != "❌ Tolak / Reject" {
			t.Fatalf("notice choices %+v", choices)
		}
		for _, ch := range choices {
			if len(ch.ID) > 64 || !strings.HasSuffix(ch.ID, o.Number) {
				t.Fatalf("choice id %q", ch.ID)
			}
		}

		// A customer pressing (or typing) the admin's choice gets the
		// ordinary customer answer, and nothing changes.
		c.expectPress(choices[0].ID, "pilihan itu sudah tidak berlaku")
		c.say(choices[0].ID)
		if got := h.order(t, o.Number).Status; got != lapak.StatusPendingPayment {
			t.Fatalf("a customer's press moved the order to %s", got)
		}

		a := h.customer(t, admin.ChatID)
		a.expectPress(choices[0].ID, "✅ Pesanan "+o.Number+": menunggu pembayaran → sudah dibayar", "Budi Santoso")
		contains(t, told(t, a, "710"), "Pembayaran pesanan "+o.Number+" sudah kami terima")
		if got := h.order(t, o.Number).Status; got != lapak.StatusPaid {
			t.Fatalf("status %s after Paid", got)
		}
		log := auditLog(t, h)
		if len(log) != 1 || log[0].Command != "paid" || log[0].Target != o.Number || log[0].Actor != admin ||
			log[0].Before != "pending_payment" || log[0].After != "paid" {
			t.Fatalf("audit %+v", log)
		}

		// The same button pressed again (or by a second admin) says so.
		a.expectPress(choices[0].ID, "memang sudah: sudah dibayar", "Tidak ada yang diubah")
		if len(a.notes) != 0 || len(auditLog(t, h)) != 1 {
			t.Fatalf("a second press changed something: %+v", a.notes)
		}
		// Reject on a paid order has no proof to reject.
		a.expectPress(choices[1].ID, "bukan menunggu pembayaran", "Tidak ada yang diubah")
	})
}

func TestAdminRejectsAProofWithOneTapAndAReason(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "720")
		o := buy(t, c, "pesan nastar 1", "Siti Aminah", "081234567890", "Kirim ke Jabodetabek", "Jl. Kenanga No. 12, Beji, Depok", "transfer")
		c.say("english")
		c.expect("halo", "Dapur Bu Sari")
		c.send(lapak.Inbound{Image: &lapak.Attachment{Ref: "photo-1", MIME: "image/jpeg"}})
		text, choices := noticeChoices(t, c)
		contains(t, text, "bukti transfer pesanan "+o.Number, "/tolak "+o.Number)
		reject := choices[1].ID

		a := h.customer(t, admin.ChatID)
		a.expectPress(reject, "Kenapa bukti bayar pesanan "+o.Number+" ditolak")
		if len(a.notes) != 0 {
			t.Fatalf("the customer was told before the reason: %+v", a.notes)
		}
		// "batal" leaves the step and tells nobody.
		a.say("batal")
		if len(a.notes) != 0 || len(auditLog(t, h)) != 0 {
			t.Fatalf("cancelled reject changed something: %+v", a.notes)
		}
		a.expectPress(reject, "Kenapa")
		// The reason may contain words that mean something elsewhere.
		a.expect("Nominal kurang, tolong hubungi admin", "✅ Bukti bayar pesanan "+o.Number+" ditolak", "Nominal kurang, tolong hubungi admin")
		contains(t, told(t, a, "720"), "payment proof for order "+o.Number, "Nominal kurang, tolong hubungi admin")
		if got := h.order(t, o.Number).Status; got != lapak.StatusPendingPayment {
			t.Fatalf("status %s after Reject", got)
		}
		log := auditLog(t, h)
		if len(log) != 1 || log[0].Command != "reject" || log[0].After != "pending_payment: Nominal kurang, tolong hubungi admin" {
			t.Fatalf("audit %+v", log)
		}
		// The step is over: the next text is ordinary chat again.
		a.expect("katalog", "kategori")
		if len(a.notes) != 0 {
			t.Fatalf("the customer was told again: %+v", a.notes)
		}

		// A customer cannot start a reject either.
		c.expectPress(reject, "that option is no longer valid")
		c.expect("kurang", "")
		if len(c.notes) != 0 {
			t.Fatalf("customer text reached someone: %+v", c.notes)
		}
	})
}

func TestCODNoticeHasNoPaymentButtons(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "730")
		buy(t, c, "pesan nastar 1", "Siti Aminah", "081234567890", "Kirim ke Jabodetabek", "Jl. Kenanga No. 12, Beji, Depok", "cod")
		text, choices := noticeChoices(t, c)
		if len(choices) != 0 || strings.Contains(text, "/lunas") {
			t.Fatalf("COD notice offers payment actions: %s %+v", text, choices)
		}
	})
}

func TestReminderTellsAmountHowToPayAndDeadline(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		h.clock.Set(start) // the clock is shared by both databases' runs
		c := h.customer(t, "740")
		o := buy(t, c, "pesan kacang bawang 2", "Budi Santoso", "081311112222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Depok", "transfer")
		h.clock.Advance(12 * time.Hour)
		n, err := h.s.RemindOrders(context.Background(), 12*time.Hour, 10, h.e.ReminderNotice)
		if err != nil || n != 1 {
			t.Fatalf("reminded %d, %v", n, err)
		}
		envs := h.e.ReminderNotice(h.order(t, o.Number), c.record())
		if len(envs) != 1 || envs[0].To != (lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "740"}) {
			t.Fatalf("reminder %+v", envs)
		}
		// The order expires on 27 Nov 16:00 in Jakarta (24 h after 09:00 UTC).
		contains(t, envs[0].Msg.Text, "Pengingat kak: pesanan "+o.Number+" belum dibayar", o.Total.String(),
			"BCA 1234567890", "Bayar sebelum 27 Nov 2025 16:00 WIB")
		c.say("english")
		envs = h.e.ReminderNotice(h.order(t, o.Number), c.record())
		contains(t, envs[0].Msg.Text, "A reminder: order "+o.Number+" is not paid yet", "BCA 1234567890")
	})
}

// adminNotes are the texts the last message queued to the admin.
func adminNotes(from *customer) []string {
	var got []string
	for _, n := range from.notes {
		if n.To == admin {
			got = append(got, n.Msg.Text)
		}
	}
	return got
}

func lowStockNotes(from *customer) []string {
	var got []string
	for _, n := range adminNotes(from) {
		if strings.Contains(n, "⚠️") {
			got = append(got, n)
		}
	}
	return got
}

func TestLowStockAlertOncePerCrossing(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		h.e = flows.New(flows.Options{Shop: testShop(), LowStock: 3})
		a := h.customer(t, admin.ChatID)
		c := h.customer(t, "750")
		// Sambal Roa starts with 5: 5 → 4 stays above 3.
		buy(t, c, "pesan sambal roa 1", "Budi Santoso", "081311112222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Depok", "transfer")
		if got := lowStockNotes(c); len(got) != 0 {
			t.Fatalf("alert above the threshold: %q", got)
		}
		// 4 → 2 crosses it: one alert, in the order's transaction.
		c.expect("pesan sambal roa 2", "masuk keranjang")
		c.expect("checkout", "Cek lagi pesanannya") // the last order's delivery and payment
		c.expect("ya", "No. pesanan")
		got := lowStockNotes(c)
		if len(got) != 1 {
			t.Fatalf("alerts %q, want one", got)
		}
		contains(t, got[0], "Stok Sambal Roa tinggal 2", "/stok SMB-ROA")
		// Already low: 2 → 1 says nothing new.
		d := h.customer(t, "751")
		buy(t, d, "pesan sambal roa 1", "Siti Aminah", "081234567890", "Kirim ke Jabodetabek", "Jl. Kenanga No. 12, Beji, Depok", "transfer")
		if got := lowStockNotes(d); len(got) != 0 {
			t.Fatalf("second alert: %q", got)
		}

		// The seller restocks (no alert), then sets it low (alert), then
		// to zero (already low: nothing). The admin who typed it is an
		// admin too: the alert is among their replies.
		if got := a.expect("/stok SMB-ROA 10", "Stok SMB-ROA: 1 → 10"); strings.Contains(got, "⚠️") {
			t.Fatalf("alert on restock: %q", got)
		}
		a.expect("/stok SMB-ROA 3", "10 → 3", "Stok Sambal Roa tinggal 3")
		if got := a.expect("/stok SMB-ROA 0", "3 → 0"); strings.Contains(got, "⚠️") {
			t.Fatalf("alert below the threshold: %q", got)
		}
		a.expect("/stok SMB-ROA 4", "0 → 4")
		a.expect("/stok KRP-SGK-PDS 0", "20 → 0", "Stok Keripik Singkong (Pedas) habis")
	})
}

func TestLowStockAlertOff(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		if got := a.expect("/stok SMB-ROA 1", "5 → 1"); strings.Contains(got, "⚠️") {
			t.Fatalf("alert with LowStock 0: %q", got)
		}
		c := h.customer(t, "760")
		buy(t, c, "pesan sambal cumi 5", "Budi Santoso", "081311112222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Depok", "transfer")
		if got := lowStockNotes(c); len(got) != 0 {
			t.Fatalf("alert with LowStock 0: %q", got)
		}
	})
}

func hasChoice(out lapak.Outbound, id string) bool {
	for _, ch := range out.Choices {
		if ch.ID == id {
			return true
		}
	}
	return false
}

func TestCODOnlyWhereAndUpToWhatTheSellerSet(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		h.e = flows.New(flows.Options{Shop: testShop(), CODMaxTotal: 100000, CODZones: []string{"Jabodetabek"}})
		c := h.customer(t, "770")
		c.expect("pesan kacang bawang 2", "masuk keranjang")
		c.say("checkout")
		c.say("Budi Santoso")
		c.say("081311112222")
		c.say("Kirim ke Jabodetabek")
		// 40.000 + 15.000 in a COD zone: offered.
		if out := c.last("Jl. Mawar No. 1, Depok"); !hasChoice(out, "pay:cod") || strings.Contains(out.Text, "COD tidak tersedia") {
			t.Fatalf("COD not offered within the limits: %+v", out)
		}
		// Outside the COD zones: not offered, and the customer is told why.
		c.press("edit:dlv")
		c.say("Luar Jabodetabek")
		out := c.last("Jl. Mawar No. 1, Depok")
		if hasChoice(out, "pay:cod") {
			t.Fatalf("COD offered outside its zones: %+v", out)
		}
		contains(t, out.Text, "COD tidak tersedia untuk pesanan ini: hanya untuk pengiriman ke Jabodetabek dan hanya untuk total sampai Rp100.000")
		c.expectPress("pay:cod", "Pilih salah satu")
		c.say("batal")

		// Over the limit (95.000 + 40.000 + 15.000) in a COD zone: not offered.
		c.expect("pesan nastar 1", "masuk keranjang")
		c.say("checkout")
		c.say("2") // Jabodetabek
		out = c.last("Jl. Mawar No. 1, Depok")
		if hasChoice(out, "pay:cod") {
			t.Fatalf("COD offered over the limit: %+v", out)
		}
		c.expect("ya", "No. pesanan")
		if o := c.orders()[0]; o.PaymentMethod != lapak.PayTransfer {
			t.Fatalf("order paid by %s", o.PaymentMethod)
		}
	})
}

func TestCODOnlyShopOverTheLimit(t *testing.T) {
	shop := testShop()
	shop.BankAccounts = nil
	shopTest(t, shop, func(t *testing.T, h *harness) {
		h.e = flows.New(flows.Options{Shop: shop, CODMaxTotal: 50000})
		c := h.customer(t, "780")
		c.expect("pesan nastar 1", "masuk keranjang")
		c.say("checkout")
		c.say("Budi Santoso")
		c.say("081311112222")
		c.say("Kirim ke Jabodetabek")
		c.expect("Jl. Mawar No. 1, Depok", "COD tidak tersedia untuk pesanan ini (hanya untuk total sampai Rp50.000)")
		if n := len(c.orders()); n != 0 {
			t.Fatalf("%d orders", n)
		}
		c.expect("ya", "")
		if n := len(c.orders()); n != 0 {
			t.Fatalf("%d orders after ya", n)
		}
	})
}

package flows_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

// told returns the text of the messages the last message queued to chat (a
// customer on Telegram), and fails unless there is exactly one.
func told(t *testing.T, from *customer, chat string) string {
	t.Helper()
	var got []string
	for _, n := range from.notes {
		if n.To == (lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: chat}) {
			got = append(got, n.Msg.Text)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one message to %s, got %q (all notes %+v)", chat, got, from.notes)
	}
	return got[0]
}

func contains(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("lacks %q:\n%s", w, got)
		}
	}
}

func auditLog(t *testing.T, h *harness) []lapak.AuditEntry {
	t.Helper()
	log, err := h.s.AuditLog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return log
}

func (h *harness) order(t *testing.T, number string) lapak.Order {
	t.Helper()
	o, err := h.s.OrderByNumber(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestDeskTakesAnOrderFromNewToCompleted(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "700")
		o := buy(t, c, "pesan kacang bawang 2", "Budi Santoso", "081311112222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Depok", "transfer")
		a := h.customer(t, admin.ChatID)

		a.expect("/bantuan", "Meja pesanan", "/lunas K7M-4QP", "/kirim K7M-4QP JNE JX1234567890", "/rekap")
		a.expect("/pesanan", "Pesanan (menunggu pembayaran, sudah dibayar, sedang diproses, sedang dikirim)",
			o.Number, "Budi Santoso", o.Total.String(), "menunggu pembayaran")
		a.expect("/orders paid", "Tidak ada pesanan dengan status: sudah dibayar")
		a.expect("/order "+strings.ToLower(o.Number), "Pesanan "+o.Number, "Status: menunggu pembayaran",
			"Pelanggan: Budi Santoso, HP 6281311112222, chat telegram:700", "Kacang Bawang (KCG-BWG-250) × 2 = Rp40.000",
			"Ongkir (Jabodetabek): Rp15.000", "Total: "+o.Total.String(), "Pembayaran: Transfer bank", "Jl. Mawar No. 1, Depok", "Riwayat:")

		// The seller pastes the amount from the bank app, in any spelling.
		amount := fmt.Sprintf("Rp %d.%03d", o.Total/1000, o.Total%1000)
		a.expect("/cek "+amount, "cocok", o.Number, "Budi Santoso", "/lunas "+o.Number)
		a.expect("/check "+o.Total.Digits()+",00", o.Number)

		a.expect("/lunas "+o.Number, "✅ Pesanan "+o.Number+": menunggu pembayaran → sudah dibayar", "Budi Santoso")
		contains(t, told(t, a, "700"), "Pembayaran pesanan "+o.Number+" sudah kami terima")
		a.expect("/lunas "+o.Number, "memang sudah: sudah dibayar", "Tidak ada yang diubah")
		if len(a.notes) != 0 {
			t.Fatalf("the customer was told twice: %+v", a.notes)
		}
		a.expect("/cek "+amount, "Tidak ada pesanan transfer") // paid: no longer open
		a.expect("/selesai "+o.Number, "Status pesanan "+o.Number+": sudah dibayar, jadi tidak bisa diubah jadi selesai")
		a.expect("/resi "+o.Number+" JNE JX1", "Status pesanan "+o.Number+": sudah dibayar, belum dikirim")

		a.expect("proses "+o.Number, "sudah dibayar → sedang diproses")
		contains(t, told(t, a, "700"), "Pesanan "+o.Number+" sedang kami siapkan")
		a.expect("/kirim "+o.Number+" JNE", "Formatnya: /kirim K7M-4QP KURIR NOMOR-RESI")
		a.expect("/KIRIM "+o.Number+" jne jx1234567890", "sedang diproses → sedang dikirim")
		contains(t, told(t, a, "700"), "Pesanan "+o.Number+" sudah dikirim", "Kurir: JNE, nomor resi: JX1234567890")
		a.expect("/pesanan dikirim", o.Number)
		a.expect("/pesanan "+o.Number, "Dikirim dengan JNE, resi JX1234567890", "menunggu pembayaran → sudah dibayar",
			"sudah dibayar → sedang diproses", "sedang diproses → sedang dikirim")
		a.expect("/selesai "+o.Number, "sedang dikirim → selesai")
		contains(t, told(t, a, "700"), "Pesanan "+o.Number+" sudah selesai")
		a.expect("/batal "+o.Number+" salah kirim", "Status pesanan "+o.Number+": selesai, jadi tidak bisa diubah jadi dibatalkan")
		if got := h.order(t, o.Number).Status; got != lapak.StatusCompleted {
			t.Fatalf("status %s", got)
		}
		// The customer sees it too.
		c.expect("status", o.Number, "selesai")

		a.expect("/rekap", "Hari ini (26 Nov): 1 pesanan, pendapatan "+o.Total.String(),
			"Minggu ini (sejak 24 Nov): 1 pesanan", "Kacang Bawang × 2")

		log := auditLog(t, h)
		want := []struct{ cmd, before, after string }{
			{"paid", "pending_payment", "paid"},
			{"process", "paid", "processing"},
			{"ship", "processing", "shipped JNE JX1234567890"},
			{"done", "shipped", "completed"},
		}
		if len(log) != len(want) {
			t.Fatalf("audit log: %+v", log)
		}
		for i, w := range want {
			e := log[i]
			if e.Actor != admin || e.Command != w.cmd || e.Target != o.Number || e.Before != w.before || e.After != w.after || !e.At.Equal(start) {
				t.Errorf("audit %d: %+v, want %+v", i, e, w)
			}
		}
	})
}

func TestDeskCancelRejectStockPriceInTheCustomersLanguage(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "710")
		o := buy(t, c, "pesan sambal cumi 2", "Dewi", "081322223333", "ambil sendiri", "transfer")
		c.say("english")
		if h.stock(t, "SMB-CUMI") != 4 {
			t.Fatal("stock not reserved")
		}
		a := h.customer(t, admin.ChatID)

		a.expect("/tolak "+o.Number+" nominalnya kurang", "Bukti bayar pesanan "+o.Number+" ditolak", "nominalnya kurang")
		contains(t, told(t, a, "710"), "could not accept the payment proof for order "+o.Number+": nominalnya kurang")
		if got := h.order(t, o.Number).Status; got != lapak.StatusPendingPayment {
			t.Fatalf("a rejected proof changed the status to %s", got)
		}
		a.expect("/tolak "+o.Number, "Formatnya: /tolak K7M-4QP alasan")

		a.expect("/batal "+o.Number+" stok rusak, maaf", "menunggu pembayaran → dibatalkan")
		contains(t, told(t, a, "710"), "order "+o.Number+" was cancelled by the seller. Reason: stok rusak, maaf")
		if h.stock(t, "SMB-CUMI") != 6 {
			t.Fatal("stock not returned")
		}
		a.expect("/tolak "+o.Number+" buram", "dibatalkan, bukan menunggu pembayaran", "Tidak ada yang diubah")
		a.expect("/batal "+o.Number+" lagi", "memang sudah: dibatalkan")
		if len(a.notes) != 0 {
			t.Fatalf("customer told again: %+v", a.notes)
		}

		// Stock and price, SKU in any case; bad input changes nothing.
		a.expect("/stok smb-cumi 25", "Stok SMB-CUMI: 6 → 25")
		a.expect("/stok SMB-CUMI dua", `"dua" bukan jumlah stok`)
		a.expect("/stok SMB-CUMI -1", `"-1" bukan jumlah stok`)
		a.expect("/stok NGGAK-ADA 5", "SKU NGGAK-ADA tidak ada di katalog")
		a.expect("/stok SMB-CUMI", "Formatnya: /stok SKU 25")
		a.expect("/harga SMB-CUMI Rp 15.000,5", `"Rp 15.000,5" bukan jumlah rupiah`)
		a.expect("/harga SMB-CUMI 0", `"0" bukan jumlah rupiah`)
		a.expect("/harga NGGAK-ADA 15.000", "SKU NGGAK-ADA tidak ada")
		a.expect("/harga smb-cumi seratus", `"seratus" bukan jumlah rupiah`)
		a.expect("/harga SMB-CUMI 46rb", "Harga SMB-CUMI: Rp45.000 → Rp46.000")
		a.expect("/price smb-cumi Rp 47.500,-", "Harga SMB-CUMI: Rp46.000 → Rp47.500")
		a.expect("/stok BOLU-PDN 3", "Stok BOLU-PDN: tak terbatas → 3")
		if h.stock(t, "SMB-CUMI") != 25 || h.stock(t, "BOLU-PDN") != 3 {
			t.Fatal("stock not set")
		}
		v, err := h.s.VariantBySKU(context.Background(), "SMB-CUMI")
		if err != nil || v.Price != 47500 {
			t.Fatalf("price %v, %v", v.Price, err)
		}
		a.expect("/cek 1.234", "Tidak ada pesanan transfer yang belum dibayar dengan total persis Rp1.234")
		a.expect("/cek Rp 15.000,5", `"Rp 15.000,5" bukan jumlah rupiah`)
		a.expect("/cek", "Formatnya: /cek 152.347")
		a.expect("/lunas XXX-999", "Pesanan XXX-999 tidak ada")
		a.expect("/lunas", "Formatnya: /lunas K7M-4QP")
		a.expect("/pesanan kemarin", "Formatnya: /pesanan")

		log := auditLog(t, h)
		var got []string
		for _, e := range log {
			got = append(got, e.Command+" "+e.Target+" "+e.Before+" > "+e.After)
		}
		want := []string{
			"reject " + o.Number + " pending_payment > pending_payment: nominalnya kurang",
			"cancel " + o.Number + " pending_payment > cancelled: stok rusak, maaf",
			"stock SMB-CUMI stock 6 > stock 25",
			"price SMB-CUMI price 45000 > price 46000",
			"price SMB-CUMI price 46000 > price 47500",
			"stock BOLU-PDN stock unlimited > stock 3",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

func TestDeskIsInvisibleToCustomers(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "720")
		o := buy(t, c, "pesan kacang bawang 1", "Rina", "081399998888", "pickup", "transfer")
		other := h.customer(t, "721")
		// What a customer gets for someone else's order number, with or without a desk word.
		plain := other.say(o.Number)
		if got := other.say("/lunas " + o.Number); got != plain || !strings.Contains(got, "tidak ketemu") {
			t.Fatalf("a customer typing /lunas got %q, want the customer reply %q", got, plain)
		}
		help := other.say("/bantuan")
		if strings.Contains(help, "/lunas") || strings.Contains(help, "Meja pesanan") || help != other.say("bantuan") {
			t.Fatalf("customer help shows the desk:\n%s", help)
		}
		other.say("/stok KCG-BWG-250 0")
		other.say("/batal " + o.Number + " iseng")
		other.say("/cek " + o.Total.Digits())
		if h.stock(t, "KCG-BWG-250") != 13 || h.order(t, o.Number).Status != lapak.StatusPendingPayment || len(auditLog(t, h)) != 0 {
			t.Fatal("a customer changed something through a desk command")
		}
		// The customer's own order: "/lunas" is just their order detail.
		c.expect("/lunas "+o.Number, "Pesanan "+o.Number, "menunggu pembayaran")
		// An admin still shops as a customer.
		a := h.customer(t, admin.ChatID)
		a.expect("katalog", "Keripik & Camilan")
		a.expect("batal", "Mau lanjut apa")
	})
}

// Two admins confirm the same order at the same moment: exactly one
// transition, one message to the customer, one audit row; the other admin
// is told it is already paid.
func TestTwoAdminsConfirmAtOnce(t *testing.T) {
	shop := testShop()
	admin2 := lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "998"}
	shop.Admins = append(shop.Admins, admin2)
	shopTest(t, shop, func(t *testing.T, h *harness) {
		c := h.customer(t, "730")
		o := buy(t, c, "pesan kacang bawang 1", "Rina", "081399998888", "pickup", "transfer")
		var wg sync.WaitGroup
		replies := make([]string, 2)
		toCustomer := make([]int, 2)
		errs := make([]error, 2)
		for i, who := range []lapak.Identity{admin, admin2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := lapak.Inbound{Channel: who.Channel, ChatID: who.ChatID, MessageID: fmt.Sprint("race-", i), Text: "/lunas " + o.Number}
				errs[i] = h.s.HandleInbound(context.Background(), in, func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
					if err := h.e.Handle(ctx, tx, conv); err != nil {
						return err
					}
					replies[i], toCustomer[i] = "", 0
					for _, env := range conv.Outbox {
						if env.To == who {
							replies[i] += env.Msg.Text
						} else if env.To.ChatID == "730" {
							toCustomer[i]++
						}
					}
					return nil
				})
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		joinedReplies := replies[0] + "\n" + replies[1]
		if strings.Count(joinedReplies, "menunggu pembayaran → sudah dibayar") != 1 || strings.Count(joinedReplies, "memang sudah: sudah dibayar") != 1 {
			t.Fatalf("replies:\n%s", joinedReplies)
		}
		if toCustomer[0]+toCustomer[1] != 1 {
			t.Fatalf("customer told %d times", toCustomer[0]+toCustomer[1])
		}
		if log := auditLog(t, h); len(log) != 1 || log[0].After != "paid" {
			t.Fatalf("audit log: %+v", log)
		}
		if h.order(t, o.Number).Status != lapak.StatusPaid {
			t.Fatal("not paid")
		}
	})
}

// A paid order shipped at once is processed on the way; a mistyped resi is
// corrected; the customer sees courier and resi in their own order view.
// Cancelling a paid order tells the customer the money comes back and
// reminds the admins to send it.
func TestDeskShipsFromPaidCorrectsTheResiAndRefundsACancel(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "740")
		o := buy(t, c, "pesan kacang bawang 2", "Budi Santoso", "081311112222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Depok", "transfer")
		a := h.customer(t, admin.ChatID)
		a.expect("/lunas "+o.Number, "menunggu pembayaran → sudah dibayar")
		a.expect("/kirim "+o.Number+" jne jx1", "sudah dibayar → sedang dikirim", "Budi Santoso")
		contains(t, told(t, a, "740"), "Kurir: JNE, nomor resi: JX1")
		a.expect("/resi "+o.Number+" JNE", "Formatnya: /resi K7M-4QP KURIR NOMOR-RESI")
		a.expect("/resi "+o.Number+" jne jx1234567890", "✅ Resi pesanan "+o.Number+": JNE JX1 → JNE JX1234567890", "Budi Santoso")
		contains(t, told(t, a, "740"), "Nomor resi pesanan "+o.Number+" kami perbaiki", "nomor resi: JX1234567890")
		a.expect("/pesanan "+o.Number, "Dikirim dengan JNE, resi JX1234567890", "sudah dibayar → sedang diproses", "sedang diproses → sedang dikirim")

		// The customer's own view: the list and the order both show it.
		c.expect("status", "Pesanan kakak:", o.Number+" · ", "sedang dikirim", "🚚 JNE, resi JX1234567890")
		c.expect("resinya mana kak", "Dikirim dengan JNE, nomor resi: JX1234567890")
		c.say("english")
		c.expect("status", "Your orders:", "🚚 JNE, tracking JX1234567890")

		// A paid order cancelled: refund notice and the admins' reminder.
		d := h.customer(t, "741")
		p := buy(t, d, "pesan kacang bawang 1", "Rina", "081399998888", "pickup", "transfer")
		a.expect("/lunas "+p.Number, "sudah dibayar")
		got := a.expect("/batal "+p.Number+" stok habis", "sudah dibayar → dibatalkan",
			"💸 Pesanan "+p.Number+" sudah dibayar "+p.Total.String()+" lalu dibatalkan")
		if !strings.Contains(got, "Rina (telegram:741") {
			t.Fatalf("the reminder does not name the customer:\n%s", got)
		}
		contains(t, told(t, a, "741"), "dibatalkan oleh penjual. Alasannya: stok habis", "Pembayaran kakak "+p.Total.String()+" akan kami kembalikan")

		var cmds []string
		for _, e := range auditLog(t, h) {
			cmds = append(cmds, e.Command+" "+e.Before+" > "+e.After)
		}
		want := []string{"paid pending_payment > paid", "ship paid > shipped JNE JX1", "resi JNE JX1 > JNE JX1234567890",
			"paid pending_payment > paid", "cancel paid > cancelled: stok habis"}
		if strings.Join(cmds, "\n") != strings.Join(want, "\n") {
			t.Fatalf("audit log:\n%s", strings.Join(cmds, "\n"))
		}
	})
}

// /slip NUM sends the order's packing slip as a picture drawn when it goes
// out; a cancelled order has no parcel, an unknown number is said so, and
// a customer typing /slip gets no slip.
func TestDeskSlip(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "710")
		o := buy(t, c, "pesan kacang bawang 2", "Budi Santoso", "081311112222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Depok", "transfer")
		a := h.customer(t, admin.ChatID)
		r := a.last("/slip " + strings.ToLower(o.Number))
		if r.Image != lapak.SlipRef(o.Number) || !strings.Contains(r.Text, "Label paket pesanan "+o.Number) {
			t.Fatalf("slip reply %+v", r)
		}
		a.expect("/bantuan", "/slip NOMOR")
		a.expect("/slip K7M-4QX", "K7M-4QX")
		a.expect("/batal "+o.Number+" stok habis", "dibatalkan")
		if r := a.last("/slip " + o.Number); r.Image != "" || !strings.Contains(r.Text, "tidak ada paket") {
			t.Fatalf("slip of a cancelled order: %+v", r)
		}
		if r := c.last("/slip " + o.Number); r.Image != "" {
			t.Fatalf("a customer got a slip: %+v", r)
		}
	})
}

// /refund gives back the money of a shipped or completed order; an order
// not shipped yet is cancelled, not refunded.
func TestDeskRefund(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "720")
		o := buy(t, c, "pesan kacang bawang 1", "Budi Santoso", "081311112222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Depok", "transfer")
		a := h.customer(t, admin.ChatID)
		a.expect("/refund "+o.Number+" barang rusak", "menunggu pembayaran")
		a.expect("/lunas "+o.Number, "sudah dibayar")
		a.expect("/kirim "+o.Number+" JNE JX1234567890", "sedang dikirim")
		a.expect("/selesai "+o.Number, "selesai")
		a.expect("/refund "+o.Number, "/refund NOMOR alasan")
		a.expect("/retur "+o.Number+" barang rusak", "selesai → dikembalikan (refund)")
		contains(t, told(t, a, "720"), "Pesanan "+o.Number+" kami refund", "barang rusak")
		if got := h.order(t, o.Number).Status; got != lapak.StatusRefunded {
			t.Fatalf("status %s", got)
		}
		a.expect("/pesanan refund", o.Number)
	})
}

package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/shop"
)

// A reseller follows their commission in chat (/saldo, /komisi,
// /pelangganku) from the paid order to the payout the admin records with
// /bayar; others typing the words get the shop as usual.
func TestResellerLedgerInChat(t *testing.T) {
	resellerTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		sari := approved(t, h, "751", "Sari Rahayu")
		sari.expect("/saldo", "Saldo komisi kode SARI", "Menunggu", "Rp0")
		sari.expect("/komisi", "Belum ada komisi untuk kode SARI")
		sari.expect("pelangganku", "Belum ada pelanggan")

		c := h.customer(t, "752")
		c.expect("/start ref_SARI", "Kode SARI tercatat")
		toRecap(t, c, "pesan nastar 2") // 190.000 of items: 5% is 9.500
		c.expect("ya", "No. pesanan")
		o := c.orders()[0]
		a.expect("/lunas "+o.Number, "sudah dibayar")
		sari.expect("saldo", "Menunggu (pesanan belum selesai atau masih masa tahan): Rp9.500", "Saldo yang bisa dibayarkan: Rp0")
		a.expect("/kirim "+o.Number+" JNE JX1234567890", "sedang dikirim")
		a.expect("/selesai "+o.Number, "selesai")
		h.clock.Advance(8 * 24 * time.Hour)
		ops := shop.New(shop.Options{Shop: testShop(), Store: h.s})
		if n, err := ops.ConfirmDueCommissions(context.Background()); err != nil || n != 1 {
			t.Fatalf("confirmed %d (%v)", n, err)
		}
		sari.expect("/saldo", "Terkonfirmasi: Rp9.500", "Saldo yang bisa dibayarkan: Rp9.500")
		sari.expect("/komisi", o.Number+" · terkonfirmasi Rp9.500", o.Number+" · masuk, menunggu +Rp9.500")
		sari.expect("/pelangganku", "Pelanggan kode SARI (1)", "Budi · Jabodetabek · 1 pesanan")

		// Someone else: "saldo" is ordinary chat, /saldo is explained.
		if got := c.say("saldo"); strings.Contains(got, "Saldo komisi") {
			t.Fatalf("a customer saw a reseller balance:\n%s", got)
		}
		c.expect("/saldo", "hanya untuk reseller")
		if got := c.say("/bayar SARI semua BCA-1"); strings.Contains(got, "dicatat") {
			t.Fatalf("a customer recorded a payout:\n%s", got)
		}

		a.expect("/bayar", "SARI (Sari Rahayu): Rp9.500 ke BCA 1234567890 a.n. Sari Rahayu")
		a.expect("/bayar SARI 10rb BCA-1", "Saldo terkonfirmasi SARI Rp9.500, jadi Rp10.000 tidak bisa dibayarkan")
		a.expect("/bayar SARI 5rb", "/bayar KODE JUMLAH REF")
		a.expect("/bayar NOBODY semua BCA-1", "NOBODY")
		a.expect("/bayar sari semua BCA 0212", "Pembayaran komisi SARI Rp9.500 dicatat (ref. BCA 0212). Sisa saldo Rp0")
		if n, ok := noteTo(a, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "751"}); !ok ||
			!strings.Contains(n.Text, "Komisi Rp9.500 sudah ditransfer ke BCA 1234567890 a.n. Sari Rahayu (ref. BCA 0212)") {
			t.Fatalf("the reseller was not told: %+v", n)
		}
		sari.expect("/saldo", "Sudah dibayar: Rp9.500", "Saldo yang bisa dibayarkan: Rp0")
		sari.expect("/komisi", "ref BCA 0212 · dibayar −Rp9.500")
		a.expect("/bayar", "Tidak ada saldo reseller yang perlu dibayar")
		a.expect("/reseller", "level Reseller (5%) · penjualan 90 hari Rp190.000 · saldo Rp0")

		a.expect("/reseller level SARI Emas", `Level "Emas" tidak ada`, "Reseller=5%")
		a.expect("/reseller level SARI reseller", "Level SARI dikunci di Reseller (5%)")
		a.expect("/reseller level SARI otomatis", "tidak dikunci lagi")
	})
}

// A reseller asks for a share card by SKU, by name or for the catalog and
// gets the picture (drawn when sent) with a caption holding their link;
// a hidden or sold-out product is refused politely, and a customer's
// "bagikan" is ordinary chat.
func TestResellerShareKit(t *testing.T) {
	resellerTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		sari := approved(t, h, "761", "Sari")
		last := func(c *customer, say string) lapak.Outbound {
			t.Helper()
			for _, r := range c.send(lapak.Inbound{Text: say}) {
				if r.Image != "" {
					return r
				}
			}
			t.Fatalf("no picture for %q", say)
			return lapak.Outbound{}
		}
		r := last(sari, "/bagikan nst-500")
		if r.Image != lapak.ShareRef("SARI", "NST-500") || !strings.Contains(r.Text, "https://t.me/TokoSariBot?start=ref_SARI-p_NST-500") ||
			!strings.Contains(r.Text, "Rp95.000") || !strings.Contains(r.Text, "SARI") {
			t.Fatalf("product card: %+v", r)
		}
		if r := last(sari, "bagikan nastar nanas"); r.Image != lapak.ShareRef("SARI", "NST-500") {
			t.Fatalf("by name: %+v", r)
		}
		if r := last(sari, "/bagikan katalog"); r.Image != lapak.ShareRef("SARI", lapak.ShareCatalog) ||
			!strings.Contains(r.Text, "https://t.me/TokoSariBot?start=ref_SARI") {
			t.Fatalf("catalog card: %+v", r)
		}
		sari.expect("/bagikan", "/bagikan SKU")
		sari.expect("/bagikan sepatu", "sepatu")
		a.expect("/stok NST-500 0", "NST-500")
		sari.expect("/bagikan NST-500", "sedang habis")
		a.expect("/sembunyikan NST-500", "disembunyikan")
		if got := sari.say("/bagikan NST-500"); strings.Contains(got, "sedang habis") || strings.Contains(got, "https://") {
			t.Fatalf("a hidden product shared:\n%s", got)
		}

		c := h.customer(t, "762")
		c.expect("/bagikan NST-500", "reseller")
		if got := c.say("bagikan nastar"); strings.Contains(got, "t.me/TokoSariBot?start=ref_") {
			t.Fatalf("a customer got a share card:\n%s", got)
		}
	})
}

// An approved reseller buys at the reseller price once they take the
// reseller minimum; below it, and for customers, the price is the shop's.
func TestResellerPrice(t *testing.T) {
	resellerTest(t, testShop(), func(t *testing.T, h *harness) {
		rows := catalog.DemoRows()
		for i := range rows {
			if rows[i].SKU == "NST-500" {
				rows[i].ResellerPrice, rows[i].HasResellerPrice = 80000, true
				rows[i].MinResellerQty, rows[i].HasMinResellerQty = 3, true
			}
		}
		if _, err := h.s.ImportCatalog(context.Background(), rows); err != nil {
			t.Fatal(err)
		}
		sari := approved(t, h, "771", "Sari")
		sari.expect("pesan nastar 2", "masuk keranjang")
		if got := sari.say("keranjang"); !strings.Contains(got, "Nastar Nanas × 2 = Rp190.000") || strings.Contains(got, "harga reseller") {
			t.Fatalf("below the minimum:\n%s", got)
		}
		sari.expect("pesan nastar 1", "masuk keranjang")
		sari.expect("keranjang", "Nastar Nanas × 3 = Rp240.000 (harga reseller; harga jual Rp95.000)")
		sari.expect("checkout", "Pesanan ini untuk siapa")
		sari.expect("1", "nama penerimanya")
		sari.say("Sari")
		sari.say("081311112222")
		sari.say("Kirim ke Jabodetabek")
		sari.say("Jl. Mawar No. 1, Depok")
		sari.expect("transfer", "Nastar Nanas × 3 = Rp240.000 (harga reseller")
		sari.expect("ya", "No. pesanan")
		if o := sari.orders()[0]; o.Items[0].UnitPrice != 80000 || o.Subtotal != 240000 {
			t.Fatalf("the reseller's order: %+v", o.Breakdown)
		}
		// A price lowered under the reseller price: the reseller pays the lower.
		h.customer(t, admin.ChatID).expect("/harga NST-500 75rb", "NST-500")
		sari.expect("pesan nastar 3", "masuk keranjang")
		if got := sari.say("keranjang"); !strings.Contains(got, "Nastar Nanas × 3 = Rp225.000") || strings.Contains(got, "harga reseller") {
			t.Fatalf("under a lowered price:\n%s", got)
		}
		c := h.customer(t, "772")
		c.expect("pesan nastar 3", "masuk keranjang")
		if got := c.say("keranjang"); !strings.Contains(got, "Nastar Nanas × 3 = Rp225.000") || strings.Contains(got, "reseller") {
			t.Fatalf("a customer's cart:\n%s", got)
		}
	})
}

// A reseller orders for their buyer: asked whom it is for, the buyer's
// name and phone, a courier address (no pickup); the order goes to the
// buyer in the reseller's name, the admins see DROPSHIP, and the shipping
// notice to the reseller carries a link to forward the tracking number.
// A customer is never asked.
func TestDropship(t *testing.T) {
	resellerTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		sari := approved(t, h, "781", "Sari Rahayu")
		sari.expect("pesan nastar 1", "masuk keranjang")
		sari.expect("checkout", "Pesanan ini untuk siapa", "Dropship ke pembeli")
		sari.expect("2", "siapa nama pembelinya")
		sari.expect("Rina Wati", "Nomor HP pembelinya")
		if got := sari.expect("0857-1111-2222", "Jabodetabek"); strings.Contains(got, "Ambil sendiri") {
			t.Fatalf("pickup offered for a dropship order:\n%s", got)
		}
		sari.say("Kirim ke Jabodetabek")
		sari.say("Jl. Anggrek No. 7, Bekasi Timur")
		sari.expect("transfer", "Dropship atas nama kakak, ke: Rina Wati (+6285711112222)", "Jl. Anggrek No. 7")
		sari.expect("ya", "No. pesanan")
		o := sari.orders()[0]
		if !o.Dropship || o.Recipient != "Rina Wati" || o.Phone != "6285711112222" || o.Address != "Jl. Anggrek No. 7, Bekasi Timur" {
			t.Fatalf("dropship order: %+v", o)
		}
		if n, _ := noteTo(sari, admin); !strings.Contains(n.Text, "DROPSHIP: kirim atas nama Sari Rahayu") || !strings.Contains(n.Text, "/slip "+o.Number) {
			t.Fatalf("admin notice: %q", n.Text)
		}
		a.expect("/lunas "+o.Number, "sudah dibayar")
		a.expect("/kirim "+o.Number+" JNE JX1234567890", "sedang dikirim")
		if n, ok := noteTo(a, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "781"}); !ok ||
			!strings.Contains(n.Text, "Teruskan resi ke pembeli kakak: https://wa.me/6285711112222?text=") {
			t.Fatalf("shipping notice to the reseller: %+v", n)
		}
		// Their own next order: for themselves, as before.
		sari.expect("pesan nastar 1", "masuk keranjang")
		sari.expect("checkout", "Pesanan ini untuk siapa")
		if got := sari.say("1"); strings.Contains(got, "nama pembelinya") {
			t.Fatalf("asked a buyer for an order for themselves:\n%s", got)
		}
		// A customer is never asked.
		c := h.customer(t, "782")
		c.expect("pesan nastar 1", "masuk keranjang")
		if got := c.say("checkout"); strings.Contains(got, "untuk siapa") {
			t.Fatalf("a customer was asked:\n%s", got)
		}
	})
}

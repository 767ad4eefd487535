package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
)

func TestOrderByNameWithWordQuantities(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		tests := []struct {
			say  []string // the last message should fill the cart
			sku  string
			qty  int
			want string
		}{
			{[]string{"pesan keripik pedas 2"}, "KRP-SGK-PDS", 2, "2 × Keripik Singkong (Pedas) masuk keranjang"},
			{[]string{"keripik balado 2 pcs"}, "KRP-SGK-BLD", 2, "Keripik Singkong (Balado)"},
			{[]string{"beli sambal bawang dua", "Level 3"}, "SMB-BWG-L3", 2, "2 × Sambal Bawang (Level 3)"},
			{[]string{"mau 2 kopi susu", "1"}, "KSA-250", 2, "2 × Kopi Susu Gula Aren (250 ml)"},
			{[]string{"tambah kopi selusin", "Kopi Susu Gula Aren", "250 ml"}, "KSA-250", 12, "12 × Kopi Susu Gula Aren (250 ml)"},
			{[]string{"kacang bawang setengah lusin"}, "KCG-BWG-250", 6, "6 × Kacang Bawang"},
			{[]string{"order nastar one"}, "NST-500", 1, "1 × Nastar Nanas"},
			{[]string{"pesan wedang jahe dua puluh"}, "WDG-JHE", 20, "20 × Wedang Jahe Instan"},
			{[]string{"pesen kripik pedes sebelas biji"}, "KRP-SGK-PDS", 11, "11 × Keripik Singkong (Pedas)"},
			{[]string{"kopi susu 1 liter 3"}, "KSA-1L", 3, "3 × Kopi Susu Gula Aren (1 liter)"},
			{[]string{"bolu pandan", "1", "dua"}, "BOLU-PDN", 2, "2 × Bolu Pandan"},
			{[]string{"mau abon sapi", "no 2", "tiga"}, "ABN-SPI-250", 3, "3 × Abon Sapi (250 g)"},
		}
		for i, tt := range tests {
			c := h.customer(t, "name"+string(rune('a'+i)))
			var got string
			for _, s := range tt.say {
				got = c.say(s)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("%v: reply lacks %q:\n%s", tt.say, tt.want, got)
			}
			cart := c.cart()
			if len(cart) != 1 || cart[0].SKU != tt.sku || cart[0].Qty != tt.qty {
				t.Errorf("%v: cart %+v, want %d × %s", tt.say, cart, tt.qty, tt.sku)
			}
		}
	})
}

func TestBadQuantitiesChangeNothing(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "qty")
		for _, tt := range []struct{ say, want string }{
			{"pesan keripik pedas 0", "minimal 1"},
			{"pesan keripik pedas -1", "minimal 1"},
			{"pesan keripik pedas 1e9", "maksimal 999"},
			{"pesan keripik pedas 1000000", "maksimal 999"},
			{"pesan keripik pedas banyak", "Berapa tepatnya kak?"},
			{"beli lapis legit 3", "stoknya tinggal 2"},
			{"pesan rempeyek 1", "habis"},
		} {
			c.expect(tt.say, tt.want)
		}
		// The same at the quantity step, which stays open.
		c.expect("keripik pedas", "Keripik Singkong")
		c.expect("pesan keripik pedas", "Mau berapa Keripik Singkong (Pedas)")
		for _, tt := range []struct{ say, want string }{
			{"0", "minimal 1"},
			{"-1", "minimal 1"},
			{"1e9", "maksimal 999"},
			{"1000000", "maksimal 999"},
			{"banyak", "Berapa tepatnya kak?"},
			{"1,5", "angka bulat"},
			{"21", "stoknya tinggal 20"},
		} {
			c.expect(tt.say, tt.want)
		}
		if cart := c.cart(); len(cart) != 0 {
			t.Fatalf("cart changed: %+v", cart)
		}
		c.expect("dua puluh", "20 × Keripik Singkong (Pedas)")
		c.expect("pesan keripik pedas 1", "stoknya tinggal 20", "20 sudah ada di keranjang")
		if cart := c.cart(); len(cart) != 1 || cart[0].Qty != 20 {
			t.Fatalf("cart %+v", cart)
		}
	})
}

// buy puts items in the cart and checks out with the given answers, ending at
// the recap, then confirms; it returns the new order.
func buy(t *testing.T, c *customer, add string, answers ...string) lapak.Order {
	t.Helper()
	c.expect(add, "masuk keranjang")
	c.say("checkout")
	for _, a := range answers {
		c.say(a)
	}
	before := len(c.orders())
	c.expect("ya", "No. pesanan")
	orders := c.orders()
	if len(orders) != before+1 {
		t.Fatalf("no new order")
	}
	return orders[0]
}

func TestSecondOrderReusesSavedDetailsAndCOD(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "200")
		c.expect("/start ref_RESELLER7", "Dapur Bu Sari")
		c.say("/start ref_SOMEONEELSE")
		if got := c.record().Referrer; got != "RESELLER7" {
			t.Fatalf("referrer %q, want the first one", got)
		}
		first := buy(t, c, "pesan kacang bawang 2", "Budi Santoso", "+62 813-1111-2222", "Kirim ke Jabodetabek", "Jl. Mawar No. 1, Margonda, Depok", "transfer")
		if first.Referrer != "RESELLER7" || first.Address != "Jl. Mawar No. 1, Margonda, Depok" {
			t.Fatalf("first order %+v", first)
		}
		c.expect("pesan nastar 1", "masuk keranjang")
		// A returning customer: checkout goes straight to the recap with the
		// last order's delivery, address and payment, ready to change.
		c.expect("checkout", "Cek lagi pesanannya", "sama seperti pesanan terakhir", "Jl. Mawar No. 1, Margonda, Depok", "Transfer bank")
		c.expect("ubah", "Mau ubah yang mana")
		c.expectPress("edit:dlv", "diambil sendiri atau dikirim")
		c.expect("2", "alamat yang mana", "Jl. Mawar No. 1, Margonda, Depok", "Alamat baru")
		c.expect("1", "bayar pakai apa", "COD")
		c.expect("cod", "Total: Rp110.000", "Budi Santoso", "+6281311112222", "COD (bayar di tempat)")
		placed := c.expect("iya", "dibayar tunai ke kurir")
		if strings.Contains(placed, "kode unik") {
			t.Fatalf("COD reply mentions a unique code:\n%s", placed)
		}
		o := c.orders()[0]
		if o.PaymentMethod != lapak.PayCOD || o.ExpiresAt != nil || o.UniqueCode != 0 || o.Total != 110000 ||
			o.Recipient != "Budi Santoso" || o.Address != first.Address || o.Items[0].SKU != "NST-500" {
			t.Fatalf("COD order %+v", o)
		}
		if got := h.stock(t, "NST-500"); got != 9 {
			t.Fatalf("nastar stock %d, want 9", got)
		}
		// Pickup never offers COD and needs no address.
		c.expect("pesan teh tarik 1", "masuk keranjang")
		c.say("checkout")
		got := c.expect("ambil sendiri", "Cek lagi pesanannya", "Ambil di: Jl. Melati No. 5, Depok", "Transfer bank")
		if strings.Contains(got, "Ongkir") {
			t.Fatalf("pickup recap has a delivery fee:\n%s", got)
		}
	})
}

func TestCheckoutEditAndValidation(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "300")
		c.expect("pesan sambal roa 1", "masuk keranjang")
		c.expect("checkout", "nama penerima")
		c.expect("A", "kependekan")
		c.expect(strings.Repeat("Budi ", 20), "kepanjangan")
		c.expect("'; DROP TABLE lapak_orders; --", "cukup huruf")
		c.expect("12345", "cukup huruf")
		c.expect("Siti Nur'aini", "Nomor HP")
		c.expect("12345", "belum pas")
		c.expect("'; DROP TABLE lapak_orders; --", "belum pas")
		// A shared contact fills the phone too.
		got := joined(c.send(lapak.Inbound{Phone: "+62 812 9999 0000"}))
		if !strings.Contains(got, "diambil sendiri atau dikirim") {
			t.Fatalf("after contact:\n%s", got)
		}
		c.expect("gojek aja", "Pilih salah satu")
		c.expect("Luar Jabodetabek", "alamat lengkap")
		c.expect("rumah", "kurang lengkap")
		c.expect("'; DROP TABLE lapak_orders; --", "karakter yang aneh")
		c.expect(strings.Repeat("Jalan panjang sekali ", 20), "kepanjangan")
		c.expect("Jl. Sudirman No. 10, Medan", "bayar pakai apa")
		c.expect("transfer", "Ongkir (Luar Jabodetabek): Rp30.000", "Total: Rp85.000")
		c.expect("keripik pedas", "Ketik *ya* buat pesan") // the recap stays the question
		c.expect("ubah", "Mau ubah yang mana", "Nama penerima")
		c.expectPress("edit:name", "nama penerima")
		c.expect("Siti Aminah", "Cek lagi pesanannya", "Nama: Siti Aminah")
		c.expectPress("edit:dlv", "diambil sendiri atau dikirim")
		c.expectPress("dlv:pickup", "Cek lagi pesanannya", "Ambil di:")
		c.expect("batal", "dibatalkan", "Isi keranjang tetap aman")
		if len(c.orders()) != 0 || len(c.cart()) != 1 {
			t.Fatal("aborting checkout changed orders or cart")
		}
		cu := c.record()
		if cu.Name != "Siti Aminah" || cu.Phone != "6281299990000" {
			t.Fatalf("customer %+v", cu)
		}
		c.expectPress("confirm", "Sesi checkout-nya sudah selesai")
		if len(c.orders()) != 0 {
			t.Fatal("stale confirm placed an order")
		}
	})
}

func TestCartEdits(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "400")
		c.say("pesan keripik pedas 2")
		c.say("pesan teh tarik 1")
		c.say("pesan sirup markisa 1")
		c.expect("keranjang", "1. Keripik Singkong (Pedas) × 2 = Rp26.000", "3. Sirup Markisa × 1", "Subtotal: Rp106.000")
		c.expect("ubah 1 jadi 3", "Keripik Singkong (Pedas) jadi 3", "× 3 = Rp39.000")
		c.expect("hapus 2", "Teh Tarik Sachet sudah dihapus")
		c.expect("hapus 9", "Nomor 9 tidak ada")
		c.expect("ubah 1 jadi 100", "stoknya tinggal 20")
		out := c.last("keranjang")
		c.expectPress(choiceID(t, out, "Sirup"), "Mau jadi berapa")
		c.expect("0", "Sirup Markisa sudah dihapus")
		if cart := c.cart(); len(cart) != 1 || cart[0].Qty != 3 {
			t.Fatalf("cart %+v", cart)
		}
		c.expect("kosongkan", "dikosongkan")
		c.expect("keranjang", "masih kosong")
		c.expect("checkout", "masih kosong")
	})
}

func TestStockRunsOutBeforeConfirm(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a, b := h.customer(t, "500"), h.customer(t, "501")
		a.say("pesan lapis legit 2")
		a.say("checkout")
		a.say("Ani")
		a.say("081311112222")
		a.expect("ambil sendiri", "Cek lagi pesanannya") // pickup leaves only transfer: no question
		buy(t, b, "pesan lapis legit 2", "Bima", "081311113333", "ambil sendiri")
		got := a.expect("ya", "Lapis Legit baru saja habis", "Keranjang kakak")
		_ = got
		if len(a.orders()) != 0 {
			t.Fatal("an order was placed without stock")
		}
		if h.stock(t, "LPS-LGT") != 0 {
			t.Fatal("stock went wrong")
		}
	})
}

func TestCancelOrderReturnsStock(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "600")
		o := buy(t, c, "pesan sambal cumi 2", "Dewi", "081322223333", "ambil sendiri")
		if h.stock(t, "SMB-CUMI") != 4 {
			t.Fatal("stock not reserved")
		}
		c.expect("status", "Pesanan kakak", o.Number, "menunggu pembayaran")
		c.expectPress("order:"+o.Number, "Pesanan "+o.Number, "Status: menunggu pembayaran", "Sambal Cumi × 2", "Batalkan pesanan")
		other := h.customer(t, "601")
		other.expect("batal "+o.Number, "tidak ketemu")
		other.expectPress("cancelyes:"+o.Number, "tidak ketemu")
		other.expect("cek "+strings.ToLower(o.Number), "tidak ketemu")
		c.expect("batal XXX-999", "tidak ketemu")
		c.expect("batal "+strings.ToLower(o.Number), "Yakin mau batalkan pesanan "+o.Number)
		c.expect("tidak", "Status: menunggu pembayaran")
		if c.orders()[0].Status != lapak.StatusPendingPayment {
			t.Fatal("cancelled without confirmation")
		}
		c.expectPress("cancel:"+o.Number, "Yakin mau batalkan")
		c.expect("ya", "sudah dibatalkan")
		if c.orders()[0].Status != lapak.StatusCancelled || h.stock(t, "SMB-CUMI") != 6 {
			t.Fatal("order not cancelled or stock not back")
		}
		if len(c.notes) != 1 || !strings.Contains(c.notes[0].Msg.Text, o.Number) {
			t.Fatalf("admin not told: %+v", c.notes)
		}
		c.expectPress("cancelyes:"+o.Number, "memang sudah dibatalkan")
		c.expect("ya", "Mau lanjut apa")
	})
}

func TestEnglish(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "700")
		c.expect("hi", "selamat datang")
		if c.record().Language != lapak.Indonesian {
			t.Fatal("new customer did not get the shop language")
		}
		c.expect("english", "in English")
		if c.record().Language != lapak.English {
			t.Fatal("language not saved")
		}
		c.expect("hello", "welcome to Dapur Bu Sari", "Catalog", "Search products", "My orders")
		c.expect("buy spicy cassava chips 2", "2 × Keripik Singkong (Pedas) added to your cart")
		c.expect("cart", "Your cart", "Subtotal: Rp26.000")
		c.expect("checkout", "recipient's name")
		c.expect("cancel", "Okay, cancelled")
		c.expect("pizza", "couldn't find \"pizza\"")
		c.expect("😀", "only read text")
		c.expect("/lang id", "Bahasa Indonesia")
		c.expect("halo", "selamat datang")
		c.expectPress("lang:en", "in English")
		c.expectPress("lang", "Choose a language")
	})
}

func TestOptOutAndHuman(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "800")
		c.expect("STOP", "tidak akan dapat pesan promo", "MULAI")
		cu := c.record()
		if !cu.OptedOut || cu.OptedOutAt == nil || !cu.OptedOutAt.Equal(start) {
			t.Fatalf("opt-out not recorded: %+v", cu)
		}
		c.expect("MULAI", "dapat info promo lagi")
		if c.record().OptedOut {
			t.Fatal("still opted out")
		}
		c.expect("berhenti", "tidak akan dapat")
		c.expect("unsubscribe", "tidak akan dapat")
		if !c.record().OptedOut {
			t.Fatal("not opted out")
		}
		c.say("START")
		if c.record().OptedOut {
			t.Fatal("START did not resubscribe")
		}
		for _, s := range []string{"mau bicara dengan orang", "admin", "CS", "chat admin dong"} {
			c2 := h.customer(t, "human-"+s)
			c2.expect(s, "admin kami akan segera balas")
			if !c2.record().NeedsHuman {
				t.Fatalf("%q: not flagged for a person", s)
			}
			if len(c2.notes) != 1 || c2.notes[0].To != admin || !strings.Contains(c2.notes[0].Msg.Text, "minta dibantu admin") {
				t.Fatalf("%q: admins not told: %+v", s, c2.notes)
			}
		}
		c.expectPress("admin", "admin kami")
	})
}

func TestGreetingsHelpAndGlobalWords(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "900")
		for _, g := range []string{"halo", "hai", "p", "pagi kak", "assalamualaikum", "/start", "hi", "hello", "Halooo kak!!", "menu"} {
			c.expect(g, "Dapur Bu Sari")
		}
		for _, s := range []string{"bantuan", "help", "?"} {
			c.expect(s, "Cara belanja")
		}
		c.expect("/start p_KSA-1L", "Kopi Susu Gula Aren", "1 liter – Rp85.000 (stok 8)")
		// Global words work in the middle of a step.
		c.say("pesan keripik pedas 1")
		c.say("checkout")
		c.expect("keranjang", "Keripik Singkong (Pedas) × 1")
		c.expect("Budi", "\"Budi\" belum ketemu") // not taken as a name any more
		c.say("checkout")
		c.expect("bantuan", "Cara belanja")
		c.expect("Budi", "Nomor HP") // help does not leave checkout
	})
}

func TestBadInputAtEveryStep(t *testing.T) {
	long := strings.Repeat("keripik pedas enak sekali ", 400) // ~10,000 characters
	bad := []lapak.Inbound{
		{Text: ""},
		{Text: "   \n\t "},
		{Text: long},
		{Text: "😀🙏🔥"},
		{Text: "مرحبا كم السعر"},
		{Text: "你好，多少钱"},
		{Text: "ꦲꦏ꧀ꦱꦫꦗꦮ"},
		{Text: "'; DROP TABLE lapak_orders; --"},
		{Text: "iphone 15 pro max"},
		{Image: &lapak.Attachment{Ref: "file-1", MIME: "image/jpeg"}},
	}
	// Each path leads to a step; bad input there must leave data and step alone.
	steps := []struct {
		name string
		to   []string
		next string // a good answer that must still work afterwards
		want string
	}{
		{"idle", nil, "keripik pedas", "Keripik Singkong"},
		{"quantity", []string{"pesan keripik pedas"}, "2", "masuk keranjang"},
		{"name", []string{"pesan keripik pedas 1", "checkout"}, "Rina", "Nomor HP"},
		{"phone", []string{"pesan keripik pedas 1", "checkout", "Rina"}, "081234567890", "diambil sendiri"},
		{"address", []string{"pesan keripik pedas 1", "checkout", "Rina", "081234567890", "Jabodetabek"}, "Jl. Anggrek No. 3, Depok", "bayar pakai apa"},
		{"confirm", []string{"pesan keripik pedas 1", "checkout", "Rina", "081234567890", "ambil sendiri"}, "ya", "No. pesanan"},
	}
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		for _, st := range steps {
			for i, in := range bad {
				if st.name == "address" && strings.HasPrefix(in.Text, "iphone") {
					continue // any 10–300 characters may be an address
				}
				c := h.customer(t, st.name+"-"+string(rune('a'+i)))
				for _, s := range st.to {
					c.say(s)
				}
				cartBefore := c.cart()
				custBefore := c.record()
				got := joined(c.send(in))
				if strings.TrimSpace(got) == "" {
					t.Errorf("%s, %.20q: empty reply", st.name, in.Text)
				}
				if strings.Contains(got, "masuk keranjang") || strings.Contains(got, "No. pesanan") {
					t.Errorf("%s, %.20q: bad input changed something:\n%s", st.name, in.Text, got)
				}
				if len(c.orders()) != 0 || len(c.cart()) != len(cartBefore) {
					t.Errorf("%s, %.20q: data changed", st.name, in.Text)
				}
				if cu := c.record(); cu.Name != custBefore.Name || cu.Phone != custBefore.Phone {
					t.Errorf("%s, %.20q: customer changed: %+v", st.name, in.Text, cu)
				}
				c.expect(st.next, st.want)
			}
		}
	})
}

func TestSpecificRepliesToOddInput(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "odd")
		c.expect("😀🙏", "cuma bisa baca tulisan")
		c.expect("你好", "huruf latin")
		c.expect("مرحبا", "huruf latin")
		c.expect(strings.Repeat("a", 10000), "kepanjangan", "2 pesan")
		c.expect("'; DROP TABLE lapak_orders; --", "belum ketemu")
		c.expect("pizza", "\"pizza\" belum ketemu", "Keripik & Camilan (6)", "Minuman (5)")
		c.expect("pesan sepatu nike 2", "\"sepatu nike\" belum ketemu")
		got := joined(c.send(lapak.Inbound{Image: &lapak.Attachment{Ref: "f"}}))
		if !strings.Contains(got, "belum bisa baca gambar") {
			t.Fatalf("image: %s", got)
		}
		c.say("pesan keripik pedas")
		got = joined(c.send(lapak.Inbound{Image: &lapak.Attachment{Ref: "f"}}))
		if !strings.Contains(got, "butuh jawaban tulisan") || !strings.Contains(got, "Ketik jumlahnya") {
			t.Fatalf("image at a step: %s", got)
		}
		// A photo after an unpaid transfer order goes to the admins as a proof.
		c.say("menu")
		o := buy(t, c, "pesan keripik pedas 1", "Rina", "081234567890", "ambil sendiri")
		got = joined(c.send(lapak.Inbound{Image: &lapak.Attachment{Ref: "f"}}))
		if !strings.Contains(got, "teruskan ke admin") || len(c.notes) != 1 || !strings.Contains(c.notes[0].Msg.Text, o.Number) {
			t.Fatalf("proof: %s %+v", got, c.notes)
		}
	})
}

func TestStaleAndForgedChoices(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "stale")
		for _, id := range []string{"confirm", "qty:99999:2", "prod:99999", "cat:999", "cat:1:p9", "cancel:AAA-AAA",
			"order:XXX-XXX", "dlv:zone:7", "garbage", "var:abc", "qty:1:0", "qty:1:100000", "cartedit:555",
			"cartset:1:5", "cartdel:1", "addr:3", "pay:cod", "edit:name", "lang:xx", "cancelyes:", strings.Repeat("x", 64)} {
			got := c.press(id)
			if strings.TrimSpace(got) == "" {
				t.Errorf("%q: empty reply", id)
			}
		}
		if len(c.orders()) != 0 || len(c.cart()) != 0 {
			t.Fatal("stale choices changed data")
		}
		// A quantity button from an old message still adds what it says.
		old := c.last("pesan keripik pedas")
		c.say("menu")
		c.expectPress(choiceID(t, old, "2"), "2 × Keripik Singkong (Pedas)")
		// A product button from an old list opens the product mid-checkout.
		list := c.last("katalog")
		c.say("checkout")
		c.expectPress(list.Choices[1].ID, "Sambal")
	})
}

func TestPagingAndChoiceByText(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		rows := []lapak.CatalogRow{}
		for i, n := range []string{"Es Teh Manis", "Es Jeruk", "Cendol", "Dawet Ayu"} {
			rows = append(rows, lapak.CatalogRow{SKU: "X-" + string(rune('A'+i)), Name: n, Category: "Minuman", Price: 8000, Stock: 5})
		}
		if _, err := h.s.ImportCatalog(context.Background(), rows); err != nil {
			t.Fatal(err)
		}
		c := h.customer(t, "page")
		c.say("katalog")
		p1 := c.last("3") // the third category, by number
		if !strings.Contains(p1.Text, "Minuman (hal. 1/2)") || strings.Contains(p1.Text, "Wedang") && strings.Contains(p1.Text, "Es Jeruk") && strings.Count(p1.Text, "\n") > 9 {
			t.Fatalf("page 1:\n%s", p1.Text)
		}
		p2 := c.last("berikutnya")
		if !strings.Contains(p2.Text, "hal. 2/2") || !strings.Contains(p2.Text, "7. ") {
			t.Fatalf("page 2:\n%s", p2.Text)
		}
		c.expect("sebelumnya", "hal. 1/2")
		c.expect("no 2", "stok 5")
		c.say("katalog")
		c.expect("dua", "Sambal & Bumbu")
		c.expect("sambal roa", "Sambal Roa", "stok 5")
	})
}

var _ = time.Second

package flows_test

import (
	"context"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

// product reads a product by SKU the way the flows see it.
func (c *customer) product(sku string) lapak.Product {
	c.t.Helper()
	var p lapak.Product
	c.do(func(ctx context.Context, tx lapak.ShopTx, _ *lapak.Conversation) error {
		var err error
		p, err = tx.ProductBySKU(ctx, sku)
		return err
	})
	return p
}

// expectNot checks a reply lacks every unwanted text.
func expectNot(t *testing.T, got string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(got, u) {
			t.Fatalf("reply has %q:\n%s", u, got)
		}
	}
}

func TestAddProductStepByStep(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		a.expect("/tambah", "Nama produknya apa")
		cats := a.last("Nastar Keju")
		if !strings.Contains(cats.Text, "kategori apa") || len(cats.Choices) != 4 || cats.Choices[0].Label != "Keripik & Camilan" {
			t.Fatalf("category question: %+v", cats)
		}
		a.expect("Kue Kering", "harga dan stoknya")
		// Bad variants are told precisely, and asked again.
		a.expect("450 g 85000 stok 20\n250 g -1 stok 10", "varian ke-2", `Harga "-1" tidak bisa dipakai`)
		a.expect("450 g seratus", `Harga untuk "450 g seratus" belum ada`, "85rb")
		a.expect("450 g 85000 stok banyak", `Stok "banyak" tidak bisa dipakai`)
		a.expect("450 g 85.000 stok 20\n250 g 50rb stok 10", "Deskripsinya apa")
		a.expect("lewati", "Cek lagi", "Nama: Nastar Keju", "Kategori: Kue Kering (kategori baru)", "Deskripsi: (tidak ada)",
			"• 450 g – Rp85.000, stok 20 (SKU otomatis)", "• 250 g – Rp50.000, stok 10", "ya")
		if n := len(h.auditFor(t, "add")); n != 0 {
			t.Fatalf("%d audit entries before ya", n)
		}
		// Change the name from the recap: the recap comes back.
		a.expect("ubah", "bagian mana", "Nama", "Deskripsi")
		a.expect("1", "Nama produknya apa")
		a.expect("Nastar Keju Premium", "Cek lagi", "Nama: Nastar Keju Premium", "Kategori: Kue Kering")
		a.expect("ya", "Nastar Keju Premium tersimpan di kategori Kue Kering",
			"SKU NASTAR-KEJU-PREMIU-450G: Nastar Keju Premium (450 g) – Rp85.000, stok 20",
			"SKU NASTAR-KEJU-PREMIU-250G", "/foto NASTAR-KEJU-PREMIU-450G")
		p := a.product("nastar-keju-premiu-450g")
		if p.Name != "Nastar Keju Premium" || p.Category != "Kue Kering" || len(p.Variants) != 2 || p.Variants[1].Price != 50000 || p.Variants[0].Stock != 20 {
			t.Fatalf("stored: %+v", p)
		}
		if got := h.auditFor(t, "add"); len(got) != 2 || got[0].Actor != admin {
			t.Fatalf("audit: %+v", got)
		}
		// A customer finds it at once: the catalog's revision moved.
		c := h.customer(t, "200")
		c.expect("nastar keju premium ada?", "Nastar Keju Premium")
		c.expect("katalog", "Kue Kering (1)")
		// The same name again is refused, pointing at /stok and /harga.
		a.expect("/tambah", "Nama produknya apa")
		a.expect("nastar keju premium", "sudah ada di katalog", "/harga SKU", "/stok SKU")
		a.expect("batal", "tidak jadi ditambahkan")
	})
}

func TestAddProductInOneLine(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		a.expect("/tambah Nastar Keju | Kue Kering | 450 g=85000 stok 20; 250 g=Rp 50.000 stok 10 | Renyah, pakai keju edam",
			"Nama: Nastar Keju", "Deskripsi: Renyah, pakai keju edam", "• 450 g – Rp85.000, stok 20", "• 250 g – Rp50.000, stok 10")
		a.expect("ya", "SKU NASTAR-KEJU-450G", "SKU NASTAR-KEJU-250G")

		// One variant, a price as sellers write it, an SKU given, an existing category in another case.
		a.expect("/tambah Kue Lumpur | keripik & camilan | 45rb sku LMP-1", "Kategori: Keripik & Camilan\n", "tanpa varian – Rp45.000, stok tanpa batas (SKU LMP-1)")
		a.expect("ya", "SKU LMP-1: Kue Lumpur – Rp45.000, stok tanpa batas")
		if p := a.product("LMP-1"); !p.Variants[0].Unlimited || p.Category != "Keripik & Camilan" {
			t.Fatalf("stored: %+v", p)
		}

		// Bad input: say which part, change nothing.
		for _, c := range []struct{ in, want string }{
			{"/tambah Kue Sagu", "Bagian kategori belum ada"},
			{"/tambah Kue Sagu | Kue Kering", "Bagian varian (harga dan stok) belum ada"},
			{"/tambah  | Kue Kering | 85000", "Bagian nama produk belum ada"},
			{"/tambah Kue Sagu | Kue Kering | 250 g=-1 stok 5", `Harga "-1" tidak bisa dipakai`},
			{"/tambah Kue Sagu | Kue Kering | seratus", `Harga untuk "seratus" belum ada`},
			{"/tambah Kue Sagu | Kue Kering | 0", `Harga "0" tidak bisa dipakai`},
			{"/tambah Keripik Singkong | Kue Kering | 85000", `"Keripik Singkong" sudah ada di katalog`},
			{"/tambah Kue Sagu | Kue Kering | 85000 sku KRP-SGK-ORI", "SKU KRP-SGK-ORI sudah dipakai produk lain"},
			{"/tambah " + strings.Repeat("Kue ", 21) + "| Kue Kering | 85000", "Nama produknya 1 sampai 80 huruf"},
			{"/tambah Kue Sagu | Kue Kering | 250 g=5000; 250 g=6000", "tidak boleh sama"},
		} {
			a.expect(c.in, c.want)
		}
		if n := len(h.auditFor(t, "add")); n != 3 {
			t.Fatalf("%d audit entries, want 3 (two products)", n)
		}
		// Someone who is not an admin gets the shop, not the desk.
		c := h.customer(t, "300")
		expectNot(t, c.say("/tambah Kue Sagu | Kue Kering | 85000"), "Cek lagi")
	})
}

func TestProductPhotoFromChat(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		photo := func(ref string, size int64) *lapak.Attachment {
			return &lapak.Attachment{Ref: ref, MIME: "image/jpeg", Size: size}
		}
		// A caption.
		out := a.send(lapak.Inbound{Text: "/foto bsr-100", Image: photo("F1", 200_000)})
		if !strings.Contains(out[0].Text, "Foto Basreng Pedas Daun Jeruk (SKU BSR-100) dipasang") || out[0].Image != "media:telegram:F1" {
			t.Fatalf("caption: %+v", out)
		}
		if p := a.product("BSR-100"); p.Image != "media:telegram:F1" {
			t.Fatalf("image %q", p.Image)
		}
		if n, err := h.s.PendingPhotos(context.Background()); err != nil || n != 1 {
			t.Fatalf("%d photos queued (%v), want 1", n, err)
		}
		// A reply to a product card: the customers' card names the product on its first line.
		card := "Keripik Pisang\nKeripik pisang kepok tipis dan manis.\n\n• Manis – Rp15.000 (stok 18)"
		out = a.send(lapak.Inbound{Image: photo("F2", 0), ReplyText: card})
		if !strings.Contains(out[0].Text, "Foto Keripik Pisang (SKU KRP-PSG-MNS)") {
			t.Fatalf("reply: %+v", out)
		}
		// A reply to the desk's message naming an SKU.
		out = a.send(lapak.Inbound{Image: photo("F3", 0), ReplyText: "✅ Produk Kacang Bawang tersimpan:\n• SKU KCG-BWG-250: …"})
		if !strings.Contains(out[0].Text, "(SKU KCG-BWG-250)") {
			t.Fatalf("reply with SKU: %+v", out)
		}
		// Too big: say the limit; nothing changes.
		got := joined(a.send(lapak.Inbound{Text: "/foto MKR-PDS", Image: photo("F4", 10<<20)}))
		if !strings.Contains(got, "kebesaran") || !strings.Contains(got, "10,0 MB") || !strings.Contains(got, "Maksimal 5 MB") {
			t.Fatalf("too big: %s", got)
		}
		// Not a picture.
		got = joined(a.send(lapak.Inbound{Text: "/foto MKR-PDS", File: &lapak.Attachment{Ref: "D1", MIME: "application/pdf"}}))
		if !strings.Contains(got, "bukan foto") || !strings.Contains(got, "application/pdf") {
			t.Fatalf("not a picture: %s", got)
		}
		if p := a.product("MKR-PDS"); p.Image != "demo:makaroni" {
			t.Fatalf("image changed to %q", p.Image)
		}
		// No caption, no reply: a hint with a real SKU.
		got = joined(a.send(lapak.Inbound{Image: photo("F5", 0)}))
		if !strings.Contains(got, "untuk produk mana") || !strings.Contains(got, "/foto KCG-BWG-250") {
			t.Fatalf("hint: %s", got)
		}
		// /foto SKU alone waits for the next photo (the console's way).
		a.expect("/foto MKR-PDS", "kirim fotonya untuk Makaroni Bantat (SKU MKR-PDS)")
		got = joined(a.send(lapak.Inbound{Image: photo("F6", 0)}))
		if !strings.Contains(got, "(SKU MKR-PDS) dipasang") {
			t.Fatalf("awaited: %s", got)
		}
		if n, _ := h.s.PendingPhotos(context.Background()); n != 4 {
			t.Fatalf("%d photos queued, want 4", n)
		}
		if got := h.auditFor(t, "photo"); len(got) != 4 || got[0].Before != "demo:basreng" {
			t.Fatalf("audit: %+v", got)
		}
		// A customer's photo is still a customer's photo.
		c := h.customer(t, "400")
		expectNot(t, joined(c.send(lapak.Inbound{Image: photo("F7", 0)})), "dipasang", "produk mana")
	})
}

func TestHideShowRenameDescribe(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		c := h.customer(t, "500")
		c.expect("kacang bawang 1", "Kacang Bawang", "masuk keranjang")
		c.expect("katalog", "Keripik & Camilan (6)")

		a.expect("/sembunyikan kcg-bwg-250", "Kacang Bawang (SKU KCG-BWG-250) disembunyikan", "/tampilkan KCG-BWG-250")
		a.expect("/sembunyikan KCG-BWG-250", "memang sudah disembunyikan")
		c.expect("katalog", "Keripik & Camilan (5)")
		got := c.say("ada kacang bawang?")
		expectNot(t, got, "Rp20.000")
		// What is in a cart can still be ordered.
		c.expect("checkout", "nama penerima")
		c.expect("Siti Aminah", "Nomor HP")
		c.expect("0812-3456-7890", "Ambil sendiri")
		c.expect("1", "Kacang Bawang × 1", "Cek lagi")
		c.expect("ya", "No. pesanan")
		if o := c.orders(); len(o) != 1 || o[0].Items[0].SKU != "KCG-BWG-250" {
			t.Fatalf("orders: %+v", o)
		}

		a.expect("/tampilkan KCG-BWG-250", "tampil lagi")
		c.expect("katalog", "Keripik & Camilan (6)")
		c.expect("ada kacang bawang?", "Kacang Bawang")

		a.expect("/ubah KCG-BWG-250 nama Kacang Bawang Gurih", "diganti: Kacang Bawang → Kacang Bawang Gurih")
		a.expect("/ubah KCG-BWG-250 nama Keripik Pisang", `"Keripik Pisang" sudah dipakai produk lain`)
		a.expect("/ubah KCG-BWG-250 deskripsi Kacang tanah pilihan, 250 g.", "Deskripsi Kacang Bawang Gurih (SKU KCG-BWG-250) diperbarui")
		a.expect("/ubah KCG-BWG-250 deskripsi "+strings.Repeat("x", 1001), "maksimal 1000 huruf")
		a.expect("/ubah XYZ-1 nama Apa Saja", "SKU XYZ-1 tidak ada")
		a.expect("/ubah KCG-BWG-250 harga 5", "Formatnya: /ubah SKU nama")
		p := a.product("KCG-BWG-250")
		if p.Name != "Kacang Bawang Gurih" || p.Description != "Kacang tanah pilihan, 250 g." || p.Hidden {
			t.Fatalf("product: %+v", p)
		}
		c.expect("kacang bawang gurih", "Kacang Bawang Gurih")
		a.expect("/ubah KCG-BWG-250 deskripsi -", "Deskripsi Kacang Bawang Gurih (SKU KCG-BWG-250) dihapus")
		a.expect("/ubah KCG-BWG-250 kategori Kacang-kacangan", "pindah kategori: Keripik & Camilan → Kacang-kacangan")
		a.expect("/ubah KCG-BWG-250 kata kunci kacang garlic;  peanut ", "Kata kunci Kacang Bawang Gurih (SKU KCG-BWG-250): kacang garlic; peanut")
		a.expect("/ubah KCG-BWG-250 kata kunci "+strings.Repeat("x", 501), "maksimal 500 huruf")
		if p := a.product("KCG-BWG-250"); p.Category != "Kacang-kacangan" || p.Keywords != "kacang garlic; peanut" {
			t.Fatalf("category and keywords: %+v", p)
		}
		c.expect("ada peanut?", "Kacang Bawang Gurih")
		a.expect("/ubah KCG-BWG-250 keywords -", "Kata kunci Kacang Bawang Gurih (SKU KCG-BWG-250) dihapus")
		var cmds []string
		for _, e := range h.auditFor(t, "") {
			cmds = append(cmds, e.Command)
		}
		if got := strings.Join(cmds, ","); !strings.Contains(got, "hide,hide,") || !strings.Contains(got, "show,name,description,description,category,keywords,keywords") {
			t.Fatalf("audit commands: %s", got)
		}
		help := a.say("/bantuan")
		for _, w := range []string{"/tambah", "/foto SKU", "/sembunyikan SKU", "/tampilkan SKU", "/ubah SKU nama"} {
			if !strings.Contains(help, w) {
				t.Fatalf("help lacks %q", w)
			}
		}
	})
}

// auditFor lists the audit entries of one command ("" for all), oldest first.
func (h *harness) auditFor(t *testing.T, command string) []lapak.AuditEntry {
	t.Helper()
	all, err := h.s.AuditLog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []lapak.AuditEntry
	for _, e := range all {
		if command == "" || e.Command == command {
			out = append(out, e)
		}
	}
	return out
}

// /ubah SKU varian tambah NAMA HARGA STOK adds a variant to the product of
// SKU (shop.AddVariant, as the dashboard does): customers see it at once;
// a bad price, a name the product has, an unknown SKU change nothing.
func TestAddVariantFromChat(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		c := h.customer(t, "500")
		c.expect("ada keripik pisang?", "Keripik Pisang")

		a.expect("/ubah krp-psg-mns varian tambah Keju  Susu 16.000 9", "Varian baru di Keripik Pisang", "SKU KERIPI-PISANG-KEJUSUSU: Keripik Pisang (Keju Susu)", "stok 9", "/stok KERIPI-PISANG-KEJUSUSU 25")
		a.expect("/edit KRP-PSG-MNS variant add Stroberi 17rb", "SKU KERIPI-PISANG-STROBERI")
		a.expect("/ubah KRP-PSG-MNS varian tambah Durian 18000 stok 4 sku KRP-PSG-DRN", "SKU KRP-PSG-DRN: Keripik Pisang (Durian)", "stok 4")
		a.expect("/ubah KRP-PSG-MNS varian tambah Mini 2 = 9rb", "Keripik Pisang (Mini 2) – Rp9.000, stok tanpa batas")
		p := a.product("KRP-PSG-MNS")
		if len(p.Variants) != 6 || p.Variants[2].Name != "Keju Susu" || p.Variants[2].Price != 16000 || p.Variants[2].Stock != 9 || !p.Variants[3].Unlimited {
			t.Fatalf("variants: %+v", p.Variants)
		}
		c.expect("keripik pisang keju susu", "Keju Susu")

		a.expect("/ubah KRP-PSG-MNS varian tambah MANIS 15000 3", `Keripik Pisang sudah punya varian "MANIS"`, "Tidak ada yang diubah")
		a.expect("/ubah KRP-PSG-MNS varian tambah Nangka abc", `Harga untuk "Nangka abc" belum ada`)
		a.expect("/ubah KRP-PSG-MNS varian tambah Nangka 0 5", `Harga "0" tidak bisa dipakai`)
		a.expect("/ubah KRP-PSG-MNS varian tambah Nangka 15000 99999999", `Stok "99999999" tidak bisa dipakai`)
		a.expect("/ubah KRP-PSG-MNS varian tambah 15000", "Nama variannya belum ada")
		a.expect("/ubah KRP-PSG-MNS varian tambah", "Formatnya: /ubah SKU nama")
		a.expect("/ubah XYZ-1 varian tambah Nangka 15000", "SKU XYZ-1 tidak ada")
		a.expect("/ubah KCG-BWG-250 varian tambah Pedas 21000 5", "Varian Kacang Bawang (SKU KCG-BWG-250) tidak bernama")
		a.expect("/sembunyikan KRP-PSG-MNS", "disembunyikan")
		a.expect("/ubah KRP-PSG-MNS varian tambah Nangka 15000", "sedang disembunyikan", "/tampilkan KRP-PSG-MNS")
		if p := a.product("KRP-PSG-MNS"); len(p.Variants) != 6 {
			t.Fatalf("refused commands wrote variants: %+v", p.Variants)
		}
		if got := h.auditFor(t, "variant"); len(got) != 4 || got[0].Target != "KERIPI-PISANG-KEJUSUSU" || got[0].Actor != admin {
			t.Fatalf("audit: %+v", got)
		}
		mustHave := a.say("/bantuan")
		if !strings.Contains(mustHave, "/ubah SKU varian tambah") {
			t.Fatalf("help lacks the command:\n%s", mustHave)
		}
	})
}

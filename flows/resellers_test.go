package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/flows"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// resellerTest is shopTest with the share links' bot and number known.
func resellerTest(t *testing.T, shop lapak.Shop, fn func(t *testing.T, h *harness)) {
	clock := storagetest.NewClock(start)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		if _, err := s.ImportCatalog(context.Background(), catalog.DemoRows()); err != nil {
			t.Fatal(err)
		}
		links := func() (string, string) { return "TokoSariBot", "6281200001111" }
		fn(t, &harness{s: s, e: flows.New(flows.Options{Shop: shop, Links: links}), clock: clock})
	})
}

// signUp takes chat through the application as name.
func signUp(t *testing.T, c *customer, name string) string {
	t.Helper()
	c.expect("daftar reseller", "nama lengkap")
	c.expect(name, "Nomor HP")
	c.expect("0812 3456 7890", "Kota")
	c.expect("Bandung", "nama bank")
	c.expect("bca", "Nomor rekening BCA")
	c.expect("12345abc", "hanya boleh angka") // letters refused
	c.expect("123-456-7890", "atas nama")
	c.expect(name, "Syarat & ketentuan", "Jangan menjual di bawah harga toko")
	return c.press("rsl:agree")
}

func (h *harness) resellers(t *testing.T) []lapak.ResellerListing {
	t.Helper()
	var list []lapak.ResellerListing
	err := h.s.InTx(context.Background(), func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		list, err = tx.Resellers(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// noteTo is the text of the notes queued to id by c's last message.
func noteTo(c *customer, id lapak.Identity) (lapak.Outbound, bool) {
	for _, n := range c.notes {
		if n.To == id {
			return n.Msg, true
		}
	}
	return lapak.Outbound{}, false
}

func TestResellerSignupApproval(t *testing.T) {
	resellerTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		sari := h.customer(t, "701")
		got := signUp(t, sari, "Sari Dewi")
		if !strings.Contains(got, "Pendaftaran reseller sudah kami terima") {
			t.Fatalf("applied:\n%s", got)
		}
		note, ok := noteTo(sari, admin)
		if !ok || !strings.Contains(note.Text, "Pendaftar reseller baru: Sari Dewi") || !strings.Contains(note.Text, "BCA 1234567890 a.n. Sari Dewi") ||
			!strings.Contains(note.Text, "Kode: SARI") || len(note.Choices) != 2 {
			t.Fatalf("admin notice: %+v", note)
		}
		sari.expect("mau jadi reseller", "masih menunggu persetujuan")
		sari.expect("/link", "masih menunggu persetujuan")
		// A customer cannot press the admin's button.
		sari.expectPress(note.Choices[0].ID, "")
		if l := h.resellers(t); l[0].Status != lapak.ResellerApplicant {
			t.Fatalf("approved by the applicant: %+v", l)
		}
		a.expectPress(note.Choices[0].ID, "Reseller Sari Dewi (kode SARI) sekarang aktif")
		toSari, ok := noteTo(a, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "701"})
		if !ok || !strings.Contains(toSari.Text, "resmi jadi reseller Dapur Bu Sari") ||
			!strings.Contains(toSari.Text, "https://t.me/TokoSariBot?start=ref_SARI") ||
			!strings.Contains(toSari.Text, "https://wa.me/6281200001111?text=Halo+kak%2C+saya+mau+pesan+%28kode+SARI%29") {
			t.Fatalf("reseller told: %+v", toSari)
		}
		a.expectPress(note.Choices[1].ID, "sedang aktif: tidak bisa jadi ditolak")
		sari.expect("daftar reseller", "sudah jadi reseller dengan kode *SARI*")
		sari.expect("link saya", "https://t.me/TokoSariBot?start=ref_SARI")
		sari.expect("link NST-500", "https://t.me/TokoSariBot?start=ref_SARI-p_NST-500", "saya+mau+pesan+Nastar")
		sari.expect("/link NOPE-1", "SKU NOPE-1 tidak ada")

		// A second Sari gets SARI2; the admin rejects her.
		sari2 := h.customer(t, "702")
		signUp(t, sari2, "Sari")
		note, _ = noteTo(sari2, admin)
		a.expectPress(note.Choices[1].ID, "(kode SARI2) sekarang ditolak")
		if n, _ := noteTo(a, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "702"}); !strings.Contains(n.Text, "belum bisa kami setujui") {
			t.Fatalf("rejected told: %+v", n)
		}
		sari2.expect("daftar reseller", "belum disetujui")

		// The desk.
		a.expect("/reseller", "Reseller dan pendaftar (2)", "Sari Dewi · SARI · aktif · Bandung · 0 pesanan", "Sari · SARI2 · ditolak")
		a.expect("/reseller kode SARI SARI KUE", "tidak boleh ada spasi")
		a.expect("/reseller kode SARI SARI🎉", "tanpa emoji")
		a.expect("/reseller kode SARI SA", "minimal 3")
		a.expect("/reseller kode SARI SARI2", "sudah dipakai")
		a.expect("/reseller kode SARI sarikue", "Kode SARI sekarang SARIKUE")
		if n, _ := noteTo(a, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "701"}); !strings.Contains(n.Text, "start=ref_SARIKUE") {
			t.Fatalf("new code told: %+v", n)
		}
		a.expect("/reseller kode SARIKUE SARIKU", "hanya bisa diganti sekali")
		a.expect("/reseller nonaktifkan sarikue", "sekarang nonaktif")
		a.expect("/reseller aktifkan SARIKUE", "sekarang aktif")
		a.expect("/reseller setujui NOPE", "Tidak ada reseller dengan kode NOPE")
		a.expect("/reseller hapus", "/reseller setujui KODE")
		// Not an admin: the shop, not the desk.
		if got := sari2.say("/reseller setujui SARI2"); strings.Contains(got, "sekarang") {
			t.Fatalf("desk for a customer:\n%s", got)
		}
		if l := h.resellers(t); l[0].Code != "SARI2" || l[0].Status != lapak.ResellerRejected {
			t.Fatalf("after a customer's command: %+v", l)
		}
		// Every decision and the code change are in the audit log, naming who.
		var audit []string
		for _, e := range auditLog(t, h) {
			if strings.HasPrefix(e.Command, "reseller") {
				audit = append(audit, e.Actor.String()+" "+e.Command+" "+e.Target+" "+e.Before+">"+e.After)
			}
		}
		want := []string{
			"telegram:701 reseller apply SARI >applicant",
			"telegram:999 reseller approved SARI applicant>approved",
			"telegram:702 reseller apply SARI2 >applicant",
			"telegram:999 reseller rejected SARI2 applicant>rejected",
			"telegram:999 reseller code SARIKUE SARI>SARIKUE",
			"telegram:999 reseller suspended SARIKUE approved>suspended",
			"telegram:999 reseller approved SARIKUE suspended>approved",
		}
		if strings.Join(audit, "\n") != strings.Join(want, "\n") {
			t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(audit, "\n"), strings.Join(want, "\n"))
		}
	})
}

func TestResellerSignupOpenAndAbort(t *testing.T) {
	open := testShop()
	open.Resellers.Signup = lapak.SignupOpen
	resellerTest(t, open, func(t *testing.T, h *harness) {
		c := h.customer(t, "711")
		c.expect("mau jadi reseller dong kak", "nama lengkap")
		c.expect("batal", "dibatalkan")
		got := signUp(t, c, "Budi")
		if !strings.Contains(got, "resmi jadi reseller") || !strings.Contains(got, "start=ref_BUDI") {
			t.Fatalf("open sign-up:\n%s", got)
		}
		if n, _ := noteTo(c, admin); !strings.Contains(n.Text, "langsung aktif") || len(n.Choices) != 0 {
			t.Fatalf("admin told: %+v", n)
		}
		d := h.customer(t, "712")
		d.expect("/reseller", "nama lengkap")
		d.expect("Dewi", "Nomor HP")
		d.expect("12", "belum pas")
	})
}

func TestResellerSignupOff(t *testing.T) {
	off := testShop()
	off.Resellers.Signup = lapak.SignupOff
	resellerTest(t, off, func(t *testing.T, h *harness) {
		h.customer(t, "721").expect("daftar reseller", "sedang ditutup")
	})
}

// approved signs up chat as name and has the admin approve.
func approved(t *testing.T, h *harness, chat, name string) *customer {
	t.Helper()
	c := h.customer(t, chat)
	signUp(t, c, name)
	note, _ := noteTo(c, admin)
	h.customer(t, admin.ChatID).expectPress(note.Choices[0].ID, "sekarang aktif")
	return c
}

func TestAttribution(t *testing.T) {
	resellerTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		sari := approved(t, h, "731", "Sari")
		budi := approved(t, h, "732", "Budi")
		a.expect("/voucher HEMAT10 10%", "dibuat")

		// Through the product link: attributed, the product shown.
		c := h.customer(t, "740")
		c.expect("/start ref_SARI-p_NST-500", "Kode SARI tercatat", "Nastar")
		// A later link of another reseller does not take the first touch.
		if got := c.say("/start ref_BUDI"); strings.Contains(got, "BUDI tercatat") {
			t.Fatalf("second link took over:\n%s", got)
		}
		// A voucher code typed is a voucher, not a referral.
		c.expect("pakai kode HEMAT10", "Kode HEMAT10 dipasang")
		recap := toRecap(t, c, "pesan nastar 1")
		if !strings.Contains(recap, "Diskon HEMAT10") {
			t.Fatalf("recap:\n%s", recap)
		}
		c.expect("ya", "No. pesanan")
		o := c.orders()[0]
		if o.Reseller.Code != "SARI" || o.Reseller.Source != lapak.SourceLink || o.Reseller.At == nil || o.Voucher != "HEMAT10" {
			t.Fatalf("order: %+v", o.Reseller)
		}
		if n, _ := noteTo(c, admin); !strings.Contains(n.Text, "Reseller: Sari (kode SARI, lewat link)") {
			t.Fatalf("admin notice: %+v", n)
		}
		toSari, ok := noteTo(c, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "731"})
		if !ok || !strings.Contains(toSari.Text, "Pesanan "+o.Number) || !strings.Contains(toSari.Text, "Nastar") ||
			strings.Contains(toSari.Text, "0813") || strings.Contains(toSari.Text, "Mawar") {
			t.Fatalf("reseller notice: %+v", toSari)
		}

		// Typed explicitly: overrides.
		c.expect("kode BUDI", "Kode BUDI tercatat")
		// Prefilled text from the wa.me link.
		d := h.customer(t, "741")
		d.expect("Halo kak, saya mau pesan (kode BUDI)", "Kode BUDI tercatat")
		toRecap(t, d, "pesan nastar 1")
		d.expect("ya", "No. pesanan")
		if o := d.orders()[0]; o.Reseller.Code != "BUDI" || o.Reseller.Source != lapak.SourcePrefilledText {
			t.Fatalf("prefilled: %+v", o.Reseller)
		}

		// Typed at checkout.
		e := h.customer(t, "742")
		toRecap(t, e, "pesan nastar 1")
		e.expect("kode sari", "Kode SARI tercatat", "ya")
		e.expect("ya", "No. pesanan")
		if o := e.orders()[0]; o.Reseller.Code != "SARI" || o.Reseller.Source != lapak.SourceCheckout {
			t.Fatalf("at checkout: %+v", o.Reseller)
		}

		// Self-referral, unknown and suspended codes: refused, still served.
		sari.expect("/start ref_SARI", "kode kakak sendiri", "Halo kak")
		sari.expect("kode SARI", "kode kakak sendiri")
		f := h.customer(t, "743")
		f.expect("/start ref_NOPE", "kode NOPE tidak ditemukan", "Halo kak")
		a.expect("/reseller nonaktifkan BUDI", "nonaktif")
		f.expect("kode BUDI", "sudah tidak aktif")
		// Budi's earlier customer (d) orders again: no longer attributed.
		reorder(t, d, "pesan nastar 1")
		d.expect("ya", "No. pesanan")
		if o := d.orders()[0]; o.Reseller.ID != 0 {
			t.Fatalf("suspended still attributed: %+v", o.Reseller)
		}
		_ = budi

		// The attribution lapses LAPAK_REFERRAL_DAYS after the last order.
		h.clock.Advance(31 * 24 * time.Hour)
		reorder(t, e, "pesan nastar 1")
		e.expect("ya", "No. pesanan")
		if o := e.orders()[0]; o.Reseller.ID != 0 {
			t.Fatalf("lapsed still attributed: %+v", o.Reseller)
		}
		a.expect("/reseller", "Sari · SARI · aktif · Bandung · 2 pesanan", "Budi · BUDI · nonaktif · Bandung · 1 pesanan")
	})
}

// reorder checks out add again for a customer who ordered before.
func reorder(t *testing.T, c *customer, add string) {
	t.Helper()
	c.expect(add, "masuk keranjang")
	c.expect("checkout", "Cek lagi pesanannya")
}

func TestResellerNumberedMenusAndBadPayloads(t *testing.T) {
	resellerTest(t, testShop(), func(t *testing.T, h *harness) {
		a := h.customer(t, admin.ChatID)
		c := h.customer(t, "751")
		c.expect("daftar reseller", "nama lengkap")
		c.expect("Rina", "Nomor HP")
		c.expect("081299998888", "Kota")
		c.expect("Depok", "bank")
		c.expect("Mandiri", "Nomor rekening MANDIRI")
		c.expect("1370012345678", "atas nama")
		c.expect("Rina", "Setuju")
		c.expect("hmm", "Pilih Setuju atau Tidak setuju")
		c.expect("1", "Pendaftaran reseller sudah kami terima") // "1" picks Setuju, as on WhatsApp
		// The admin types the notice's number instead of pressing.
		a.expect("1", "Reseller Rina (kode RINA) sekarang aktif")

		d := h.customer(t, "752")
		d.expect("/start ref_"+strings.Repeat("X", 70), "Halo kak")
		d.expect("/start ref_RINA-p_NOPE-1", "Kode RINA tercatat", "Halo kak") // unknown product: the menu
		d.expect("/start ref_rina", "Kode RINA tercatat")
		// Two codes in one message: the first counts.
		d.expect("kode RINA kode NOPE", "Kode RINA tercatat")
		// Disagreeing drops the application.
		e := h.customer(t, "753")
		signUpTo := []string{"Eko", "081277776666", "Solo", "BRI", "0123456789", "Eko"}
		e.expect("daftar reseller", "nama lengkap")
		for _, s := range signUpTo {
			e.say(s)
		}
		e.expectPress("rsl:disagree", "dibatalkan")
		if n := len(h.resellers(t)); n != 1 {
			t.Fatalf("%d resellers after a disagreement", n)
		}
		e.expect("link saya", "belum terdaftar sebagai reseller")
	})
}

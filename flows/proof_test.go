package flows_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// proofs reads an order's stored proofs.
func (h *harness) proofs(t *testing.T, orderID int64) []lapak.Proof {
	t.Helper()
	h.n++
	var out []lapak.Proof
	err := h.s.HandleInbound(context.Background(), lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: "proof-reader", MessageID: fmt.Sprint(h.n)},
		func(ctx context.Context, tx lapak.ShopTx, _ *lapak.Conversation) error {
			var err error
			out, err = tx.Proofs(ctx, orderID)
			return err
		})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// photo sends a picture with an optional caption.
func (c *customer) photo(ref, caption string) string {
	c.t.Helper()
	return joined(c.send(lapak.Inbound{Text: caption, Image: &lapak.Attachment{Ref: ref, MIME: "image/jpeg"}}))
}

var (
	waAdmin      = lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "6281299990000"}
	consoleAdmin = lapak.Identity{Channel: lapak.ChannelConsole, ChatID: "admin"}
)

// A transfer proof attaches to the open order, and every admin, on any
// channel, gets one message: the customer's picture, the recap to check it
// against, and Paid/Reject.
func TestProofPhotoReachesEveryAdminAsAPictureWithTheRecap(t *testing.T) {
	shop := testShop()
	shop.Admins = []lapak.Identity{admin, waAdmin, consoleAdmin}
	shopTest(t, shop, func(t *testing.T, h *harness) {
		h.clock.Set(start) // shared by both databases' runs
		c := h.customer(t, "730")
		o := buy(t, c, "pesan nastar 2", "Siti Aminah", "081234567890", "Kirim ke Jabodetabek", "Jl. Kenanga No. 12, Beji, Depok", "transfer")
		if o.UniqueCode == 0 {
			t.Fatal("a transfer order without a unique code")
		}
		got := c.photo("AgACAgUAAxkBAAIC-1", "")
		contains(t, got, "teruskan ke admin", o.Number)

		if len(c.notes) != 3 {
			t.Fatalf("notes %+v, want one per admin", c.notes)
		}
		for i, to := range shop.Admins {
			n := c.notes[i]
			if n.To != to || n.Class != lapak.PaceNotify {
				t.Fatalf("note %d to %v (%s), want %v", i, n.To, n.Class, to)
			}
			m := n.Msg
			if m.Image != "media:telegram:AgACAgUAAxkBAAIC-1" {
				t.Errorf("to %v: image %q, want the customer's photo", to, m.Image)
			}
			contains(t, m.Text, "Foto bukti transfer pesanan "+o.Number+" dari Siti Aminah (telegram:730, +6281234567890)",
				"• Nastar Nanas × 2 = Rp190.000",
				"Ongkir (Jabodetabek): Rp15.000",
				"Kode unik: "+o.UniqueCode.String(),
				"Total: "+o.Total.String()+" (Transfer bank)",
				"harus masuk persis "+o.Total.String()+" lewat Transfer bank",
				"/lunas "+o.Number)
			if len(m.Choices) != 2 || m.Choices[0].ID != "desk:paid:"+o.Number || m.Choices[1].ID != "desk:reject:"+o.Number {
				t.Errorf("to %v: choices %+v", to, m.Choices)
			}
			if !strings.Contains(m.NoImage, "foto tidak bisa diambil: %s") {
				t.Errorf("to %v: no fallback for a picture that cannot be fetched: %q", to, m.NoImage)
			}
		}

		ps := h.proofs(t, o.ID)
		if len(ps) != 1 || ps[0].Channel != lapak.ChannelTelegram || ps[0].Ref != "AgACAgUAAxkBAAIC-1" ||
			ps[0].MIME != "image/jpeg" || !ps[0].ReceivedAt.Equal(start) {
			t.Fatalf("stored proofs %+v", ps)
		}

		// A second, better picture: stored too, and the desk shows both
		// with the latest picture.
		h.clock.Advance(90 * time.Minute)
		c.photo("AgACAgUAAxkBAAIC-2", "")
		if ps := h.proofs(t, o.ID); len(ps) != 2 || ps[1].Ref != "AgACAgUAAxkBAAIC-2" {
			t.Fatalf("stored proofs %+v", ps)
		}
		a := h.customer(t, admin.ChatID)
		detail := a.send(lapak.Inbound{Text: "/pesanan " + o.Number})
		if len(detail) != 1 {
			t.Fatalf("detail %+v", detail)
		}
		contains(t, detail[0].Text, "Bukti bayar (2), foto terakhir terlampir:", "• 26 Nov 2025 16:00 WIB lewat telegram", "• 26 Nov 2025 17:30 WIB lewat telegram")
		if detail[0].Image != "media:telegram:AgACAgUAAxkBAAIC-2" || detail[0].NoImage == "" {
			t.Fatalf("detail picture %q (fallback %q)", detail[0].Image, detail[0].NoImage)
		}

		// Once paid, a photo is no proof any more.
		a.press("desk:paid:" + o.Number)
		got = c.photo("AgACAgUAAxkBAAIC-3", "")
		contains(t, got, "belum bisa baca gambar")
		if len(c.notes) != 0 || len(h.proofs(t, o.ID)) != 2 {
			t.Fatalf("a photo after payment was taken as proof: %+v", c.notes)
		}
	})
}

// Without an open transfer or QRIS order nothing is stored and the
// customer gets a polite answer.
func TestProofPhotoWithoutAnOpenOrder(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "731")
		contains(t, c.photo("f-1", ""), "belum bisa baca gambar")
		// A caption saying it is a proof gets told why it was not taken.
		contains(t, c.photo("f-2", "ini bukti tf ya kak"), "belum menemukan pesanan kakak yang menunggu pembayaran")
		// A COD order waits for no proof.
		buy(t, c, "pesan keripik pedas 1", "Rina", "081234567890", "Kirim ke Jabodetabek", "Jl. Anggrek No. 3, Depok", "cod")
		contains(t, c.photo("f-3", ""), "belum bisa baca gambar")
		if len(c.notes) != 0 {
			t.Fatalf("admins told about a photo with no order: %+v", c.notes)
		}
		for _, o := range c.orders() {
			if ps := h.proofs(t, o.ID); len(ps) != 0 {
				t.Fatalf("proofs stored for %s: %+v", o.Number, ps)
			}
		}
	})
}

// A photo with a caption: a proof when the caption says so ("ini bukti
// tf") or names the order; any other caption is read as text, as before.
func TestProofCaptions(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "732")
		first := buy(t, c, "pesan keripik pedas 1", "Rina", "081234567890", "ambil sendiri", "transfer")
		second := buy(t, c, "pesan nastar 1", "ambil sendiri", "transfer")

		for _, caption := range []string{"ini bukti tf", "Sudah transfer ya kak 🙏", "bukti pembayaran", "payment receipt"} {
			got := c.photo("cap-"+caption, caption)
			if !strings.Contains(got, "teruskan ke admin") || !strings.Contains(got, second.Number) || len(c.notes) != 1 {
				t.Fatalf("caption %q: %s\nnotes %+v", caption, got, c.notes)
			}
		}
		// Naming an order picks that one, not the newest.
		got := c.photo("cap-first", "bukti "+strings.ToLower(first.Number))
		contains(t, got, "teruskan ke admin", first.Number)
		if len(h.proofs(t, first.ID)) != 1 || len(h.proofs(t, second.ID)) != 4 {
			t.Fatalf("proofs: first %d, second %d", len(h.proofs(t, first.ID)), len(h.proofs(t, second.ID)))
		}
		// Other captions go to the text flow; the photo is not a proof.
		contains(t, c.photo("cap-other", "katalog"), "kategori")
		contains(t, c.photo("cap-other2", "ada yang pedas kak?"), "Keripik")
		if len(c.notes) != 0 || len(h.proofs(t, second.ID)) != 4 {
			t.Fatalf("a non-proof caption made a proof: %+v", c.notes)
		}
	})
}

// The customer hears back in their language, the admins read the shop's.
func TestProofAcrossLanguages(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "733")
		o := buy(t, c, "pesan nastar 1", "Siti Aminah", "081234567890", "ambil sendiri", "transfer")
		c.say("english")
		contains(t, c.photo("en-1", "here is the transfer proof"), "we've passed the photo to the admin", o.Number)
		text, _ := noticeChoices(t, c)
		contains(t, text, "Foto bukti transfer pesanan "+o.Number, "harus masuk persis")
	})
}

func TestProofInAnEnglishShop(t *testing.T) {
	shop := testShop()
	shop.Language = lapak.English
	shopTest(t, shop, func(t *testing.T, h *harness) {
		c := h.customer(t, "734")
		c.say("bahasa indonesia")
		o := buy(t, c, "pesan nastar 1", "Siti Aminah", "081234567890", "ambil sendiri", "transfer")
		contains(t, c.photo("id-1", ""), "fotonya sudah kami teruskan ke admin", o.Number)
		if len(c.notes) != 1 {
			t.Fatalf("notes %+v", c.notes)
		}
		contains(t, c.notes[0].Msg.Text, "Transfer proof photo for order "+o.Number, "exactly "+o.Total.String()+" must have come in by Bank transfer")
		contains(t, c.notes[0].Msg.NoImage, "the photo could not be fetched: %s")
	})
}

package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows"
)

func gatewayShop() lapak.Shop {
	s := testShop()
	s.Gateway = "Midtrans"
	return s
}

const payURL = "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-1"

// checkoutToPayment fills the cart and checks out to the payment question,
// with courier delivery to Jabodetabek (Rp15.000).
func checkoutToPayment(c *customer) lapak.Outbound {
	c.t.Helper()
	c.expect("pesan keripik pedas 3", "masuk keranjang")
	c.expect("checkout", "nama penerima")
	c.expect("Siti Aminah", "Nomor HP")
	c.expect("0812-3456-7890", "Ambil sendiri")
	c.expect("2", "alamat lengkap")
	return c.last("Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok")
}

func labels(out lapak.Outbound) string {
	var ls []string
	for _, ch := range out.Choices {
		ls = append(ls, ch.Label)
	}
	return strings.Join(ls, " | ")
}

func TestPurchasePaidOnline(t *testing.T) {
	shopTest(t, gatewayShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "510")
		ask := checkoutToPayment(c)
		if got := labels(ask); got != "Transfer bank | Bayar online (e-wallet, VA, kartu) via Midtrans | COD (bayar di tempat) | Batal" {
			t.Fatalf("payment choices: %s", got)
		}
		recap := c.expect("bayar online", "Total: Rp54.000", "Bayar: Bayar online (e-wallet, VA, kartu) via Midtrans", "link pembayaran online")
		if strings.Contains(recap, "kode unik") {
			t.Fatalf("online recap mentions a unique code:\n%s", recap)
		}
		placed := c.send(lapak.Inbound{Text: "ya"})
		last := placed[len(placed)-1]
		o := c.orders()[0]
		// No unique code: the gateway knows the exact amount. It expires like a transfer.
		if o.PaymentMethod != lapak.PayGateway || o.UniqueCode != 0 || o.Total != 54000 || o.ExpiresAt == nil ||
			!o.ExpiresAt.Equal(start.Add(24*time.Hour)) || o.PaymentURL != "" {
			t.Fatalf("order: %+v", o)
		}
		for _, want := range []string{o.Number, "Total bayar: Rp54.000", "Link pembayarannya lagi kami siapkan"} {
			if !strings.Contains(last.Text, want) {
				t.Fatalf("placed reply lacks %q:\n%s", want, last.Text)
			}
		}
		if strings.Contains(last.Text, "BCA") || strings.Contains(last.Text, "bukti") {
			t.Fatalf("placed reply asks for a transfer or a proof:\n%s", last.Text)
		}
		// The seller learns the order is paid online; there is no proof to judge.
		if len(c.notes) != 1 || !strings.Contains(c.notes[0].Msg.Text, "Rp54.000 (Online (Midtrans))") || len(c.notes[0].Msg.Choices) != 0 {
			t.Fatalf("admin notes: %+v", c.notes)
		}

		// The link job stores the link with the engine's message.
		jobs, err := h.s.ClaimPaymentLinks(context.Background(), 10, time.Minute)
		if err != nil || len(jobs) != 1 || jobs[0].Order.Number != o.Number {
			t.Fatalf("claim %+v %v", jobs, err)
		}
		if ok, err := h.s.SavePaymentLink(context.Background(), o.ID, payURL, h.e.PaymentLinkNotice); !ok || err != nil {
			t.Fatalf("save %v %v", ok, err)
		}
		o = c.orders()[0]
		notice := h.e.PaymentLinkNotice(o, c.record())
		if len(notice) != 1 || notice[0].To != (lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "510"}) || notice[0].Class != lapak.PaceReply {
			t.Fatalf("link notice %+v", notice)
		}
		for _, want := range []string{"Link pembayaran pesanan " + o.Number + " sudah siap", "Total bayar: Rp54.000", payURL,
			"e-wallet, virtual account bank, atau kartu", "Bayar sebelum 27 Nov 2025 16:00 WIB", "otomatis tercatat lunas"} {
			if !strings.Contains(notice[0].Msg.Text, want) {
				t.Fatalf("link notice lacks %q:\n%s", want, notice[0].Msg.Text)
			}
		}
		if len(notice[0].Msg.Choices) != 0 {
			t.Errorf("link notice choices %+v: a reply's list is not recorded, so a typed number would pick another", notice[0].Msg.Choices)
		}

		// The order detail and the reminder show the link instead of bank details.
		detail := c.expectPress("order:"+o.Number, payURL, "menunggu pembayaran")
		if strings.Contains(detail, "BCA") {
			t.Errorf("detail shows bank details:\n%s", detail)
		}
		if r := h.e.ReminderNotice(o, c.record()); !strings.Contains(r[0].Msg.Text, payURL) || !strings.Contains(r[0].Msg.Text, "Pengingat") {
			t.Errorf("reminder:\n%s", r[0].Msg.Text)
		}
	})
}

// Typed words pick online payment, and the COD limits work beside it.
func TestOnlinePaymentTypedAndCODLimits(t *testing.T) {
	shopTest(t, gatewayShop(), func(t *testing.T, h *harness) {
		h.e = flows.New(flows.Options{Shop: gatewayShop(), CODMaxTotal: 50000})
		c := h.customer(t, "511")
		ask := checkoutToPayment(c)
		if got := labels(ask); got != "Transfer bank | Bayar online (e-wallet, VA, kartu) via Midtrans | Batal" {
			t.Fatalf("payment choices over the COD limit: %s", got)
		}
		if !strings.Contains(ask.Text, "COD tidak tersedia") {
			t.Errorf("no COD limit note:\n%s", ask.Text)
		}
		c.expect("midtrans", "Bayar: Bayar online")
	})
}

func TestOnlinePaymentInEnglish(t *testing.T) {
	shop := gatewayShop()
	shop.Language = lapak.English
	shopTest(t, shop, func(t *testing.T, h *harness) {
		c := h.customer(t, "512")
		c.expect("pesan nastar 2", "cart")
		c.say("checkout")
		c.say("Budi Santoso")
		c.say("081311112222")
		c.say("pick up")
		c.expect("online", "Payment: Pay online (e-wallet, VA, card) via Midtrans", "online payment link")
		out := c.send(lapak.Inbound{Text: "yes"})
		if last := out[len(out)-1].Text; !strings.Contains(last, "preparing the payment link") {
			t.Fatalf("placed:\n%s", last)
		}
		o := c.orders()[0]
		o.PaymentURL = payURL
		n := h.e.PaymentLinkNotice(o, c.record())
		for _, want := range []string{"The payment link for order " + o.Number + " is ready", payURL, "marked paid automatically"} {
			if !strings.Contains(n[0].Msg.Text, want) {
				t.Fatalf("link notice lacks %q:\n%s", want, n[0].Msg.Text)
			}
		}
	})
}

func TestGatewayNotices(t *testing.T) {
	shopTest(t, gatewayShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "513")
		checkoutToPayment(c)
		c.say("online")
		c.say("ya")
		o := c.orders()[0]
		cust := c.record()
		// The payment's own notices are the shop's (shop.ConfirmGatewayPayment).

		// No link yet after retries: the customer may cancel or ask; the admins see why.
		o.Status = lapak.StatusPendingPayment
		var slow []lapak.Envelope
		if err := h.s.InTx(context.Background(), func(ctx context.Context, tx lapak.OpsTx) error {
			var err error
			slow, err = h.e.PaymentLinkLateNotice(ctx, tx, o, cust, "midtrans: snap answered HTTP 503")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(slow) != 2 || !strings.Contains(slow[0].Msg.Text, "belum bisa dibuat") || slow[0].Msg.Choices[0].ID != "cancel:"+o.Number {
			t.Fatalf("late link notices %+v", slow)
		}
		if !strings.Contains(slow[1].Msg.Text, "HTTP 503") || !strings.Contains(slow[1].Msg.Text, "/lunas "+o.Number) {
			t.Errorf("admin late link notice: %s", slow[1].Msg.Text)
		}
	})
}

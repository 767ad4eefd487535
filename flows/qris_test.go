package flows_test

import (
	"os"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

// staticQRIS is the static QRIS the tests share: the last line of
// testdata/qris-static-id.txt.
func staticQRIS(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/qris-static-id.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

func qrisShop(t testing.TB) lapak.Shop {
	s := testShop()
	s.QRIS = staticQRIS(t)
	return s
}

// qrisAmount checks an image reference is a valid dynamic QRIS and returns its amount.
func qrisAmount(t *testing.T, image string) string {
	t.Helper()
	payload, ok := strings.CutPrefix(image, "qris:")
	if !ok {
		t.Fatalf("image %q is not a QRIS", image)
	}
	q, err := lapak.ParseQRIS(payload)
	if err != nil {
		t.Fatalf("the QR payload does not parse: %v", err)
	}
	if v, _ := q.Value("01"); v != "12" {
		t.Errorf("point of initiation %q, want 12 (dynamic)", v)
	}
	if q.MerchantName() != "Dapur Bu Sari" {
		t.Errorf("merchant %q", q.MerchantName())
	}
	amount, _ := q.Value("54")
	return amount
}

func TestPurchasePaidByQRIS(t *testing.T) {
	shopTest(t, qrisShop(t), func(t *testing.T, h *harness) {
		c := h.customer(t, "500")
		c.expect("pesan keripik pedas 3", "masuk keranjang")
		c.expect("checkout", "nama penerima")
		c.expect("Siti Aminah", "Nomor HP")
		c.expect("0812-3456-7890", "Ambil sendiri")
		c.expect("2", "alamat lengkap")
		ask := c.last("Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok")
		var labels []string
		for _, ch := range ask.Choices {
			labels = append(labels, ch.Label)
		}
		if got := strings.Join(labels, " | "); got != "Transfer bank | QRIS (scan pakai e-wallet/m-banking) | COD (bayar di tempat) | Batal" {
			t.Fatalf("payment choices: %s", got)
		}
		recap := c.expect("qris", "Total: Rp54.000", "Bayar: QRIS (scan pakai e-wallet/m-banking)", "QRIS dengan nominal pas")
		if strings.Contains(recap, "kode unik") {
			t.Fatalf("QRIS recap mentions a unique code:\n%s", recap)
		}
		placed := c.send(lapak.Inbound{Text: "ya"})
		last := placed[len(placed)-1]
		o := c.orders()[0]
		// No unique code: the QR carries the exact amount.
		if o.PaymentMethod != lapak.PayQRIS || o.UniqueCode != 0 || o.Total != 54000 || o.ExpiresAt == nil {
			t.Fatalf("order: %+v", o)
		}
		for _, want := range []string{o.Number, "Total bayar: Rp54.000", "GoPay, OVO, DANA, ShopeePay", "sudah terisi otomatis",
			"Bayar sebelum 27 Nov 2025 16:00 WIB", "screenshot bukti pembayarannya"} {
			if !strings.Contains(last.Text, want) {
				t.Fatalf("placed reply lacks %q:\n%s", want, last.Text)
			}
		}
		if got := qrisAmount(t, last.Image); got != "54000" {
			t.Fatalf("QR amount %q, want 54000", got)
		}
		if len(c.notes) != 1 || !strings.Contains(c.notes[0].Msg.Text, "Rp54.000 (QRIS)\n") {
			t.Fatalf("admin notes: %+v", c.notes)
		}

		// The order detail shows the same QR again.
		detail := c.send(lapak.Inbound{ChoiceID: "order:" + o.Number})[0]
		if got := qrisAmount(t, detail.Image); got != "54000" || !strings.Contains(detail.Text, "GoPay") {
			t.Fatalf("detail: QR amount %q\n%s", got, detail.Text)
		}

		// The payment screenshot goes to the admins.
		got := joined(c.send(lapak.Inbound{Image: &lapak.Attachment{Ref: "shot", MIME: "image/jpeg"}}))
		if !strings.Contains(got, o.Number) || len(c.notes) != 1 || !strings.Contains(c.notes[0].Msg.Text, o.Number) {
			t.Fatalf("screenshot: %s\nnotes %+v", got, c.notes)
		}
	})
}

func TestQRISInEnglish(t *testing.T) {
	shop := qrisShop(t)
	shop.Language = lapak.English
	shop.BankAccounts = nil
	shop.COD = false
	shopTest(t, shop, func(t *testing.T, h *harness) {
		c := h.customer(t, "501")
		c.expect("pesan nastar 2", "cart")
		c.say("checkout")
		c.say("Budi Santoso")
		c.say("081311112222")
		// QRIS is the only method: it is chosen without asking.
		c.expect("pick up", "Payment: QRIS (scan with an e-wallet/banking app)", "exact amount")
		out := c.send(lapak.Inbound{Text: "yes"})
		last := out[len(out)-1]
		o := c.orders()[0]
		for _, want := range []string{"Amount to pay: " + o.Total.String(), "any e-wallet or mobile banking app", "screenshot"} {
			if !strings.Contains(last.Text, want) {
				t.Fatalf("placed reply lacks %q:\n%s", want, last.Text)
			}
		}
		if got := qrisAmount(t, last.Image); got != o.Total.Digits() {
			t.Fatalf("QR amount %q, want %s", got, o.Total.Digits())
		}
	})
}

func TestQRISNotOfferedWithoutIt(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "502")
		c.expect("pesan kacang bawang 1", "masuk keranjang")
		c.say("checkout")
		c.say("Budi Santoso")
		c.say("081311112222")
		c.say("2")
		ask := c.last("Jl. Mawar No. 1, Margonda, Depok")
		if len(ask.Choices) != 3 || ask.Choices[0].ID != "pay:transfer" || ask.Choices[1].ID != "pay:cod" {
			t.Fatalf("payment choices: %+v", ask.Choices)
		}
	})
}

// A QRIS that cannot be made sends the customer to the admin instead of a
// broken picture.
func TestQRISThatCannotBeMade(t *testing.T) {
	broken := testShop()
	broken.QRIS = "000201"
	shopTest(t, broken, func(t *testing.T, h *harness) {
		c := h.customer(t, "503")
		c.expect("pesan kacang bawang 1", "masuk keranjang")
		c.say("checkout")
		c.say("Budi Santoso")
		c.say("081311112222")
		c.say("ambil sendiri")
		c.expect("qris", "Bayar: QRIS")
		out := c.send(lapak.Inbound{Text: "ya"})
		last := out[len(out)-1]
		if last.Image != "" || !strings.Contains(last.Text, "Chat admin") {
			t.Fatalf("broken QRIS: image %q\n%s", last.Image, last.Text)
		}
	})
}

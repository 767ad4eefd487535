package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/lapak-id/lapak"
)

// staticQRIS is a seller's static QRIS payload with a correct CRC.
func staticQRIS() string {
	body := ""
	for _, f := range [][2]string{{"00", "01"}, {"01", "11"}, {"26", "0014ID.CO.QRIS.WWW0118936009150000001234"},
		{"52", "5411"}, {"53", "360"}, {"58", "ID"}, {"59", "Toko Lapak Demo"}, {"60", "JAKARTA"}} {
		body += fmt.Sprintf("%s%02d%s", f[0], len(f[1]), f[1])
	}
	body += "6304"
	return body + fmt.Sprintf("%04X", lapak.CRC16CCITT([]byte(body)))
}

var picturePath = regexp.MustCompile(`🖼  gambar: (\S+\.png)`)

// A customer in the console pays by QRIS: the reply prints the exact total
// and the path of a PNG whose QR code carries that amount.
func TestChatPayByQRIS(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_QRIS_STATIC"] = staticQRIS()
	r := s.ok(strings.Replace(purchase, "transfer\n", "qris\n", 1), "chat", "--user", "siti")
	_, placed, ok := strings.Cut(r.stdout, "No. pesanan:")
	if !ok {
		t.Fatalf("no order placed:\n%s", r.stdout)
	}
	for _, want := range []string{"Bayar: QRIS (scan pakai e-wallet/m-banking)", "Total bayar: Rp49.000", "GoPay, OVO, DANA, ShopeePay"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("chat output lacks %q:\n%s", want, r.stdout)
		}
	}
	m := picturePath.FindStringSubmatch(placed)
	if m == nil {
		t.Fatalf("no picture path after the order:\n%s", placed)
	}
	data, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatalf("the printed picture does not exist: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", m[1], err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code in %s: %v", m[1], err)
	}
	q, err := lapak.ParseQRIS(res.GetText())
	if err != nil {
		t.Fatalf("the QR code is not a valid QRIS: %v", err)
	}
	if amount, _ := q.Value("54"); amount != "49000" {
		t.Errorf("QR amount %q, want 49000", amount)
	}
}

func TestBadQRISRefusedAtStart(t *testing.T) {
	s := newShop(t)
	q := staticQRIS()
	s.env["LAPAK_QRIS_STATIC"] = q[:len(q)-1] + "X"
	r := s.run("", "migrate")
	want := `lapak: config: LAPAK_QRIS_STATIC: not a valid QRIS: tag 63 (CRC) at character ` + fmt.Sprint(len(q)-7) +
		`: "ABCX" is not 4 hex digits (paste the whole text inside your static QRIS, as a QR scanner app shows it)` + "\n"
	want = strings.Replace(want, "ABCX", q[len(q)-4:len(q)-1]+"X", 1)
	if r.code != 1 || r.stderr != want {
		t.Errorf("exit %d\nstderr:\n%s\nwant:\n%s", r.code, r.stderr, want)
	}
}

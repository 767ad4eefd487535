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

// staticQRIS is the static QRIS the tests share: the last line of
// testdata/qris-static-id.txt.
func staticQRIS(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/qris-static-id.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

var picturePath = regexp.MustCompile(`🖼  gambar: (\S+\.png)`)

// A customer in the console pays by QRIS: the reply prints the exact total
// and the path of a PNG whose QR code carries that amount.
func TestChatPayByQRIS(t *testing.T) {
	static := staticQRIS(t) // before newShop changes the working directory
	s := newShop(t)
	s.env["LAPAK_QRIS_STATIC"] = static
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
	q := staticQRIS(t) // before newShop changes the working directory
	s := newShop(t)
	s.env["LAPAK_QRIS_STATIC"] = q[:len(q)-1] + "X"
	r := s.run("", "migrate")
	want := `lapak: config: LAPAK_QRIS_STATIC: not a valid QRIS: tag 63 (CRC) at character ` + fmt.Sprint(len(q)-7) +
		`: "ABCX" is not 4 hex digits (paste the whole text inside your static QRIS, as a QR scanner app shows it)` + "\n"
	want = strings.Replace(want, "ABCX", q[len(q)-4:len(q)-1]+"X", 1)
	if r.code != 1 || r.stderr != want {
		t.Errorf("exit %d\nstderr:\n%s\nwant:\n%s", r.code, r.stderr, want)
	}
}

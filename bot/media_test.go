package bot_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
)

// dynamicQRIS makes the payload of a QRIS with an amount, as the flows do.
func dynamicQRIS(t *testing.T, static string, amount lapak.Money) string {
	t.Helper()
	q, err := lapak.ParseQRIS(static)
	if err != nil {
		t.Fatal(err)
	}
	d, err := q.Dynamic(amount)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

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

// A "qris:" image is a PNG QR code that a scanner reads back as exactly the
// payload, UTF-8 text included.
func TestQRISImageDecodesToPayload(t *testing.T) {
	sample, err := os.ReadFile("../testdata/qris-emvco-sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(sample)), "\n")
	for _, payload := range []string{
		dynamicQRIS(t, staticQRIS(t), 54000),
		dynamicQRIS(t, strings.TrimSpace(lines[len(lines)-1]), 152347),
	} {
		data, url, err := bot.LoadImage(lapak.QRISImagePrefix + payload)
		if err != nil || url != "" {
			t.Fatalf("LoadImage: url %q, err %v", url, err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("not a PNG: %v", err)
		}
		if b := img.Bounds(); b.Dx() != b.Dy() || b.Dx() < 256 {
			t.Fatalf("picture is %dx%d, want a square of at least 256", b.Dx(), b.Dy())
		}
		if got := decodeQR(t, img); got != payload {
			t.Fatalf("the QR reads\n%s\nwant\n%s", got, payload)
		}
	}
}

func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{
		gozxing.DecodeHintType_CHARACTER_SET: "UTF-8",
	})
	if err != nil {
		t.Fatalf("no QR code found: %v", err)
	}
	return res.GetText()
}

func TestQRISImageEmptyPayload(t *testing.T) {
	if _, _, err := bot.LoadImage(lapak.QRISImagePrefix); err == nil {
		t.Fatal("an empty QR payload made a picture")
	}
}

package whatsapp_test

import (
	"strings"
	"testing"

	"github.com/skip2/go-qrcode"

	"github.com/lapak-id/lapak/bot/whatsapp"
)

// The terminal QR code shows every module of the real code: the upper half
// block takes the top row's colour as foreground, the lower row's as background.
func TestTerminalQRCodeKeepsEveryModule(t *testing.T) {
	q, err := qrcode.New("2@AbCdEf123,XyZ456=,PqR789=,1", qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	bits := q.Bitmap()
	lines := strings.Split(strings.TrimSuffix(whatsapp.RenderQR(bits), "\n"), "\n")
	if len(lines) != (len(bits)+1)/2 {
		t.Fatalf("%d lines for %d rows", len(lines), len(bits))
	}
	for i, line := range lines {
		cells := strings.Split(strings.TrimSuffix(line, "\x1b[0m"), "▀")
		cells = cells[:len(cells)-1]
		if len(cells) != len(bits[0]) {
			t.Fatalf("line %d has %d cells, want %d", i, len(cells), len(bits[0]))
		}
		for x, c := range cells {
			top, bottom := bits[2*i][x], 2*i+1 < len(bits) && bits[2*i+1][x]
			want := "\x1b[" + map[bool]string{true: "30", false: "97"}[top] + ";" + map[bool]string{true: "40", false: "107"}[bottom] + "m"
			if c != want {
				t.Fatalf("cell %d,%d = %q, want %q", x, i, c, want)
			}
		}
	}
}

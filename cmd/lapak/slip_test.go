package main

import (
	"bytes"
	"image/png"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/lapak-id/lapak/catalog"
)

// An admin prints a packing slip from the chat: /slip NUM answers with a
// picture, a 10×15 cm label drawn from the order as it is.
func TestSlipFromChat(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_ADMINS"] = "console:admin"
	r := s.ok(purchase, "chat", "--user", "budi")
	m := orderNumber.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no order:\n%s", r.stdout)
	}
	r = s.ok("/kirim "+m[1]+" JNE JX1234567890\n/slip "+m[1]+"\n", "chat", "--user", "admin")
	if !strings.Contains(r.stdout, "Label paket pesanan "+m[1]) {
		t.Fatalf("no slip:\n%s", r.stdout)
	}
	file := regexp.MustCompile(`(\S+\.png)`).FindStringSubmatch(r.stdout[strings.Index(r.stdout, "Label paket"):])
	if file == nil {
		t.Fatalf("no picture with the slip:\n%s", r.stdout)
	}
	data, err := os.ReadFile(file[1])
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != catalog.SlipWidth || b.Dy() != catalog.SlipHeight {
		t.Fatalf("slip is %v", b)
	}
}

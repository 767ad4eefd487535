package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lapak-id/lapak/catalog"
)

var anyPicture = regexp.MustCompile(`🖼  gambar: (\S+)`)

// An admin adds a product in `lapak chat` and gives it a photo; the photo
// is kept by Lapak (the picture file the admin sent is gone by then), and
// a customer sees the product with it and buys it. Both photo stores.
func TestChatCatalogFromThePhone(t *testing.T) {
	for _, store := range []string{"db", "dir"} {
		t.Run(store, func(t *testing.T) {
			s := newShop(t)
			s.env["LAPAK_ADMINS"] = "console:admin"
			s.env["LAPAK_MEDIA_STORE"] = store
			png, err := catalog.DemoPNG("kue-nastar")
			if err != nil {
				t.Fatal(err)
			}
			photo := filepath.Join(s.dir, "nastar.png")
			if err := os.WriteFile(photo, png, 0o644); err != nil {
				t.Fatal(err)
			}
			r := s.ok("/tambah Nastar Keju | Kue Kering | 450 g=85rb stok 20 | Renyah, keju edam\n"+
				"ya\n"+
				"/gambar NASTAR-KEJU-450G\n"+
				"/foto nastar.png\n", "chat", "--user", "admin")
			for _, want := range []string{"Kategori: Kue Kering (kategori baru)", "• 450 g – Rp85.000, stok 20 (SKU otomatis)",
				"SKU NASTAR-KEJU-450G: Nastar Keju (450 g) – Rp85.000, stok 20",
				"kirim fotonya untuk Nastar Keju (SKU NASTAR-KEJU-450G)", "Foto Nastar Keju (SKU NASTAR-KEJU-450G) dipasang"} {
				if !strings.Contains(r.stdout, want) {
					t.Fatalf("admin's chat lacks %q:\n%s", want, r.stdout)
				}
			}
			if err := os.Remove(photo); err != nil {
				t.Fatal(err)
			}
			r = s.ok("nastar keju 450 g\n", "chat", "--user", "budi")
			if !strings.Contains(r.stdout, "Nastar Keju") {
				t.Fatalf("the customer does not find it:\n%s", r.stdout)
			}
			m := anyPicture.FindStringSubmatch(r.stdout)
			if m == nil {
				t.Fatalf("no picture for the customer:\n%s", r.stdout)
			}
			if data, err := os.ReadFile(m[1]); err != nil || !bytes.Equal(data, png) {
				t.Fatalf("the customer's picture %s is not the photo (%v)", m[1], err)
			}
			stored, _ := filepath.Glob(filepath.Join(s.dir, "media", "stored", "*.png"))
			if store == "dir" && len(stored) != 1 || store == "db" && len(stored) != 0 {
				t.Fatalf("%s store: files %v", store, stored)
			}
			r = s.ok("nastar keju 450 g 2\ncheckout\nBudi\n081234567890\n1\ntransfer\nya\n", "chat", "--user", "budi")
			if !strings.Contains(r.stdout, "No. pesanan") || !strings.Contains(r.stdout, "Nastar Keju (450 g) × 2") {
				t.Fatalf("the purchase:\n%s", r.stdout)
			}
		})
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lapak-id/lapak/catalog"
)

// A console customer pays by transfer and sends the proof with /foto: the
// console admin gets the notice with the picture (a path printed), and
// /pesanan shows the proof on the order.
func TestChatTransferProofWithFoto(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_ADMINS"] = "console:admin"
	png, err := catalog.DemoPNG("keripik-singkong")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "bukti.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	number := s.buy("budi")

	r := s.ok("/foto tidak-ada.png\n/foto bukti.png\n", "chat", "--user", "budi")
	if !strings.Contains(r.stdout, `📷 Foto "tidak-ada.png" tidak bisa dikirim: tidak ada / not found. Tidak ada yang dikirim.`) {
		t.Errorf("no clear line for a missing file:\n%s", r.stdout)
	}
	if strings.Count(r.stdout, "teruskan ke admin") != 1 || !strings.Contains(r.stdout, "buat dicek pembayaran pesanan "+number) {
		t.Fatalf("the customer was not told once:\n%s", r.stdout)
	}
	_, notice, ok := strings.Cut(r.stdout, "──── pesan untuk admin / message to that account ────\n")
	if !ok {
		t.Fatalf("no notice for the admin:\n%s", r.stdout)
	}
	for _, want := range []string{
		"🧾 Foto bukti transfer pesanan " + number + " dari Siti Aminah (console:budi, +6281234567890):",
		"Keripik Singkong (Pedas) × 3 = Rp39.000",
		"Total: Rp49.",
		"harus masuk persis Rp49.",
		"1. ✅ Lunas / Paid\n2. ❌ Tolak / Reject\n🖼  gambar: ",
	} {
		if !strings.Contains(notice, want) {
			t.Errorf("admin notice lacks %q:\n%s", want, notice)
		}
	}
	m := picturePath.FindStringSubmatch(notice)
	if m == nil {
		t.Fatalf("no picture path in the notice:\n%s", notice)
	}
	if data, err := os.ReadFile(m[1]); err != nil || !bytes.Equal(data, png) {
		t.Fatalf("the printed picture %s is not the proof (%v)", m[1], err)
	}

	// The order desk shows the proof and its picture.
	r = s.ok("/pesanan "+number+"\n", "chat", "--user", "admin")
	if !strings.Contains(r.stdout, "Bukti bayar (1), foto terakhir terlampir:\n• ") || !strings.Contains(r.stdout, " lewat console\n🖼  gambar: "+m[1]) {
		t.Errorf("/pesanan does not show the proof:\n%s", r.stdout)
	}
}

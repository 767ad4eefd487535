package main

import (
	"strings"
	"testing"
)

// In the console a customer pays by each method and the admin takes the
// order from new to completed: for transfer and QRIS by typing 1 (Paid)
// under the new-order notice, for COD straight to /proses.
func TestChatEveryPaymentMethodFromNewToCompleted(t *testing.T) {
	qris := staticQRIS(t) // before newShop moves into its directory
	for _, method := range []string{"transfer", "qris", "cod"} {
		t.Run(method, func(t *testing.T) {
			s := newShop(t)
			s.env["LAPAK_ADMINS"] = "console:admin"
			s.env["LAPAK_QRIS_STATIC"] = qris
			r := s.ok(strings.Replace(purchase, "transfer\n", method+"\n", 1), "chat", "--user", "budi")
			m := orderNumber.FindStringSubmatch(r.stdout)
			if m == nil {
				t.Fatalf("no order placed:\n%s", r.stdout)
			}
			number := m[1]

			admin := ""
			want := []string{}
			if method != "cod" {
				admin += "1\n" // Paid, from the notice's numbered list
				want = append(want, "✅ Pesanan "+number+": menunggu pembayaran → sudah dibayar")
			}
			admin += "/proses " + number + "\n/kirim " + number + " JNE JX1234567890\n/selesai " + number + "\n"
			want = append(want, "→ sedang diproses", "sedang diproses → sedang dikirim", "sedang dikirim → selesai",
				"──── pesan untuk budi / message to that account ────\nPesanan "+number+" sudah selesai")
			r = s.ok(admin, "chat", "--user", "admin")
			for _, w := range want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("admin chat lacks %q:\n%s", w, r.stdout)
				}
			}
			r = s.ok("status\n", "chat", "--user", "budi")
			if !strings.Contains(r.stdout, number) || !strings.Contains(r.stdout, "selesai") {
				t.Errorf("budi does not see the completed order:\n%s", r.stdout)
			}
		})
	}
}

package main

import (
	"context"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
)

// The seller takes an order from new to completed in the console: a
// customer buys by transfer, the admin runs the desk, and the customer's
// status messages go to the customer's chat.
func TestChatOrderDesk(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_ADMINS"] = "console:admin"
	number := s.buy("budi")

	// budi is not an admin: the desk does not exist for him.
	r := s.ok("/lunas "+number+"\n", "chat", "--user", "budi")
	if strings.Contains(r.stdout, "✅") || !strings.Contains(r.stdout, "menunggu pembayaran") {
		t.Fatalf("a customer ran /lunas:\n%s", r.stdout)
	}

	r = s.ok("/pesanan\n"+
		"/lunas "+number+"\n"+
		"/lunas "+number+"\n"+
		"/proses "+number+"\n"+
		"/kirim "+number+" JNE JX1234567890\n"+
		"/selesai "+number+"\n", "chat", "--user", "admin")
	customerMsg := "──── pesan untuk budi / message to that account ────\n"
	for _, want := range []string{
		number + " · ",
		"✅ Pesanan " + number + ": menunggu pembayaran → sudah dibayar",
		customerMsg + "Pembayaran pesanan " + number + " sudah kami terima",
		"Status pesanan " + number + " memang sudah: sudah dibayar. Tidak ada yang diubah.",
		"✅ Pesanan " + number + ": sudah dibayar → sedang diproses",
		customerMsg + "Pesanan " + number + " sedang kami siapkan",
		"✅ Pesanan " + number + ": sedang diproses → sedang dikirim",
		customerMsg + "Pesanan " + number + " sudah dikirim kak 🚚 Kurir: JNE, nomor resi: JX1234567890",
		"✅ Pesanan " + number + ": sedang dikirim → selesai",
		customerMsg + "Pesanan " + number + " sudah selesai",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("admin chat lacks %q:\n%s", want, r.stdout)
		}
	}

	// Every action is in the audit log, by the console admin.
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	log, err := st.AuditLog(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	for _, e := range log {
		if e.Actor != (lapak.Identity{Channel: lapak.ChannelConsole, ChatID: "admin"}) || e.Target != number {
			t.Errorf("audit entry %+v", e)
		}
		cmds = append(cmds, e.Command)
	}
	if strings.Join(cmds, " ") != "paid process ship done" {
		t.Errorf("audit commands %q", cmds)
	}

	// budi comes back: his order is completed.
	r = s.ok("status\n", "chat", "--user", "budi")
	if !strings.Contains(r.stdout, number) || !strings.Contains(r.stdout, "selesai") {
		t.Errorf("budi does not see the completed order:\n%s", r.stdout)
	}
}

package flows_test

import (
	"context"
	"crypto/rand"
	"slices"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows"
	"github.com/lapak-id/lapak/shop"
)

func (h *harness) adminCode(t *testing.T) lapak.AdminCode {
	t.Helper()
	code, err := h.s.NewAdminCode(context.Background(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func notesTo(from *customer, chat string) []string {
	var out []string
	for _, n := range from.notes {
		if n.To == (lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: chat}) {
			out = append(out, n.Msg.Text)
		}
	}
	return out
}

// A seller becomes an admin by sending the code to the bot: they are told
// so and of every order that waits, run the desk, get the next order's
// notice; a wrong, used or repeated code changes nothing.
func TestAdminCodeInChat(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		budi := h.customer(t, "501")
		waiting := buy(t, budi, "pesan kacang bawang 2", "Budi Santoso", "081311112222", "ambil sendiri", "transfer")

		sari := h.customer(t, "777")
		refused := sari.say("/admin 1234-5678")
		contains(t, refused, "Kode admin itu tidak bisa dipakai", "lapak admin-code")
		if got := sari.say("/pesanan"); strings.Contains(got, "terbaru dulu") {
			t.Fatalf("a wrong code gave the desk:\n%s", got)
		}

		code := h.adminCode(t)
		got := sari.expect("/admin "+code.Grouped(), "Kamu sekarang admin Dapur Bu Sari", "Ada 1 pesanan yang menunggu", waiting.Number)
		contains(t, told(t, sari, "999"), "👤 telegram:777 sekarang admin toko")
		if strings.Contains(got, code.Plain) || strings.Contains(got, code.Grouped()) {
			t.Errorf("the code is repeated back:\n%s", got)
		}
		sari.expect("/pesanan", waiting.Number)
		sari.expect("/admin "+code.Plain, "Kamu sudah admin toko ini")

		// Used: the same answer as a wrong code, to someone else.
		if got := h.customer(t, "888").say("/admin " + code.Plain); got != refused {
			t.Errorf("a used code is answered\n%s\nnot as a wrong one\n%s", got, refused)
		}
		// "/admin" alone is a customer asking for a person, not a code.
		if got := h.customer(t, "889").say("/admin"); strings.Contains(got, "Kode admin") {
			t.Errorf("/admin alone: %s", got)
		}

		// The next order reaches the new admin and the configured one.
		ani := h.customer(t, "502")
		ani.expect("pesan nastar 1", "masuk keranjang")
		for _, a := range []string{"checkout", "Ani", "081322223333", "ambil sendiri", "transfer"} {
			ani.say(a)
		}
		ani.expect("ya", "No. pesanan")
		if len(notesTo(ani, "777")) != 1 || len(notesTo(ani, "999")) != 1 {
			t.Fatalf("new order notices: %+v", ani.notes)
		}

		added := slices.IndexFunc(auditLog(t, h), func(e lapak.AuditEntry) bool {
			return e.Command == "admin-add" && e.Target == "telegram:777" && e.Actor.String() == "telegram:777"
		})
		if added < 0 {
			t.Errorf("no audit entry for the new admin: %+v", auditLog(t, h))
		}
	})
}

func TestAdminCodeThrottled(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		code := h.adminCode(t)
		rudi := h.customer(t, "666")
		for range lapak.AdminCodeTries {
			rudi.expect("/admin 0000 0000", "tidak bisa dipakai")
		}
		rudi.expect("/admin "+code.Plain, "Terlalu banyak kode admin yang salah", "Tunggu 15 menit lagi")
		h.clock.Advance(lapak.AdminCodeWindow)
		rudi.expect("/admin "+code.Plain, "Kamu sekarang admin")
	})
}

// /admins lists the admins, the configuration's marked; an admin removes
// one added in chat, by number or by account, never a configured one nor
// the last one anyone can reach.
func TestAdminsListAndRemove(t *testing.T) {
	sh := testShop()
	console := lapak.Identity{Channel: lapak.ChannelConsole, ChatID: "admin"}
	sh.Admins = append(sh.Admins, console)
	// This process runs Telegram only: the console admin is not reachable.
	ops := shop.New(shop.Options{Shop: sh, Reachable: func(id lapak.Identity) bool { return id.Channel == lapak.ChannelTelegram }})
	shopTest(t, sh, func(t *testing.T, h *harness) {
		h.e = flows.New(flows.Options{Shop: sh, Ops: ops})
		boss := h.customer(t, "999") // configured
		sari, rudi := h.customer(t, "777"), h.customer(t, "888")
		sari.expect("/admin "+h.adminCode(t).Plain, "Kamu sekarang admin")
		rudi.expect("/admin "+h.adminCode(t).Plain, "Kamu sekarang admin")
		contains(t, told(t, rudi, "777"), "telegram:888 sekarang admin")

		list := boss.expect("/admins", "Admin toko:", "1. telegram:999 (dari LAPAK_ADMINS)",
			"2. console:admin (dari LAPAK_ADMINS; kanalnya tidak berjalan", "3. telegram:777", "4. telegram:888", "/admins hapus NOMOR")
		if strings.Contains(list, "3. telegram:777 (") {
			t.Errorf("an admin added in chat is marked:\n%s", list)
		}
		if got := h.customer(t, "501").say("/admins"); strings.Contains(got, "Admin toko") {
			t.Fatalf("a customer sees the admins:\n%s", got)
		}

		boss.expect("/admins hapus 1", "ada di pengaturan LAPAK_ADMINS", "Tidak ada yang diubah")
		boss.expect("/admins remove console:admin", "ada di pengaturan LAPAK_ADMINS")
		boss.expect("/admins hapus 9", "9 bukan admin")
		boss.expect("/admins hapus", "Formatnya: /admins")
		boss.expect("/admins hapus 4", "✅ telegram:888 bukan admin lagi")
		contains(t, told(t, boss, "888"), "Kamu bukan admin toko lagi (dihapus oleh telegram:999)")
		contains(t, told(t, boss, "777"), "telegram:888 bukan admin lagi, dihapus oleh telegram:999")
		if got := rudi.say("/pesanan"); strings.Contains(got, "terbaru dulu") || strings.Contains(got, "Tidak ada pesanan dengan status") {
			t.Fatalf("a removed admin still has the desk:\n%s", got)
		}
		boss.expect("/admins hapus telegram:888", "telegram:888 bukan admin")

		log := auditLog(t, h)
		if !slices.ContainsFunc(log, func(e lapak.AuditEntry) bool {
			return e.Command == "admin-remove" && e.Target == "telegram:888" && e.Actor.String() == "telegram:999"
		}) {
			t.Errorf("no audit entry for the removal: %+v", log)
		}
	})

}

// The last admin anyone can reach stays: sari is the only one on a running
// channel besides the console, which nobody reads here.
func TestLastReachableAdminStays(t *testing.T) {
	sh := testShop()
	sh.Admins = []lapak.Identity{{Channel: lapak.ChannelConsole, ChatID: "admin"}}
	ops := shop.New(shop.Options{Shop: sh, Reachable: func(id lapak.Identity) bool { return id.Channel == lapak.ChannelTelegram }})
	shopTest(t, sh, func(t *testing.T, h *harness) {
		h.e = flows.New(flows.Options{Shop: sh, Ops: ops})
		sari := h.customer(t, "777")
		sari.expect("/admin "+h.adminCode(t).Plain, "Kamu sekarang admin")
		sari.expect("/admins hapus 2", "telegram:777 tidak bisa dihapus: dia admin terakhir yang bisa dihubungi")
		rudi := h.customer(t, "888")
		rudi.expect("/admin "+h.adminCode(t).Plain, "Kamu sekarang admin")
		sari.expect("/admins hapus telegram:777", "✅ telegram:777 bukan admin lagi")
		if len(notesTo(sari, "777")) != 0 {
			t.Errorf("an admin removing themselves is told twice: %+v", sari.notes)
		}
		rudi.expect("/admins", "2. telegram:888")
	})
}

package flows_test

import (
	"context"
	"crypto/rand"
	"regexp"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows"
)

var loginLink = regexp.MustCompile(`https://toko\.example\.com/dashboard/login/t/([A-Za-z0-9_-]{43})`)
var loginCode = regexp.MustCompile(`kode (\d{6})`)

// /dashboard gives an admin a one-time login link and code for their
// role; a customer typing it gets the ordinary chat; staff are refused
// what only owners may do, in chat as in the dashboard.
func TestDashboardLoginFromChat(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		h.e = flows.New(flows.Options{Shop: testShop(), DashboardURL: func() string { return "https://toko.example.com/" }})
		boss := h.customer(t, "999")
		got := boss.expect("/dashboard", "Masuk ke dasbor toko (pemilik)", "Masuk sekarang", "10 menit")
		m := loginLink.FindStringSubmatch(got)
		c := loginCode.FindStringSubmatch(got)
		if m == nil || c == nil {
			t.Fatalf("no link or code in:\n%s", got)
		}
		l, err := h.s.DashboardLogin(context.Background(), lapak.DashboardHash(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		if l.User.Key != "telegram:999" || l.User.Role != lapak.RoleOwner || l.CodeHash != lapak.DashboardHash(c[1]) {
			t.Fatalf("login stored as %+v", l)
		}

		if got := h.customer(t, "501").say("/dashboard"); strings.Contains(got, "dasbor") {
			t.Fatalf("a customer got a login:\n%s", got)
		}

		code, err := h.s.NewAdminCodeFor(context.Background(), rand.Reader, lapak.RoleStaff)
		if err != nil {
			t.Fatal(err)
		}
		staff := h.customer(t, "777")
		staff.expect("/admin "+code.Plain, "Kamu sekarang admin")
		got = staff.expect("/dashboard", "Masuk ke dasbor toko (staf)")
		m = loginLink.FindStringSubmatch(got)
		if m == nil {
			t.Fatalf("no link in:\n%s", got)
		}
		if l, err := h.s.DashboardLogin(context.Background(), lapak.DashboardHash(m[1])); err != nil || l.User.Role != lapak.RoleStaff {
			t.Fatalf("staff login stored as %+v, %v", l, err)
		}
		staff.expect("/bayar SARI 50rb ref-1", "hanya pemilik toko")
		staff.expect("/admins hapus 1", "hanya pemilik toko")
		staff.expect("/admins", "Admin toko:", "2. telegram:777 (staf)") // seeing the list is fine
	})
}

func TestDashboardOffWithoutURL(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		h.customer(t, "999").expect("/dashboard", "Dasbor belum bisa dibuka")
	})
}

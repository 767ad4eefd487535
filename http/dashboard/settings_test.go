package dashboard

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

// staffID is the account loginAs(lapak.RoleStaff) logs in as.
var staffID = lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "777"}

// addAdmin makes id an admin with role the way the chat does: an admin
// code (`lapak admin-code [--staff]`) redeemed with /admin CODE.
func (h *harness) addAdmin(id lapak.Identity, name string, role lapak.Role) {
	h.t.Helper()
	code, err := h.st.NewAdminCodeFor(context.Background(), rand.Reader, role)
	if err != nil {
		h.t.Fatal(err)
	}
	h.redeem(id, name, code.Plain)
}

func (h *harness) redeem(id lapak.Identity, name, code string) {
	h.t.Helper()
	if err := h.shop.Do(context.Background(), func(ctx context.Context, tx lapak.OpsTx) error {
		return h.shop.RedeemAdminCode(ctx, tx, lapak.Admin{Identity: id, Name: name}, code)
	}); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) adminRoles() map[string]lapak.Role {
	h.t.Helper()
	out := map[string]lapak.Role{}
	if err := h.shop.Do(context.Background(), func(ctx context.Context, tx lapak.OpsTx) error {
		list, err := h.shop.AdminList(ctx, tx)
		for _, a := range list {
			out[a.Identity.String()] = a.Role
		}
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return out
}

func hasLine(lines []string, prefix string) bool {
	return slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, prefix) })
}

func TestSettingsStaffForbidden(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		h.addAdmin(staffID, "Rina", lapak.RoleStaff)
		staff := h.loginAs(lapak.RoleStaff)
		if code, body := staff.get("/dashboard/settings"); code != http.StatusForbidden || !strings.Contains(body, "hanya untuk pemilik") {
			t.Errorf("staff GET settings: %d\n%s", code, body)
		}
		_, today := staff.get("/dashboard/")
		if strings.Contains(today, `href="/dashboard/settings"`) {
			t.Error("staff see a link to settings")
		}
		for path, form := range map[string]url.Values{
			"/dashboard/settings/admins/remove": {"admin": {staffID.String()}},
			"/dashboard/settings/admins/role":   {"admin": {staffID.String()}, "role": {"owner"}},
			"/dashboard/settings/invite":        {"role": {"owner"}},
			"/dashboard/settings/sessions/end":  {"session": {lapak.DashboardHash("test-session-staff")}},
		} {
			if code, body, _ := staff.post(path, form); code != http.StatusForbidden {
				t.Errorf("staff POST %s: %d\n%s", path, code, body)
			}
		}
		if got := h.adminRoles()[staffID.String()]; got != lapak.RoleStaff {
			t.Errorf("staff's forms changed their role to %q", got)
		}
		if hasLine(h.auditLines(), "dashboard:") {
			t.Errorf("staff's forms left audit entries: %v", h.auditLines())
		}
		// Still logged in: the 403s changed nothing.
		if code, _ := staff.get("/dashboard/"); code != http.StatusOK {
			t.Errorf("staff after the 403s: %d", code)
		}
	})
}

func TestSettingsRemoveAdminLogsThemOut(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		h.addAdmin(staffID, "Rina", lapak.RoleStaff)
		staff := h.loginAs(lapak.RoleStaff)
		if code, _ := staff.get("/dashboard/orders"); code != http.StatusOK {
			t.Fatalf("staff before: %d", code)
		}
		owner := h.loginAs(lapak.RoleOwner)
		code, body := owner.get("/dashboard/settings")
		if code != http.StatusOK {
			t.Fatalf("owner GET settings: %d\n%s", code, body)
		}
		mustContain(t, body, `id="admin-`+testAdmin.String()+`" data-role="owner"`, `data-fixed="1"`,
			`id="admin-`+staffID.String()+`" data-role="staff"`, "Rina (telegram:777)", `data-user="telegram:777"`)
		// The configuration's owner cannot be removed here.
		_, body = owner.follow("/dashboard/settings/admins/remove", url.Values{"admin": {testAdmin.String()}})
		mustContain(t, body, "diatur di LAPAK_ADMINS")
		_, body = owner.follow("/dashboard/settings/admins/remove", url.Values{"admin": {staffID.String()}})
		mustContain(t, body, "Rina (telegram:777) bukan admin lagi")
		if _, ok := h.adminRoles()[staffID.String()]; ok {
			t.Error("the admin is still there")
		}
		if code, _, loc := staff.post("/dashboard/orders/X/paid", nil); code != http.StatusUnauthorized {
			t.Errorf("the removed admin's POST: %d %s", code, loc)
		}
		if code, _ := staff.get("/dashboard/orders"); code != http.StatusSeeOther {
			t.Errorf("the removed admin's session still works: %d", code)
		}
		if !hasLine(h.auditLines(), "dashboard:telegram:999 admin-remove telegram:777") {
			t.Errorf("no audit entry naming the dashboard user: %v", h.auditLines())
		}
		if got := h.told("777"); len(got) == 0 {
			t.Error("the removed admin was not told")
		}
	})
}

func TestSettingsInviteCodeAndRole(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		owner := h.loginAs(lapak.RoleOwner)
		code, body, _ := owner.post("/dashboard/settings/invite", url.Values{"role": {"staff"}})
		if code != http.StatusOK {
			t.Fatalf("invite: %d\n%s", code, body)
		}
		m := regexp.MustCompile(`Kode undangan \(staf\): (\d{4}-\d{4})`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no code on the page:\n%s", body)
		}
		mustContain(t, body, "hanya ditampilkan sekali", "/admin "+m[1])
		// The invited person sends /admin CODE in chat: the shop's redeem.
		newbie := lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "555"}
		digits, _ := lapak.NormalizeAdminCode(m[1])
		h.redeem(newbie, "Joko", digits)
		if got := h.adminRoles()[newbie.String()]; got != lapak.RoleStaff {
			t.Fatalf("the invited admin's role: %q", got)
		}
		if !hasLine(h.auditLines(), "dashboard:telegram:999 admin-code staff") {
			t.Errorf("no audit entry for the code: %v", h.auditLines())
		}
		// The page after the code does not show it again.
		_, body = owner.get("/dashboard/settings")
		if strings.Contains(body, m[1]) {
			t.Error("the code is shown twice")
		}

		// Make them owner: their sessions end, the audit log says so.
		h.addAdmin(staffID, "Rina", lapak.RoleStaff)
		staff := h.loginAs(lapak.RoleStaff)
		_, body = owner.follow("/dashboard/settings/admins/role", url.Values{"admin": {staffID.String()}, "role": {"owner"}})
		mustContain(t, body, "Rina (telegram:777) sekarang pemilik")
		if got := h.adminRoles()[staffID.String()]; got != lapak.RoleOwner {
			t.Errorf("role after: %q", got)
		}
		if code, _ := staff.get("/dashboard/"); code != http.StatusSeeOther {
			t.Errorf("the old staff session still works: %d", code)
		}
		if !hasLine(h.auditLines(), "dashboard:telegram:999 admin-role telegram:777 staff > owner") {
			t.Errorf("no audit entry for the role: %v", h.auditLines())
		}
		// A bad role changes nothing.
		_, body = owner.follow("/dashboard/settings/admins/role", url.Values{"admin": {staffID.String()}, "role": {"raja"}})
		mustContain(t, body, "Peran itu tidak dikenal")
		_, body = owner.follow("/dashboard/settings/admins/role", url.Values{"admin": {"telegram:404"}, "role": {"staff"}})
		mustContain(t, body, "Admin itu tidak ada")
	})
}

func TestSettingsSessionsLogOut(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		h.addAdmin(staffID, "Rina", lapak.RoleStaff)
		staff := h.loginAs(lapak.RoleStaff)
		owner := h.loginAs(lapak.RoleOwner)
		_, body := owner.get("/dashboard/settings")
		mustContain(t, body, `data-user="telegram:777"`, `data-user="telegram:999"`, "sesi ini")
		_, body = owner.follow("/dashboard/settings/sessions/end", url.Values{"session": {lapak.DashboardHash("test-session-staff")}})
		mustContain(t, body, "Sesi Sari (telegram:777) sudah dikeluarkan")
		if code, _ := staff.get("/dashboard/"); code != http.StatusSeeOther {
			t.Errorf("the logged-out session still works: %d", code)
		}
		if !hasLine(h.auditLines(), "dashboard:telegram:999 dashboard-logout telegram:777") {
			t.Errorf("no audit entry: %v", h.auditLines())
		}
		_, body = owner.follow("/dashboard/settings/sessions/end", url.Values{"session": {lapak.DashboardHash("test-session-staff")}})
		mustContain(t, body, "Sesi itu sudah berakhir")
		// Without the CSRF token: refused.
		if code, _, _ := owner.post("/dashboard/settings/invite", url.Values{"csrf": {"wrong"}, "role": {"staff"}}); code != http.StatusForbidden {
			t.Errorf("invite without CSRF: %d", code)
		}
	})
}

func TestSettingsShowNoSecret(t *testing.T) {
	const token, qris = "123456:AAE-fake-telegram-token-XYZ", "00020101021126570011ID.DANA.WWW011893600915FAKEQRISSECRET"
	eachStore(t, func(t *testing.T, h *harness) {
		opt := h.d.opt
		opt.Settings.QRIS = qris
		opt.Settings.BankAccounts = []lapak.BankAccount{{Bank: "BCA", Number: "1234567890", Holder: "Sari"}}
		opt.Settings.Quiet = lapak.QuietHours{From: 21 * 3600e9, To: 8 * 3600e9}
		opt.Secrets = []Secret{{Name: "LAPAK_TELEGRAM_TOKEN", Set: token != ""}, {Name: "LAPAK_MIDTRANS_SERVER_KEY"}}
		d, err := New(opt)
		if err != nil {
			t.Fatal(err)
		}
		h.srv.Config.Handler = d
		_, body := h.loginAs(lapak.RoleOwner).get("/dashboard/settings")
		for _, secret := range []string{token, qris, "FAKEQRIS"} {
			if strings.Contains(body, secret) {
				t.Errorf("the page shows a secret %q", secret)
			}
		}
		mustContain(t, body, `id="secret-LAPAK_TELEGRAM_TOKEN">diatur<`, `id="secret-LAPAK_MIDTRANS_SERVER_KEY">tidak diatur<`,
			`id="config-qris">diatur<`, `id="config-name">Dapur Bu Sari<`, `id="config-zone">UTC<`, "BCA 1234567890 a.n. Sari",
			`id="config-quiet">21:00-08:00<`, `id="config-handover">30m0s<`, "perubahan berlaku setelah Lapak dijalankan ulang",
			"Transfer bank", "QRIS")
	})
}

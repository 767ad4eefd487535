package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// newLogin records a login from chat, as /dashboard does, and returns the
// link's token and the code.
func (h *harness) newLogin(u lapak.DashboardUser) (token, code string) {
	h.t.Helper()
	err := h.st.InTx(context.Background(), func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		token, code, err = lapak.NewDashboardLogin(ctx, tx, u, h.clock.Now())
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return token, code
}

var sari = lapak.DashboardUser{Key: "telegram:999", Name: "Sari", Role: lapak.RoleOwner}

func TestLoginLinkIsSpentOnlyByItsButton(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		token, _ := h.newLogin(sari)
		link := "/dashboard/login/t/" + token

		// A link previewer opens the link: it sees the confirm page, logs nobody in, spends nothing.
		preview := h.browser()
		code, body := preview.get(link)
		if code != http.StatusOK {
			t.Fatalf("confirm page: %d\n%s", code, body)
		}
		mustContain(t, body, "Masuk sebagai Sari", `action="/dashboard/login/t/`+token+`"`)
		if code, _ := preview.get("/dashboard/"); code != http.StatusSeeOther {
			t.Fatalf("a previewer's GET logged in: %d", code)
		}

		// The seller presses the button.
		b := h.browser()
		code, _, loc := b.post(link, nil)
		if code != http.StatusSeeOther || loc != "/dashboard/" {
			t.Fatalf("confirm POST: %d → %q", code, loc)
		}
		if code, body := b.get("/dashboard/"); code != http.StatusOK || !strings.Contains(body, "Hari ini") {
			t.Fatalf("after login: %d\n%s", code, body)
		}
		log, err := h.st.AuditLog(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n := len(log); n == 0 || log[n-1].Actor.String() != "dashboard:telegram:999" || log[n-1].Command != "dashboard-login" ||
			log[n-1].After != "owner by link" {
			t.Fatalf("audit log: %+v", log)
		}

		// Reused: refused, and nobody else gets in with it.
		other := h.browser()
		if code, body, _ := other.post(link, nil); code != http.StatusGone || !strings.Contains(body, "sudah dipakai") {
			t.Fatalf("reused link: %d\n%s", code, body)
		}
		if code, _ := other.get(link); code != http.StatusGone {
			t.Fatalf("a spent link's confirm page: %d", code)
		}
	})
}

func TestLoginLinkExpiresAndForgedIsRefused(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		token, _ := h.newLogin(sari)
		h.clock.Advance(lapak.DashboardLoginTTL + time.Second)
		b := h.browser()
		if code, _, _ := b.post("/dashboard/login/t/"+token, nil); code != http.StatusGone {
			t.Fatalf("expired link: %d", code)
		}
		if code, _, _ := b.post("/dashboard/login/t/forged-"+token[:10], nil); code != http.StatusGone {
			t.Fatalf("forged link: %d", code)
		}
		if code, _ := b.get("/dashboard/"); code != http.StatusSeeOther {
			t.Fatal("logged in without a working link")
		}
	})
}

func TestLoginByCodeThrottled(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		_, code := h.newLogin(sari)
		b := h.browser()
		wrong := "000000"
		if wrong == code {
			wrong = "111111"
		}
		for i := range throttlePerAddr {
			if c, body, _ := b.post("/dashboard/login/code", url.Values{"code": {wrong}}); c != http.StatusUnauthorized ||
				!strings.Contains(body, "Kode atau kata sandi salah") {
				t.Fatalf("wrong code %d: %d\n%s", i, c, body)
			}
		}
		// Throttled now, even with the right code.
		if c, body, _ := b.post("/dashboard/login/code", url.Values{"code": {code}}); c != http.StatusTooManyRequests {
			t.Fatalf("after %d wrong codes: %d\n%s", throttlePerAddr, c, body)
		}
		h.clock.Advance(throttleWindow + time.Second)
		_, code = h.newLogin(sari) // the first one expired meanwhile
		if c, _, loc := b.post("/dashboard/login/code", url.Values{"code": {code[:3] + " " + code[3:]}, "next": {"/dashboard/orders"}}); c != http.StatusSeeOther || loc != "/dashboard/orders" {
			t.Fatalf("right code after the window: %d → %q", c, loc)
		}
		// The code is spent.
		if c, _, _ := h.browser().post("/dashboard/login/code", url.Values{"code": {code}}); c != http.StatusUnauthorized {
			t.Fatalf("reused code: %d", c)
		}
	})
}

func TestLoginByPassword(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		hashed, err := HashPassword("rahasia-toko")
		if err != nil {
			t.Fatal(err)
		}
		if err := h.st.SetDashboardPassword(context.Background(), "owner", lapak.RoleOwner, hashed); err != nil {
			t.Fatal(err)
		}
		b := h.browser()
		if c, _, _ := b.post("/dashboard/login/password", url.Values{"username": {"owner"}, "password": {"salah"}}); c != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", c)
		}
		if c, _, _ := b.post("/dashboard/login/password", url.Values{"username": {"nobody"}, "password": {"rahasia-toko"}}); c != http.StatusUnauthorized {
			t.Fatalf("unknown user: %d", c)
		}
		if c, _, loc := b.post("/dashboard/login/password", url.Values{"username": {"Owner"}, "password": {"rahasia-toko"}, "next": {"https://evil.example/"}}); c != http.StatusSeeOther || loc != "/dashboard/" {
			t.Fatalf("right password: %d → %q (an outside next must be dropped)", c, loc)
		}
		if _, err := HashPassword("pendek"); err == nil {
			t.Fatal("a 6-character password was accepted")
		}
	})
}

func TestPostsNeedTheSessionsCSRFToken(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		b := h.loginAs(lapak.RoleOwner)
		if c, body, _ := b.post("/dashboard/logout", url.Values{"csrf": {"forged"}}); c != http.StatusForbidden || !strings.Contains(body, "kedaluwarsa") {
			t.Fatalf("forged CSRF: %d\n%s", c, body)
		}
		if c, _, _ := b.post("/dashboard/logout", url.Values{"csrf": {""}}); c != http.StatusForbidden {
			t.Fatalf("no CSRF: %d", c)
		}
		// A cross-site form post is refused before the token is looked at.
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/dashboard/logout", strings.NewReader("csrf="+b.csrf))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site POST: %d", res.StatusCode)
		}
		if c, _, loc := b.post("/dashboard/logout", nil); c != http.StatusSeeOther || loc != "/dashboard/login" {
			t.Fatalf("logout: %d → %q", c, loc)
		}
		if c, _ := b.get("/dashboard/"); c != http.StatusSeeOther {
			t.Fatalf("still logged in after logout: %d", c)
		}
	})
}

func TestOnlyLoopbackWithoutPublicURL(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		rec := func(d *Dashboard) int {
			req, _ := http.NewRequest(http.MethodGet, "/dashboard/login", nil)
			req.RemoteAddr = "203.0.113.9:4444"
			w := &recorder{header: http.Header{}}
			d.ServeHTTP(w, req)
			return w.code
		}
		if c := rec(h.d); c != http.StatusForbidden {
			t.Fatalf("a remote client without LAPAK_PUBLIC_URL: %d", c)
		}
		pub := newHarness(t, h.st, h.clock, Options{PublicURL: "https://toko.example.com"})
		if c := rec(pub.d); c != http.StatusOK {
			t.Fatalf("a remote client with LAPAK_PUBLIC_URL: %d", c)
		}
	})
}

func TestLoginCookieFlags(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		pub := newHarness(t, h.st, h.clock, Options{PublicURL: "https://toko.example.com"})
		token, _ := pub.newLogin(sari)
		res, err := pub.browser().c.Post(pub.srv.URL+"/dashboard/login/t/"+token, "application/x-www-form-urlencoded", nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		ck := res.Header.Get("Set-Cookie")
		for _, want := range []string{"HttpOnly", "Secure", "SameSite=Lax", "Path=/dashboard/"} {
			if !strings.Contains(ck, want) {
				t.Errorf("session cookie %q lacks %s", ck, want)
			}
		}
		if regexp.MustCompile(`lapak_session=` + regexp.QuoteMeta(token)).MatchString(ck) {
			t.Error("the session cookie is the login token")
		}
	})
}

type recorder struct {
	header http.Header
	code   int
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return len(b), nil
}
func (r *recorder) WriteHeader(code int) { r.code = code }

package dashboard

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The dashboard's tests run against both databases through a real HTTP
// server (httptest) and a cookie jar, the way a browser would; the browser
// itself is in cmd/lapak's end-to-end tests.

var testAdmin = lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}

func testSettings() lapak.Shop {
	return lapak.Shop{Name: "Dapur Bu Sari", Language: lapak.Indonesian, Admins: []lapak.Identity{testAdmin},
		Location: time.UTC, Price: lapak.PriceFormat{Prefix: "Rp"}}
}

// harness is a dashboard on a fresh store, served on loopback.
type harness struct {
	t     *testing.T
	st    *storage.Store
	clock *storagetest.Clock
	d     *Dashboard
	srv   *httptest.Server
	shop  *shop.Shop
}

// eachStore runs fn on SQLite and PostgreSQL with a fresh dashboard.
func eachStore(t *testing.T, fn func(t *testing.T, h *harness)) {
	clock := storagetest.NewClock(time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, st *storage.Store) {
		fn(t, newHarness(t, st, clock, Options{}))
	})
}

func newHarness(t *testing.T, st *storage.Store, clock *storagetest.Clock, opt Options) *harness {
	t.Helper()
	set := testSettings()
	sh := shop.New(shop.Options{Shop: set, Store: st})
	opt.Shop, opt.Store, opt.Settings, opt.Now = sh, st, set, clock.Now
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	d, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	return &harness{t: t, st: st, clock: clock, d: d, srv: srv, shop: sh}
}

// browser is one cookie jar on the harness's server.
type browser struct {
	h    *harness
	c    *http.Client
	csrf string
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{h: h, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// loginAs gives a browser a session of a user with role, without the chat:
// the pages' tests start logged in.
func (h *harness) loginAs(role lapak.Role) *browser {
	h.t.Helper()
	b := h.browser()
	token, csrf := "test-session-"+string(role), "test-csrf-"+string(role)
	key := testAdmin.String()
	if role == lapak.RoleStaff {
		key = "telegram:777"
	}
	err := h.st.CreateDashboardSession(context.Background(), lapak.DashboardSession{TokenHash: lapak.DashboardHash(token),
		User: lapak.DashboardUser{Key: key, Name: "Sari", Role: role}, CSRF: csrf, Expires: h.clock.Now().Add(time.Hour)})
	if err != nil {
		h.t.Fatal(err)
	}
	u, _ := url.Parse(h.srv.URL + Prefix)
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: token, Path: Prefix}})
	b.csrf = csrf
	return b
}

// get fetches path (under the server, e.g. "/dashboard/orders") and
// returns the status and the body.
func (b *browser) get(path string) (int, string) {
	b.h.t.Helper()
	res, err := b.c.Get(b.h.srv.URL + path)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// post sends a form with the browser's CSRF token (unless form sets
// "csrf" itself) and returns the status, the body and where a redirect goes.
func (b *browser) post(path string, form url.Values) (code int, body, location string) {
	b.h.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok && b.csrf != "" {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw), res.Header.Get("Location")
}

// follow posts and then fetches the page the redirect names.
func (b *browser) follow(path string, form url.Values) (int, string) {
	b.h.t.Helper()
	code, body, loc := b.post(path, form)
	if code != http.StatusSeeOther {
		return code, body
	}
	return b.get(loc)
}

// mustContain fails unless body contains every want.
func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q; page:\n%s", w, body)
		}
	}
}

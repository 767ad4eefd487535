package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
)

// The seller's dashboard in headless Chromium (browser_test.go has the
// harness and its helpers).

// The harness itself, on a page of its own: forms are filled and sent,
// files uploaded, statuses read; a page that breaks the
// Content-Security-Policy and one that throws are seen, so a dashboard page
// that does either fails its test.
func TestDashboardBrowserHarness(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'")
		switch r.URL.Path {
		case "/throw.js":
			w.Header().Set("Content-Type", "text/javascript")
			io.WriteString(w, `throw new Error("lapak-test-boom")`)
		case "/inline":
			io.WriteString(w, `<!doctype html><title>x</title><p id="p">inline</p><script>window.__xss = 1</script>`)
		case "/throws":
			io.WriteString(w, `<!doctype html><title>x</title><p id="p">throws</p><script src="/throw.js"></script>`)
		case "/form":
			io.WriteString(w, `<!doctype html><title>x</title><form method="post" action="/sent" enctype="multipart/form-data">`+
				`<input name="name" id="name" value="old"><input type="file" name="photo" id="photo"><button id="send">Kirim</button></form>`)
		case "/sent":
			f, hdr, err := r.FormFile("photo")
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			data, _ := io.ReadAll(f)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><title>x</title><p id="got">%s: %s, %d bytes</p>`, html.EscapeString(r.FormValue("name")), html.EscapeString(hdr.Filename), len(data))
		case "/":
			io.WriteString(w, `<!doctype html><title>x</title><p id="p">fine &lt;b&gt;</p>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	b := newBrowser(t, srv.URL)

	if got := b.openStatus("/nothing"); got != http.StatusNotFound {
		t.Errorf("status %d, want 404", got)
	}
	b.open("/form")
	b.fill("#name", "Nastar <Keju>")
	b.upload("#photo", tempFile(t, "nastar.png", []byte("not really a png")))
	b.clickAndLoad("#send")
	if got := b.text("#got"); got != "Nastar <Keju>: nastar.png, 16 bytes" {
		t.Errorf("the form sent %q", got)
	}

	b.open("/")
	b.waitText("#p", "fine <b>")
	if p := b.consoleProblems(); len(p) != 0 {
		t.Errorf("a clean page has problems: %q", p)
	}
	b.open("/inline")
	if p := b.consoleProblems(); len(p) != 1 || !strings.Contains(p[0], "Content-Security-Policy violation") {
		t.Errorf("an inline script under CSP: problems %q, want one CSP violation", p)
	}
	b.open("/throws")
	if p := b.consoleProblems(); len(p) != 1 || !strings.Contains(p[0], "lapak-test-boom") {
		t.Errorf("a script that throws: problems %q, want its exception", p)
	}
	b.assertNoXSS(xssPage{Path: "/", Shows: []string{"fine <b>"}})
}

var (
	loginLinkRe = regexp.MustCompile(`https?://[^\s]+/dashboard/login/t/[A-Za-z0-9_-]+`)
	loginCodeRe = regexp.MustCompile(`\b\d{6}\b`)
)

// askDashboard sends /dashboard as u and returns the link and the code of
// the bot's reply.
func (d *dashShop) askDashboard(ctx context.Context, u telegramtest.User) (link, code string) {
	d.t.Helper()
	n := d.say(u, "/dashboard")
	reply := d.waitMessage(ctx, u.ID, n, "")
	link = loginLinkRe.FindString(reply.Text)
	code = loginCodeRe.FindString(strings.Replace(reply.Text, link, "", 1))
	if link == "" || code == "" {
		d.t.Fatalf("/dashboard's reply has no login link or no 6-digit code:\n%s", reply.Text)
	}
	if !strings.HasPrefix(link, d.base+lapak.DashboardLoginPath) {
		d.t.Errorf("the login link %s is not on the dashboard's address %s", link, d.base)
	}
	return link, code
}

// The owner logs in from chat: /dashboard gives a link; a link previewer
// fetching it logs nobody in and does not use it up; in the browser the
// link's confirm page and its button open the Today page.
func TestDashboardLoginFromChat(t *testing.T) {
	eachDB(t, dashboardLoginFromChat)
}

func dashboardLoginFromChat(t *testing.T, s *shop) {
	d := newDashShop(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	link, code := d.askDashboard(ctx, d.owner)

	// Telegram's and WhatsApp's link previews: a HEAD and a GET of the link,
	// then the dashboard with whatever cookie they got.
	jar, _ := cookiejar.New(nil)
	previewer := &http.Client{Jar: jar, Timeout: noRedirects.Timeout, CheckRedirect: noRedirects.CheckRedirect}
	for _, method := range []string{http.MethodHead, http.MethodGet} {
		req, _ := http.NewRequestWithContext(ctx, method, link, nil)
		res, err := previewer.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || (method == http.MethodGet && !strings.Contains(string(body), "Masuk sebagai")) {
			t.Fatalf("a previewer's %s of the link: %d\n%s", method, res.StatusCode, body)
		}
	}
	res, err := previewer.Get(d.base + "/dashboard/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/dashboard/login") {
		t.Fatalf("after a previewer fetched the link, /dashboard/ answers it %d → %q, want a redirect to the login page",
			res.StatusCode, res.Header.Get("Location"))
	}

	b := newBrowser(t, d.base)
	b.open(link)
	b.waitText("main h1", "Masuk sebagai ") // the name is whatever /dashboard records
	b.screenshot("login-confirm")
	b.clickAndLoad("#confirm-login")
	b.waitText("main h1", "Hari ini")
	if got := b.location(); got != d.base+"/dashboard/" {
		t.Errorf("after logging in the browser is at %s, want the Today page", got)
	}
	if !evalJS[bool](b, `!!document.querySelector('nav a[href="/dashboard/settings"]')`) {
		t.Error("the owner's menu has no Settings link")
	}

	// The link works once.
	b.open(link)
	b.waitText("main", "sudah dipakai")

	// On another device the seller types the code instead; the first code
	// was spent with its link.
	_, code = d.askDashboard(ctx, d.owner)
	phone := newBrowser(t, d.base)
	phone.open("/dashboard/promos")
	phone.waitText("main h1", "Masuk ke dasbor")
	phone.fill("#code", code)
	phone.clickAndLoad(`form[action="/dashboard/login/code"] button`)
	if got := phone.location(); got != d.base+"/dashboard/promos" {
		t.Errorf("after the code the browser is at %s, want the page it asked for", got)
	}
}

// A staff member's menu has no Settings, and typing its address shows the
// owner-only page.
func TestDashboardStaffCannotOpenSettings(t *testing.T) {
	eachDB(t, dashboardStaffCannotOpenSettings)
}

func dashboardStaffCannotOpenSettings(t *testing.T, s *shop) {
	d := newDashShop(t, s)
	b := newBrowser(t, d.base)
	d.loginAs(b, lapak.DashboardUser{Key: "telegram:9100", Name: "Dimas", Role: lapak.RoleStaff})
	b.waitText("main h1", "Hari ini")
	b.click("details.menu summary")
	b.waitText("details.menu nav", "Pesanan")
	if menu := b.text("details.menu nav"); strings.Contains(menu, "Pengaturan") {
		t.Errorf("the staff menu offers settings:\n%s", menu)
	}
	if evalJS[bool](b, `!!document.querySelector('a[href^="/dashboard/settings"]')`) {
		t.Error("a staff page links to /dashboard/settings")
	}

	status := b.openStatus("/dashboard/settings")
	b.waitText("main", "hanya untuk pemilik")
	if status != http.StatusForbidden {
		t.Errorf("/dashboard/settings for staff: HTTP %d, want 403", status)
	}

	// The owner opens it, and sees that the bot token is set, never the token.
	o := newBrowser(t, d.base)
	d.loginAs(o, lapak.DashboardUser{Key: "telegram:9000", Name: "Sari", Role: lapak.RoleOwner})
	if status := o.openStatus("/dashboard/settings"); status != http.StatusOK {
		t.Errorf("/dashboard/settings for the owner: HTTP %d", status)
	}
	o.waitText("main", "LAPAK_TELEGRAM_TOKEN")
	if html := evalJS[string](o, `document.documentElement.outerHTML`); strings.Contains(html, telegramtest.Token) {
		t.Error("the settings page shows the bot token")
	}
}

// mallory is a Telegram customer who types HTML.
var mallory = telegramtest.User{ID: 6660, FirstName: `<script>window.__xss=1</script>`, LastName: `<b>Mal</b>`}

const (
	malloryWrites   = `<img src=x onerror="window.__xss=2">`
	malloryOrdersAs = "Mallory Santoso" // a recipient's name is letters only: the flows refuse HTML there
)

// xssPages are the dashboard's pages that show Mallory's name or message
// (number is Mallory's order), with what each must show as text.
func xssPages(number string) []xssPage {
	return []xssPage{
		{Path: "/dashboard/"},
		{Path: "/dashboard/orders", Shows: []string{malloryOrdersAs}},
		{Path: "/dashboard/orders?q=" + number, Shows: []string{number}},
		{Path: "/dashboard/orders/" + number, Shows: []string{malloryOrdersAs}},
		{Path: "/dashboard/customers?q=Mallory", Shows: []string{malloryOrdersAs}},
	}
}

// What a customer types with HTML in it, through Telegram, is shown as
// text on the dashboard and runs nowhere.
func TestDashboardEscapesWhatCustomersType(t *testing.T) {
	eachDB(t, dashboardEscapesWhatCustomersType)
}

func dashboardEscapesWhatCustomersType(t *testing.T, s *shop) {
	d := newDashShop(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	n := d.say(mallory, malloryWrites)
	d.waitMessage(ctx, mallory.ID, n, "") // answered: Mallory and the message are in the database
	number := d.placeOrder(ctx, mallory, malloryOrdersAs, 1)
	t.Logf("Mallory's order: %s", number)

	b := newBrowser(t, d.base)
	d.loginAs(b, lapak.DashboardUser{Key: "telegram:9000", Name: "Sari", Role: lapak.RoleOwner})
	b.assertNoXSS(xssPages(number)...)
	// Mallory's own page shows the name Telegram gave, HTML and all, as text.
	b.open("/dashboard/customers?q=Mallory")
	page := evalJS[string](b, `document.querySelector('a[href^="/dashboard/customers/"]').getAttribute("href")`)
	b.assertNoXSS(xssPage{Path: page, Shows: []string{mallory.FirstName, malloryOrdersAs}})
	// The inbox, and Mallory's chat with the message as typed.
	b.assertNoXSS(xssPage{Path: "/dashboard/inbox"})
	chat := evalJS[string](b, `document.querySelector('a[id^="chat-"]').getAttribute("href")`)
	b.assertNoXSS(xssPage{Path: chat, Shows: []string{malloryWrites}})
}

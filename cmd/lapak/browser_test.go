package main

// The seller's dashboard in a real browser: headless Chromium (Debian's
// chromium package) driven with chromedp, against `lapak serve` started in
// process on a shop with a fake Telegram Bot API. Chromium is never
// downloaded: it is found at LAPAK_TEST_CHROMIUM, /usr/bin/chromium or on
// PATH (scripts/test installs it on CI); without it the tests skip with a
// loud line, and fail under CI=true.
//
// The helpers, for the dashboard's browser tests:
//
// The shop (a `lapak serve` whose dashboard listens on 127.0.0.1:<free port>):
//
//	d := newDashShop(t, s)                       // s from newShop/pgShop (or eachDB); realShopOn's shop, owner telegram:9000 (d.owner)
//	d.s, d.tg, d.base                            // the shop (env, clock), the fake Bot API, "http://127.0.0.1:PORT"
//	d.store() *storage.Store                     // the shop's database, for assertions (closed when the test ends)
//	d.say(u telegramtest.User, text string) int  // a Telegram message from u; returns how many messages u had got before
//	d.sentTo(chat int64) []telegramtest.Sent     // every message the bot sent to chat (sendMessage, sendPhoto, …)
//	d.waitMessage(ctx, chat, after, want) telegramtest.Sent // the first message to chat after the first `after` containing want
//	d.placeOrder(ctx, u, name, qty) string       // u orders qty Nastar Keju in Telegram (pickup, transfer) for name; the order number
//	d.storeLogin(u lapak.DashboardUser) (link, code string) // a one-time login made in the store, as /dashboard makes one
//	d.loginAs(b, u lapak.DashboardUser)          // b opens a fresh login link and presses the confirm button: logged in as u
//
// The browser (one headless Chromium per call, at phone size 360×800):
//
//	b := newBrowser(t, d.base)
//	b.open(path)                                 // navigate to d.base+path (or a full URL) and wait for the load
//	b.openStatus(path) int                       // the same, and the page's HTTP status
//	b.click(sel)                                 // click the element (CSS selector) once it is visible
//	b.clickAndLoad(sel)                          // click a submit button or link and wait for the next page's load
//	b.fill(sel, value)                           // clear a field and type value into it
//	b.text(sel) string                           // the element's visible text (innerText)
//	b.waitVisible(sel)                           // until the element is there and visible
//	b.waitText(sel, want)                        // until the element's text contains want (survives a navigation)
//	b.waitJS(what, fn, args...) []string         // until the JS function fn(...args) returns a one-string array (not null)
//	b.upload(sel, paths...)                      // set the files of an <input type=file>
//	b.location() string                          // the page's URL
//	evalJS[T](b, expr) T                         // a JavaScript expression's value
//	b.assertNoXSS(pages ...xssPage)              // each page ran no injected script and shows the escaped text
//	b.screenshot(name)                           // full-page PNG: docs/screenshots/NAME.png when LAPAK_SCREENSHOTS=1, else a temp dir
//	tempFile(t, name, data) string               // a file to upload
//
// Every step is bounded by the browser's deadline (browserTimeout from
// newBrowser). A JavaScript exception or a Content-Security-Policy violation
// on any page fails the test; other console errors are logged.

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
)

// browserTimeout bounds one browser: every step of a test shares it.
const browserTimeout = 150 * time.Second

// waitTimeout bounds one wait for a page's condition.
const waitTimeout = 30 * time.Second

// screenshotDir is where LAPAK_SCREENSHOTS=1 writes the README's pictures
// (absolute: the shops' tests change the working directory).
var screenshotDir, _ = filepath.Abs("../../docs/screenshots")

// chromiumPath finds Chromium: LAPAK_TEST_CHROMIUM, /usr/bin/chromium, then
// chromium, chromium-browser or google-chrome on PATH. fromEnv reports
// that the person named it (so a wrong path is a failure, not a skip).
func chromiumPath() (path string, fromEnv bool) {
	if p := os.Getenv("LAPAK_TEST_CHROMIUM"); p != "" {
		return p, true
	}
	if st, err := os.Stat("/usr/bin/chromium"); err == nil && !st.IsDir() {
		return "/usr/bin/chromium", false
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, false
		}
	}
	return "", false
}

// browser is one headless Chromium with one tab.
type browser struct {
	t        *testing.T
	base     string          // where paths given to open start
	tab      context.Context // the tab, started; steps run with the deadline
	deadline time.Time

	mu       sync.Mutex
	problems []string        // exceptions and CSP violations seen so far
	marks    chan string     // wakes consoleProblems: the watcher saw a sync marker
	seen     map[string]bool // markers seen
	ended    bool            // the test is ending: no more logging
}

// newBrowser starts Chromium at phone size on a fresh profile, or skips the
// test (fails under CI=true) when there is none. It ends with the test.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path, fromEnv := chromiumPath()
	if path == "" {
		const msg = "!!! Chromium NOT FOUND: the browser tests were SKIPPED. Install Debian's chromium (apt-get install chromium) or set LAPAK_TEST_CHROMIUM=/path to run them. !!!"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: a missing Chromium is a failure)")
		}
		t.Skip(msg)
	}
	if fromEnv {
		p, err := exec.LookPath(path)
		if err != nil {
			t.Fatalf("LAPAK_TEST_CHROMIUM=%s: %v", path, err)
		}
		path = p
	}
	profile := t.TempDir() // removed after Chromium has exited (cleanups run last-first)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(360, 800),
	)
	tab, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for Chromium to exit
	})
	b := &browser{t: t, base: strings.TrimRight(base, "/"), tab: tab, deadline: time.Now().Add(browserTimeout),
		marks: make(chan string, 16), seen: map[string]bool{}}

	// The first step starts Chromium and lives as long as the browser, so
	// it cannot carry the deadline itself: a timer gives up on a start that hangs.
	start := time.Now()
	hung := time.AfterFunc(browserTimeout, cancelTab)
	console := chromedp.Console(tab) // subscribed before any page loads
	err := chromedp.Do(tab, chromedp.EmulateViewport(360, 800, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(2)))
	hung.Stop()
	if err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	t.Logf("browser: %s started in %v", path, time.Since(start).Round(time.Millisecond))
	go b.watch(console)
	t.Cleanup(b.checkConsole) // before Chromium is stopped
	return b
}

// syncMark is a console line the harness writes to know the watcher has
// read everything the page logged before it.
const syncMark = "lapak-test-sync:"

// watch reads the tab's console: exceptions and CSP violations are
// problems that fail the test, other errors and warnings are logged.
func (b *browser) watch(console iter.Seq2[chromedp.ConsoleMessage, error]) {
	for m, err := range console {
		if err != nil {
			return // the tab ended
		}
		if m.Type == chromedp.ConsoleDebug && strings.HasPrefix(m.Text, syncMark) {
			b.mu.Lock()
			b.seen[m.Text] = true
			b.mu.Unlock()
			select {
			case b.marks <- m.Text:
			default:
			}
			continue
		}
		where := m.URL
		if where != "" {
			where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
		}
		switch {
		case m.IsException():
			b.problem("JavaScript exception: " + m.Text + where)
		case isCSPViolation(m):
			b.problem("Content-Security-Policy violation: " + m.Text + where)
		case strings.HasSuffix(m.URL, "/favicon.ico"): // Chromium asks; the dashboard has none
		case m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning:
			b.logf("browser console %s: %s%s", m.Type, m.Text, where)
		}
	}
}

func isCSPViolation(m chromedp.ConsoleMessage) bool {
	return strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy")
}

func (b *browser) problem(p string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, p)
}

// logf logs unless the test has ended (the watcher outlives it briefly).
func (b *browser) logf(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.ended {
		b.t.Logf(format, args...)
	}
}

// consoleProblems waits until the console watcher has read everything the
// page logged so far and returns the exceptions and CSP violations seen,
// forgetting them.
func (b *browser) consoleProblems() []string {
	b.t.Helper()
	mark := fmt.Sprintf("%s%d", syncMark, time.Now().UnixNano())
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf("console.debug(%q)", mark))); err != nil {
		b.t.Errorf("browser: reading the console: %v", err)
	}
	for {
		b.mu.Lock()
		done := b.seen[mark]
		b.mu.Unlock()
		if done {
			break
		}
		select {
		case <-b.marks:
		case <-ctx.Done():
			b.t.Errorf("browser: the console never showed %s", mark)
			return nil
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// checkConsole fails the test for every exception and CSP violation.
func (b *browser) checkConsole() {
	for _, p := range b.consoleProblems() {
		b.t.Errorf("browser: %s", p)
	}
	b.mu.Lock()
	b.ended = true
	b.mu.Unlock()
}

// step is a context for one step, bounded by the browser's deadline.
func (b *browser) step() (context.Context, context.CancelFunc) {
	return context.WithDeadline(b.tab, b.deadline)
}

func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %s: %v (page %s)", what, err, b.locationOrErr())
	}
}

func (b *browser) url(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return b.base + path
}

// open navigates to path (under base) or a full URL and waits for the load.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do("opening "+path, chromedp.Navigate(b.url(path)))
}

// openStatus opens path like open and returns the page's HTTP status.
func (b *browser) openStatus(path string) int {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.url(path)))
	if err != nil {
		b.t.Fatalf("browser: opening %s: %v", path, err)
	}
	return int(res.Status)
}

// click clicks the element sel (a CSS selector) once it is visible.
func (b *browser) click(sel string) {
	b.t.Helper()
	b.do("clicking "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// clickAndLoad clicks sel (a submit button, a link) and waits for the page
// it leads to to have loaded (after the POST's redirect, if any).
func (b *browser) clickAndLoad(sel string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))); err != nil {
		b.t.Fatalf("browser: clicking %s and loading the next page: %v (page %s)", sel, err, b.locationOrErr())
	}
}

// fill clears the field sel and types value into it.
func (b *browser) fill(sel, value string) {
	b.t.Helper()
	b.waitVisible(sel)
	// Cleared by script: chromedp's Clear refuses an empty <textarea>.
	b.waitJS("clearing "+sel, `(sel) => { const e = document.querySelector(sel); e.value = ""; return [""] }`, sel)
	b.do("filling "+sel, chromedp.SendKeys(chromedp.CSS(sel), value, chromedp.NodeVisible))
}

// upload sets the files of the <input type=file> sel (absolute paths).
func (b *browser) upload(sel string, paths ...string) {
	b.t.Helper()
	b.do("uploading to "+sel, chromedp.SetUploadFiles(chromedp.CSS(sel), paths, chromedp.NodeReady))
}

// text is the visible text of the element sel, once it is there.
func (b *browser) text(sel string) string {
	b.t.Helper()
	b.waitVisible(sel)
	return b.waitJS("the text of "+sel, `(sel) => { const e = document.querySelector(sel); return e ? [e.innerText] : null }`, sel)[0]
}

// waitVisible waits until the element sel is there and visible.
func (b *browser) waitVisible(sel string) {
	b.t.Helper()
	b.waitJS(sel+" visible", `(sel) => { const e = document.querySelector(sel); return e && e.checkVisibility() ? [""] : null }`, sel)
}

// waitText waits until the element sel's text contains want.
func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	if want == "" {
		// chromedp leaves an empty string argument out: the poll would see undefined.
		b.waitVisible(sel)
		return
	}
	b.waitJS(fmt.Sprintf("%s with %q", sel, want),
		`(sel, want) => { const e = document.querySelector(sel); return e && e.innerText.includes(want) ? [""] : null }`, sel, want)
}

// waitJS runs fn (a JavaScript function of args that returns a one-string
// array when its condition holds, else null) on every DOM change until it
// holds, and returns that array. A navigation ends a poll in the page: it
// starts again on the next one.
func (b *browser) waitJS(what, fn string, args ...any) []string {
	b.t.Helper()
	// One wait gives up long before the browser's deadline, so a failing
	// step leaves the page readable for the failure message.
	end := time.Now().Add(waitTimeout)
	if b.deadline.Before(end) {
		end = b.deadline
	}
	ctx, cancel := context.WithDeadline(b.tab, end)
	defer cancel()
	var last error
	for {
		left := time.Until(end)
		if left <= 0 || ctx.Err() != nil {
			break
		}
		v, err := chromedp.Run(ctx, chromedp.PollFunction[[]string](fn,
			chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(left), chromedp.WithPollingArgs(args...)))
		if err == nil && len(v) == 1 {
			return v
		}
		if err == nil || errors.Is(err, chromedp.ErrPollingTimeout) {
			last = err
			break
		}
		last = err // most likely the page navigated away: poll the next one
		// Wait for the next page to have loaded before polling it again.
		lctx, lcancel := context.WithTimeout(ctx, 2*time.Second)
		_, _ = chromedp.Run(lctx, chromedp.PollFunction[bool](`() => document.readyState === "complete"`, chromedp.WithPollingTimeout(2*time.Second)))
		lcancel()
	}
	body, _ := b.evalErr(`document.body ? document.body.innerText : ""`)
	b.t.Fatalf("browser: waiting for %s: %v\npage %s:\n%s", what, last, b.locationOrErr(), body)
	return nil
}

// evalErr is a JavaScript expression's value as a string.
func (b *browser) evalErr(expr string) (string, error) {
	ctx, cancel := b.step()
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[string](expr))
}

// evalJS is a JavaScript expression's value in b's page.
func evalJS[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("browser: evaluating %s: %v", expr, err)
	}
	return v
}

// location is the page's URL.
func (b *browser) location() string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("browser: reading the location: %v", err)
	}
	return u
}

func (b *browser) locationOrErr() string {
	ctx, cancel := b.step()
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown: " + err.Error() + ")"
	}
	return u
}

// screenshot writes a full-page PNG of the page: docs/screenshots/NAME.png
// with LAPAK_SCREENSHOTS=1 (the README's pictures), else in a temp dir, so
// a normal run leaves the tree alone.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("browser: screenshot %s: %v", name, err)
	}
	dir := b.t.TempDir()
	if os.Getenv("LAPAK_SCREENSHOTS") == "1" {
		dir = screenshotDir
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.t.Fatal(err)
		}
	}
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("browser: screenshot %s (%d bytes)", file, len(png))
}

// xssPage is a page that shows what a customer typed with HTML in it: it
// must run none of it, and Shows (if set) must be visible as text.
type xssPage struct {
	Path  string
	Shows []string
}

// assertNoXSS opens each page and checks that nothing injected ran: no
// window.__xss, no element an injection would add, no exception or CSP
// violation, and the escaped text visible as the customer typed it.
func (b *browser) assertNoXSS(pages ...xssPage) {
	b.t.Helper()
	for _, p := range pages {
		b.open(p.Path)
		for _, s := range p.Shows {
			b.waitText("body", s)
		}
		if got := evalJS[string](b, `typeof window.__xss === "undefined" ? "undefined" : String(window.__xss)`); got != "undefined" {
			b.t.Errorf("%s: injected script ran: window.__xss = %s", p.Path, got)
		}
		if n := evalJS[int](b, `document.querySelectorAll('img[src="x"], img[onerror], script:not([src]):not([type="application/json"])').length`); n != 0 {
			b.t.Errorf("%s: %d injected elements in the page", p.Path, n)
		}
		for _, problem := range b.consoleProblems() {
			b.t.Errorf("%s: %s", p.Path, problem)
		}
	}
}

// tempFile writes data to a file named name in a temp dir: something to upload.
func tempFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// dashShop is `lapak serve` on a shop set up as a seller would (realShopOn),
// with its dashboard on 127.0.0.1:<free port>.
type dashShop struct {
	t     *testing.T
	s     *shop
	tg    *telegramtest.Server
	base  string // http://127.0.0.1:PORT
	owner telegramtest.User
	logs  *watchedLog
	stop  func()
	st    *storage.Store
}

// serving is serve's log line once its HTTP server listens.
var serving = regexp.MustCompile(`msg="http: serving" listen=(127\.0\.0\.1:\d+)`)

// newDashShop starts serve on s (a fresh shop from newShop or pgShop),
// made a real shop on a fake Telegram whose owner is telegram:9000 (Sari).
// Set s.clock and s.env before to change them; serve stops with the test.
func newDashShop(t *testing.T, s *shop) *dashShop {
	t.Helper()
	s, tg := realShopOn(s)
	d := &dashShop{t: t, s: s, tg: tg, owner: telegramtest.User{ID: 9000, FirstName: "Sari"}, logs: newWatchedLog()}
	if s.env["LAPAK_ADMINS"] == "" {
		s.env["LAPAK_ADMINS"] = "telegram:9000"
	}
	// The login links name the listen address, so it cannot be ":0".
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s.env["LAPAK_HTTP_LISTEN"] = addr
	d.base = "http://" + addr
	d.stop = s.startServeArgs(d.logs)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if got := d.logs.wait(ctx, t, serving)[1]; got != addr {
		t.Fatalf("serve listens on %s, want %s", got, addr)
	}
	return d
}

// store is the shop's database, for a test's own reads.
func (d *dashShop) store() *storage.Store {
	d.t.Helper()
	if d.st == nil {
		opt := storage.Options{}
		if d.s.clock != nil {
			opt.Now = d.s.clock.Now
		}
		st, err := storage.Open(context.Background(), d.s.env["DATABASE_URL"], opt)
		if err != nil {
			d.t.Fatal(err)
		}
		d.t.Cleanup(func() { st.Close() })
		d.st = st
	}
	return d.st
}

// say sends text to the bot from u and returns how many messages u had
// received before (for waitMessage).
func (d *dashShop) say(u telegramtest.User, text string) int {
	n := len(d.tg.Sent(u.ID))
	d.tg.SendText(u, text)
	return n
}

// sentTo is every message the bot sent to chat, oldest first.
func (d *dashShop) sentTo(chat int64) []telegramtest.Sent { return d.tg.Sent(chat) }

// waitMessage waits for a message to chat, among those after the first
// after, whose text (or caption) contains want.
func (d *dashShop) waitMessage(ctx context.Context, chat int64, after int, want string) telegramtest.Sent {
	d.t.Helper()
	return waitAfter(ctx, d.t, d.tg, chat, after, want)
}

// placeOrder has u order qty Nastar Keju (realShop's one product, NST-KJ)
// in Telegram for pickup, paying by transfer, with name as the recipient,
// and returns the order number the bot gave.
func (d *dashShop) placeOrder(ctx context.Context, u telegramtest.User, name string, qty int) string {
	d.t.Helper()
	n := len(d.tg.Sent(u.ID))
	for _, line := range []string{fmt.Sprintf("pesan nastar keju %d", qty), "checkout", name, "0812-3456-7890", "1", "transfer", "ya"} {
		d.tg.SendText(u, line)
	}
	placed := d.waitMessage(ctx, u.ID, n, "No. pesanan")
	m := orderNumber.FindStringSubmatch(placed.Text)
	if m == nil {
		d.t.Fatalf("no order number in:\n%s", placed.Text)
	}
	return m[1]
}

// storeLogin makes a one-time login for u in the store, as /dashboard does
// in its chat turn, and returns its link and code.
func (d *dashShop) storeLogin(u lapak.DashboardUser) (link, code string) {
	d.t.Helper()
	var token string
	err := d.store().InTx(context.Background(), func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		token, code, err = lapak.NewDashboardLogin(ctx, tx, u, tx.Now())
		return err
	})
	if err != nil {
		d.t.Fatalf("making a dashboard login for %s: %v", u.Key, err)
	}
	return lapak.DashboardLoginLink(d.base, token), code
}

// loginAs logs b in as u: a fresh login link, its confirm page, its button.
func (d *dashShop) loginAs(b *browser, u lapak.DashboardUser) {
	d.t.Helper()
	link, _ := d.storeLogin(u)
	b.open(link)
	b.clickAndLoad("#confirm-login")
	if strings.HasPrefix(b.location(), d.base+"/dashboard/login") {
		d.t.Fatalf("logging in as %s: still at %s", u.Key, b.location())
	}
}

// noRedirects is an HTTP client that shows redirects instead of following
// them, as a link previewer's first request sees them.
var noRedirects = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Package dashboard is the seller's dashboard in the browser: today's
// work, orders, the inbox with human handover, the catalog, customers,
// promos, resellers and reports. It is server-rendered HTML (html/template,
// assets embedded, a few lines of JavaScript), mounted on Lapak's one HTTP
// server under /dashboard/.
//
// It changes nothing itself: every form runs one of the shop's operations
// (package shop), the same the chat desk runs, in a transaction of its own,
// and the audit entry names the dashboard user ("dashboard:telegram:123").
//
// Who may come in: an admin asks for a one-time link in chat (/dashboard);
// the link opens a confirm page and only its button's POST spends it (link
// previewers open links by themselves). A 6-digit code and an optional
// password are the other ways in. Sessions live in the database; every
// POST carries the session's CSRF token and passes Go's cross-origin
// check. Without LAPAK_PUBLIC_URL only this machine (loopback) is served.
package dashboard

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/promo"
	"github.com/lapak-id/lapak/shop"
)

// Prefix is where the dashboard is mounted.
const Prefix = "/dashboard/"

//go:embed templates static
var assets embed.FS

// Store is what the dashboard reads and keeps: each part of it declares
// the reads it needs beside its pages (orders.go, inbox.go, …); changes go
// through the shop's operations in shop.Store's transactions.
type Store interface {
	shop.Store
	sessionStore
	loginStore
	todayStore
	orderStore
	inboxStore
	catalogStore
	customerStore
	promoStore
	resellerStore
	reportStore
	settingsStore
}

// MediaLoader reads a picture by its reference (a proof, a product photo:
// "stored:12", a channel's file id), as the adapters send them (bot.Media).
type MediaLoader interface {
	Load(ctx context.Context, ref string) (data []byte, url string, err error)
}

// Options configures the dashboard.
type Options struct {
	Shop     *shop.Shop
	Promo    *promo.Promo // nil: the promos pages say promos are off
	Store    Store
	Settings lapak.Shop // name, language, time zone, how prices are written
	Media    MediaLoader
	Now      func() time.Time
	Logger   *slog.Logger
	// PublicURL is LAPAK_PUBLIC_URL ("https://toko.example.com"): the base
	// of login links, and the only way the dashboard serves anyone but this
	// machine. "" serves loopback clients only; an https URL makes cookies
	// Secure.
	PublicURL string
	// Notify wakes the sender after an operation queued messages.
	Notify func()
	// HandoverIdle is LAPAK_HANDOVER_IDLE: a chat a seller took over goes
	// back to the bot after this long without a seller's message.
	HandoverIdle time.Duration
	// Owners are LAPAK_ADMINS, owners whatever the database says.
	Owners []lapak.Identity
	// Secrets are the configuration's secrets by name, and whether each
	// is set: the settings page shows "set", never a value.
	Secrets []Secret
}

// Dashboard serves the dashboard's pages.
type Dashboard struct {
	opt   Options
	log   *slog.Logger
	mux   *http.ServeMux
	pages map[lapak.Language]map[string]*template.Template
	cop   *http.CrossOriginProtection
	// feed is the live inbox's poller; closing ends its streams (Close).
	feed      *feed
	closing   chan struct{}
	closeOnce sync.Once
}

// New parses the templates and routes the pages.
func New(opt Options) (*Dashboard, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Notify == nil {
		opt.Notify = func() {}
	}
	if opt.HandoverIdle <= 0 {
		opt.HandoverIdle = 30 * time.Minute
	}
	if opt.Settings.Location == nil {
		opt.Settings.Location = time.UTC
	}
	if opt.Settings.Language != lapak.English {
		opt.Settings.Language = lapak.Indonesian
	}
	d := &Dashboard{opt: opt, log: opt.Logger, mux: http.NewServeMux(), cop: http.NewCrossOriginProtection(), closing: make(chan struct{})}
	d.feed = newFeed(d)
	if opt.PublicURL != "" {
		u, err := url.Parse(opt.PublicURL)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("dashboard: LAPAK_PUBLIC_URL %q is not a URL", opt.PublicURL)
		}
		if err := d.cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, fmt.Errorf("dashboard: LAPAK_PUBLIC_URL: %w", err)
		}
	}
	if err := d.parse(); err != nil {
		return nil, err
	}
	d.routes()
	return d, nil
}

// routes mounts every page; each part adds its own in its file.
func (d *Dashboard) routes() {
	static, _ := fs.Sub(assets, "static")
	files := http.StripPrefix(Prefix+"static/", http.FileServerFS(static))
	d.mux.Handle("GET "+Prefix+"static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
	d.authRoutes()
	d.todayRoutes()
	d.orderRoutes()
	d.inboxRoutes()
	d.catalogRoutes()
	d.customerRoutes()
	d.promoRoutes()
	d.resellerRoutes()
	d.reportRoutes()
	d.settingsRoutes()
}

// ServeHTTP serves one request under Prefix.
func (d *Dashboard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer") // a login link must not leak through a Referer
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "+
		"frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	if d.opt.PublicURL == "" && !loopback(r.RemoteAddr) {
		http.Error(w, "Dasbor hanya bisa dibuka dari komputer ini. Atur LAPAK_PUBLIC_URL untuk membukanya dari tempat lain.\n"+
			"The dashboard only serves this machine. Set LAPAK_PUBLIC_URL to open it from elsewhere.", http.StatusForbidden)
		return
	}
	if l := r.URL.Query().Get("lang"); r.Method == http.MethodGet && (l == "id" || l == "en") {
		// The language links: remember the choice, then show the page without the parameter.
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: Prefix, MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
		q := r.URL.Query()
		q.Del("lang")
		u := *r.URL
		u.RawQuery = q.Encode()
		http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
		return
	}
	d.cop.Handler(d.mux).ServeHTTP(w, r)
}

// Close ends the live inbox's event streams at once, so the HTTP server's
// graceful shutdown does not wait for them (they never end by
// themselves); pages and forms go on being served. Safe to call twice.
func (d *Dashboard) Close() {
	d.closeOnce.Do(func() { close(d.closing) })
}

// ChatChanged wakes the live inbox: a message was just committed in this
// process (the router's OnCommit). Without it the inbox still sees every
// message within a fifth of a second.
func (d *Dashboard) ChatChanged() { d.feed.wake() }

// loopback reports whether a request came from this machine.
func loopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// secure reports whether cookies must be Secure (served behind HTTPS).
func (d *Dashboard) secure() bool { return strings.HasPrefix(d.opt.PublicURL, "https://") }

// BaseURL is where the dashboard is reached from a browser: LAPAK_PUBLIC_URL,
// or listen's loopback address. Login links start with it.
func BaseURL(publicURL, listen string) string {
	if publicURL != "" {
		return strings.TrimRight(publicURL, "/")
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "http://127.0.0.1:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Errors a handler returns to say what the person sees.
var (
	// errForbidden: the page is for owners only.
	errForbidden = errors.New("dashboard: owners only")
	// errBadRequest: a form that cannot be read.
	errBadRequest = errors.New("dashboard: bad request")
)

// handler is one page or form: it renders, redirects or returns an error
// the dashboard shows (lapak.ErrNotFound: 404, errForbidden: 403, others 500).
type handler func(w http.ResponseWriter, r *http.Request, c *call) error

// get, post and public mount h for pattern's path under Prefix ("orders",
// "orders/{number}"). get and post need a session, owner only pages need
// owner; post checks the CSRF token first.
func (d *Dashboard) get(path string, ownerOnly bool, h handler) {
	d.mux.Handle("GET "+Prefix+path, d.wrap(true, false, ownerOnly, h))
}

func (d *Dashboard) post(path string, ownerOnly bool, h handler) {
	d.mux.Handle("POST "+Prefix+path, d.wrap(true, true, ownerOnly, h))
}

// public mounts a page that needs no session (the login pages); method is
// "GET" or "POST".
func (d *Dashboard) public(method, path string, h handler) {
	d.mux.Handle(method+" "+Prefix+path, d.wrap(false, false, false, h))
}

func (d *Dashboard) wrap(needSession, checkCSRF, ownerOnly bool, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &call{d: d, lang: d.language(r)}
		ses, err := d.session(r)
		switch {
		case err == nil:
			c.ses = &ses
		case !errors.Is(err, lapak.ErrNotFound):
			d.fail(w, r, c, err)
			return
		}
		if needSession && c.ses == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, Prefix+"login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			d.fail(w, r, c, errLoggedOut)
			return
		}
		if checkCSRF && !c.csrfOK(r) {
			d.fail(w, r, c, errCSRF)
			return
		}
		if ownerOnly && !c.ses.User.Owner() {
			d.fail(w, r, c, errForbidden)
			return
		}
		if c.ses != nil {
			d.touch(r.Context(), c.ses)
		}
		if err := h(w, r, c); err != nil {
			d.fail(w, r, c, err)
		}
	})
}

// fail shows an error page with the status err calls for; a cause that is
// not the person's to read goes to the log.
func (d *Dashboard) fail(w http.ResponseWriter, r *http.Request, c *call, err error) {
	code, key := http.StatusInternalServerError, "error.internal"
	switch {
	case errors.Is(err, lapak.ErrNotFound):
		code, key = http.StatusNotFound, "error.notfound"
	case errors.Is(err, errForbidden):
		code, key = http.StatusForbidden, "error.forbidden"
	case errors.Is(err, errCSRF):
		code, key = http.StatusForbidden, "error.csrf"
	case errors.Is(err, errLoggedOut):
		code, key = http.StatusUnauthorized, "error.loggedout"
	case errors.Is(err, errBadRequest):
		code, key = http.StatusBadRequest, "error.badrequest"
	case errors.Is(err, errThrottled):
		code, key = http.StatusTooManyRequests, "error.throttled"
	default:
		d.log.Error("dashboard: request failed", "path", r.URL.Path, "err", err)
	}
	w.WriteHeader(code)
	c.renderStatus(w, "error", code, errorPage{Message: c.t(key), Code: code})
}

type errorPage struct {
	Message string
	Code    int
}

// do runs fn, one of the shop's operations, in a transaction of its own as
// the dashboard user, and wakes the sender once it committed.
func (c *call) do(ctx context.Context, fn func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error) error {
	by := shop.Dashboard(c.ses.User.Key)
	if err := c.d.opt.Shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error { return fn(ctx, tx, by) }); err != nil {
		return err
	}
	c.d.opt.Notify()
	return nil
}

// now is the dashboard's clock.
func (d *Dashboard) now() time.Time { return d.opt.Now() }

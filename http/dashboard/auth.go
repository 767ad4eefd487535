package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"golang.org/x/crypto/bcrypt"
)

// loginStore spends one-time logins, checks passwords and counts failed
// tries (storage.Store).
type loginStore interface {
	DashboardLogin(ctx context.Context, tokenHash string) (lapak.DashboardLogin, error)
	SpendDashboardLogin(ctx context.Context, hash string, byCode bool) (lapak.DashboardUser, error)
	DashboardPassword(ctx context.Context, username string) (hash string, role lapak.Role, err error)
	DashboardTries(ctx context.Context, key string, since time.Time) (int, error)
	AddDashboardTry(ctx context.Context, key string, before time.Time) error
}

// The login throttle: failed logins (a wrong code, password or link) from
// one address, and from everyone together, within throttleWindow.
const (
	throttleWindow  = 15 * time.Minute
	throttlePerAddr = 10
	throttleAll     = 100
	// CodeDigits is how long a typed login code is.
	CodeDigits = lapak.DashboardCodeDigits
)

var errThrottled = errors.New("dashboard: too many failed logins")

var authWords = words{
	"login.title":        {"Masuk ke dasbor", "Log in to the dashboard"},
	"login.how":          {"Kirim /dashboard ke bot toko dari akun admin Anda. Bot membalas dengan tautan masuk dan kode 6 angka.", "Send /dashboard to the shop's bot from your admin account. It replies with a login link and a 6-digit code."},
	"login.code":         {"Kode 6 angka", "6-digit code"},
	"login.code.submit":  {"Masuk dengan kode", "Log in with the code"},
	"login.password":     {"Atau masuk dengan kata sandi", "Or log in with a password"},
	"login.username":     {"Nama pengguna", "Username"},
	"login.pass":         {"Kata sandi", "Password"},
	"login.pass.submit":  {"Masuk", "Log in"},
	"login.wrong":        {"Kode atau kata sandi salah, atau kodenya sudah dipakai/kedaluwarsa. Minta kode baru dengan /dashboard.", "Wrong code or password, or the code was used or has expired. Ask for a new one with /dashboard."},
	"login.confirm":      {"Masuk sebagai %s", "Log in as %s"},
	"login.confirm.why":  {"Tautan ini hanya bisa dipakai sekali, dalam 10 menit. Tekan tombol di bawah untuk masuk.", "This link works once, within 10 minutes. Press the button below to log in."},
	"login.confirm.go":   {"Masuk sekarang", "Log in now"},
	"login.spent":        {"Tautan masuk ini sudah dipakai, kedaluwarsa, atau tidak dikenal. Kirim /dashboard ke bot untuk tautan baru, atau ketik kodenya di bawah.", "This login link was used, has expired or is unknown. Send /dashboard to the bot for a new one, or type the code below."},
	"login.welcome":      {"Selamat datang, %s.", "Welcome, %s."},
	"login.loggedout":    {"Anda sudah keluar.", "You are logged out."},
	"login.already":      {"Anda sudah masuk sebagai %s.", "You are already logged in as %s."},
	"login.go.dashboard": {"Buka dasbor", "Open the dashboard"},
}

// authRoutes mounts the login pages.
func (d *Dashboard) authRoutes() {
	d.public("GET", "login", d.loginPage)
	d.public("POST", "login/code", d.loginCode)
	d.public("POST", "login/password", d.loginPassword)
	d.public("GET", "login/t/{token}", d.confirmPage)
	d.public("POST", "login/t/{token}", d.confirmLogin)
	d.post("logout", false, d.logout)
}

type loginData struct {
	Next    string
	Problem string // a sentence: why the last try did not work
	Spent   bool   // a login link that cannot be used (confirm page)
	Name    string // who the link logs in (confirm page)
	Token   string
}

func (d *Dashboard) loginPage(w http.ResponseWriter, r *http.Request, c *call) error {
	return c.render(w, r, "login", loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

// confirmPage shows who a login link logs in, and spends nothing: link
// previewers and the chat apps open links by themselves.
func (d *Dashboard) confirmPage(w http.ResponseWriter, r *http.Request, c *call) error {
	token := r.PathValue("token")
	l, err := d.opt.Store.DashboardLogin(r.Context(), lapak.DashboardHash(token))
	if errors.Is(err, lapak.ErrLoginSpent) {
		return c.renderAt(w, r, http.StatusGone, "login", loginData{Spent: true})
	}
	if err != nil {
		return err
	}
	name := l.User.Name
	if name == "" {
		name = l.User.Key
	}
	return c.render(w, r, "confirm", loginData{Name: name, Token: token})
}

// confirmLogin spends the link, from its confirm page's button.
func (d *Dashboard) confirmLogin(w http.ResponseWriter, r *http.Request, c *call) error {
	return d.spend(w, r, c, lapak.DashboardHash(r.PathValue("token")), false, "")
}

func (d *Dashboard) loginCode(w http.ResponseWriter, r *http.Request, c *call) error {
	code := digitsOnly(r.PostFormValue("code"))
	next := safeNext(r.PostFormValue("next"))
	if utf8.RuneCountInString(code) != CodeDigits {
		return d.wrong(w, r, c, next)
	}
	return d.spend(w, r, c, lapak.DashboardHash(code), true, next)
}

// spend logs in with a one-time login, throttled.
func (d *Dashboard) spend(w http.ResponseWriter, r *http.Request, c *call, h string, byCode bool, next string) error {
	if err := d.throttled(r); err != nil {
		return err
	}
	u, err := d.opt.Store.SpendDashboardLogin(r.Context(), h, byCode)
	if errors.Is(err, lapak.ErrLoginSpent) {
		if !byCode {
			d.failedTry(r)
			return c.renderAt(w, r, http.StatusGone, "login", loginData{Spent: true})
		}
		return d.wrong(w, r, c, next)
	}
	if err != nil {
		return err
	}
	return d.loggedIn(w, r, c, u, next)
}

func (d *Dashboard) loginPassword(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := d.throttled(r); err != nil {
		return err
	}
	name := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	pass := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	if name == "" || len(name) > 64 || pass == "" || len(pass) > 72 {
		return d.wrong(w, r, c, next)
	}
	stored, role, err := d.opt.Store.DashboardPassword(r.Context(), name)
	if errors.Is(err, lapak.ErrNotFound) {
		// Spend as long as a real check, so timing does not tell names apart.
		bcrypt.CompareHashAndPassword(dummyHash, []byte(pass))
		return d.wrong(w, r, c, next)
	}
	if err != nil {
		return err
	}
	if bcrypt.CompareHashAndPassword([]byte(stored), []byte(pass)) != nil {
		return d.wrong(w, r, c, next)
	}
	return d.loggedIn(w, r, c, lapak.DashboardUser{Key: "password:" + name, Name: name, Role: role}, next)
}

// dummyHash is a bcrypt hash nobody's password matches.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("lapak: no such user"), bcrypt.DefaultCost)

// HashPassword is how `lapak dashboard-password` keeps a password.
func HashPassword(pass string) (string, error) {
	if utf8.RuneCountInString(pass) < 8 {
		return "", errors.New("a dashboard password needs at least 8 characters")
	}
	if len(pass) > 72 {
		return "", errors.New("a dashboard password may have at most 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pass), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("dashboard: hashing a password: %w", err)
	}
	return string(h), nil
}

// wrong answers a failed login: the same sentence for every cause, counted.
func (d *Dashboard) wrong(w http.ResponseWriter, r *http.Request, c *call, next string) error {
	d.failedTry(r)
	return c.renderAt(w, r, http.StatusUnauthorized, "login", loginData{Next: next, Problem: c.t("login.wrong")})
}

func (d *Dashboard) loggedIn(w http.ResponseWriter, r *http.Request, c *call, u lapak.DashboardUser, next string) error {
	if c.ses != nil { // a new login replaces the browser's old session
		if err := d.opt.Store.DeleteDashboardSession(r.Context(), c.ses.TokenHash); err != nil {
			return err
		}
	}
	if err := d.startSession(r.Context(), w, u); err != nil {
		return err
	}
	// Who came in, and how, is in the audit log beside what they did.
	how := "code"
	switch {
	case strings.HasPrefix(r.URL.Path, Prefix+"login/t/"):
		how = "link"
	case strings.HasPrefix(u.Key, "password:"):
		how = "password"
	}
	err := d.opt.Store.InTx(r.Context(), func(ctx context.Context, tx lapak.OpsTx) error {
		return tx.Audit(ctx, lapak.AuditEntry{Actor: shop.Dashboard(u.Key).Identity, Command: "dashboard-login", Target: u.Key,
			After: string(u.Role) + " by " + how, At: tx.Now()})
	})
	if err != nil {
		return err
	}
	d.log.Info("dashboard: logged in", "user", u.Key, "role", string(u.Role), "by", how)
	if next == "" {
		next = Prefix
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (d *Dashboard) logout(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := d.endSession(r.Context(), w, c); err != nil {
		return err
	}
	c.ses = nil
	http.Redirect(w, r, Prefix+"login", http.StatusSeeOther)
	return nil
}

// throttled refuses a login try after too many failed ones, from this
// address or from everyone.
func (d *Dashboard) throttled(r *http.Request) error {
	since := d.now().Add(-throttleWindow)
	n, err := d.opt.Store.DashboardTries(r.Context(), "addr:"+clientAddr(r), since)
	if err != nil {
		return err
	}
	all, err := d.opt.Store.DashboardTries(r.Context(), "all", since)
	if err != nil {
		return err
	}
	if n >= throttlePerAddr || all >= throttleAll {
		return errThrottled
	}
	return nil
}

func (d *Dashboard) failedTry(r *http.Request) {
	before := d.now().Add(-throttleWindow)
	for _, key := range []string{"addr:" + clientAddr(r), "all"} {
		if err := d.opt.Store.AddDashboardTry(r.Context(), key, before); err != nil {
			d.log.Warn("dashboard: counting a failed login", "err", err)
		}
	}
}

// clientAddr is the request's remote IP (behind a proxy: the proxy's, so
// the per-address limit then works like the global one).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// safeNext keeps a redirect after login inside the dashboard.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix) || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return ""
	}
	return next
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if r != ' ' && r != '-' {
			return "" // letters are never part of a code
		}
	}
	return b.String()
}

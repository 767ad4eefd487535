package dashboard

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// sessionStore keeps the logged-in browsers (storage.Store).
type sessionStore interface {
	CreateDashboardSession(ctx context.Context, s lapak.DashboardSession) error
	DashboardSession(ctx context.Context, tokenHash string) (lapak.DashboardSession, error)
	TouchDashboardSession(ctx context.Context, tokenHash string, expires time.Time, clearFlash bool) error
	SetDashboardFlash(ctx context.Context, tokenHash, msg string) error
	DeleteDashboardSession(ctx context.Context, tokenHash string) error
}

const (
	// sessionCookie holds the session's token.
	sessionCookie = "lapak_session"
	// langCookie holds the language the person chose.
	langCookie = "lapak_lang"
	// sessionIdle ends a session unused this long (a seller's phone stays
	// logged in for weeks of daily use).
	sessionIdle = 30 * 24 * time.Hour
	// touchEvery bounds how often a session's last use is written.
	touchEvery = time.Hour
)

var (
	errCSRF      = errors.New("dashboard: missing or wrong CSRF token")
	errLoggedOut = errors.New("dashboard: not logged in")
)

// call is one request: who asks (nil ses before login) and in which language.
type call struct {
	d    *Dashboard
	ses  *lapak.DashboardSession
	lang lapak.Language
	// flashShown: the page rendered the session's flash, so it is cleared.
	flashShown bool
}

// User is who is logged in (the zero value before login).
func (c *call) User() lapak.DashboardUser {
	if c.ses == nil {
		return lapak.DashboardUser{}
	}
	return c.ses.User
}

// newToken is 32 random bytes, URL-safe.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// session is the request's live session; lapak.ErrNotFound without one.
func (d *Dashboard) session(r *http.Request) (lapak.DashboardSession, error) {
	ck, err := r.Cookie(sessionCookie)
	if err != nil || ck.Value == "" || len(ck.Value) > 100 {
		return lapak.DashboardSession{}, lapak.ErrNotFound
	}
	return d.opt.Store.DashboardSession(r.Context(), lapak.DashboardHash(ck.Value))
}

// startSession logs the browser in as u: a new token in an HttpOnly,
// SameSite cookie (Secure behind HTTPS) and its hash in the store.
func (d *Dashboard) startSession(ctx context.Context, w http.ResponseWriter, u lapak.DashboardUser) error {
	token := newToken()
	ses := lapak.DashboardSession{TokenHash: lapak.DashboardHash(token), User: u, CSRF: newToken(), Expires: d.now().Add(sessionIdle)}
	if err := d.opt.Store.CreateDashboardSession(ctx, ses); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: Prefix, HttpOnly: true, Secure: d.secure(),
		SameSite: http.SameSiteLaxMode, MaxAge: int(sessionIdle / time.Second)})
	return nil
}

// endSession logs the browser out.
func (d *Dashboard) endSession(ctx context.Context, w http.ResponseWriter, c *call) error {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: Prefix, HttpOnly: true, Secure: d.secure(),
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	if c.ses == nil {
		return nil
	}
	return d.opt.Store.DeleteDashboardSession(ctx, c.ses.TokenHash)
}

// touch slides the session's expiry, at most once per touchEvery.
func (d *Dashboard) touch(ctx context.Context, s *lapak.DashboardSession) {
	if d.now().Sub(s.LastSeen) < touchEvery {
		return
	}
	if err := d.opt.Store.TouchDashboardSession(ctx, s.TokenHash, d.now().Add(sessionIdle), false); err != nil {
		d.log.Warn("dashboard: touching a session", "err", err)
	}
}

// csrfOK reports whether a POST carries the session's CSRF token, as the
// form field "csrf" or the X-CSRF-Token header (the page's few scripts).
func (c *call) csrfOK(r *http.Request) bool {
	if c.ses == nil {
		return false
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf") // multipart forms too (ParseMultipartForm first for those)
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(c.ses.CSRF)) == 1
}

// CSRF is the token the page's forms carry.
func (c *call) CSRF() string {
	if c.ses == nil {
		return ""
	}
	return c.ses.CSRF
}

// flash keeps msg (already in the person's language) for the next page:
// what a POST did, shown after its redirect.
func (c *call) flash(ctx context.Context, msg string) {
	if c.ses == nil {
		return
	}
	if err := c.d.opt.Store.SetDashboardFlash(ctx, c.ses.TokenHash, msg); err != nil {
		c.d.log.Warn("dashboard: keeping a message", "err", err)
	}
}

// redirect answers a POST with a 303 to path under Prefix, with msg shown there.
func (c *call) redirect(w http.ResponseWriter, r *http.Request, path, msg string) error {
	if msg != "" {
		c.flash(r.Context(), msg)
	}
	http.Redirect(w, r, Prefix+path, http.StatusSeeOther)
	return nil
}

// language is the one the person chose (cookie), else the shop's.
func (d *Dashboard) language(r *http.Request) lapak.Language {
	if ck, err := r.Cookie(langCookie); err == nil {
		switch ck.Value {
		case "en":
			return lapak.English
		case "id":
			return lapak.Indonesian
		}
	}
	return d.opt.Settings.Language
}

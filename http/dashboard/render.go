package dashboard

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// Every page is templates/<name>.html, defining "title" and "content",
// rendered inside templates/layout.html; templates/partials/*.html are
// shared by all. Each language gets its own parsed set, so {{t "key"}}
// needs no argument for the language.

// parse reads every page once per language.
func (d *Dashboard) parse() error {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return err
	}
	partials, err := fs.Glob(assets, "templates/partials/*.html")
	if err != nil {
		return err
	}
	d.pages = map[lapak.Language]map[string]*template.Template{}
	for _, lang := range []lapak.Language{lapak.Indonesian, lapak.English} {
		set := map[string]*template.Template{}
		for _, n := range names {
			name := strings.TrimSuffix(path.Base(n), ".html")
			if name == "layout" {
				continue
			}
			files := append([]string{"templates/layout.html"}, partials...)
			files = append(files, n)
			t, err := template.New("layout.html").Funcs(d.funcs(lang)).ParseFS(assets, files...)
			if err != nil {
				return fmt.Errorf("dashboard: parsing %s: %w", n, err)
			}
			set[name] = t
		}
		d.pages[lang] = set
	}
	return nil
}

// funcs are the templates' functions in lang.
func (d *Dashboard) funcs(lang lapak.Language) template.FuncMap {
	loc := d.opt.Settings.Location
	return template.FuncMap{
		// t is a sentence of the dashboard in lang; tf formats it with args.
		"t":  func(key string) string { return word(lang, key) },
		"tf": func(key string, args ...any) string { return fmt.Sprintf(word(lang, key), args...) },
		// rp writes money the shop's way (Rp15.000).
		"rp": func(m lapak.Money) string { return d.opt.Settings.Price.Format(m) },
		// status is an order status in words.
		"status": func(s lapak.OrderStatus) string { return text.Status(lang, s) },
		// date, datetime and clock show a time in the shop's time zone.
		"date":     func(t time.Time) string { return when(t, loc, "02/01/2006") },
		"datetime": func(t time.Time) string { return when(t, loc, "02/01/2006 15.04") },
		"clock":    func(t time.Time) string { return when(t, loc, "15.04") },
		// iso is a time for <time datetime> and <input type=datetime-local>.
		"iso":  func(t time.Time) string { return when(t, loc, "2006-01-02T15:04") },
		"lang": func() string { return string(lang) },
		// add is a + b (page numbers).
		"add": func(a, b int) int { return a + b },
	}
}

func when(t time.Time, loc *time.Location, layout string) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format(layout)
}

// layoutData is what layout.html gets: the page's own data is .Page.
type layoutData struct {
	Shop   string
	User   lapak.DashboardUser
	CSRF   string
	Flash  string
	Lang   string
	Active string // the page's name, for the menu
	Path   string // the request's path and query, for the language links
	Page   any
}

// render writes page name with data, status 200.
func (c *call) render(w http.ResponseWriter, r *http.Request, name string, data any) error {
	return c.renderAt(w, r, http.StatusOK, name, data)
}

// renderStatus writes page name after a status was chosen (error pages).
func (c *call) renderStatus(w http.ResponseWriter, name string, code int, data any) {
	var buf bytes.Buffer
	if err := c.execute(&buf, name, "", data); err != nil {
		c.d.log.Error("dashboard: rendering", "page", name, "err", err)
		return
	}
	w.Write(buf.Bytes())
}

func (c *call) renderAt(w http.ResponseWriter, r *http.Request, code int, name string, data any) error {
	var buf bytes.Buffer
	if err := c.execute(&buf, name, r.URL.RequestURI(), data); err != nil {
		return err
	}
	if c.flashShown {
		if err := c.d.opt.Store.TouchDashboardSession(r.Context(), c.ses.TokenHash, c.d.now().Add(sessionIdle), true); err != nil {
			c.d.log.Warn("dashboard: clearing a shown message", "err", err)
		}
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, err := w.Write(buf.Bytes())
	return err
}

func (c *call) execute(buf *bytes.Buffer, name, path string, data any) error {
	t := c.d.pages[c.lang][name]
	if t == nil {
		return fmt.Errorf("dashboard: no page %q", name)
	}
	ld := layoutData{Shop: c.d.opt.Settings.Name, User: c.User(), CSRF: c.CSRF(), Lang: string(c.lang), Active: name, Path: path, Page: data}
	if c.ses != nil && c.ses.Flash != "" {
		ld.Flash, c.flashShown = c.ses.Flash, true
	}
	if err := t.ExecuteTemplate(buf, "layout.html", ld); err != nil {
		return fmt.Errorf("dashboard: rendering %s: %w", name, err)
	}
	return nil
}

// t is a sentence of the dashboard in the person's language.
func (c *call) t(key string, args ...any) string {
	if len(args) == 0 {
		return word(c.lang, key)
	}
	return fmt.Sprintf(word(c.lang, key), args...)
}

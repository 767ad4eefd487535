package config

import (
	"net"
	"slices"
	"strings"
)

// reservedPaths are served by Lapak itself on the HTTP server; the Telegram
// webhook may not take them.
var reservedPaths = []string{"/healthz", "/readyz", "/midtrans/notification"}

func reservedPath(p string) bool {
	return slices.Contains(reservedPaths, strings.TrimRight(p, "/"))
}

// listen reads a TCP listen address such as ":8080" or "127.0.0.1:8080".
func (p *parser) listen(key string) string {
	v := p.value(key)
	if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
		p.fail(key, "%q is not a listen address (use e.g. :8080 or 127.0.0.1:8080)", v)
		return ""
	}
	return v
}

// optionalListen is listen for a setting that may be empty (not used).
func (p *parser) optionalListen(key string) string {
	if p.value(key) == "" {
		return ""
	}
	return p.listen(key)
}

// Listener is one address `lapak serve` serves its HTTP server on, and the
// setting it comes from.
type Listener struct {
	Key  string // e.g. "LAPAK_HTTP_LISTEN"
	Addr string
}

// Listeners is where `lapak serve` serves its one HTTP server:
// LAPAK_HTTP_LISTEN, then, for one release, LAPAK_TELEGRAM_LISTEN (with a
// webhook) and LAPAK_MIDTRANS_LISTEN (with a server key) when they name
// another address. Every address gets the same routes.
func (c Config) Listeners() []Listener {
	ls := []Listener{{Key: "LAPAK_HTTP_LISTEN", Addr: c.HTTP.Listen}}
	add := func(key, addr string) {
		if addr == "" {
			return
		}
		for _, l := range ls {
			if sameAddr(l.Addr, addr) {
				return
			}
		}
		ls = append(ls, Listener{Key: key, Addr: addr})
	}
	if c.Telegram.Token != "" && c.Telegram.WebhookURL != "" {
		add("LAPAK_TELEGRAM_LISTEN", c.Telegram.Listen)
	}
	if c.Midtrans.ServerKey != "" {
		add("LAPAK_MIDTRANS_LISTEN", c.Midtrans.Listen)
	}
	return ls
}

// Deprecated names the deprecated settings that are set, so serve can say
// once what replaces each.
func (c Config) Deprecated() []string {
	var keys []string
	if c.Telegram.Listen != "" {
		keys = append(keys, "LAPAK_TELEGRAM_LISTEN")
	}
	if c.Midtrans.Listen != "" {
		keys = append(keys, "LAPAK_MIDTRANS_LISTEN")
	}
	return keys
}

// sameAddr reports whether two listen addresses are one socket: the same
// text, or the same fixed port on the same host or on all interfaces
// (which could not both be bound anyway).
func sameAddr(a, b string) bool {
	if a == b {
		return true
	}
	ha, pa, err1 := net.SplitHostPort(a)
	hb, pb, err2 := net.SplitHostPort(b)
	if err1 != nil || err2 != nil || pa != pb || pa == "0" {
		return false
	}
	any := func(h string) bool { return h == "" || h == "0.0.0.0" || h == "::" }
	return ha == hb || any(ha) || any(hb)
}

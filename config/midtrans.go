package config

import (
	"net/url"
	"strings"
)

// Midtrans's Snap base URLs. The server key decides which one is meant:
// Midtrans gives sandbox server keys the prefix "SB-" ("SB-Mid-server-…")
// and production keys none ("Mid-server-…"). LAPAK_MIDTRANS_API_URL
// overrides it, for a proxy or a test server.
const (
	midtransSandbox    = "https://app.sandbox.midtrans.com"
	midtransProduction = "https://app.midtrans.com"
)

// midtrans reads the Midtrans settings. Without a server key online payment
// is off and only a stray API URL is reported.
func (p *parser) midtrans() Midtrans {
	m := Midtrans{
		ServerKey: p.value("LAPAK_MIDTRANS_SERVER_KEY"),
		APIURL:    p.value("LAPAK_MIDTRANS_API_URL"),
		Listen:    p.optionalListen("LAPAK_MIDTRANS_LISTEN"),
	}
	if m.ServerKey == "" {
		if m.APIURL != "" {
			p.fail("LAPAK_MIDTRANS_API_URL", "is set but LAPAK_MIDTRANS_SERVER_KEY is not: online payment needs the server key from the Midtrans dashboard")
		}
		return m
	}
	// Never echo the key, even a malformed one.
	key := m.ServerKey
	sandbox := strings.HasPrefix(key, "SB-")
	switch {
	case strings.Contains(key, "-client-"):
		p.fail("LAPAK_MIDTRANS_SERVER_KEY", "is a client key: Lapak needs the server key (Midtrans dashboard, Settings → Access Keys: Server Key)")
	case len(key) < 10 || len(key) > 200 || strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r > '~' || r == ':' }):
		p.fail("LAPAK_MIDTRANS_SERVER_KEY", "does not look like a Midtrans server key (copy the Server Key from the Midtrans dashboard, Settings → Access Keys: SB-Mid-server-… for the sandbox, Mid-server-… for production)")
	}
	if m.APIURL == "" {
		m.APIURL = midtransProduction
		if sandbox {
			m.APIURL = midtransSandbox
		}
	} else {
		u, err := url.Parse(m.APIURL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			p.fail("LAPAK_MIDTRANS_API_URL", "%q is not an http(s) URL (leave it empty: the server key picks %s or %s)", m.APIURL, midtransSandbox, midtransProduction)
		case sandbox && u.Host == "app.midtrans.com":
			p.fail("LAPAK_MIDTRANS_API_URL", "%q is Midtrans production, but LAPAK_MIDTRANS_SERVER_KEY is a sandbox key (SB-…): leave the URL empty or use the production server key", m.APIURL)
		case !sandbox && u.Host == "app.sandbox.midtrans.com":
			p.fail("LAPAK_MIDTRANS_API_URL", "%q is the Midtrans sandbox, but LAPAK_MIDTRANS_SERVER_KEY is a production key: leave the URL empty or use the sandbox server key (SB-…)", m.APIURL)
		}
		m.APIURL = strings.TrimRight(m.APIURL, "/")
	}
	return m
}

package config

import (
	"reflect"
	"testing"
)

func TestHTTPListen(t *testing.T) {
	cfg, err := Load("", env(nil))
	if err != nil || cfg.HTTP.Listen != ":8080" {
		t.Fatalf("default: %q %v", cfg.HTTP.Listen, err)
	}
	if got := cfg.Listeners(); !reflect.DeepEqual(got, []Listener{{"LAPAK_HTTP_LISTEN", ":8080"}}) || cfg.Deprecated() != nil {
		t.Errorf("default listeners %v, deprecated %v", got, cfg.Deprecated())
	}
	cfg, err = Load("", env(map[string]string{"LAPAK_HTTP_LISTEN": "127.0.0.1:9000"}))
	if err != nil || cfg.HTTP.Listen != "127.0.0.1:9000" {
		t.Errorf("set: %q %v", cfg.HTTP.Listen, err)
	}
	for _, v := range []string{"8080", "localhost", ":"} {
		_, err := Load("", env(map[string]string{"LAPAK_HTTP_LISTEN": v}))
		want := `config: LAPAK_HTTP_LISTEN: "` + v + `" is not a listen address (use e.g. :8080 or 127.0.0.1:8080)`
		if err == nil || err.Error() != want {
			t.Errorf("%q: got %v\nwant %s", v, err, want)
		}
	}
}

// The old per-feature addresses still work for one release: the same
// server also listens there, unless it is the same socket; setting one at
// all is reported as deprecated.
func TestDeprecatedListens(t *testing.T) {
	const token = "123456789:AAEhunter2hunter2hunter2hunter2hunter2"
	webhook := map[string]string{"LAPAK_TELEGRAM_TOKEN": token, "LAPAK_TELEGRAM_WEBHOOK_URL": "https://toko.example.com/tg",
		"LAPAK_TELEGRAM_WEBHOOK_SECRET": "s3cret", "LAPAK_MIDTRANS_SERVER_KEY": sandboxKey}
	with := func(kv map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range webhook {
			out[k] = v
		}
		for k, v := range kv {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name       string
		env        map[string]string
		listeners  []Listener
		deprecated []string
	}{
		{"none set: one server", with(nil), []Listener{{"LAPAK_HTTP_LISTEN", ":8080"}}, nil},
		{"both elsewhere", with(map[string]string{"LAPAK_TELEGRAM_LISTEN": ":8443", "LAPAK_MIDTRANS_LISTEN": "127.0.0.1:9090"}),
			[]Listener{{"LAPAK_HTTP_LISTEN", ":8080"}, {"LAPAK_TELEGRAM_LISTEN", ":8443"}, {"LAPAK_MIDTRANS_LISTEN", "127.0.0.1:9090"}},
			[]string{"LAPAK_TELEGRAM_LISTEN", "LAPAK_MIDTRANS_LISTEN"}},
		{"both on one other port", with(map[string]string{"LAPAK_TELEGRAM_LISTEN": ":8443", "LAPAK_MIDTRANS_LISTEN": ":8443"}),
			[]Listener{{"LAPAK_HTTP_LISTEN", ":8080"}, {"LAPAK_TELEGRAM_LISTEN", ":8443"}},
			[]string{"LAPAK_TELEGRAM_LISTEN", "LAPAK_MIDTRANS_LISTEN"}},
		{"the same socket as LAPAK_HTTP_LISTEN", with(map[string]string{"LAPAK_TELEGRAM_LISTEN": "0.0.0.0:8080", "LAPAK_MIDTRANS_LISTEN": ":8080"}),
			[]Listener{{"LAPAK_HTTP_LISTEN", ":8080"}}, []string{"LAPAK_TELEGRAM_LISTEN", "LAPAK_MIDTRANS_LISTEN"}},
		{"telegram listen without a webhook is unused", map[string]string{"LAPAK_TELEGRAM_TOKEN": token, "LAPAK_TELEGRAM_LISTEN": ":8443"},
			[]Listener{{"LAPAK_HTTP_LISTEN", ":8080"}}, []string{"LAPAK_TELEGRAM_LISTEN"}},
		{"midtrans listen without a key is unused", map[string]string{"LAPAK_MIDTRANS_LISTEN": ":9090"},
			[]Listener{{"LAPAK_HTTP_LISTEN", ":8080"}}, []string{"LAPAK_MIDTRANS_LISTEN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load("", env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Listeners(); !reflect.DeepEqual(got, tt.listeners) {
				t.Errorf("listeners %v, want %v", got, tt.listeners)
			}
			if got := cfg.Deprecated(); !reflect.DeepEqual(got, tt.deprecated) {
				t.Errorf("deprecated %v, want %v", got, tt.deprecated)
			}
		})
	}
	_, err := Load("", env(map[string]string{"LAPAK_MIDTRANS_LISTEN": "9090"}))
	if err == nil || err.Error() != `config: LAPAK_MIDTRANS_LISTEN: "9090" is not a listen address (use e.g. :8080 or 127.0.0.1:8080)` {
		t.Errorf("bad deprecated address: %v", err)
	}
}

package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
)

const (
	sandboxKey    = "SB-Mid-server-hunter2hunter2hunter2"
	productionKey = "Mid-server-hunter2hunter2hunter2"
)

func TestMidtransSettings(t *testing.T) {
	cfg, err := Load("", env(nil))
	if err != nil || cfg.Midtrans != (Midtrans{}) || cfg.Shop.Gateway != "" {
		t.Fatalf("off by default: %+v %q %v", cfg.Midtrans, cfg.Shop.Gateway, err)
	}

	// The key decides sandbox or production; online payment joins the menu.
	cfg, err = Load("", env(map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": sandboxKey}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Midtrans != (Midtrans{ServerKey: sandboxKey, APIURL: "https://app.sandbox.midtrans.com"}) || cfg.Shop.Gateway != "Midtrans" {
		t.Fatalf("sandbox: %+v %q", cfg.Midtrans, cfg.Shop.Gateway)
	}
	if got := cfg.Shop.PaymentMethods(); !reflect.DeepEqual(got, []lapak.PaymentMethod{lapak.PayTransfer, lapak.PayGateway, lapak.PayCOD}) {
		t.Errorf("payment methods = %v", got)
	}
	cfg, err = Load("", env(map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": productionKey, "LAPAK_MIDTRANS_LISTEN": "127.0.0.1:9090"}))
	if err != nil || cfg.Midtrans.APIURL != "https://app.midtrans.com" || cfg.Midtrans.Listen != "127.0.0.1:9090" {
		t.Fatalf("production: %+v %v", cfg.Midtrans, err)
	}
	cfg, err = Load("", env(map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": sandboxKey, "LAPAK_MIDTRANS_API_URL": "http://127.0.0.1:8089/"}))
	if err != nil || cfg.Midtrans.APIURL != "http://127.0.0.1:8089" {
		t.Fatalf("explicit URL: %+v %v", cfg.Midtrans, err)
	}

	// The key may come from a file, like every secret.
	file := write(t, "midtrans-key", sandboxKey+"\n")
	cfg, err = Load("", env(map[string]string{"LAPAK_MIDTRANS_SERVER_KEY_FILE": file}))
	if err != nil || cfg.Midtrans.ServerKey != sandboxKey {
		t.Fatalf("key from a file: %+v %v", cfg.Midtrans, err)
	}

	// Online payment alone is a way to pay.
	cfg, err = Load("", env(map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": sandboxKey, "LAPAK_BANK_ACCOUNTS": "none", "LAPAK_COD": "false"}))
	if err != nil || !reflect.DeepEqual(cfg.Shop.PaymentMethods(), []lapak.PaymentMethod{lapak.PayGateway}) {
		t.Fatalf("gateway only: %v %v", cfg.Shop.PaymentMethods(), err)
	}

	webhook := map[string]string{"LAPAK_TELEGRAM_TOKEN": "123456789:AAEhunter2hunter2hunter2hunter2hunter2",
		"LAPAK_TELEGRAM_WEBHOOK_URL": "https://toko.example.com/tg", "LAPAK_TELEGRAM_WEBHOOK_SECRET": "s3cret"}
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
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LAPAK_MIDTRANS_API_URL": "https://app.midtrans.com"},
			"config: LAPAK_MIDTRANS_API_URL: is set but LAPAK_MIDTRANS_SERVER_KEY is not: online payment needs the server key from the Midtrans dashboard"},
		{map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": "SB-Mid-client-hunter2hunter2"},
			"config: LAPAK_MIDTRANS_SERVER_KEY: is a client key: Lapak needs the server key (Midtrans dashboard, Settings → Access Keys: Server Key)"},
		{map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": "hunter2 hunter2 hunter2"},
			"config: LAPAK_MIDTRANS_SERVER_KEY: does not look like a Midtrans server key (copy the Server Key from the Midtrans dashboard, Settings → Access Keys: SB-Mid-server-… for the sandbox, Mid-server-… for production)"},
		{map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": "hunter2:x"},
			"config: LAPAK_MIDTRANS_SERVER_KEY: does not look like a Midtrans server key (copy the Server Key from the Midtrans dashboard, Settings → Access Keys: SB-Mid-server-… for the sandbox, Mid-server-… for production)"},
		{map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": sandboxKey, "LAPAK_MIDTRANS_API_URL": "https://app.midtrans.com"},
			`config: LAPAK_MIDTRANS_API_URL: "https://app.midtrans.com" is Midtrans production, but LAPAK_MIDTRANS_SERVER_KEY is a sandbox key (SB-…): leave the URL empty or use the production server key`},
		{map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": productionKey, "LAPAK_MIDTRANS_API_URL": "https://app.sandbox.midtrans.com/"},
			`config: LAPAK_MIDTRANS_API_URL: "https://app.sandbox.midtrans.com/" is the Midtrans sandbox, but LAPAK_MIDTRANS_SERVER_KEY is a production key: leave the URL empty or use the sandbox server key (SB-…)`},
		{map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": sandboxKey, "LAPAK_MIDTRANS_API_URL": "app.sandbox.midtrans.com"},
			`config: LAPAK_MIDTRANS_API_URL: "app.sandbox.midtrans.com" is not an http(s) URL (leave it empty: the server key picks https://app.sandbox.midtrans.com or https://app.midtrans.com)`},
		{map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": sandboxKey, "LAPAK_MIDTRANS_LISTEN": "8080"},
			`config: LAPAK_MIDTRANS_LISTEN: "8080" is not a listen address (use e.g. :8080 or 127.0.0.1:8080)`},
	} {
		_, err := Load("", env(tt.env))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Load(%v):\ngot  %v\nwant %s", tt.env, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("secret leaked: %s", err)
		}
	}
	// One server takes both: the same port is the normal case now.
	if _, err := Load("", env(with(map[string]string{"LAPAK_MIDTRANS_SERVER_KEY": sandboxKey,
		"LAPAK_MIDTRANS_LISTEN": ":8443", "LAPAK_TELEGRAM_LISTEN": ":8443"}))); err != nil {
		t.Errorf("webhook and Midtrans on one port: %v", err)
	}
}

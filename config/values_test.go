package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckNamesTheSettings(t *testing.T) {
	if p := Check(map[string]string{"LAPAK_SHOP_NAME": "Toko Sari"}); len(p) != 0 {
		t.Errorf("a good value: %v", p)
	}
	p := Check(map[string]string{"LAPAK_DELIVERY_ZONES": "Dalam kota=gratis"})
	if len(p) != 1 || !p[0].About("LAPAK_DELIVERY_ZONES") || !strings.Contains(p[0].Detail(), "as 0") {
		t.Errorf("gratis: %+v", p)
	}
	p = Check(map[string]string{"LAPAK_PICKUP_ADDRESS": "none", "LAPAK_DELIVERY_ZONES": "none"})
	if len(p) != 1 || !p[0].About("LAPAK_PICKUP_ADDRESS") || !p[0].About("LAPAK_DELIVERY_ZONES") {
		t.Errorf("no delivery: %+v", p)
	}
	p = Check(map[string]string{"LAPAK_BANK_ACCOUNTS": "none", "LAPAK_COD": "false"})
	if len(p) != 1 || !p[0].About("LAPAK_QRIS_STATIC") {
		t.Errorf("no payment: %+v", p)
	}
}

func TestLogFormat(t *testing.T) {
	cfg, err := Load("", env(nil))
	if err != nil || cfg.LogFormat != LogText {
		t.Errorf("default %q %v", cfg.LogFormat, err)
	}
	cfg, err = Load("", env(map[string]string{"LAPAK_LOG_FORMAT": "JSON"}))
	if err != nil || cfg.LogFormat != LogJSON {
		t.Errorf("json %q %v", cfg.LogFormat, err)
	}
	if _, err := Load("", env(map[string]string{"LAPAK_LOG_FORMAT": "xml"})); err == nil || !strings.Contains(err.Error(), `LAPAK_LOG_FORMAT: "xml" is not a log format (use text or json)`) {
		t.Errorf("xml: %v", err)
	}
}

func TestUpdateFileKeepsTheRest(t *testing.T) {
	in := "# my shop\nLAPAK_SHOP_NAME=Lama\nLAPAK_ORDER_TTL=48h\n\n# LAPAK_COD=true in prose stays\n#LAPAK_COD=true\nLAPAK_TELEGRAM_TOKEN_FILE=/run/secrets/tg\n"
	got := UpdateFile(in, map[string]string{
		"LAPAK_SHOP_NAME":      "Toko Sari",
		"LAPAK_COD":            "false",
		"LAPAK_TELEGRAM_TOKEN": "1:x",
		"LAPAK_PICKUP_ADDRESS": " Jl. Mawar 1 ",
		"LAPAK_BANK_ACCOUNTS":  "none",
	}, []string{"LAPAK_PICKUP_ADDRESS", "LAPAK_BANK_ACCOUNTS"})
	want := "# my shop\nLAPAK_SHOP_NAME=Toko Sari\nLAPAK_ORDER_TTL=48h\n\n# LAPAK_COD=true in prose stays\nLAPAK_COD=false\nLAPAK_TELEGRAM_TOKEN=1:x\n" +
		"\n# Written by lapak setup\nLAPAK_PICKUP_ADDRESS=\" Jl. Mawar 1 \"\nLAPAK_BANK_ACCOUNTS=none\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// What was written reads back as written.
	path := filepath.Join(t.TempDir(), "lapak.conf")
	if err := WriteFileAtomic(path, got); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", fi.Mode(), err)
	}
	vals, err := ReadValues(path)
	if err != nil {
		t.Fatal(err)
	}
	if vals["LAPAK_PICKUP_ADDRESS"] != " Jl. Mawar 1 " || vals["LAPAK_ORDER_TTL"] != "48h" || vals["LAPAK_TELEGRAM_TOKEN"] != "1:x" {
		t.Errorf("read back: %v", vals)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

package config

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
)

// staticQRIS builds a seller's static QRIS payload with a correct CRC.
func staticQRIS() string {
	body := ""
	for _, f := range [][2]string{{"00", "01"}, {"01", "11"}, {"26", "0014ID.CO.QRIS.WWW0118936009150000001234"},
		{"52", "5411"}, {"53", "360"}, {"58", "ID"}, {"59", "Dapur Bu Sari"}, {"60", "DEPOK"}} {
		body += fmt.Sprintf("%s%02d%s", f[0], len(f[1]), f[1])
	}
	body += "6304"
	return body + fmt.Sprintf("%04X", lapak.CRC16CCITT([]byte(body)))
}

func TestQRISStatic(t *testing.T) {
	q := staticQRIS()
	cfg, err := Load("", env(map[string]string{"LAPAK_QRIS_STATIC": "  " + q + "\n"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Shop.QRIS != q {
		t.Errorf("QRIS = %q", cfg.Shop.QRIS)
	}
	if got := cfg.Shop.PaymentMethods(); !reflect.DeepEqual(got, []lapak.PaymentMethod{lapak.PayTransfer, lapak.PayQRIS, lapak.PayCOD}) {
		t.Errorf("payment methods = %v", got)
	}

	// Not set: no QRIS.
	cfg, err = Load("", env(nil))
	if err != nil || cfg.Shop.QRIS != "" {
		t.Fatalf("default QRIS %q, %v", cfg.Shop.QRIS, err)
	}

	// QRIS alone is a way to pay, with pickup only too.
	cfg, err = Load("", env(map[string]string{"LAPAK_QRIS_STATIC": q, "LAPAK_BANK_ACCOUNTS": "none", "LAPAK_COD": "false", "LAPAK_DELIVERY_ZONES": "none"}))
	if err != nil {
		t.Fatalf("QRIS-only shop refused: %v", err)
	}
	if got := cfg.Shop.PaymentMethods(); !reflect.DeepEqual(got, []lapak.PaymentMethod{lapak.PayQRIS}) {
		t.Errorf("payment methods = %v", got)
	}

	// The config file works the same.
	path := write(t, "lapak.conf", "LAPAK_QRIS_STATIC="+q+"\n")
	if cfg, err := Load(path, env(nil)); err != nil || cfg.Shop.QRIS != q {
		t.Errorf("from file: %q, %v", cfg.Shop.QRIS, err)
	}
}

// A broken payload is refused at start with one line naming the setting and
// what is wrong, without echoing the long payload.
func TestQRISStaticRefused(t *testing.T) {
	q := staticQRIS()
	n := len(q)
	const fix = " (paste the whole text inside your static QRIS, as a QR scanner app shows it)"
	wrongCRC := q[:n-4] + "0000"
	tests := []struct{ name, value, want string }{
		{"wrong CRC", wrongCRC, fmt.Sprintf("config: LAPAK_QRIS_STATIC: not a valid QRIS: tag 63 (CRC) at character %d: the payload says 0000 but its content gives %s (a character was changed, added or lost)", n-7, q[n-4:]) + fix},
		{"cut short", q[:n-10], "config: LAPAK_QRIS_STATIC: not a valid QRIS: tag 60 at character " + fmt.Sprint(strings.Index(q, "6005")+1) + ": length 5 runs past the end of the payload (3 characters left)" + fix},
		{"not a QRIS", "https://toko.example/bayar", `config: LAPAK_QRIS_STATIC: not a valid QRIS: character 1: tag "ht" is not two digits` + fix},
		{"one letter changed", strings.Replace(q, "Dapur", "Dapor", 1), "config: LAPAK_QRIS_STATIC: not a valid QRIS: tag 63 (CRC) at character"},
		{"one letter added", strings.Replace(q, "Dapur", "Dapoer", 1), `config: LAPAK_QRIS_STATIC: not a valid QRIS: character 95: tag "i6" is not two digits`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("", env(map[string]string{"LAPAK_QRIS_STATIC": tt.value}))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
			if strings.Contains(err.Error(), "Dapur Bu Sari") || strings.Contains(err.Error(), "ID.CO.QRIS") {
				t.Errorf("the payload is echoed: %s", err)
			}
		})
	}
}

package config

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
)

// staticQRIS is the static QRIS the tests share: the last line of
// testdata/qris-static-id.txt.
func staticQRIS(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/qris-static-id.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

func TestQRISStatic(t *testing.T) {
	q := staticQRIS(t)
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
	q := staticQRIS(t)
	n := len(q)
	const fix = " (paste the whole text inside your static QRIS, as a QR scanner app shows it)"
	wrongCRC := q[:n-4] + "0000"
	tests := []struct{ name, value, want string }{
		{"wrong CRC", wrongCRC, fmt.Sprintf("config: LAPAK_QRIS_STATIC: not a valid QRIS: tag 63 (CRC) at character %d: the payload says 0000 but its content gives %s (a character was changed, added or lost)", n-7, q[n-4:]) + fix},
		{"cut short", q[:n-10], "config: LAPAK_QRIS_STATIC: not a valid QRIS: tag 61 at character " + fmt.Sprint(strings.Index(q, "6105")+1) + ": length 5 runs past the end of the payload (3 characters left)" + fix},
		{"not a QRIS", "https://toko.example/bayar", `config: LAPAK_QRIS_STATIC: not a valid QRIS: character 1: tag "ht" is not two digits` + fix},
		{"one letter changed", strings.Replace(q, "Dapur", "Dapor", 1), "config: LAPAK_QRIS_STATIC: not a valid QRIS: tag 63 (CRC) at character"},
		{"one letter added", strings.Replace(q, "Dapur", "Dapoer", 1), fmt.Sprintf(`config: LAPAK_QRIS_STATIC: not a valid QRIS: character %d: tag "i6" is not two digits`, strings.Index(q, "Dapur")+14)},
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

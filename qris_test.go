package lapak_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// tlv writes EMVCo fields as tag, value pairs (lengths in characters).
func tlv(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		fmt.Fprintf(&b, "%s%02d%s", pairs[i], utf8.RuneCountInString(pairs[i+1]), pairs[i+1])
	}
	return b.String()
}

// withCRC appends tag 63 with the right CRC.
func withCRC(body string) string {
	body += "6304"
	return body + fmt.Sprintf("%04X", lapak.CRC16CCITT([]byte(body)))
}

// staticQRIS looks like a seller's printed QRIS sticker.
var staticQRIS = withCRC(tlv(
	"00", "01",
	"01", "11",
	"26", tlv("00", "ID.CO.QRIS.WWW", "01", "936009150000001234", "02", "ID1020021181745", "03", "UMI"),
	"52", "5411",
	"53", "360",
	"58", "ID",
	"59", "Dapur Bu Sari",
	"60", "DEPOK",
	"61", "16411",
))

func sample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/qris-emvco-sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	t.Fatal("no payload in the sample file")
	return ""
}

func TestCRC16CCITTCheckValue(t *testing.T) {
	if got := lapak.CRC16CCITT([]byte("123456789")); got != 0x29B1 {
		t.Fatalf("CRC(123456789) = %04X, want 29B1", got)
	}
}

// The EMVCo sample has Chinese text in tag 64: lengths count characters,
// the CRC runs over UTF-8 bytes.
func TestParseQRISEMVCoSample(t *testing.T) {
	s := sample(t)
	if got, want := fmt.Sprintf("%04X", lapak.CRC16CCITT([]byte(s[:len(s)-4]))), s[len(s)-4:]; got != want {
		t.Fatalf("CRC of the sample = %s, the sample says %s", got, want)
	}
	q, err := lapak.ParseQRIS(s)
	if err != nil {
		t.Fatal(err)
	}
	for tag, want := range map[string]string{"01": "12", "54": "23.72", "58": "CN", "59": "BEST TRANSPORT", "64": "0002ZH0104最佳运输0202北京", "63": "A13A"} {
		if got, ok := q.Value(tag); !ok || got != want {
			t.Errorf("tag %s = %q, want %q", tag, got, want)
		}
	}
}

func TestStaticToDynamicRoundTrip(t *testing.T) {
	for _, static := range []string{staticQRIS, sample(t)} {
		q, err := lapak.ParseQRIS(static)
		if err != nil {
			t.Fatal(err)
		}
		dyn, err := q.Dynamic(152347)
		if err != nil {
			t.Fatal(err)
		}
		d, err := lapak.ParseQRIS(dyn)
		if err != nil {
			t.Fatalf("dynamic payload does not parse: %v\n%s", err, dyn)
		}
		if v, _ := d.Value("54"); v != "152347" {
			t.Errorf("tag 54 = %q", v)
		}
		if v, _ := d.Value("01"); v != "12" {
			t.Errorf("tag 01 = %q", v)
		}
		// Same fields in the same order, with 54 just before 58.
		want := strings.Replace(stripped(t, static), "5802", "5406152347"+"5802", 1)
		want = strings.Replace(want, "010211", "010212", 1)
		if got := dyn[:len(dyn)-8]; got != want {
			t.Errorf("dynamic body\n got %s\nwant %s", got, want)
		}
	}
	if q, _ := lapak.ParseQRIS(staticQRIS); q.MerchantName() != "Dapur Bu Sari" {
		t.Errorf("merchant %q", q.MerchantName())
	}
}

// stripped drops tags 54 and 63 from a payload (the test's own reading).
func stripped(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	r := []rune(s)
	for i := 0; i < len(r); {
		tag := string(r[i : i+2])
		var n int
		fmt.Sscanf(string(r[i+2:i+4]), "%d", &n)
		if tag != "54" && tag != "63" {
			b.WriteString(string(r[i : i+4+n]))
		}
		i += 4 + n
	}
	return b.String()
}

func TestDynamicWithoutPointOfInitiation(t *testing.T) {
	q, err := lapak.ParseQRIS(withCRC(tlv("00", "01", "53", "360", "58", "ID", "59", "Warung")))
	if err != nil {
		t.Fatal(err)
	}
	dyn, err := q.Dynamic(25000)
	if err != nil {
		t.Fatal(err)
	}
	if want := tlv("00", "01", "01", "12", "53", "360", "54", "25000", "58", "ID", "59", "Warung") + "6304"; !strings.HasPrefix(dyn, want) {
		t.Errorf("got  %s\nwant %s…", dyn, want)
	}
}

func TestDynamicAmountBounds(t *testing.T) {
	q, err := lapak.ParseQRIS(staticQRIS)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []lapak.Money{0, -1, lapak.MaxMoney + 1} {
		if _, err := q.Dynamic(m); !errors.Is(err, lapak.ErrInvalidQRIS) || !strings.Contains(err.Error(), "tag 54 (amount): amount") {
			t.Errorf("Dynamic(%d) = %v", m, err)
		}
	}
	if _, err := q.Dynamic(lapak.MaxMoney); err != nil {
		t.Errorf("Dynamic(MaxMoney): %v", err)
	}
	if _, err := (lapak.QRIS{}).Dynamic(1000); err == nil {
		t.Error("the zero QRIS made a payload")
	}
}

func TestParseQRISRefusesBadPayloads(t *testing.T) {
	good := staticQRIS
	body := good[:len(good)-8]
	flip := good[:len(good)-1] + map[bool]string{true: "0", false: "1"}[good[len(good)-1] != '0']
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "qris: the payload is empty"},
		{"not UTF-8", withCRC("000201" + "5802\xffD"), "qris: the payload is not valid UTF-8 text"},
		{"truncated", good[:len(good)-20], "runs past the end of the payload"},
		{"truncated in a header", "000201010", "qris: character 7: the payload ends inside a tag and length (3 characters left, 4 needed)"},
		{"non-digit tag", withCRC("000201" + "A1021101"), `qris: character 7: tag "A1" is not two digits`},
		{"bad length", withCRC("000201" + "01x211"), `qris: tag 01 (point of initiation) at character 7: length "x2" is not two digits`},
		{"length past the end", "0002010199", "qris: tag 01 (point of initiation) at character 7: length 99 runs past the end of the payload (0 characters left)"},
		{"empty value", withCRC("000201" + "0100"), "qris: tag 01 (point of initiation) at character 7: length 00: the value is empty"},
		{"bad CRC", flip, "qris: tag 63 (CRC) at character " + fmt.Sprint(len(good)-7) + ": the payload says " + flip[len(flip)-4:] + " but its content gives " + good[len(good)-4:]},
		{"changed character", strings.Replace(good, "Dapur", "Dapor", 1), "qris: tag 63 (CRC)"},
		{"CRC not hex", body + "6304ZZZZ", `qris: tag 63 (CRC) at character ` + fmt.Sprint(len(good)-7) + `: "ZZZZ" is not 4 hex digits`},
		{"CRC length", body + "6303ABC", "qris: tag 63 (CRC) at character " + fmt.Sprint(len(good)-7) + ": length 03, want 04"},
		{"missing 58", withCRC(tlv("00", "01", "01", "11", "53", "360", "59", "Warung")), "qris: tag 58 (country code): is missing"},
		{"missing CRC", body, "qris: tag 63 (CRC): is missing (it must be the last field)"},
		{"CRC not last", withCRC(body + "6304ABCD"), "qris: tag 63 (CRC) at character "},
		{"does not start with 00", withCRC(tlv("01", "11", "00", "01", "58", "ID")), "qris: tag 01 (point of initiation) at character 1: the payload must start with tag 00 (payload format)"},
		{"format not 01", withCRC(tlv("00", "02", "58", "ID")), `qris: tag 00 (payload format) at character 1: value "02", want "01"`},
		{"bad initiation", withCRC(tlv("00", "01", "01", "13", "58", "ID")), `qris: tag 01 (point of initiation): value "13", want 11 (static) or 12 (dynamic)`},
		{"duplicate tag", withCRC(tlv("00", "01", "58", "ID", "58", "ID")), "qris: tag 58 (country code) at character 13: appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := lapak.ParseQRIS(tt.in)
			var qe *lapak.QRISError
			if !errors.As(err, &qe) || !errors.Is(err, lapak.ErrInvalidQRIS) {
				t.Fatalf("got %v, want a *QRISError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
		})
	}
}

// The fixture the other packages' tests use is this very payload.
func TestSharedStaticQRISFixture(t *testing.T) {
	b, err := os.ReadFile("testdata/qris-static-id.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if got := lines[len(lines)-1]; got != staticQRIS {
		t.Fatalf("testdata/qris-static-id.txt = %q, want %q", got, staticQRIS)
	}
}

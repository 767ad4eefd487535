package lapak_test

import (
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

func TestParseSegment(t *testing.T) {
	for in, want := range map[string]string{
		"all":                            "all",
		"semua":                          "all",
		"order:30d":                      "order:30d",
		"order:30":                       "order:30d",
		"product:NST-KJ":                 "product:NST-KJ",
		"product:NST-KJ:90d":             "product:NST-KJ:90d",
		`category:"Kue Kering":90d`:      `category:"Kue Kering":90d`,
		"lapsed:60d   never-ordered":     "lapsed:60d never-ordered",
		"spent:500rb":                    "spent:500000",
		"spent:Rp1.250.000":              "spent:1250000",
		"channel:Telegram channel:wa":    "channel:telegram channel:whatsapp",
		`zone:"Dalam kota" city:Depok`:   `zone:"Dalam kota" city:Depok`,
		"  order:7d  channel:telegram  ": "order:7d channel:telegram",
		"kategori:Camilan kota:Bogor":    "category:Camilan city:Bogor",
		"order:7hari":                    "order:7d",
	} {
		seg, err := lapak.ParseSegment(in)
		if err != nil {
			t.Errorf("ParseSegment(%q): %v", in, err)
			continue
		}
		if got := seg.String(); got != want {
			t.Errorf("ParseSegment(%q) = %q, want %q", in, got, want)
		}
		if again, err := lapak.ParseSegment(seg.String()); err != nil || again.String() != want {
			t.Errorf("%q does not read back: %v %v", want, again, err)
		}
	}
	for in, want := range map[string]string{
		"":                     "segment: empty",
		"order":                `segment: word 1 "order": write order:30d`,
		"order:abc":            `segment: word 1 "order:abc": "abc" is not a number of days`,
		"order:30d lapsed:0d":  `segment: word 2 "lapsed:0d": days must be 1 to 3650`,
		"order:99999d":         `days must be 1 to 3650`,
		"spent:banyak":         `segment: word 1 "spent:banyak": "banyak" is not an amount`,
		"spent:-5":             `is not an amount`,
		"channel:line":         `unknown channel "line"`,
		`category:"Kue Kering`: "a quote is not closed",
		"pembeli:baru":         `segment: word 1 "pembeli:baru": unknown condition`,
		"all order:30d":        "all cannot be combined",
		"order:30d order:30d":  `word 2 "order:30d": the same condition twice`,
		"never-ordered:5d":     "never-ordered takes nothing",
		"product:":             "write product:NAME",
		"zone:":                "write zone:NAME",
	} {
		_, err := lapak.ParseSegment(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSegment(%q) = %v, want an error with %q", in, err, want)
		}
	}
}

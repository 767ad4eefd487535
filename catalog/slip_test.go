package catalog_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
)

func slipSample() catalog.Slip {
	return catalog.Slip{
		Number: "LPK-20261202-0042", Date: "2 Des 2026",
		From:    catalog.SlipParty{Name: "Sari Reseller", Phone: "0812-1111-2222"},
		To:      catalog.SlipParty{Name: "Budi Santoso", Phone: "0812-3456-7890", Address: "Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok, Jawa Barat 16421"},
		Courier: "JNE REG", Resi: "JX1234567890",
		Items: []catalog.SlipItem{{Title: "Nastar Keju (450 g)", Qty: 2}, {Title: "Kastengel", Qty: 1}},
		COD:   187000, Note: "Titip di pos satpam ya 🙏",
	}
}

// A slip is an 800×1200 PNG whatever it holds: a long address, many
// items, emoji, no courier yet, English.
func TestSlipPNG(t *testing.T) {
	long := slipSample()
	long.To.Address = strings.Repeat("Jl. Panjang Sekali Gang Buntu No. 99 ", 12)
	long.To.Name = strings.Repeat("Nama Sangat Panjang ", 8)
	for i := range 40 {
		long.Items = append(long.Items, catalog.SlipItem{Title: "Keripik Singkong Pedas Level " + strconv.Itoa(i), Qty: i + 1})
	}
	bare := catalog.Slip{Number: "LPK-1", To: catalog.SlipParty{Name: "Ani"}, From: catalog.SlipParty{Name: "Dapur Bu Sari"},
		Items: []catalog.SlipItem{{Title: "Nastar", Qty: 1}}, Lang: lapak.English}
	for name, s := range map[string]catalog.Slip{"sample": slipSample(), "long": long, "bare": bare} {
		data, err := s.PNG()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != catalog.SlipWidth || b.Dy() != catalog.SlipHeight {
			t.Errorf("%s: %v", name, b)
		}
		if dir := os.Getenv("LAPAK_SHARE_SAMPLES"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, "slip-"+name+".png"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

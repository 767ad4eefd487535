package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/lapak-id/lapak/storage/storagetest"
)

func (s *shop) write(name, content string) string {
	s.t.Helper()
	path := filepath.Join(s.dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		s.t.Fatal(err)
	}
	return path
}

// The file Indonesian Excel saves imports as it is.
func TestImportSemicolonCSVWithIndonesianHeaders(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_DEMO"] = "false"
	file := s.write("produk.csv", "\ufeffKode;Nama;Kategori;Varian;Harga;Stok;Berat (gram)\r\n"+
		"NST-450;Nastar Keju;Kue Kering;450 g;Rp 85.000,-;20;450\r\n"+
		"NST-250;Nastar Keju;Kue Kering;250 g;50rb;10;250\r\n")
	r := s.ok("", "import", "--yes", file)
	for _, want := range []string{"2 baris / rows", "produk baru / new products: 1", "Kue Kering › Nastar Keju",
		"NST-450 Nastar Keju (450 g): Rp85.000, stok 20", "imported: 2 new, 0 updated"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if got := s.ok("", "export").stdout; !strings.Contains(got, "NST-250,Nastar Keju,Kue Kering,250 g,50000,10,,,,,,,10\n") {
		t.Errorf("export:\n%s", got)
	}
}

// Export, sell, raise a price in the file, import: the plan shows the
// kept stock, a script must say --yes, and the sale stays sold.
func TestImportKeepsStockSoldSinceExport(t *testing.T) {
	s := newShop(t)
	s.ok("", "import", "--yes", examplesCSV)
	out := filepath.Join(s.dir, "katalog.csv")
	s.ok("", "export", out)
	s.buy("siti") // 3 × KRP-SGK-PDS: 20 → 17
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "KRP-SGK-ORI,Keripik Singkong,Keripik & Camilan,Original,12000,", "KRP-SGK-ORI,Keripik Singkong,Keripik & Camilan,Original,12500,", 1)
	s.write("katalog.csv", edited)

	r := s.run("", "import", out)
	if r.code != 1 || !strings.Contains(r.stderr, "run again with --yes to apply") {
		t.Errorf("without --yes off a terminal: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, want := range []string{"harga berubah / price changes: 1", "KRP-SGK-ORI Keripik Singkong (Original): Rp12.000 → Rp12.500",
		"shop stock kept", "KRP-SGK-PDS Keripik Singkong (Pedas): toko/shop 17, file 20", "tidak berubah / unchanged: 31"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := s.ok("", "import", "--dry-run", out); lastLine(r.stdout) != "uji coba: tidak ada yang diubah / dry run: nothing changed" {
		t.Errorf("dry run: %q", r.stdout)
	}
	if strings.Contains(s.ok("", "export").stdout, ",12500,") {
		t.Fatal("a refused or dry import changed the price")
	}
	if r := s.ok("", "import", "--yes", out); lastLine(r.stdout) != "imported: 0 new, 32 updated, 1 stock kept" {
		t.Errorf("import: %q", r.stdout)
	}
	exported := s.ok("", "export").stdout
	if !strings.Contains(exported, "KRP-SGK-ORI,Keripik Singkong,Keripik & Camilan,Original,12500,25,") ||
		!strings.Contains(exported, "KRP-SGK-PDS,Keripik Singkong,Keripik & Camilan,Pedas,13000,17,") {
		t.Errorf("export after the import:\n%s", exported)
	}
	// --stock=file puts the file's stock back, on purpose.
	s.ok("", "import", "--yes", "--stock=file", out)
	if !strings.Contains(s.ok("", "export").stdout, "KRP-SGK-PDS,Keripik Singkong,Keripik & Camilan,Pedas,13000,20,") {
		t.Error("--stock=file did not use the file's stock")
	}
}

// Export to .xlsx, import it in another shop: the same catalog.
func TestXLSXExportImport(t *testing.T) {
	s := newShop(t)
	s.ok("", "import", "--yes", examplesCSV)
	book := filepath.Join(s.dir, "katalog.xlsx")
	if r := s.ok("", "export", book); r.stderr != "exported 32 variants to "+book+"\n" {
		t.Errorf("stderr %q", r.stderr)
	}
	want := readRows(t, s.ok("", "export").stdout)
	other := newShop(t)
	other.env["LAPAK_DEMO"] = "false"
	if r := other.ok("", "import", "--yes", book); lastLine(r.stdout) != "imported: 32 new, 0 updated" {
		t.Errorf("import: %q", r.stdout)
	}
	if got := readRows(t, other.ok("", "export").stdout); !slices.Equal(got, want) {
		t.Error("the .xlsx round trip changed the catalog")
	}
	// A photo renamed .xlsx is refused as what it is.
	png := other.write("foto.xlsx", "\x89PNG\r\n\x1a\n\x00\x00")
	r := other.run("", "import", "--yes", png)
	if r.code != 1 || !strings.Contains(r.stderr, "line 1: not a spreadsheet: the file is a PNG image") {
		t.Errorf("png: exit %d, %q", r.code, r.stderr)
	}
}

// Orders for bookkeeping: dates in the shop's time zone, the breakdown as
// stored, CSV or .xlsx by the name.
func TestExportOrders(t *testing.T) {
	s := newShop(t)
	// 20:30 UTC is 03:30 the next day in Jakarta.
	s.clock = storagetest.NewClock(time.Date(2025, 3, 1, 20, 30, 0, 0, time.UTC))
	number := s.buy("siti")

	file := filepath.Join(s.dir, "pesanan.csv")
	if r := s.ok("", "export", "--orders", "--from", "2025-03-02", "--to", "2025-03-02", file); r.stderr != "exported 1 order to "+file+"\n" {
		t.Errorf("stderr %q", r.stderr)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("orders file (%v):\n%s", err, b)
	}
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	for k, v := range map[string]string{"no_pesanan": number, "tanggal": "2025-03-02 03:30", "pelanggan": "Siti Aminah",
		"telepon": "6281234567890", "kanal": "console", "status": "menunggu pembayaran", "pembayaran": "transfer",
		"barang": "3 x Keripik Singkong (Pedas) @13000", "subtotal": "39000", "ongkir": "10000", "kurir": "", "resi": ""} {
		if row[k] != v {
			t.Errorf("%s = %q, want %q", k, row[k], v)
		}
	}
	code, _ := strconv.Atoi(row["kode_unik"])
	if total, _ := strconv.Atoi(row["total"]); code < 1 || total != 49000+code {
		t.Errorf("total %q, unique code %q", row["total"], row["kode_unik"])
	}
	// The day before, in Jakarta, has none.
	if got := s.ok("", "export", "--orders", "--to", "2025-03-01").stdout; strings.Count(got, "\n") != 1 {
		t.Errorf("orders up to 1 March:\n%s", got)
	}

	book := filepath.Join(s.dir, "pesanan.xlsx")
	s.ok("", "export", "--orders", book)
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Pesanan")
	if err != nil || len(rows) != 2 || rows[1][0] != number || rows[1][8] != "39000" {
		t.Errorf("workbook rows %v (%v)", rows, err)
	}
}

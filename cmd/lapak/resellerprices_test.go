package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// editLine rewrites the line of file starting with prefix.
func editLine(t *testing.T, file, prefix string, edit func(string) string) string {
	t.Helper()
	lines := strings.Split(file, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			lines[i] = edit(l)
			return strings.Join(lines, "\n")
		}
	}
	t.Fatalf("no line %q in:\n%s", prefix, file)
	return ""
}

// The seller adds reseller terms to an export: --dry-run shows them and
// changes nothing, --yes stores them, the export (CSV and .xlsx) carries
// them into another shop, and the older sample file (no such columns)
// leaves them alone.
func TestImportResellerTermsDryRun(t *testing.T) {
	s := newShop(t)
	s.ok("", "import", "--yes", examplesCSV)
	out := filepath.Join(s.dir, "katalog.csv")
	s.ok("", "export", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	edited := editLine(t, string(b), "KRP-SGK-ORI,", func(l string) string {
		return strings.Replace(l, "demo:keripik-singkong,,,,25", "demo:keripik-singkong,11000,6,10%,25", 1)
	})
	edited = editLine(t, edited, "KRP-SGK-PDS,", func(l string) string {
		return strings.Replace(l, "demo:keripik-singkong,,,,20", "demo:keripik-singkong,12000,,,20", 1)
	})
	edited += "KRP-SGK-KJU,Keripik Singkong,Keripik & Camilan,Keju,14000,10,,,,12500,6,,10\n"
	s.write("katalog.csv", edited)

	r := s.ok("", "import", "--dry-run", out)
	for _, want := range []string{"varian baru / new variants: 1", "KRP-SGK-KJU Keripik Singkong (Keju): Rp14.000, stok 10, reseller Rp12.500 min 6",
		"data lain berubah / other changes: 2", "KRP-SGK-ORI Keripik Singkong (Original): commission, reseller_price, min_reseller_qty",
		"KRP-SGK-PDS Keripik Singkong (Pedas): reseller_price", "tidak berubah / unchanged: 30"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.stdout)
		}
	}
	if lastLine(r.stdout) != "uji coba: tidak ada yang diubah / dry run: nothing changed" {
		t.Errorf("dry run: %q", r.stdout)
	}
	if strings.Contains(s.ok("", "export").stdout, ",11000,6,") {
		t.Fatal("a dry run stored the reseller price")
	}

	if r := s.ok("", "import", "--yes", out); lastLine(r.stdout) != "imported: 1 new, 32 updated" {
		t.Errorf("import: %q", r.stdout)
	}
	exported := s.ok("", "export").stdout
	// The commission is the product's: every row of it shows it.
	for _, want := range []string{"demo:keripik-singkong,11000,6,10%,25\n", "demo:keripik-singkong,12000,,10%,20\n", "KRP-SGK-KJU,Keripik Singkong,Keripik & Camilan,Keju,14000,10,"} {
		if !strings.Contains(exported, want) {
			t.Errorf("export lacks %q:\n%s", want, exported)
		}
	}
	if r := s.ok("", "import", "--yes", out); lastLine(r.stdout) != "tidak ada perubahan / nothing to change" {
		t.Errorf("import again: %q", r.stdout)
	}

	// Through .xlsx into another shop: the same catalog, terms and all.
	book := filepath.Join(s.dir, "katalog.xlsx")
	s.ok("", "export", book)
	other := newShop(t)
	other.env["LAPAK_DEMO"] = "false"
	other.ok("", "import", "--yes", book)
	if got := other.ok("", "export").stdout; got != exported {
		t.Errorf("the .xlsx round trip changed the catalog:\n%s\nwant\n%s", got, exported)
	}

	// The sample file has no reseller columns: importing it keeps them.
	if r := s.ok("", "import", "--dry-run", examplesCSV); strings.Contains(r.stdout, "reseller_price") || strings.Contains(r.stdout, "commission") {
		t.Errorf("a file without the columns plans to change them:\n%s", r.stdout)
	}

	// A reseller price above the price is refused at its line.
	bad := editLine(t, edited, "KRP-SGK-PDS,", func(l string) string { return strings.Replace(l, ",12000,,,", ",20000,,,", 1) })
	r = s.run("", "import", "--yes", s.write("mahal.csv", bad))
	if r.code != 1 || !strings.Contains(r.stderr, "line 8: reseller_price Rp20.000 is above the price Rp13.000\n") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

package catalog

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"reflect"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

func TestDemoShop(t *testing.T) {
	rows := DemoRows()
	cats, products := map[string]bool{}, map[string]bool{}
	variants := 0
	for _, r := range rows {
		cats[r.Category] = true
		products[r.Name] = true
		if r.Variant != "" {
			variants++
		}
	}
	if len(cats) != 4 || len(products) < 20 || variants == 0 {
		t.Fatalf("demo shop has %d categories, %d products, %d variant rows; want 4, ≥20, >0", len(cats), len(products), variants)
	}
}

func TestDemoRowsRoundTripThroughCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, DemoRows()); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(asExported(t, got), DemoRows()) {
		t.Fatalf("round trip changed the rows")
	}
}

// asExported checks that rows read from an export say what it wrote (the
// stock at export, the reseller columns given) and clears those marks.
func asExported(t *testing.T, rows []lapak.CatalogRow) []lapak.CatalogRow {
	t.Helper()
	for i, r := range rows {
		if !r.HasExportedStock || r.ExportedStock != r.Level() {
			t.Fatalf("row %d: stock at export %+v, want %+v", i, r.ExportedStock, r.Level())
		}
		if !r.HasResellerPrice || !r.HasMinResellerQty || !r.HasCommission {
			t.Fatalf("row %d: the reseller columns are not marked given: %+v", i, r)
		}
		rows[i].HasExportedStock, rows[i].ExportedStock = false, lapak.StockLevel{}
		rows[i].HasResellerPrice, rows[i].HasMinResellerQty, rows[i].HasCommission = false, false, false
	}
	return rows
}

// The sample shipped in the repo is the demo shop, so the README's import
// example and the demo never drift apart.
func TestSampleFileIsTheDemoShop(t *testing.T) {
	f, err := os.Open("../examples/products.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ReadCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, DemoRows()) {
		t.Fatal("examples/products.csv differs from DemoRows(): regenerate it with `go run ./cmd/lapak export`")
	}
}

func TestReadCSVAcceptsWhatSellersWrite(t *testing.T) {
	in := "\ufeffSKU,Name,Category,Price,Stock\n" +
		"A-1,Keripik,Camilan,\"15.000\",10\n" +
		"\n" +
		"A-2,\"Sambal \"\"Mantap\"\"\",Sambal,Rp 25.000,\n" +
		"A-3,Bolu,Kue,65000,-\n"
	rows, err := ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []lapak.CatalogRow{
		{SKU: "A-1", Name: "Keripik", Category: "Camilan", Price: 15000, Stock: 10},
		{SKU: "A-2", Name: `Sambal "Mantap"`, Category: "Sambal", Price: 25000, Unlimited: true},
		{SKU: "A-3", Name: "Bolu", Category: "Kue", Price: 65000, Unlimited: true},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("got %+v", rows)
	}
}

func TestReadCSVReportsEveryBadRow(t *testing.T) {
	in := strings.Join([]string{
		"sku,name,category,variant,price,stock,description,image",
		"OK-1,Keripik,Camilan,,15000,10,,",
		",Tanpa SKU,Camilan,,15000,10,,",
		"BAD-2,Harga,Camilan,,lima ribu,10,,",
		"BAD-3,Stok,Camilan,,15000,-4,,",
		"OK-1,Ganda,Camilan,,15000,10,,",
		"BAD 5,Spasi,Camilan,,0,10,,",
		"BAD-6,Kurang,Camilan",
		"BAD-7," + strings.Repeat("x", 101) + ",Camilan,,15000,1,,",
	}, "\n")
	_, err := ReadCSV(strings.NewReader(in))
	var ce *CSVError
	if !errors.As(err, &ce) {
		t.Fatalf("want *CSVError, got %v", err)
	}
	wantLines := []int{3, 4, 5, 6, 7, 8, 9}
	var lines []int
	for _, p := range ce.Problems {
		lines = append(lines, p.Line)
	}
	if !reflect.DeepEqual(lines, wantLines) {
		t.Fatalf("problem lines %v, want %v:\n%v", lines, wantLines, err)
	}
	for _, want := range []string{"line 3: sku is empty", "lima ribu", "-4", "already used on line 2", "more than 0", "letters, digits", "price is empty", "longer than 100"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestReadCSVHeaderProblems(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "file is empty",
		"sku,name,price\n": `missing column "category"`,
		"sku,name,category,price,warna\nA,B,C,1,x\n": `unknown column "warna"`,
		"sku,name,category,price\n":                  "no products",
		"sku,name,category,price\nA,\"B,C,1\n":       "quote",
	} {
		_, err := ReadCSV(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadCSV(%q) = %v, want error containing %q", in, err, want)
		}
	}
}

func TestDemoPNGDecodes(t *testing.T) {
	for _, r := range DemoRows() {
		if !strings.HasPrefix(r.Image, "demo:") {
			continue
		}
		data, err := DemoPNG(strings.TrimPrefix(r.Image, "demo:"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil || img.Bounds().Dx() != 320 {
			t.Fatalf("%s: %v", r.Image, err)
		}
	}
	if _, err := DemoPNG(""); err == nil {
		t.Fatal("empty name must fail")
	}
}

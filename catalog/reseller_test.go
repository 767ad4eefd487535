package catalog

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	lapak "github.com/lapak-id/lapak"
)

// The reseller columns in their Indonesian and English spellings; an
// empty cell is none, and the column is marked given.
func TestReadResellerColumns(t *testing.T) {
	for _, head := range []string{
		"kode;nama;kategori;harga;harga reseller;minimal reseller;komisi",
		"sku;name;category;price;reseller price;min qty reseller;commission",
		"SKU;Nama;Kategori;Harga (Rp);Harga_Reseller (Rp);Min Reseller;Komisi (%)",
		"sku;name;category;price;reseller_price;min_reseller_qty;commission",
	} {
		in := head + "\nA-1;Keripik;Camilan;45rb;40.000;10;7,5%\nA-2;Keripik;Camilan;45000;;;\nB-1;Sambal;Bumbu;25000;Rp 25.000,-;0;8\n"
		rows, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			t.Fatalf("%s: %v", head, err)
		}
		want := []lapak.CatalogRow{
			{SKU: "A-1", Name: "Keripik", Category: "Camilan", Price: 45000, Unlimited: true, ResellerPrice: 40000, MinResellerQty: 10, Commission: 750},
			{SKU: "A-2", Name: "Keripik", Category: "Camilan", Price: 45000, Unlimited: true},
			{SKU: "B-1", Name: "Sambal", Category: "Bumbu", Price: 25000, Unlimited: true, ResellerPrice: 25000, Commission: 800},
		}
		for i := range want {
			want[i].HasResellerPrice, want[i].HasMinResellerQty, want[i].HasCommission = true, true, true
		}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("%s:\ngot  %+v\nwant %+v", head, rows, want)
		}
	}
	// Each column on its own; a file without them gives none (and keeps
	// the shop's).
	rows, err := ReadCSV(strings.NewReader("sku,nama,kategori,harga,komisi\nA-1,Keripik,Camilan,45000,10%\n"))
	if err != nil || len(rows) != 1 || rows[0].HasResellerPrice || rows[0].HasMinResellerQty || !rows[0].HasCommission || rows[0].Commission != 1000 {
		t.Errorf("commission only: %+v %v", rows, err)
	}
	rows, err = ReadCSV(strings.NewReader("sku,nama,kategori,harga\nA-1,Keripik,Camilan,45000\n"))
	if err != nil || rows[0].HasResellerPrice || rows[0].HasMinResellerQty || rows[0].HasCommission {
		t.Errorf("without the columns: %+v %v", rows, err)
	}
	if _, err := ReadCSV(strings.NewReader("sku,nama,kategori,harga,komisi,commission\n")); err == nil ||
		!strings.Contains(err.Error(), `column "commission" appears twice (as "komisi" and "commission")`) {
		t.Errorf("twice: %v", err)
	}
}

// Every bad reseller term at its line, in file order, saying what to write.
func TestReadBadResellerValues(t *testing.T) {
	in := strings.Join([]string{
		"sku;nama;kategori;harga;harga reseller;min reseller;komisi",
		"A-1;Keripik;Camilan;45rb;-1;;",
		"A-2;Keripik;Camilan;45rb;seratus;;",
		"A-3;Keripik;Camilan;45rb;0;;",
		"A-4;Keripik;Camilan;45rb;50rb;;",
		"A-5;Keripik;Camilan;45rb;;-1;",
		"A-6;Keripik;Camilan;45rb;;1000;",
		"A-7;Keripik;Camilan;45rb;;lima;",
		"A-8;Keripik;Camilan;45rb;;;150%",
		"A-9;Keripik;Camilan;45rb;;;banyak",
		"A-10;Keripik;Camilan;45rb;;;0%",
		"A-11;Keripik;Camilan;45rb;45rb;999;100%",
		"A-12;Keripik;Camilan;45rb;;;7,555%",
	}, "\n")
	_, err := ReadCSV(strings.NewReader(in))
	if got := fmt.Sprint(problemLines(t, err)); got != "[2 3 4 5 6 7 8 9 10 11 13]" {
		t.Errorf("lines %s:\n%v", got, err)
	}
	for _, want := range []string{
		`line 2: reseller_price "-1" must be more than 0 (leave it empty for none)`,
		`line 3: reseller_price "seratus" is not a rupiah amount (write e.g. 40000, 40.000 or 40rb)`,
		`line 4: reseller_price "0" must be more than 0`,
		`line 5: reseller_price Rp50.000 is above the price Rp45.000`,
		`line 6: min_reseller_qty "-1" must be a whole number from 0 to 999, or empty for no minimum`,
		`line 7: min_reseller_qty "1000" must be`,
		`line 8: min_reseller_qty "lima" must be`,
		`line 9: commission "150%" is not a percentage from 0% to 100% (write e.g. 8% or 7,5%)`,
		`line 10: commission "banyak" is not a percentage`,
		`line 11: commission "0%": a product's rate must be more than 0% (leave it empty for the reseller's tier rate)`,
		`line 13: commission "7,555%" is not a percentage`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// A percentage typed into Excel is stored as a fraction in a cell
// formatted as a percentage: it reads as the seller sees it. Text and
// plain numbers read as written.
func TestReadXLSXPercentCommission(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", [][]any{
			{"sku", "nama", "kategori", "harga", "harga reseller", "komisi"},
			{"A-1", "Keripik", "Camilan", 45000, 40000, 0.08},
			{"B-1", "Sambal", "Bumbu", 25000, nil, 0.075},
			{"C-1", "Kopi", "Minuman", 30000, nil, "12,5%"},
			{"D-1", "Teh", "Minuman", 8000, nil, 5},
			{"E-1", "Jahe", "Minuman", 8000, nil, 0.1225},
		})
		pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9})   // 0%
		pct2, _ := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
		custom, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("0.0%")})
		_ = f.SetCellStyle("Sheet1", "F2", "F2", pct)
		_ = f.SetCellStyle("Sheet1", "F3", "F4", pct2)
		_ = f.SetCellStyle("Sheet1", "F6", "F6", custom)
	})
	rows, err := Read("katalog.xlsx", bytes.NewReader(data), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s:%s:%d", r.SKU, r.Commission, r.ResellerPrice))
	}
	if strings.Join(got, " ") != "A-1:8%:40000 B-1:7,5%:0 C-1:12,5%:0 D-1:5%:0 E-1:12,25%:0" {
		t.Errorf("got %v", got)
	}
}

// lapak export writes the reseller terms where they are, and they read back.
func TestWriteResellerColumns(t *testing.T) {
	rows := []lapak.CatalogRow{
		{SKU: "A-1", Name: "Keripik", Category: "Camilan", Price: 45000, Stock: 3, ResellerPrice: 40000, MinResellerQty: 10, Commission: 750},
		{SKU: "A-2", Name: "Keripik", Category: "Camilan", Price: 45000, Unlimited: true},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	want := "sku,name,category,variant,price,stock,description,keywords,image,reseller_price,min_reseller_qty,commission,stock_at_export\n" +
		"A-1,Keripik,Camilan,,45000,3,,,,40000,10,\"7,5%\",3\n" +
		"A-2,Keripik,Camilan,,45000,,,,,,,,\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	for _, f := range []Format{CSV, XLSX} {
		buf.Reset()
		if err := Write(&buf, f, rows); err != nil {
			t.Fatal(err)
		}
		got, err := Read(map[Format]string{CSV: "k.csv", XLSX: "k.xlsx"}[f], &buf, ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(asExported(t, got), rows) {
			t.Errorf("format %d: got %+v", f, got)
		}
	}
}

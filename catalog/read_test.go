package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	lapak "github.com/lapak-id/lapak"
)

// What Indonesian Excel saves: a BOM, semicolons, Indonesian headers with
// notes, prices the way sellers write them, a weight column.
func TestReadSemicolonIndonesianHeadersWithBOM(t *testing.T) {
	in := "\ufeffKode;Nama Produk;KATEGORI;Varian;Harga (Rp);Stok;Deskripsi;Foto;Berat (gram);Kata_Kunci\r\n" +
		"A-1;Keripik;Camilan;Pedas;Rp 45.000,-;10;\"Renyah; gurih\";;200;kripik\r\n" +
		"A-2;Keripik;Camilan;Manis;45rb;1.000;;;200;\r\n" +
		"A-3;Sambal;Bumbu;;1,5jt;;;demo:sambal;;\r\n" +
		";;;;;;;;;\r\n" +
		"A-4;Bolu;Kue;;Rp45.000;-;;;;\r\n" +
		"A-5;Teh;Minuman;;45 ribu;3;;;;\r\n" +
		"A-6;Kopi;Minuman;;45k;3;;;;\r\n" +
		"A-7;Madu;Minuman;;1.5jt;3;;;;\r\n" +
		"A-8;Jamu;Minuman;;1 juta;3;;;;\r\n" +
		"A-9;Susu;Minuman;;45.000;3;;;;\r\n" +
		"A-10;Air;Minuman;;45000;3;;;;\r\n"
	rows, err := Read("produk.csv", strings.NewReader(in), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []lapak.CatalogRow{
		{SKU: "A-1", Name: "Keripik", Category: "Camilan", Variant: "Pedas", Price: 45000, Stock: 10, Description: "Renyah; gurih", Keywords: "kripik"},
		{SKU: "A-2", Name: "Keripik", Category: "Camilan", Variant: "Manis", Price: 45000, Stock: 1000},
		{SKU: "A-3", Name: "Sambal", Category: "Bumbu", Price: 1_500_000, Unlimited: true, Image: "demo:sambal"},
		{SKU: "A-4", Name: "Bolu", Category: "Kue", Price: 45000, Unlimited: true},
		{SKU: "A-5", Name: "Teh", Category: "Minuman", Price: 45000, Stock: 3},
		{SKU: "A-6", Name: "Kopi", Category: "Minuman", Price: 45000, Stock: 3},
		{SKU: "A-7", Name: "Madu", Category: "Minuman", Price: 1_500_000, Stock: 3},
		{SKU: "A-8", Name: "Jamu", Category: "Minuman", Price: 1_000_000, Stock: 3},
		{SKU: "A-9", Name: "Susu", Category: "Minuman", Price: 45000, Stock: 3},
		{SKU: "A-10", Name: "Air", Category: "Minuman", Price: 45000, Stock: 3},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("got  %+v\nwant %+v", rows, want)
	}
}

func TestReadTabsAndSepLine(t *testing.T) {
	for name, in := range map[string]string{
		"tabs":     "sku\tnama\tkategori\tharga\nA-1\tKeripik, pedas\tCamilan\t15.000\n",
		"sep line": "sep=;\nsku;nama;kategori;harga\nA-1;Keripik, pedas;Camilan;15.000\n",
	} {
		rows, err := ReadCSV(strings.NewReader(in))
		if err != nil || len(rows) != 1 || rows[0].Name != "Keripik, pedas" || rows[0].Price != 15000 {
			t.Errorf("%s: %+v %v", name, rows, err)
		}
	}
	// Lines count from the top of the file, the sep= line too.
	_, err := ReadCSV(strings.NewReader("sep=;\nsku;nama;kategori;harga\nA-1;Keripik;Camilan;seratus\n"))
	if err == nil || !strings.Contains(err.Error(), `line 3: price "seratus" is not a rupiah amount`) {
		t.Errorf("err = %v", err)
	}
}

func problemLines(t *testing.T, err error) []int {
	t.Helper()
	var ce *CSVError
	if !errors.As(err, &ce) {
		t.Fatalf("want *CSVError, got %v", err)
	}
	var lines []int
	for _, p := range ce.Problems {
		lines = append(lines, p.Line)
	}
	return lines
}

func TestReadRefusesWhatIsNotASpreadsheet(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	zipNotXLSX := func() []byte {
		var buf bytes.Buffer
		f := excelize.NewFile()
		_ = f.Write(&buf)
		b := buf.Bytes()
		return b[:len(b)/2] // a zip cut short
	}()
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"foto.csv", png, "not a spreadsheet: the file is a PNG image"},
		{"foto.xlsx", png, "not a spreadsheet: the file is a PNG image"},
		{"teks.xlsx", []byte("sku,name,category,price\nA,B,C,1\n"), "named .xlsx but is not an Excel workbook"},
		{"rusak.xlsx", zipNotXLSX, "not an Excel workbook (.xlsx) that can be read"},
		{"lama.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "old Excel .xls"},
		{"unicode.csv", []byte("\xff\xfes\x00k\x00u\x00"), "UTF-16"},
		{"biner.csv", []byte("sku,name\x00\x01"), "binary data"},
		{"kosong.csv", []byte("\ufeff \n"), "the file is empty"},
		{"header.csv", []byte("sku;nama;kategori;harga\n;;;\n"), "line 2: no products"},
	} {
		_, err := Read(tt.name, bytes.NewReader(tt.data), ReadOptions{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := Read("a.csv", strings.NewReader("sku,nama,kategori,harga\nA,B,C,1\n"), ReadOptions{Sheet: "Produk"}); err == nil || !strings.Contains(err.Error(), "only an .xlsx workbook has sheets") {
		t.Errorf("--sheet on CSV: %v", err)
	}
}

func TestReadHeaderProblemsNameTheSpellings(t *testing.T) {
	_, err := ReadCSV(strings.NewReader("kode;nama;warna;harga\nA;B;merah;1\n"))
	for _, want := range []string{
		`line 1: unknown column "warna" (known columns: sku/kode, nama/name, kategori/category, varian/variant, harga/price, stok/stock`,
		"gambar/foto/image, berat/weight",
		`line 1: missing column "category" (write it as kategori or category)`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	_, err = ReadCSV(strings.NewReader("sku,nama,name,kategori,harga\n"))
	if err == nil || !strings.Contains(err.Error(), `column "name" appears twice (as "nama" and "name")`) {
		t.Errorf("duplicate: %v", err)
	}
}

// Every bad price and stock, in file order, the good rows not reported.
func TestReadBadValuesInFileOrder(t *testing.T) {
	in := strings.Join([]string{
		"sku;nama;kategori;harga;stok",
		"A-1;Keripik;Camilan;-1;1",
		"A-2;Keripik;Camilan;seratus;1",
		"A-3;Keripik;Camilan;45rb;1",
		"A-4;Keripik;Camilan;0;1",
		"A-5;Keripik;Camilan;45rb;sepuluh",
		"A-6;Keripik;Camilan;1,2345jt;1",
		"A-7;Keripik;Camilan;45rb;1.5",
	}, "\n")
	_, err := ReadCSV(strings.NewReader(in))
	if got := fmt.Sprint(problemLines(t, err)); got != "[2 3 5 6 7 8]" {
		t.Errorf("lines %s:\n%v", got, err)
	}
	for _, want := range []string{`line 2: price "-1" must be more than 0`, `line 3: price "seratus" is not a rupiah amount (write e.g. 45000, 45.000, Rp 45.000,- or 45rb)`,
		"line 5: price must be more than 0", `line 6: stock "sepuluh" must be a whole number`, `line 7: price "1,2345jt"`, `line 8: stock "1.5"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestReadRowLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("sku,name,category,price\n")
	for i := range MaxRows + 1 {
		fmt.Fprintf(&b, "S%d,Produk,Semua,1000\n", i)
	}
	_, err := ReadCSV(strings.NewReader(b.String()))
	if err == nil || !strings.Contains(err.Error(), "line 100002: too many rows: at most 100000 products per file") {
		t.Errorf("err = %v", err)
	}
}

// workbook writes an .xlsx the way a seller's would look.
func workbook(t *testing.T, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func setRows(t *testing.T, f *excelize.File, sheet string, rows [][]any) {
	t.Helper()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadXLSX(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", [][]any{
			{"Kategori", "Kode", "Nama", "Varian", "Harga", "Stok", "Berat"},
			{"Camilan", "A-1", "Keripik", "Pedas", 45000, 10, 200},
			{nil, "A-2", "Keripik", "Manis", "45rb", 0},
			{nil, "A-3", "Basreng", nil, "Rp 15.000,-", nil},
			{"Kue", "K-1", "Bolu", nil, 65000.0, 2},
		})
		// The category is written once beside its products, merged down.
		if err := f.MergeCell("Sheet1", "A2", "A4"); err != nil {
			t.Fatal(err)
		}
		// A price formatted as rupiah reads as its number.
		style, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`"Rp"#,##0`)})
		_ = f.SetCellStyle("Sheet1", "E2", "E5", style)
		_, _ = f.NewSheet("Catatan")
		setRows(t, f, "Catatan", [][]any{{"sku", "name", "category", "price"}, {"X-1", "Lain", "Lain", 1000}})
	})
	rows, err := Read("katalog.xlsx", bytes.NewReader(data), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []lapak.CatalogRow{
		{SKU: "A-1", Name: "Keripik", Category: "Camilan", Variant: "Pedas", Price: 45000, Stock: 10},
		{SKU: "A-2", Name: "Keripik", Category: "Camilan", Variant: "Manis", Price: 45000},
		{SKU: "A-3", Name: "Basreng", Category: "Camilan", Price: 15000, Unlimited: true},
		{SKU: "K-1", Name: "Bolu", Category: "Kue", Price: 65000, Stock: 2},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("got  %+v\nwant %+v", rows, want)
	}
	rows, err = Read("katalog.xlsx", bytes.NewReader(data), ReadOptions{Sheet: "Catatan"})
	if err != nil || len(rows) != 1 || rows[0].SKU != "X-1" {
		t.Errorf("--sheet Catatan: %+v %v", rows, err)
	}
	_, err = Read("katalog.xlsx", bytes.NewReader(data), ReadOptions{Sheet: "Produk"})
	if err == nil || !strings.Contains(err.Error(), `no sheet "Produk" (sheets: "Sheet1", "Catatan")`) {
		t.Errorf("missing sheet: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestReadXLSXReportsMergesItCannotRead(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", [][]any{
			{"sku", "nama", "kategori", "harga"},
			{"A-1", "Keripik", "Camilan", "seratus"},
			{"A-2", "Keripik panjang sekali", nil, 1000},
			{"A-3", "Teh", "Minuman", 1000},
		})
		_ = f.MergeCell("Sheet1", "B3", "C3")
	})
	_, err := Read("katalog.xlsx", bytes.NewReader(data), ReadOptions{})
	if got := fmt.Sprint(problemLines(t, err)); got != "[2 3]" {
		t.Fatalf("lines %s: %v", got, err)
	}
	if !strings.Contains(err.Error(), `sheet "Sheet1"`) || !strings.Contains(err.Error(), "line 3: cells B3:C3 are merged across columns") {
		t.Errorf("err = %v", err)
	}
	title := workbook(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", [][]any{{"Daftar Harga Toko Siti"}, {"sku", "nama", "kategori", "harga"}})
		_ = f.MergeCell("Sheet1", "A1", "D1")
	})
	_, err = Read("katalog.xlsx", bytes.NewReader(title), ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), "line 1: cells A1:D1 are merged: the first row must hold one column name per cell") {
		t.Errorf("title row: %v", err)
	}
	empty := workbook(t, func(f *excelize.File) {})
	if _, err := Read("kosong.xlsx", bytes.NewReader(empty), ReadOptions{}); err == nil || !strings.Contains(err.Error(), "the file is empty") {
		t.Errorf("empty sheet: %v", err)
	}
}

// lapak export's .xlsx reads back to the same rows, numbers as numbers.
func TestXLSXRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, XLSX, DemoRows()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if typ, _ := f.GetCellType("Katalog", "E2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("price cell type %v, want a number", typ)
	}
	f.Close()
	got, err := Read("katalog.xlsx", &buf, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(asExported(t, got), DemoRows()) {
		t.Fatal("xlsx round trip changed the rows")
	}
}

func TestOrderWriter(t *testing.T) {
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	o := lapak.Order{Number: "K7M-4QP", Status: lapak.StatusPaid, Recipient: "Siti", Phone: "0812", PaymentMethod: lapak.PayTransfer,
		CreatedAt: time.Date(2025, 3, 1, 20, 30, 0, 0, time.UTC),
		Items:     []lapak.OrderItem{{ProductName: "Keripik", VariantName: "Pedas", UnitPrice: 13000, Qty: 3}, {ProductName: "Teh", UnitPrice: 8000, Qty: 1}},
		Breakdown: lapak.Breakdown{Subtotal: 47000, ShippingFee: 10000, UniqueCode: 123, Total: 57123},
		Shipment:  lapak.Shipment{Courier: "JNE", Tracking: "JNE123"}}
	var buf bytes.Buffer
	w, err := NewOrderWriter(&buf, CSV, jakarta, lapak.Indonesian)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(o, lapak.Customer{Channel: lapak.ChannelTelegram, Name: "siti_tg"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "no_pesanan,tanggal,pelanggan,telepon,kanal,status,pembayaran,barang,subtotal,diskon,ongkir,kode_unik,total,kurir,resi\n" +
		"K7M-4QP,2025-03-02 03:30,Siti,0812,telegram,sudah dibayar,transfer,3 x Keripik (Pedas) @13000; 1 x Teh @8000,47000,0,10000,123,57123,JNE,JNE123\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

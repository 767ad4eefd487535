package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// Limits on one file and its cells.
const (
	// MaxRows is the most product rows one file may hold.
	MaxRows = lapak.MaxCatalogRows
	// MaxFileBytes bounds what is read of a file: 100,000 rows with long
	// descriptions fit.
	MaxFileBytes   = 128 << 20
	maxSKU         = 64
	maxName        = 100
	maxCategory    = 60
	maxVariant     = 60
	maxDescription = 1000
	maxKeywords    = 500
	maxImage       = 500
	maxStock       = 1_000_000
)

var skuPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// ReadOptions choose what of a file is read.
type ReadOptions struct {
	// Sheet is the .xlsx sheet to read; "" reads the first.
	Sheet string
}

// Read reads a catalog file, CSV or .xlsx, told apart by its content (the
// name only words the messages): a PNG renamed products.csv is refused as
// what it is. Problems come as a *CSVError, in file order.
func Read(name string, r io.Reader, opt ReadOptions) ([]lapak.CatalogRow, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	xlsxName := strings.EqualFold(filepath.Ext(name), ".xlsx")
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data, opt.Sheet)
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return nil, fileProblem("this is an old Excel .xls workbook or a password-protected one: save it as .xlsx without a password, or as CSV UTF-8")
	}
	if p := notText(data); p != "" {
		return nil, fileProblem("%s", p)
	}
	if xlsxName {
		return nil, fileProblem("the file is named .xlsx but is not an Excel workbook (it looks like text): name it .csv, or save it from Excel as .xlsx")
	}
	if opt.Sheet != "" {
		return nil, fileProblem("--sheet %q: only an .xlsx workbook has sheets; this is a CSV file", opt.Sheet)
	}
	return readCSV(data)
}

func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("catalog: reading the file: %w", err)
	}
	if len(data) > MaxFileBytes {
		return nil, fileProblem("the file is larger than %d MB: split it", MaxFileBytes>>20)
	}
	return data, nil
}

// signatures of files sellers pick by mistake.
var signatures = []struct {
	magic, what string
}{
	{"\x89PNG", "a PNG image"}, {"\xff\xd8\xff", "a JPEG image"}, {"GIF8", "a GIF image"},
	{"RIFF", "a WEBP image or other media"}, {"%PDF", "a PDF document"}, {"\x1f\x8b", "a gzip archive"},
	{"\xff\xfe", "UTF-16 text (Excel's \"Unicode Text\")"}, {"\xfe\xff", "UTF-16 text"},
}

// notText says why data is not a CSV file, or "" if it may be one.
func notText(data []byte) string {
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))) == 0 {
		return "the file is empty; the first line must be the header, e.g. " + strings.Join(Header[:6], ",")
	}
	for _, s := range signatures {
		if bytes.HasPrefix(data, []byte(s.magic)) {
			return "not a spreadsheet: the file is " + s.what + "; save the catalog as CSV UTF-8 or .xlsx"
		}
	}
	head := data[:min(len(data), 8<<10)]
	if bytes.IndexByte(head, 0) >= 0 {
		return "not a spreadsheet: the file holds binary data; save the catalog as CSV UTF-8 or .xlsx"
	}
	return ""
}

// rowError is a problem with one record as read (a broken quote, a
// merged cell): reported at its line, the row is skipped.
type rowError string

func (e rowError) Error() string { return string(e) }

// source yields a file's records with their line numbers; io.EOF ends.
type source interface {
	next() (rec []string, line int, err error)
}

// column is one known column and the names a file may give it.
type column struct {
	name      string   // as Header and problem messages name it
	shown     string   // the spellings a message lists: "nama/name"
	spellings []string // every accepted spelling, compared after normHeader
	required  bool
}

// columns are the known columns. berat/weight is accepted and ignored:
// the catalog has no weight (shipping is a fee per zone).
var columns = []column{
	{"sku", "sku/kode", []string{"sku", "kode", "kode sku", "kode produk", "kode barang"}, true},
	{"name", "nama/name", []string{"nama", "name", "nama produk", "nama barang", "product name"}, true},
	{"category", "kategori/category", []string{"kategori", "category"}, true},
	{"variant", "varian/variant", []string{"varian", "variant", "variasi"}, false},
	{"price", "harga/price", []string{"harga", "price", "harga jual"}, true},
	{"stock", "stok/stock", []string{"stok", "stock"}, false},
	{"description", "deskripsi/description", []string{"deskripsi", "description", "keterangan"}, false},
	{"keywords", "kata kunci/keywords", []string{"kata kunci", "keywords", "keyword"}, false},
	{"image", "gambar/foto/image", []string{"gambar", "foto", "image", "photo"}, false},
	{"weight", "berat/weight", []string{"berat", "weight"}, false},
	{"reseller_price", "harga_reseller/reseller_price", []string{"harga reseller", "reseller price"}, false},
	{"min_reseller_qty", "min_reseller/min_reseller_qty", []string{"min reseller qty", "min reseller", "minimal reseller", "min qty reseller"}, false},
	{"commission", "komisi/commission", []string{"komisi", "commission"}, false},
	{"stock_at_export", "stok_saat_ekspor/stock_at_export", []string{"stok saat ekspor", "stock at export"}, false},
}

// bySpelling finds a column by its normalised header.
var bySpelling = func() map[string]*column {
	m := map[string]*column{}
	for i := range columns {
		for _, s := range columns[i].spellings {
			m[normHeader(s)] = &columns[i]
		}
	}
	return m
}()

func knownColumns() string {
	var out []string
	for _, c := range columns {
		out = append(out, c.shown)
	}
	return strings.Join(out, ", ")
}

// normHeader makes a header cell comparable: lower case, no spaces,
// underscores, dashes or dots, no "(Rp)"-style note, no BOM.
func normHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	if i := strings.IndexAny(h, "(["); i > 0 {
		h = h[:i]
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '-' || r == '.' || r == '*' {
			return -1
		}
		return unicode.ToLower(r)
	}, h)
}

// readTable reads the header and the rows of a file. sheet names the
// .xlsx sheet in problems ("" for CSV).
func readTable(src source, sheet string) ([]lapak.CatalogRow, error) {
	var problems []RowProblem
	bad := func(line int, format string, args ...any) {
		problems = append(problems, RowProblem{Line: line, Reason: fmt.Sprintf(format, args...)})
	}
	fail := func() error {
		sortProblems(problems)
		return &CSVError{Sheet: sheet, Problems: problems}
	}

	head, headLine, err := src.next()
	var re rowError
	switch {
	case err == io.EOF:
		bad(1, "the file is empty; the first line must be the header, e.g. %s", strings.Join(Header[:6], ","))
		return nil, fail()
	case errors.As(err, &re):
		bad(headLine, "%s", re)
		return nil, fail()
	case err != nil:
		return nil, err
	}
	if blank(head) {
		bad(headLine, "the first row is empty: it must name the columns, e.g. %s", strings.Join(Header[:6], ","))
		return nil, fail()
	}
	col := map[string]int{}
	as := map[string]string{}
	for i, h := range head {
		raw := strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if raw == "" {
			continue // an empty header over an empty column
		}
		c, ok := bySpelling[normHeader(raw)]
		if !ok {
			bad(headLine, "unknown column %q (known columns: %s)", raw, knownColumns())
			continue
		}
		name := c.name
		if _, dup := col[name]; dup {
			bad(headLine, "column %q appears twice (as %q and %q)", name, as[name], raw)
			continue
		}
		col[name], as[name] = i, raw
	}
	for _, c := range columns {
		if _, ok := col[c.name]; c.required && !ok {
			bad(headLine, "missing column %q (write it as %s)", c.name, strings.ReplaceAll(c.shown, "/", " or "))
		}
	}
	if len(problems) > 0 {
		return nil, fail()
	}
	has := func(name string) bool { _, ok := col[name]; return ok }
	// A row's cells outside the header are empty columns (a note to the
	// right, say) unless they hold something.
	var rows []lapak.CatalogRow
	seen := map[string]int{} // lowercased SKU -> line
	count := 0
	for {
		rec, line, err := src.next()
		if err == io.EOF {
			break
		}
		if errors.As(err, &re) {
			bad(line, "%s", re)
			continue
		}
		if err != nil {
			return nil, err
		}
		if blank(rec) {
			continue
		}
		if count++; count > MaxRows {
			bad(line, "too many rows: at most %d products per file; split the file", MaxRows)
			break
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row, reasons := parseRow(get, has)
		if prev, dup := seen[strings.ToLower(row.SKU)]; dup && row.SKU != "" {
			reasons = append(reasons, fmt.Sprintf("sku %q already used on line %d", row.SKU, prev))
		}
		if len(reasons) > 0 {
			bad(line, "%s", strings.Join(reasons, "; "))
			continue
		}
		seen[strings.ToLower(row.SKU)] = line
		rows = append(rows, row)
	}
	if len(problems) > 0 {
		return nil, fail()
	}
	if len(rows) == 0 {
		bad(headLine+1, "no products: the file has a header but no rows")
		return nil, fail()
	}
	return rows, nil
}

// parseRow reads one row; has says which columns the file has.
func parseRow(get func(string) string, has func(string) bool) (lapak.CatalogRow, []string) {
	var reasons []string
	text := func(name string, max int, required bool) string {
		v := get(name)
		switch {
		case required && v == "":
			reasons = append(reasons, name+" is empty")
		case !utf8.ValidString(v):
			reasons = append(reasons, name+" is not valid UTF-8 text (save the file as CSV UTF-8)")
		case utf8.RuneCountInString(v) > max:
			reasons = append(reasons, fmt.Sprintf("%s is longer than %d characters", name, max))
		}
		return v
	}
	row := lapak.CatalogRow{
		SKU:         text("sku", maxSKU, true),
		Name:        text("name", maxName, true),
		Category:    text("category", maxCategory, true),
		Variant:     text("variant", maxVariant, false),
		Description: text("description", maxDescription, false),
		Keywords:    text("keywords", maxKeywords, false),
		Image:       text("image", maxImage, false),
	}
	if row.SKU != "" && !skuPattern.MatchString(row.SKU) {
		reasons = append(reasons, fmt.Sprintf("sku %q may hold only letters, digits, '.', '_' and '-'", row.SKU))
	}
	pv := get("price")
	price, err := lapak.ParsePrice(pv)
	switch {
	case pv == "":
		reasons = append(reasons, "price is empty")
	case strings.HasPrefix(pv, "-") && err == nil, strings.HasPrefix(pv, "-") && isPrice(pv[1:]):
		reasons = append(reasons, fmt.Sprintf("price %q must be more than 0", pv))
	case err != nil:
		reasons = append(reasons, fmt.Sprintf("price %q is not a rupiah amount (write e.g. 45000, 45.000, Rp 45.000,- or 45rb)", pv))
	case price <= 0:
		reasons = append(reasons, "price must be more than 0")
	}
	row.Price = price
	level, ok := parseStock(get("stock"))
	if !ok {
		reasons = append(reasons, fmt.Sprintf("stock %q must be a whole number from 0 to %d, or empty for unlimited", get("stock"), maxStock))
	}
	row.Stock, row.Unlimited = level.N, level.Unlimited
	if has("stock_at_export") {
		level, ok := parseStock(get("stock_at_export"))
		if !ok {
			reasons = append(reasons, fmt.Sprintf("stock_at_export %q is not a stock Lapak exported: leave the column as exported, or delete it", get("stock_at_export")))
		}
		row.ExportedStock, row.HasExportedStock = level, true
	}
	// The reseller terms: an empty cell is none; a missing column keeps
	// the shop's (Has… false).
	if row.HasResellerPrice = has("reseller_price"); row.HasResellerPrice {
		if v := get("reseller_price"); v != "" {
			rp, err := lapak.ParsePrice(v)
			switch {
			case strings.HasPrefix(v, "-") && (err == nil || isPrice(v[1:])), err == nil && rp <= 0:
				reasons = append(reasons, fmt.Sprintf("reseller_price %q must be more than 0 (leave it empty for none)", v))
			case err != nil:
				reasons = append(reasons, fmt.Sprintf("reseller_price %q is not a rupiah amount (write e.g. 40000, 40.000 or 40rb)", v))
			case price > 0 && rp > price:
				reasons = append(reasons, fmt.Sprintf("reseller_price %s is above the price %s", rp, price))
			default:
				row.ResellerPrice = rp
			}
		}
	}
	if row.HasMinResellerQty = has("min_reseller_qty"); row.HasMinResellerQty {
		if v := get("min_reseller_qty"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > lapak.MaxQuantity {
				reasons = append(reasons, fmt.Sprintf("min_reseller_qty %q must be a whole number from 0 to %d, or empty for no minimum", v, lapak.MaxQuantity))
			}
			row.MinResellerQty = n
		}
	}
	if row.HasCommission = has("commission"); row.HasCommission {
		if v := get("commission"); v != "" {
			r, err := lapak.ParseRate(v)
			switch {
			case err != nil:
				reasons = append(reasons, fmt.Sprintf("commission %q is not a percentage from 0%% to 100%% (write e.g. 8%% or 7,5%%)", v))
			case r == 0:
				// 0 is "the tier's rate" in the domain: refused rather
				// than read as the opposite of what the seller wrote.
				reasons = append(reasons, fmt.Sprintf("commission %q: a product's rate must be more than 0%% (leave it empty for the reseller's tier rate)", v))
			default:
				row.Commission = r
			}
		}
	}
	return row, reasons
}

func isPrice(s string) bool {
	_, err := lapak.ParsePrice(s)
	return err == nil
}

// parseStock reads a stock cell: a whole number ("1.000" too), or empty
// or "-" for unlimited.
func parseStock(s string) (lapak.StockLevel, bool) {
	if s == "" || s == "-" {
		return lapak.StockLevel{Unlimited: true}, true
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
	if err != nil || n < 0 || n > maxStock || strings.Contains(s, ".") && !thousands(s) {
		return lapak.StockLevel{}, false
	}
	return lapak.StockLevel{N: n}, true
}

// thousands reports whether the dots in s group digits by three ("1.000").
func thousands(s string) bool {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		if i > 0 && len(p) != 3 || i == 0 && (p == "" || len(p) > 3) {
			return false
		}
	}
	return true
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

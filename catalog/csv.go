// Package catalog reads and writes the catalog CSV and holds the demo shop.
package catalog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// Header is the documented column order of the catalog CSV.
var Header = []string{"sku", "name", "category", "variant", "price", "stock", "description", "keywords", "image"}

// Limits on one file; a shop with more than this should split its import.
const (
	MaxRows        = 10000
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

// RowProblem is one bad row (or the header, line 1) and why.
type RowProblem struct {
	Line   int
	Reason string
}

// CSVError lists every problem found in a file. A file with problems is
// imported not at all.
type CSVError struct{ Problems []RowProblem }

func (e *CSVError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "catalog: %d problem(s) in the CSV", len(e.Problems))
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\nline %d: %s", p.Line, p.Reason)
	}
	return b.String()
}

// ReadCSV reads a catalog CSV. The header names the columns, in any order;
// sku, name, category and price are required, the rest optional. It returns
// every row, or a *CSVError listing all bad rows with their line numbers.
func ReadCSV(r io.Reader) ([]lapak.CatalogRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	var problems []RowProblem
	bad := func(line int, format string, args ...any) {
		problems = append(problems, RowProblem{Line: line, Reason: fmt.Sprintf(format, args...)})
	}

	head, err := cr.Read()
	if err == io.EOF {
		return nil, &CSVError{Problems: []RowProblem{{1, "the file is empty; the first line must be the header: " + strings.Join(Header, ",")}}}
	}
	if err != nil {
		return nil, &CSVError{Problems: []RowProblem{{1, csvReason(err)}}}
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; dup {
			bad(1, "column %q appears twice", h)
		}
		col[h] = i
	}
	known := map[string]bool{}
	for _, h := range Header {
		known[h] = true
	}
	for h := range col {
		if !known[h] {
			bad(1, "unknown column %q (columns: %s)", h, strings.Join(Header, ","))
		}
	}
	for _, h := range []string{"sku", "name", "category", "price"} {
		if _, ok := col[h]; !ok {
			bad(1, "missing column %q (columns: %s)", h, strings.Join(Header, ","))
		}
	}
	if len(problems) > 0 {
		return nil, &CSVError{Problems: problems}
	}

	var rows []lapak.CatalogRow
	seen := map[string]int{} // lowercased SKU -> line
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			bad(line, "%s", csvReason(err))
			if pe == nil || pe.Err == csv.ErrFieldCount {
				continue
			}
			break // a broken quote makes the rest unreadable
		}
		if blank(rec) {
			continue
		}
		if len(rows)+len(problems) >= MaxRows {
			bad(line, "too many rows: at most %d per file", MaxRows)
			break
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row, reasons := parseRow(get)
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
		return nil, &CSVError{Problems: problems}
	}
	if len(rows) == 0 {
		return nil, &CSVError{Problems: []RowProblem{{2, "no products: the file has a header but no rows"}}}
	}
	return rows, nil
}

func parseRow(get func(string) string) (lapak.CatalogRow, []string) {
	var reasons []string
	text := func(name string, max int, required bool) string {
		v := get(name)
		switch {
		case required && v == "":
			reasons = append(reasons, name+" is empty")
		case !utf8.ValidString(v):
			reasons = append(reasons, name+" is not valid UTF-8 text (save the file as UTF-8)")
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
	price, err := lapak.ParseMoney(get("price"))
	switch {
	case get("price") == "":
		reasons = append(reasons, "price is empty")
	case err != nil:
		reasons = append(reasons, fmt.Sprintf("price %q is not a rupiah amount (write 15000 or 15.000)", get("price")))
	case price <= 0:
		reasons = append(reasons, "price must be more than 0")
	}
	row.Price = price
	switch s := get("stock"); s {
	case "", "-":
		row.Unlimited = true
	default:
		n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
		if err != nil || n < 0 || n > maxStock {
			reasons = append(reasons, fmt.Sprintf("stock %q must be a whole number from 0 to %d, or empty for unlimited", s, maxStock))
		}
		row.Stock = n
	}
	return row, reasons
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch pe.Err {
		case csv.ErrQuote, csv.ErrBareQuote:
			return "a quote (\") is not closed or stands inside an unquoted field"
		case csv.ErrFieldCount:
			return "wrong number of fields"
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// WriteCSV writes rows under the documented header; the output reads back
// with ReadCSV to the same rows.
func WriteCSV(w io.Writer, rows []lapak.CatalogRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	for _, r := range rows {
		stock := strconv.Itoa(r.Stock)
		if r.Unlimited {
			stock = ""
		}
		rec := []string{r.SKU, r.Name, r.Category, r.Variant, r.Price.Digits(), stock, r.Description, r.Keywords, r.Image}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

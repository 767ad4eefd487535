package catalog

import (
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	lapak "github.com/lapak-id/lapak"
)

// Format is a file format lapak writes.
type Format int

const (
	CSV Format = iota
	XLSX
)

// FormatFor picks the format by the file name's extension: .csv, .xlsx,
// or CSV for "" and "-" (standard output).
func FormatFor(name string) (Format, error) {
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case name == "" || name == "-" || ext == ".csv":
		return CSV, nil
	case ext == ".xlsx":
		return XLSX, nil
	default:
		return 0, fmt.Errorf("catalog: %s: write a .csv or .xlsx file", name)
	}
}

// table writes rows of cells: strings, or integers that a workbook keeps
// as numbers.
type table interface {
	row(cells ...any) error
	close() error
}

func newTable(w io.Writer, f Format, sheet string) (table, error) {
	if f == XLSX {
		return newXLSXTable(w, sheet)
	}
	return &csvTable{w: csv.NewWriter(w)}, nil
}

type csvTable struct {
	w   *csv.Writer
	rec []string
}

func (t *csvTable) row(cells ...any) error {
	t.rec = t.rec[:0]
	for _, c := range cells {
		t.rec = append(t.rec, fmt.Sprint(c))
	}
	return t.w.Write(t.rec)
}

func (t *csvTable) close() error {
	t.w.Flush()
	return t.w.Error()
}

// xlsxTable streams rows into one sheet, so 100,000 rows do not build a
// document in memory first.
type xlsxTable struct {
	w    io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	line int
}

func newXLSXTable(w io.Writer, sheet string) (*xlsxTable, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		f.Close()
		return nil, fmt.Errorf("catalog: writing xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("catalog: writing xlsx: %w", err)
	}
	return &xlsxTable{w: w, f: f, sw: sw}, nil
}

func (t *xlsxTable) row(cells ...any) error {
	t.line++
	cell, err := excelize.CoordinatesToCellName(1, t.line)
	if err != nil {
		return err
	}
	if err := t.sw.SetRow(cell, cells); err != nil {
		return fmt.Errorf("catalog: writing xlsx row %d: %w", t.line, err)
	}
	return nil
}

func (t *xlsxTable) close() error {
	defer t.f.Close()
	if err := t.sw.Flush(); err != nil {
		return fmt.Errorf("catalog: writing xlsx: %w", err)
	}
	if err := t.f.Write(t.w); err != nil {
		return fmt.Errorf("catalog: writing xlsx: %w", err)
	}
	return nil
}

// WriteCSV writes rows under Header; the output reads back with ReadCSV
// to the same rows, each with its stock as exported.
func WriteCSV(w io.Writer, rows []lapak.CatalogRow) error { return Write(w, CSV, rows) }

// Write writes the catalog as CSV or as an .xlsx workbook (sheet
// "Katalog", prices and stock as numbers). The stock_at_export column
// repeats each row's stock: an import tells by it a stock the seller left
// alone from one they changed.
func Write(w io.Writer, f Format, rows []lapak.CatalogRow) error {
	t, err := newTable(w, f, "Katalog")
	if err != nil {
		return err
	}
	head := make([]any, len(Header))
	for i, h := range Header {
		head[i] = h
	}
	if err := t.row(head...); err != nil {
		return err
	}
	for _, r := range rows {
		var stock any = r.Stock
		if r.Unlimited {
			stock = ""
		}
		// Reseller terms as an import reads them: empty for none.
		var resellerPrice, minQty, commission any = "", "", ""
		if r.ResellerPrice > 0 {
			resellerPrice = int64(r.ResellerPrice)
		}
		if r.MinResellerQty > 0 {
			minQty = r.MinResellerQty
		}
		if r.Commission > 0 {
			commission = r.Commission.String() // "7,5%": text, so a workbook keeps it as written
		}
		if err := t.row(r.SKU, r.Name, r.Category, r.Variant, int64(r.Price), stock, r.Description, r.Keywords, r.Image,
			resellerPrice, minQty, commission, stock); err != nil {
			return err
		}
	}
	return t.close()
}

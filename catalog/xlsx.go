package catalog

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	lapak "github.com/lapak-id/lapak"
)

// readXLSX reads one sheet of a workbook: the first, or the one named.
// Cells are read as stored, not as formatted, so a price cell formatted
// "Rp45.000" reads 45000. A merge down one column (a category written once
// beside its products) gives every row its value; a merge across columns,
// or one in the header row, is reported.
func readXLSX(data []byte, sheet string) ([]lapak.CatalogRow, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fileProblem("not an Excel workbook (.xlsx) that can be read (%v): save it again from Excel as .xlsx, or as CSV UTF-8", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheet == "" {
		if len(sheets) == 0 {
			return nil, fileProblem("the workbook has no sheets")
		}
		sheet = sheets[0]
	} else if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
		return nil, fileProblem("the workbook has no sheet %q (sheets: %s)", sheet, quoteAll(sheets))
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fileProblem("reading sheet %q: %v", sheet, err)
	}
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, fileProblem("reading sheet %q: %v", sheet, err)
	}
	src := &sheetSource{rows: rows, bad: map[int]string{}}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		ref := m.GetStartAxis() + ":" + m.GetEndAxis()
		switch {
		case r1 == 1:
			src.fail(1, fmt.Sprintf("cells %s are merged: the first row must hold one column name per cell (delete a title row above the header, unmerge the cells)", ref))
		case c1 != c2:
			src.fail(r1, fmt.Sprintf("cells %s are merged across columns: unmerge them so each column has its own cell", ref))
		default:
			src.fill(c1-1, r1, r2, m.GetCellValue())
		}
	}
	catalogRows, err := readTable(src, sheet)
	if err != nil {
		return nil, err
	}
	return catalogRows, nil
}

// sheetSource yields a sheet's rows; rows is what GetRows gave (trailing
// empty cells and rows trimmed).
type sheetSource struct {
	rows [][]string
	i    int
	bad  map[int]string // line -> problem found before reading
}

func (s *sheetSource) fail(line int, reason string) {
	if prev, ok := s.bad[line]; ok {
		reason = prev + "; " + reason
	}
	s.bad[line] = reason
}

// fill writes value into column col of rows r1..r2 (1-based lines).
func (s *sheetSource) fill(col, r1, r2 int, value string) {
	for line := r1; line <= r2; line++ {
		for len(s.rows) < line {
			s.rows = append(s.rows, nil)
		}
		row := s.rows[line-1]
		for len(row) <= col {
			row = append(row, "")
		}
		row[col] = value
		s.rows[line-1] = row
	}
}

func (s *sheetSource) next() ([]string, int, error) {
	if s.i >= len(s.rows) {
		return nil, 0, io.EOF
	}
	s.i++
	line := s.i
	if reason, ok := s.bad[line]; ok {
		return nil, line, rowError(reason)
	}
	return s.rows[line-1], line, nil
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

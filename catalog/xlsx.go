package catalog

import (
	"bytes"
	"fmt"
	"io"
	"math"
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
	percentAsShown(f, sheet, src.rows)
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

// percentAsShown rewrites the commission cells formatted as a percentage
// to what the seller sees: Excel turns a typed "8%" into 0.08, and read
// raw it would be a rate of 0,08%.
func percentAsShown(f *excelize.File, sheet string, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	col := -1
	for i, h := range rows[0] {
		if c, ok := bySpelling[normHeader(strings.TrimSpace(h))]; ok && c.name == "commission" {
			col = i
			break
		}
	}
	if col < 0 {
		return
	}
	percent := map[int]bool{} // style id -> a percentage format
	for i := 1; i < len(rows); i++ {
		if col >= len(rows[i]) || strings.TrimSpace(rows[i][col]) == "" {
			continue
		}
		cell, err := excelize.CoordinatesToCellName(col+1, i+1)
		if err != nil {
			continue
		}
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			continue
		}
		is, ok := percent[id]
		if !ok {
			st, err := f.GetStyle(id)
			is = err == nil && (st.NumFmt == 9 || st.NumFmt == 10 || st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "%"))
			percent[id] = is
		}
		if is {
			rows[i][col] = shownPercent(rows[i][col])
		}
	}
}

// shownPercent writes a stored fraction as a percentage: "0.075" is
// "7.5%". Excel keeps it as a double (7.4999999999999997E-2), so it is
// rounded to the basis points ParseRate reads when that is what it is; a
// finer one is written as it is, for ParseRate to refuse.
func shownPercent(raw string) string {
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil {
		return raw // text in a percentage cell: read as written
	}
	bp := math.Round(v * 10000)
	if math.Abs(v*10000-bp) > 1e-6 {
		return strconv.FormatFloat(v*100, 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(bp/100, 'f', -1, 64) + "%"
}

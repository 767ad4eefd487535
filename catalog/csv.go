// Package catalog reads and writes catalog files (CSV and .xlsx, as
// sellers' spreadsheets have them), writes the orders file for
// bookkeeping, and holds the demo shop.
package catalog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	lapak "github.com/lapak-id/lapak"
)

// Header is the column order lapak export writes. A file may name the
// columns in Indonesian or English, in any order (see columns).
var Header = []string{"sku", "name", "category", "variant", "price", "stock", "description", "keywords", "image",
	"reseller_price", "min_reseller_qty", "commission", "stock_at_export"}

// RowProblem is one bad row (or the header, line 1) and why.
type RowProblem struct {
	Line   int
	Reason string
}

// CSVError lists every problem found in a catalog file (CSV or .xlsx), in
// file order. A file with problems is imported not at all.
type CSVError struct {
	// Sheet is the .xlsx sheet the lines are rows of; "" for a CSV file.
	Sheet    string
	Problems []RowProblem
}

func (e *CSVError) Error() string {
	var b strings.Builder
	where := "the CSV"
	if e.Sheet != "" {
		where = "sheet " + strconv.Quote(e.Sheet)
	}
	fmt.Fprintf(&b, "catalog: %d problem(s) in %s", len(e.Problems), where)
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\nline %d: %s", p.Line, p.Reason)
	}
	return b.String()
}

// fileProblem is a CSVError about the file as a whole.
func fileProblem(format string, args ...any) *CSVError {
	return &CSVError{Problems: []RowProblem{{1, fmt.Sprintf(format, args...)}}}
}

// ReadCSV reads a catalog CSV: comma, semicolon or tab separated (read
// from the header line), UTF-8 with or without a byte order mark. The
// header names the columns, in any order, in Indonesian or English; sku,
// name, category and price are required. It returns every row, or a
// *CSVError listing all bad rows with their line numbers.
func ReadCSV(r io.Reader) ([]lapak.CatalogRow, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	if p := notText(data); p != "" {
		return nil, fileProblem("%s", p)
	}
	return readCSV(data)
}

func readCSV(data []byte) ([]lapak.CatalogRow, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	skip := 0
	comma := ','
	// Excel understands (and some exports write) a first line "sep=;".
	if first, rest, _ := bytes.Cut(data, []byte("\n")); len(first) >= 5 && bytes.EqualFold(first[:4], []byte("sep=")) {
		if sep := bytes.TrimRight(first[4:], "\r"); len(sep) == 1 {
			comma, data, skip = rune(sep[0]), rest, 1
		}
	} else {
		comma = delimiter(first)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = comma != '\t'
	cr.ReuseRecord = true
	return readTable(&csvSource{r: cr, skip: skip}, "")
}

// delimiter picks the separator the header line uses most, outside quotes:
// Indonesian Excel saves CSV with ";", others with ",", some tools tabs.
func delimiter(line []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(line) {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// csvSource reads records of a CSV file with their line numbers.
type csvSource struct {
	r    *csv.Reader
	skip int // lines before the data (the "sep=" line)
	dead bool
}

func (s *csvSource) next() ([]string, int, error) {
	if s.dead {
		return nil, 0, io.EOF
	}
	rec, err := s.r.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	line, _ := s.r.FieldPos(0)
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.StartLine
			if pe.Err != csv.ErrFieldCount {
				s.dead = true // a broken quote makes the rest unreadable
			}
		}
		return nil, line + s.skip, rowError(csvReason(err))
	}
	return rec, line + s.skip, nil
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

// sortProblems puts problems in file order (a sheet's merged cells are
// found before its rows are read).
func sortProblems(ps []RowProblem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
}

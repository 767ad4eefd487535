package lapak

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PriceFormat is how the shop writes rupiah amounts: the text around the
// dotted digits, as in "Rp 15.000" or "Rp15.000,-". The zero value writes
// them like Money.String.
type PriceFormat struct{ Prefix, Suffix string }

// priceExample is the amount a seller writes their way for ParsePriceFormat:
// fifteen thousand rupiah, with the thousands dot rupiah always has.
const priceExample = "15.000"

// maxPriceAffix bounds the text before or after the digits, in characters.
const maxPriceAffix = 10

// ErrInvalidPriceFormat is wrapped by every *PriceFormatError.
var ErrInvalidPriceFormat = errors.New("invalid price format")

// PriceFormatError says what is wrong with a price example.
type PriceFormatError struct{ Problem string }

func (e *PriceFormatError) Error() string { return "price format: " + e.Problem }

func (e *PriceFormatError) Unwrap() error { return ErrInvalidPriceFormat }

// ParsePriceFormat reads fifteen thousand rupiah written the seller's way
// ("Rp 15.000", "Rp15.000,-", "IDR 15.000"): the text before 15.000 becomes
// the prefix, the text after it the suffix. Spaces around the whole example
// are dropped; spaces inside it are kept.
func ParsePriceFormat(example string) (PriceFormat, error) {
	s := strings.TrimSpace(example)
	fail := func(format string, args ...any) (PriceFormat, error) {
		return PriceFormat{}, &PriceFormatError{Problem: fmt.Sprintf(format, args...)}
	}
	switch n := strings.Count(s, priceExample); {
	case s == "":
		return fail("empty: write fifteen thousand rupiah your way, e.g. Rp 15.000")
	case n == 0:
		return fail("%q does not contain %s: write fifteen thousand rupiah your way, with the thousands dot", s, priceExample)
	case n > 1:
		return fail("%q contains %s %d times: write the amount once", s, priceExample, n)
	}
	i := strings.Index(s, priceExample)
	f := PriceFormat{Prefix: s[:i], Suffix: s[i+len(priceExample):]}
	if f.Prefix == "" && f.Suffix == "" {
		return fail("%q alone does not say it is rupiah: add Rp or IDR, e.g. Rp15.000", s)
	}
	for _, part := range []struct{ where, text string }{{"before", f.Prefix}, {"after", f.Suffix}} {
		switch {
		case utf8.RuneCountInString(part.text) > maxPriceAffix:
			return fail("the text %s %s (%q) is longer than %d characters", part.where, priceExample, part.text, maxPriceAffix)
		case strings.ContainsFunc(part.text, unicode.IsDigit):
			return fail("the text %s %s (%q) contains a digit: write exactly fifteen thousand, %s", part.where, priceExample, part.text, priceExample)
		case strings.ContainsFunc(part.text, func(r rune) bool { return !unicode.IsPrint(r) }):
			return fail("the text %s %s (%q) contains a tab, line break or other invisible character", part.where, priceExample, part.text)
		}
	}
	return f, nil
}

// Format writes m in the shop's format: "Rp 12.000,-", "-Rp 2.500,-".
func (f PriceFormat) Format(m Money) string {
	if f == (PriceFormat{}) {
		return m.String()
	}
	var b strings.Builder
	u := uint64(m)
	if m < 0 {
		b.WriteByte('-')
		u = -u // two's complement: exact for every int64, even the smallest
	}
	b.WriteString(f.Prefix)
	digits := strconv.FormatUint(u, 10)
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	b.WriteString(f.Suffix)
	return b.String()
}

package lapak

import (
	"errors"
	"strconv"
	"strings"
)

// Money is an amount in whole rupiah. The rupiah has no minor unit in daily
// use, so an integer is exact; money is never a float.
type Money int64

// MaxMoney bounds every amount we accept from outside (one trillion rupiah),
// so sums of bounded quantities can never overflow int64.
const MaxMoney Money = 1_000_000_000_000

// String formats the amount the Indonesian way: Rp15.000, -Rp2.500.
func (m Money) String() string {
	neg := m < 0
	n := int64(m)
	if neg {
		n = -n
	}
	digits := strconv.FormatInt(n, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString("Rp")
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Digits returns the plain integer, as payment gateways and QRIS want it.
func (m Money) Digits() string { return strconv.FormatInt(int64(m), 10) }

// Mul multiplies a unit price by a quantity.
func (m Money) Mul(qty int) Money { return m * Money(qty) }

// ErrInvalidMoney is returned by ParseMoney for text that is not an amount.
var ErrInvalidMoney = errors.New("not a rupiah amount")

// ParseMoney reads an amount as sellers and customers type it: "15000",
// "15.000", "Rp 15.000", "rp15,000", "15.000,00", "Rp 55.000,-", and with
// a word for thousands or millions: "85rb", "85 ribu", "45k", "1,5jt",
// "2 juta". Dots and commas followed by exactly three digits are thousands
// separators; a trailing ",00", ".00" or ",-" is accepted and dropped.
// Before "rb", "k", "jt" a comma or dot with fewer than three digits is a
// decimal one ("1,5jt" is 1.500.000, "2.5k" 2.500). Anything else
// (fractions of a rupiah, negative amounts, words such as "seratus",
// empty) is an error. This is the one money parser: the chat, the desk,
// the configuration and catalog files all read amounts through it.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if rest, ok := strings.CutPrefix(s, "rp"); ok {
		s = strings.TrimPrefix(rest, ".") // "Rp. 10.000"
	} else if rest, ok := strings.CutPrefix(s, "idr"); ok {
		s = rest
	}
	s = strings.ReplaceAll(s, " ", "")
	s = strings.TrimSuffix(s, ",-")
	mult := Money(1)
	for _, suf := range moneyWords {
		if rest, ok := strings.CutSuffix(s, suf.word); ok && rest != "" {
			s, mult = rest, suf.mult
			break
		}
	}
	if len(s) > 3 && (strings.HasSuffix(s, ",00") || strings.HasSuffix(s, ".00")) {
		s = s[:len(s)-3]
	}
	if s == "" {
		return 0, ErrInvalidMoney
	}
	if mult > 1 {
		if i := strings.IndexAny(s, ".,"); i >= 0 && strings.Count(s, ".")+strings.Count(s, ",") == 1 && len(s)-i-1 < 3 {
			return decimalMoney(s[:i], s[i+1:], mult)
		}
	}
	n, err := groupedDigits(s)
	if err != nil || n > MaxMoney/mult {
		return 0, ErrInvalidMoney
	}
	return n * mult, nil
}

// moneyWords are the words for thousands and millions sellers write after
// a number, longest first so "ribu" is not read as "u".
var moneyWords = []struct {
	word string
	mult Money
}{{"ribu", 1000}, {"rban", 1000}, {"juta", 1_000_000}, {"rb", 1000}, {"jt", 1_000_000}, {"k", 1000}}

// decimalMoney is whole,frac times mult ("1,5jt"), exact in rupiah or an error.
func decimalMoney(whole, frac string, mult Money) (Money, error) {
	if whole == "" || frac == "" || !allDigits(whole) || !allDigits(frac) || len(whole) > 6 {
		return 0, ErrInvalidMoney
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	scale := int64(1)
	for range frac {
		scale *= 10
	}
	if int64(mult)%scale != 0 {
		return 0, ErrInvalidMoney
	}
	return Money(w)*mult + Money(f)*(mult/Money(scale)), nil
}

// groupedDigits reads digits with optional thousands separators.
func groupedDigits(s string) (Money, error) {
	var digits strings.Builder
	groups := strings.Split(strings.ReplaceAll(s, ",", "."), ".")
	for i, g := range groups {
		if g == "" || (i > 0 && len(g) != 3) || (i == 0 && len(groups) > 1 && len(g) > 3) || !allDigits(g) {
			return 0, ErrInvalidMoney
		}
		digits.WriteString(g)
	}
	if digits.Len() > 13 {
		return 0, ErrInvalidMoney
	}
	n, err := strconv.ParseInt(digits.String(), 10, 64)
	if err != nil || Money(n) > MaxMoney {
		return 0, ErrInvalidMoney
	}
	return Money(n), nil
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

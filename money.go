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

// ParseMoney reads an amount as people type it: "15000", "15.000", "Rp 15.000",
// "rp15,000", "15.000,00". Dots and commas followed by exactly three digits are
// thousands separators; a trailing ",00" or ".00" is accepted and dropped.
// Anything else (fractions of a rupiah, letters, empty) is an error.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if rest, ok := strings.CutPrefix(s, "rp"); ok {
		s = strings.TrimPrefix(rest, ".") // "Rp. 10.000"
	}
	s = strings.ReplaceAll(s, " ", "")
	if len(s) > 3 && (strings.HasSuffix(s, ",00") || strings.HasSuffix(s, ".00")) {
		s = s[:len(s)-3]
	}
	if s == "" {
		return 0, ErrInvalidMoney
	}
	var digits strings.Builder
	groups := strings.Split(strings.ReplaceAll(s, ",", "."), ".")
	for i, g := range groups {
		if g == "" || (i > 0 && len(g) != 3) || (i == 0 && len(groups) > 1 && len(g) > 3) {
			return 0, ErrInvalidMoney
		}
		for _, c := range g {
			if c < '0' || c > '9' {
				return 0, ErrInvalidMoney
			}
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

// priceUnits are the words sellers put after a number for thousands and
// millions: "45rb", "45 ribu", "45k", "1,5jt", "1 juta".
var priceUnits = []struct {
	word string
	mult Money
}{{"ribu", 1000}, {"rban", 1000}, {"rb", 1000}, {"k", 1000}, {"jt", 1_000_000}, {"juta", 1_000_000}}

// ParsePrice reads a price as sellers write it in chat and in
// spreadsheets: everything ParseMoney reads, a trailing ",-" ("Rp 45.000,-"),
// and a unit word for thousands or millions ("45rb", "45 ribu", "45k",
// "1,5jt", "1.5jt", "1 juta"). With a unit, a comma or a dot followed by one
// to three digits is a decimal mark ("1,5jt" is 1.500.000); the result must
// be whole rupiah. It is the one parser for such prices: chat
// understanding reads amounts with it too.
func ParsePrice(s string) (Money, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "idr")
	if rest, ok := strings.CutPrefix(strings.TrimSpace(s), "rp"); ok {
		s = strings.TrimPrefix(rest, ".") // "Rp. 10.000"
	}
	s = strings.ReplaceAll(s, " ", "")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "-"), ",") // "45.000,-"
	mult := Money(1)
	for _, u := range priceUnits {
		if rest, ok := strings.CutSuffix(s, u.word); ok {
			s, mult = rest, u.mult
			break
		}
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, ErrInvalidMoney
	}
	if mult > 1 {
		if i := strings.LastIndexAny(s, ",."); i >= 0 && strings.Count(s, ",")+strings.Count(s, ".") == 1 &&
			(s[i] == ',' && len(s)-i-1 <= 3 || len(s)-i-1 <= 2) {
			whole, frac := s[:i], s[i+1:]
			w, err := ParseMoney(whole)
			if err != nil || frac == "" || !allDigits(frac) || w > MaxMoney/mult {
				return 0, ErrInvalidMoney
			}
			f, _ := strconv.ParseInt(frac, 10, 64)
			scale := Money(1)
			for range len(frac) {
				scale *= 10
			}
			v := w*mult + Money(f)*mult/scale
			if Money(f)*mult%scale != 0 || v > MaxMoney {
				return 0, ErrInvalidMoney
			}
			return v, nil
		}
	}
	m, err := ParseMoney(s)
	if err != nil || m > MaxMoney/mult {
		return 0, ErrInvalidMoney
	}
	return m * mult, nil
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

package understand

import (
	"regexp"
	"strings"
)

// NormalizePhone turns an Indonesian mobile number as people type it
// ("0812-3456-7890", "+62 812 3456 7890", "62812…", "812…") into 628…
// digits. ok is false for anything that is not an Indonesian mobile number.
func NormalizePhone(s string) (string, bool) {
	var d strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	n := d.String()
	switch {
	case strings.HasPrefix(n, "628"):
	case strings.HasPrefix(n, "08"):
		n = "62" + n[1:]
	case strings.HasPrefix(n, "8"):
		n = "62" + n
	default:
		return "", false
	}
	// 08xx numbers have 10 to 13 digits, so 628xx has 11 to 14.
	if len(n) < 11 || len(n) > 14 {
		return "", false
	}
	return n, true
}

// phoneSpan finds what looks like an Indonesian mobile number inside text:
// "wa aku +62 812 7788 9900", "no hp 0812-7788-9900", "(0812) 3456 789".
var phoneSpan = regexp.MustCompile(`(?:\+?\s?62[\s.-]?|\(?0)8\d{1,3}\)?(?:[\s.-]?\d){6,11}`)

// FindPhone returns the first Indonesian mobile number in text as 628…
// digits, with the byte span it covers.
func FindPhone(text string) (phone string, start, end int, ok bool) {
	if digitCount(text) < 9 {
		return "", 0, 0, false // no mobile number is shorter; skip the regexp
	}
	for _, loc := range phoneSpan.FindAllStringIndex(text, 4) {
		s, e := loc[0], loc[1]
		if s > 0 && isDigitByte(text[s-1]) || e < len(text) && isDigitByte(text[e]) {
			continue // part of a longer number
		}
		if n, ok := NormalizePhone(text[s:e]); ok {
			return n, s, e, true
		}
	}
	return "", 0, 0, false
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// orderNumber finds an order number such as "K7M-4QP" (any case, dash optional).
var orderNumber = regexp.MustCompile(`(?i)(^|[^a-z0-9])([acdefghjkmnpqrtuvwxy34679]{3})(-?)([acdefghjkmnpqrtuvwxy34679]{3})($|[^a-z0-9])`)

// FindOrderNumber returns the order number in text, uppercased with its dash.
// Without a dash it must contain a digit, so six-letter words are not taken.
func FindOrderNumber(text string) string {
	for _, m := range orderNumber.FindAllStringSubmatch(text, 8) {
		num := strings.ToUpper(m[2] + m[4])
		if m[3] == "" && !strings.ContainsAny(num, "0123456789") {
			continue
		}
		if m[3] == "" && AllDigits(num) || strings.EqualFold(m[2], m[4]) {
			continue // "346679" is a number, "kue-kue" a word
		}
		return num[:3] + "-" + num[3:]
	}
	return ""
}

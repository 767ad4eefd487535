package flows

import "strings"

// normalizePhone turns an Indonesian mobile number as people type it
// ("0812-3456-7890", "+62 812 3456 7890", "62812…", "812…") into 628…
// digits. ok is false for anything that is not an Indonesian mobile number.
func normalizePhone(s string) (string, bool) {
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

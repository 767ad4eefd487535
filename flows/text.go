package flows

import (
	"strings"
	"unicode/utf8"

	"github.com/lapak-id/lapak/flows/understand"
)

// clip cuts s to at most n runes, on a rune boundary.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// quote clips user text for echoing it back in a reply, without the
// invisible characters that could turn the reply's text around.
func quote(s string) string {
	s = strings.Join(strings.Fields(understand.StripInvisible(s)), " ")
	if utf8.RuneCountInString(s) > 40 {
		return clip(s, 40) + "…"
	}
	return s
}

// Shorthands for the understanding package's text helpers.
var (
	normalize = understand.Normalize
	wordSet   = understand.WordSet
	allDigits = understand.AllDigits
	atoi      = understand.Atoi
)

package flows

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalize lowercases s, turns punctuation and symbols into spaces, collapses
// runs of one repeated letter ("pedesss" -> "pedes", "halooo" -> "halo") and
// collapses whitespace. Digits are kept as they are: "1000" stays "1000".
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	space := true
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsMark(r):
			if r == prev {
				continue
			}
			b.WriteRune(r)
			space = false
		case unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			r = ' '
		}
		prev = r
	}
	return strings.TrimSpace(b.String())
}

// tokens splits normalized text into words.
func tokens(s string) []string { return strings.Fields(normalize(s)) }

// hasLatin reports whether s contains a Latin letter or a digit: text we can
// read. Emoji-only or Arabic/Chinese/Javanese-script messages have none.
func hasLatin(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Latin, r) || (r >= '0' && r <= '9') {
			return true
		}
	}
	return false
}

// hasLetterOrDigit reports whether s has any letter or digit of any script.
func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

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

// quote clips user text for echoing it back in a reply.
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 40 {
		return clip(s, 40) + "…"
	}
	return s
}

// distance is the Damerau-Levenshtein distance (optimal string alignment)
// between a and b, counted in runes. It stops early and returns max+1 when the
// distance is certainly larger than max.
func distance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// fuzzyLimit is how many edits a word of n runes may have and still match:
// none for very short words, one for short, two for long.
func fuzzyLimit(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 6:
		return 1
	default:
		return 2
	}
}

// similar reports whether a typed word matches a known word, allowing typos.
func similar(typed, known string) bool {
	if typed == known {
		return true
	}
	lim := fuzzyLimit(min(utf8.RuneCountInString(typed), utf8.RuneCountInString(known)))
	return lim > 0 && distance(typed, known, lim) <= lim
}

// wordSet builds a lookup set of normalized phrases.
func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		if n := normalize(w); n != "" {
			m[n] = true
		}
	}
	return m
}

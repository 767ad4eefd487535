package understand

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize lowercases s, drops invisible format characters (zero-width
// spaces and joiners, direction overrides: "pe\u200bsan" reads "pesan"),
// turns punctuation and symbols into spaces, collapses runs of one repeated
// letter ("pedesss" -> "pedes", "halooo" -> "halo"; not the "nn" of
// "pesannya") and collapses whitespace. Digits are kept as they are: "1000" stays "1000".
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	space := true
	for i, r := range s {
		r = unicode.ToLower(r)
		switch {
		case invisible(r):
			continue
		case unicode.IsLetter(r) || unicode.IsMark(r):
			// "pesannya" keeps its "nn": the suffix -nya after a word in n.
			if r == prev && !(r == 'n' && len(s) >= i+3 && strings.EqualFold(s[i+1:i+3], "ya")) {
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

// invisible reports format characters that change how text looks, not what
// it says: U+200B…U+200F, U+202A…U+202E, U+2060…U+2069, U+FEFF, soft hyphen.
func invisible(r rune) bool { return r > 0x7f && unicode.Is(unicode.Cf, r) }

// StripInvisible removes invisible format characters from s: a reply that
// quotes the customer never carries an unbalanced right-to-left override.
func StripInvisible(s string) string {
	if !strings.ContainsFunc(s, invisible) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s)
}

// Tokens splits normalized text into words.
func Tokens(s string) []string { return strings.Fields(Normalize(s)) }

// HasLatin reports whether s contains a Latin letter or a digit: text we can
// read. Emoji-only or Arabic/Chinese/Javanese-script messages have none.
func HasLatin(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Latin, r) || (r >= '0' && r <= '9') {
			return true
		}
	}
	return false
}

// HasLetterOrDigit reports whether s has any letter or digit of any script.
func HasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// distance is the Damerau-Levenshtein distance (optimal string alignment)
// between a and b, counted in runes. It stops early and returns max+1 when the
// distance is certainly larger than max.
func distance(a, b string, max int) int {
	var bufA, bufB [32]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	var buf [3 * 33]int
	var rows []int
	if 3*(len(rb)+1) <= len(buf) {
		rows = buf[:3*(len(rb)+1)]
	} else {
		rows = make([]int, 3*(len(rb)+1))
	}
	prev2, prev, cur := rows[:len(rb)+1], rows[len(rb)+1:2*(len(rb)+1)], rows[2*(len(rb)+1):]
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

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
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

// Similar reports whether a typed word matches a known word, allowing typos.
func Similar(typed, known string) bool {
	if typed == known {
		return true
	}
	lim := fuzzyLimit(min(utf8.RuneCountInString(typed), utf8.RuneCountInString(known)))
	return lim > 0 && distance(typed, known, lim) <= lim
}

// WordSet builds a lookup set of normalized phrases.
func WordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		if n := Normalize(w); n != "" {
			m[n] = true
		}
	}
	return m
}

// ContainsWords reports whether want appears as consecutive words in words.
func ContainsWords(words, want []string) bool {
	if len(want) == 0 {
		return false
	}
outer:
	for i := 0; i+len(want) <= len(words); i++ {
		for j, w := range want {
			if words[i+j] != w {
				continue outer
			}
		}
		return true
	}
	return false
}

// AllDigits reports whether s is a non-empty run of ASCII digits.
func AllDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// Atoi reads a run of ASCII digits (callers bound its length).
func Atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// SameRoot reports whether two words share their root, the way Indonesian
// adds to words: "digiling" and "giling", "gorengnya" and "digoreng",
// "tahannya" and "tahan"; or one is a typo of the other.
func SameRoot(a, b string) bool {
	ra, rb := root(a), root(b)
	return ra == rb || len(ra) >= 5 && Similar(ra, rb)
}

// root strips the common Indonesian prefixes and suffixes off a word.
func root(w string) string {
	for _, suf := range []string{"nya", "kan", "lah", "kah"} {
		if t, ok := strings.CutSuffix(w, suf); ok && len(t) >= 4 {
			w = t
			break
		}
	}
	for _, pre := range []string{"di", "ter", "ber", "meng", "mem", "men", "me", "peng", "pem", "pen", "pe", "ke", "se"} {
		if t, ok := strings.CutPrefix(w, pre); ok && len(t) >= 4 {
			return t
		}
	}
	return w
}

// LabelMatch reports whether typed words name a choice's label: every
// typed word (chat words aside) is a word of the label, allowing typos and
// spelling variants ("coklat" for "Cokelat – Rp17.000", "lvl 1" for
// "Level 1", "500 gram" for "500 g").
func LabelMatch(typed, label string) bool {
	lw := Tokens(label)
	for i, w := range lw {
		lw[i] = canonical(w)
	}
	n, digits, verb, pointed := 0, true, false, false
	for _, w := range Tokens(typed) {
		verb = verb || orderVerbs[w]
		pointed = pointed || w == "yang" || w == "yg" || w == "the" || w == "pilih"
		if fillers[w] || Honorifics[w] || lightPick[w] {
			continue
		}
		c := canonical(w)
		if !slices.ContainsFunc(lw, func(l string) bool { return l == c || Similar(c, l) || len(c) >= 3 && strings.HasPrefix(l, c) }) {
			return false
		}
		digits = digits && AllDigits(c)
		n++
	}
	// "ambil 3" takes three; "yang 3" picks "Level 3".
	return n > 0 && !(digits && verb && !pointed)
}

// lightPick are words around a pick: "yang 250 ml aja".
var lightPick = WordSet("yang", "yg", "aja", "saja", "ya", "dong", "deh", "pilih", "mau", "the", "one")

package understand

import (
	"strconv"
	"strings"

	lapak "github.com/lapak-id/lapak"
)

// Problem says why a typed quantity cannot be used.
type Problem int

const (
	QtyOK       Problem = iota
	QtyZero             // "0"
	QtyNegative         // "-1"
	QtyTooBig           // more than lapak.MaxQuantity ("1000000", "1e9")
	QtyVague            // "banyak", "beberapa"
	QtyFraction         // "1,5", "setengah"
)

// Quantity is a quantity found in a message.
type Quantity struct {
	N       int
	Problem Problem
}

// Number words, after Normalize. "se-" forms are expanded by seWords.
var numberWords = normalizedKeys(map[string]int{
	"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
	"delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11,
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"sebiji": 1, "sebuah": 1, "secuil": 1,
	// Javanese and Sundanese, as customers in Java write them.
	"siji": 1, "loro": 2, "telu": 3, "papat": 4, "limo": 5, "enem": 6, "pitu": 7, "wolu": 8, "songo": 9,
	"hiji": 1, "tilu": 3, "opat": 4, "genep": 6, "dalapan": 8, "salapan": 9, "sapuluh": 10,
})

func normalizedKeys(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[Normalize(k)] = v
	}
	return out
}

// seWords are the Indonesian "se-" (one) forms: seratus = satu ratus.
var seWords = map[string]string{
	"seratus": "ratus", "seribu": "ribu", "sejuta": "juta", "selusin": "lusin", "sekodi": "kodi",
}

// unitWords may follow a quantity: "2 pcs", "dua bungkus", "3x".
var unitWords = WordSet("pcs", "pc", "psc", "bh", "biji", "bj", "buah", "bungkus", "bks", "bngks", "bgks", "bks", "botol", "btl",
	"pack", "pak", "pax", "pck", "x", "porsi", "prs", "toples", "tples", "stoples", "kotak", "box", "boks", "dus", "dos", "loyang",
	"sachet", "sachets", "saset", "renceng", "cup", "gelas", "pouch", "item", "items", "piece", "pieces", "bottle", "bottles",
	"packs", "pax", "unit", "units", "ea", "jar", "jars", "bag", "bags", "packet", "packets", "tub", "tubs", "keping", "kpg", "lembar",
	"potong", "ptg", "slice", "slices", "butir", "ikat", "pan", "pans", "tray", "trays", "tin", "tins", "loaf", "loaves", "boxes", "cups")

// seUnits are "se-" + unit forms meaning one of it: "sebungkus", "sebotol".
var seUnits = func() map[string]bool {
	m := map[string]bool{}
	for _, u := range []string{"bungkus", "botol", "toples", "kotak", "box", "dus", "pack", "porsi", "loyang", "cup", "gelas", "biji", "buah", "sachet", "renceng", "pouch", "bks", "btl"} {
		m["se"+u] = true
	}
	return m
}()

// sizeWords after a number make it part of a variant ("250 g", "1 liter").
var sizeWords = WordSet("g", "gr", "grm", "gram", "ml", "l", "lt", "ltr", "liter", "litre", "kg", "kilo", "cm", "mg", "oz", "ons")

// vagueWords are quantities we cannot count.
var vagueWords = WordSet("banyak", "beberapa", "sedikit", "some", "many", "lots", "several", "secukupnya")

// qtyToken prepares a raw word for quantity parsing: lowercase, without
// surrounding punctuation but keeping a leading sign and inner separators.
func qtyToken(w string) string {
	w = strings.ToLower(StripInvisible(w))
	w = strings.Trim(w, "!?\"'()[]{}:;*~`•")
	w = strings.TrimRight(w, ".,")
	return w
}

// parseNumeral reads a digit quantity such as "2", "2x", "x2", "2pcs", "-1",
// "1.000", "1e9", "2,5". ok is false when w is not written with digits.
func parseNumeral(w string) (Quantity, bool) {
	neg := false
	if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "+") {
		neg = w[0] == '-'
		w = w[1:]
	}
	if strings.HasPrefix(w, "x") && len(w) > 1 && w[1] >= '0' && w[1] <= '9' {
		w = w[1:]
	}
	end := 0
	for end < len(w) && (w[end] >= '0' && w[end] <= '9' || w[end] == '.' || w[end] == ',') {
		end++
	}
	if end == 0 || w[0] < '0' || w[0] > '9' {
		return Quantity{}, false
	}
	num, suffix := w[:end], w[end:]
	exp := false
	if len(suffix) > 1 && suffix[0] == 'e' && AllDigits(suffix[1:]) {
		exp, suffix = true, ""
	}
	if suffix != "" && !unitWords[Normalize(suffix)] {
		return Quantity{}, false
	}
	if neg {
		return Quantity{Problem: QtyNegative}, true
	}
	return digitQty(num, exp), true
}

// digitQty reads the digits of a quantity, with thousands dots allowed.
func digitQty(num string, exp bool) Quantity {
	digits := num
	if strings.ContainsAny(num, ".,") {
		m, err := lapak.ParseMoney(num) // thousands separators: "1.000"
		if err != nil {
			return Quantity{Problem: QtyFraction}
		}
		digits = strconv.FormatInt(int64(m), 10)
	}
	digits = strings.TrimLeft(digits, "0")
	switch {
	case digits == "" && !exp:
		return Quantity{Problem: QtyZero}
	case exp || len(digits) > 6:
		return Quantity{Problem: QtyTooBig}
	}
	n, _ := strconv.Atoi(digits)
	return checkQty(n)
}

func checkQty(n int) Quantity {
	switch {
	case n == 0:
		return Quantity{Problem: QtyZero}
	case n < 0:
		return Quantity{Problem: QtyNegative}
	case n > lapak.MaxQuantity:
		return Quantity{N: n, Problem: QtyTooBig}
	}
	return Quantity{N: n}
}

// ParseNumberWords reads spelled numbers from the start of words:
// "dua", "dua belas", "dua puluh lima", "seratus", "selusin", "setengah lusin",
// "a dozen", "twenty one". It returns how many words it used (0: none); the
// number is -1 for a half ("setengah" alone).
func ParseNumberWords(words []string) (int, int) {
	norm := make([]string, len(words))
	for i, w := range words {
		norm[i] = Normalize(w)
	}
	return parseNumberWords(norm)
}

// numberStart reports whether a normalized word may start a spelled
// number, so most words skip the parse.
func numberStart(w string) bool {
	_, se := seWords[w]
	return numberWords[w] > 0 || se || seUnits[w] || w == "setengah" || w == "stengah" || w == "half" || w == "a" ||
		w == "ratus" || w == "hundred" || w == "ribu" || w == "thousand" || w == "lusin" || w == "dozen" || w == "kodi"
}

// parseNumberWords is ParseNumberWords on normalized words.
func parseNumberWords(words []string) (int, int) {
	var total, hundreds, small int
	used, half := 0, false
	for i := 0; i < len(words); i++ {
		w := words[i]
		if base, ok := seWords[w]; ok {
			small, w = max(small, 1), base
			if w == "lusin" || w == "kodi" {
				small = 1
			}
		}
		switch {
		case numberWords[w] > 0:
			small += numberWords[w]
		case seUnits[w] && used == 0:
			return 1, i + 1 // "sebungkus": one, and the unit with it
		case w == "belas" && small > 0 && small < 10:
			small += 10
		case w == "puluh" && small > 0 && small < 10:
			small *= 10
		case w == "ratus" || w == "hundred" || w == "hundreds":
			hundreds += max(small, 1) * 100
			small = 0
		case w == "ribu" || w == "thousand" || w == "juta" || w == "milion" || w == "million":
			mult := 1000
			if w != "ribu" && w != "thousand" {
				mult = 1_000_000
			}
			total += max(hundreds+small, 1) * mult
			hundreds, small = 0, 0
		case w == "lusin" || w == "dozen":
			if half {
				small = 6
				half = false
			} else {
				small = max(small, 1) * 12
			}
		case w == "kodi":
			small = max(small, 1) * 20
		case (w == "setengah" || w == "half" || w == "stengah") && used == 0:
			half = true
		case w == "a" && used == 0 && i+1 < len(words) && words[i+1] == "dozen":
		case w == "a" && half && i+1 < len(words) && words[i+1] == "dozen":
		default:
			if half {
				return -1, used // "setengah" alone: half a unit
			}
			return total + hundreds + small, used
		}
		used = i + 1
	}
	if half {
		return -1, used
	}
	return total + hundreds + small, used
}

// FindQuantity looks for one quantity in a message and returns it with the
// other words. Numbers that are part of a size or level ("250 ml",
// "level 3") are left in the rest.
func FindQuantity(text string) (Quantity, bool, []string) {
	raw := strings.Fields(text)
	words := make([]string, len(raw))
	for i, w := range raw {
		words[i] = qtyToken(w)
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "" {
			continue
		}
		prev := ""
		if i > 0 {
			prev = Normalize(words[i-1])
		}
		next := ""
		if i+1 < len(words) {
			next = Normalize(words[i+1])
		}
		if vagueWords[Normalize(w)] {
			return Quantity{Problem: QtyVague}, true, without(words, i, i+1)
		}
		if q, ok := parseNumeral(w); ok {
			if sizeWords[next] || prev == "level" || prev == "lvl" || prev == "no" || prev == "nomor" {
				continue
			}
			end := i + 1
			if unitWords[next] {
				end++
			}
			return q, true, without(words, i, end)
		}
		if n, used := ParseNumberWords(words[i:]); used > 0 {
			end := i + used
			if end < len(words) && sizeWords[Normalize(words[end])] {
				continue
			}
			if end < len(words) && unitWords[Normalize(words[end])] {
				end++
			}
			if n < 0 {
				return Quantity{Problem: QtyFraction}, true, without(words, i, end)
			}
			return checkQty(n), true, without(words, i, end)
		}
	}
	return Quantity{}, false, words
}

func without(words []string, from, to int) []string {
	out := make([]string, 0, len(words))
	out = append(out, words[:from]...)
	return append(out, words[to:]...)
}

package understand

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// tkind is what a token of a message is.
type tkind uint8

const (
	tWord   tkind = iota // a word, normalized
	tNum                 // a number that may count items: "2", "x2", "2pcs", "dua", "selusin", "-1"
	tSep                 // between items: a line break, ",", ";", "+", "&", a bullet
	tPhone               // a phone number
	tAmount              // money: "Rp57.123", "57rb", "57 ribu"
	tFixed               // a number that never counts items: RT/RW, postcode, house, order number, time, size
)

// tok is one token of a message.
type tok struct {
	k   tkind
	w   string   // tWord: the normalized word; numbers: their digits (tPhone: 62… digits)
	raw string   // as typed
	q   Quantity // tNum: the quantity it is
	// unit: a tNum written with a unit ("2pcs", "2 bungkus"); words: the word is a unit.
	unit bool
	// long: a tNum of four or more digits without thousands dots ("16424", "2024"):
	// a postcode or a year more often than a count.
	long bool
	// size: a tFixed number that is part of a variant name ("250" of "250 g", "3" of "level 3").
	size bool
	// each: "masing-masing 2", "@2": the count applies to every item.
	each bool
	// mixed: a word cut out of a field with digits ("am" of "3AM-GRA"):
	// no sign of the language written.
	mixed bool
	// words: a tNum spelled in words ("dua", "selusin").
	words  bool
	amount lapak.Money // tAmount, and grouped tNum ("57.123")
	// grouped: a tNum written with thousands dots ("1.000", "57.123").
	grouped bool
	line    int // which line of the message
	qmark   bool
}

// maxTokens bounds the work on one message (4,096 characters make at most
// about 2,000 tokens).
const maxTokens = 1500

// fixedBefore are words after which a number is never a count: "no 5",
// "rt 03", "jam 10", "kode pos 16424".
var fixedBefore = WordSet("no", "nomor", "nmr", "nomer", "rt", "rw", "blok", "blk", "jl", "jln", "jalan", "gang", "km",
	"lantai", "lt", "kav", "kavling", "pos", "kodepos", "kdpos", "tgl", "tanggal", "jam", "pukul", "hp", "wa", "telp", "rek",
	"rekening", "resi", "kamar", "rumah", "kode", "ruko", "kos", "kost", "apartemen", "tower", "unit", "gedung", "dusun", "rk",
	"kecamatan", "kelurahan", "desa", "kec", "kel", "nomer", "number", "room", "floor", "street", "st", "rd", "road", "block", "zip",
	"postcode", "postal", "perumahan", "perum", "komplek", "kompleks", "cluster", "no.", "ke", "tahun", "thn", "umur", "usia", "hari",
	"minggu", "bulan", "menit", "detik", "days", "day", "weeks", "week", "hours", "hour", "jam?", "h")

// variantBefore are words after which a number names a variant: "level 3".
var variantBefore = WordSet("level", "lvl", "lv", "ukuran", "size", "uk", "sekat", "isi")

// fixedAfter are words before which a number is never a count: "3 hari",
// "2 minggu lalu".
var fixedAfter = WordSet("hari", "minggu", "bulan", "tahun", "jam", "menit", "days", "day", "weeks", "week", "hours", "hour",
	"months", "month", "years", "year", "thn", "bln", "mgg", "hr", "lalu", "yg", "rb", "ribu", "rban", "ribuan", "k", "jt", "juta",
	"an", "orang", "org", "km", "meter", "m", "persen", "%", "pm", "am", "wib", "wita", "wit", "rupiah", "idr")

// lex splits text into tokens. Lines, commas, semicolons and bullets
// separate items; phone numbers, order numbers, amounts and numbers after
// "no"/"rt"/"jam" are never counts.
func lex(text string) []tok {
	text = foldWidth(text)
	out := make([]tok, 0, min(strings.Count(text, " ")+strings.Count(text, "\n")+4, maxTokens))
	for li, line := range strings.Split(text, "\n") {
		if len(out) >= maxTokens {
			break
		}
		if len(out) > 0 && out[len(out)-1].k != tSep {
			out = append(out, tok{k: tSep, line: li})
		}
		out = lexLine(out, line, li)
	}
	return markContext(out)
}

func lexLine(out []tok, line string, li int) []tok {
	line = StripInvisible(line)
	if digitCount(line) < 9 {
		return lexFields(out, line, li) // too few digits for a phone number
	}
	for len(line) > 0 && len(out) < maxTokens {
		// A phone number may be typed with spaces: find it on the line first.
		phone, ps, pe, ok := FindPhone(line)
		if !ok {
			return lexFields(out, line, li)
		}
		out = lexFields(out, line[:ps], li)
		out = append(out, tok{k: tPhone, w: phone, raw: strings.TrimSpace(line[ps:pe]), line: li})
		line = line[pe:]
	}
	return out
}

// lexFields lexes whitespace-separated fields.
func lexFields(out []tok, s string, li int) []tok {
	// Emoji and other symbols stand apart from words: "1🙏" is a 1.
	fields := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r > 0x2000 && unicode.Is(unicode.So, r) })
	for i, f := range fields {
		if len(out) >= maxTokens {
			break
		}
		if i == 0 && len(fields) > 1 && listMarker(f) && (len(out) == 0 || out[len(out)-1].k == tSep) {
			out = appendSep(out, li) // "1. nastar 2": the list's number, not a count
			continue
		}
		out = lexField(out, f, li)
	}
	return out
}

// listMarker reports a list item's number at the start of a line: "1.", "2)", "3-".
func listMarker(f string) bool {
	n := len(f)
	return n >= 2 && n <= 3 && AllDigits(f[:n-1]) && strings.ContainsRune(".)-:", rune(f[n-1]))
}

// abbreviations end in a period that does not end a sentence: "Jl.", "No.".
var abbreviations = WordSet("jl", "jln", "no", "kec", "kel", "rt", "rw", "gg", "blk", "kab", "prov", "kav", "bpk", "ibu", "bu", "pak",
	"sdr", "sdri", "dll", "dsb", "dst", "kp", "ds", "perum", "komp", "tlp", "telp", "hp", "wa", "rp", "st", "dr", "ir", "h", "hj", "mr",
	"mrs", "ms", "km", "lt", "tbk", "pt", "cv", "ny", "tn", "an", "a.n", "nmr", "ket", "kd", "sd", "smp", "sma", "univ")

// trailing punctuation that separates items: "nastar 2, kastengel 1".
func isSepRune(r rune) bool {
	return r == ',' || r == ';' || r == '|' || r == '/' || r == '+' || r == '&'
}

func lexField(out []tok, f string, li int) []tok {
	// Leading bullets, quotes and brackets.
	lead := strings.TrimLeftFunc(f, func(r rune) bool {
		return strings.ContainsRune("-*•·–—~>\"'([{«“‘", r) || r == '#' && len(f) > 1 && !unicode.IsDigit(rune(f[1]))
	})
	if lead != f && len(f)-len(lead) > 0 && strings.ContainsAny(f[:len(f)-len(lead)], "-*•·–—~") && lead != "" && !unicode.IsDigit(rune(lead[0])) {
		out = appendSep(out, li) // "- nastar x2", "• kastengel"
	}
	if lead != f && strings.HasPrefix(f, "-") && lead != "" && unicode.IsDigit(rune(lead[0])) {
		lead = "-" + lead // "-5": a negative number, not a bullet
	}
	f = lead
	if f == "" {
		if strings.ContainsAny(lead, "&+") {
			return appendSep(out, li)
		}
		return out
	}
	// Trailing punctuation.
	core := strings.TrimRightFunc(f, func(r rune) bool {
		return strings.ContainsRune(",;.!?:)]}\"'»”’…|/+&=", r)
	})
	tail := f[len(core):]
	qmark := strings.ContainsRune(tail, '?')
	// "a.n.", "no.", "jl." keep their letters; "1.000." keeps its digits.
	if strings.HasSuffix(tail, ".") && len(core) > 0 && strings.Count(f, ".") > 1 && !strings.ContainsAny(core, "0123456789") {
		core = f[:len(f)-len(strings.TrimLeft(tail, "."))]
		core = strings.TrimRight(core, ".")
	}
	if core != "" {
		n := len(out)
		out = lexCore(out, core, li)
		if qmark && len(out) > n {
			out[len(out)-1].qmark = true
		}
	}
	if strings.ContainsFunc(tail, isSepRune) {
		out = appendSep(out, li)
	} else if strings.ContainsRune(tail, '?') || strings.ContainsAny(tail, ".!") && core != "" && !abbreviations[Normalize(core)] && !strings.ContainsAny(core, "0123456789") {
		out = appendSep(out, li) // "…3 bks. yg pedes semua": a new sentence
	}
	return out
}

func appendSep(out []tok, li int) []tok {
	if len(out) > 0 && out[len(out)-1].k == tSep {
		return out
	}
	return append(out, tok{k: tSep, line: li})
}

// lexCore lexes one field without its surrounding punctuation.
func lexCore(out []tok, core string, li int) []tok {
	lower := strings.ToLower(core)
	if !strings.ContainsFunc(lower, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		if strings.ContainsAny(lower, "&+") {
			return appendSep(out, li)
		}
		return out // emoji, symbols
	}
	if len(core) >= 6 && len(core) <= 8 && orderShaped(core) {
		if num := FindOrderNumber(core); num != "" {
			return append(out, tok{k: tFixed, w: num, raw: core, line: li})
		}
	}
	// Inner separators: "nastar,kastengel", "2pcs/3pcs".
	if i := strings.IndexFunc(core, func(r rune) bool { return r == ',' || r == ';' || r == '+' || r == '&' }); i > 0 && i < len(core)-1 &&
		!(core[i] == ',' && isDigitByte(core[i-1]) && isDigitByte(core[i+1])) {
		out = lexCore(out, core[:i], li)
		out = appendSep(out, li)
		return lexCore(out, core[i+1:], li)
	}
	if lower[0] == '@' && len(lower) > 1 {
		if q, ok := parseNumeral(lower[1:]); ok {
			return append(out, tok{k: tNum, w: lower[1:], raw: core, q: q, each: true, line: li})
		}
	}
	if a, ok := parseAmount(lower); ok {
		return append(out, tok{k: tAmount, w: lower, raw: core, amount: a, line: li})
	}
	if strings.ContainsAny(lower, "0123456789") {
		return lexNumberish(out, core, lower, li)
	}
	// "seliter", "sekilo": one of a size.
	if rest, ok := strings.CutPrefix(lower, "se"); ok && (rest == "liter" || rest == "kilo" || rest == "kg" || rest == "ons") {
		return append(out, tok{k: tFixed, w: "1", raw: core, size: true, line: li}, tok{k: tWord, w: rest, raw: core, line: li})
	}
	// Words: "masing-masing", "kue-kue", "a.n", "nastar/kastengel".
	for _, part := range strings.FieldsFunc(core, func(r rune) bool { return r == '-' || r == '/' || r == '_' || r == '=' }) {
		w := Normalize(strings.ReplaceAll(part, ".", ""))
		if strings.Contains(part, ".") && len(strings.ReplaceAll(part, ".", "")) > 4 {
			w = Normalize(part) // "jl.mawar" reads "jl mawar"
		}
		for _, x := range strings.Fields(w) {
			out = append(out, tok{k: tWord, w: x, raw: part, unit: unitWords[x], line: li})
		}
	}
	return out
}

// parseAmount reads money as people type it: "rp57.123", "rp 57rb" (after
// the "rp" word, see markContext), "57rb", "57k", "1,5jt". The number
// itself is read by lapak.ParsePrice, the one price parser; what is decided
// here is only whether a word is money at all.
func parseAmount(s string) (lapak.Money, bool) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "idr"), "rp")
	s = strings.TrimPrefix(s, ".")
	if s == "" || !isDigitByte(s[0]) {
		return 0, false
	}
	// Plain digits are an amount only with a unit or a rupiah ending:
	// "57rb", "1,5jt", "57.000,-", "57.000,00".
	if !strings.HasSuffix(s, ",-") && !strings.HasSuffix(s, ",00") && !endsWithPriceUnit(s) {
		return 0, false
	}
	m, err := lapak.ParsePrice(s)
	if err != nil || m <= 0 {
		return 0, false
	}
	return m, true
}

// endsWithPriceUnit reports whether s ends in a word for thousands or
// millions after a digit ("57rb", "2k", "1,5jt").
func endsWithPriceUnit(s string) bool {
	for _, u := range []string{"ribu", "rban", "rb", "k", "jt", "juta"} {
		if rest, ok := strings.CutSuffix(s, u); ok && rest != "" && isDigitByte(rest[len(rest)-1]) {
			return true
		}
	}
	return false
}

// lexNumberish lexes a field with digits in it.
func lexNumberish(out []tok, core, lower string, li int) []tok {
	switch {
	case isTime(lower), strings.Count(lower, "/") == 1 && allDigitsAround(lower, '/'):
		return append(out, tok{k: tFixed, w: lower, raw: core, line: li}) // "10.00", "03/05"
	}
	if q, ok := parseNumeral(lower); ok {
		t := tok{k: tNum, w: lower, raw: core, q: q, line: li}
		digits := strings.TrimLeft(lower, "+-x")
		end := strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' })
		if end < 0 {
			end = len(digits)
		}
		num := strings.TrimRightFunc(digits, func(r rune) bool { return r < '0' || r > '9' }) // "2pcs" -> "2", "1.000" stays
		t.unit = len(num) < len(digits) || strings.HasPrefix(lower, "x")
		if strings.Contains(digits[:end], ".") || strings.Contains(digits, ".") {
			if m, err := lapak.ParseMoney(strings.TrimRight(digits, "x")); err == nil {
				t.grouped, t.amount = true, m
			}
		}
		t.long = !t.grouped && end >= 4
		if t.long || t.grouped {
			if m, err := lapak.ParseMoney(digits[:end]); err == nil && !t.grouped {
				t.amount = m
			}
		}
		return append(out, t)
	}
	// Letters glued to digits: "250gr", "rt03", "nastar2", "kue2", "no5".
	parts := gluedParts(lower)
	if len(parts) == 1 {
		if !strings.ContainsAny(parts[0], "0123456789") {
			for _, x := range Tokens(parts[0]) { // "kue2", "masing2": a reduplicated word
				out = append(out, tok{k: tWord, w: x, raw: core, unit: unitWords[x], line: li})
			}
			return out
		}
		return append(out, tok{k: tFixed, w: lower, raw: core, line: li}) // "b12", "20x10"
	}
	for _, p := range parts {
		if AllDigits(p) {
			q, _ := parseNumeral(p)
			out = append(out, tok{k: tNum, w: p, raw: core, q: q, long: len(p) >= 4, line: li})
		} else {
			for _, x := range Tokens(p) {
				out = append(out, tok{k: tWord, w: x, raw: core, unit: unitWords[x], line: li, mixed: true})
			}
		}
	}
	return out
}

// gluedParts splits letters from digits: "250gr" -> "250", "gr"; "kue2"
// stays "kue" (reduplication, see splitGlued).
func gluedParts(s string) []string {
	var parts []string
	start := 0
	for i, r := range s {
		if i == 0 {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		if isDigitRune(prev) != isDigitRune(r) {
			parts = append(parts, s[start:i])
			start = i
		}
	}
	parts = append(parts, s[start:])
	if len(parts) == 2 && parts[1] == "2" && reduplicated[Normalize(parts[0])] {
		return []string{parts[0]}
	}
	for _, p := range parts {
		if !AllDigits(p) && !strings.ContainsFunc(p, unicode.IsLetter) {
			return []string{s} // "20x10" and other shapes: one fixed token
		}
	}
	if len(parts) > 3 && alternating(strings.ToLower(s)) == nil {
		return []string{s} // a code; but "nastar2kastengel1" is two items
	}
	return parts
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

func isTime(s string) bool {
	for _, sep := range []string{".", ":"} {
		h, m, ok := strings.Cut(s, sep)
		if ok && len(h) >= 1 && len(h) <= 2 && len(m) == 2 && AllDigits(h) && AllDigits(m) && Atoi(h) < 24 && Atoi(m) < 60 && sep == ":" {
			return true
		}
		if ok && sep == "." && len(m) == 2 && AllDigits(h) && AllDigits(m) && len(h) <= 2 && Atoi(h) < 24 {
			return true // "10.00": a time (10.000 would be ten thousand)
		}
	}
	return false
}

func allDigitsAround(s string, sep byte) bool {
	a, b, _ := strings.Cut(s, string(sep))
	return AllDigits(a) && AllDigits(b)
}

// markContext turns numbers into what their neighbours say they are:
// "rt 03" and "no 5" are fixed, "250 g" and "level 3" name a variant,
// "57 ribu" and "rp 57.123" are money, "dua bungkus" is a count in words.
func markContext(ts []tok) []tok {
	for i := 0; i < len(ts); i++ {
		t := &ts[i]
		prev, next := "", ""
		if i > 0 && ts[i-1].k == tWord {
			prev = ts[i-1].w
		}
		if i+1 < len(ts) && ts[i+1].k == tWord {
			next = ts[i+1].w
		}
		switch t.k {
		case tWord:
			if t.w == "rp" || t.w == "idr" {
				if i+1 < len(ts) && ts[i+1].k == tNum && !ts[i+1].unit {
					n := &ts[i+1]
					m := n.amount
					if m == 0 {
						if v, err := lapak.ParseMoney(n.w); err == nil {
							m = v
						}
					}
					if m > 0 {
						n.k, n.amount = tAmount, m
					}
				}
				continue
			}
			if (t.w == "minus" || t.w == "negatif") && i+1 < len(ts) && ts[i+1].k == tNum {
				ts[i+1].q = Quantity{Problem: QtyNegative} // "minus 2"
				continue
			}
			if t.w == "masing" || t.w == "each" || t.w == "per" && next == "item" {
				// "masing-masing 2": the count that follows is for each item.
				for j := i + 1; j < len(ts) && j <= i+3; j++ {
					if ts[j].k == tNum {
						ts[j].each = true
						break
					}
				}
				continue
			}
			if t.w == "ones" || t.w == "one" && pronounOne(ts, i) {
				continue // "the spicy one", "the 100 g one": which, not how many
			}
			if (t.w == "a" || t.w == "an") && unitWords[next] {
				t.k, t.q, t.words, t.unit = tNum, Quantity{N: 1}, true, true // "a bottle of", "a jar"
				ts[i+1].unit = true
				continue
			}
			if vagueWords[t.w] && prev != "how" && prev != "so" && prev != "too" && prev != "berapa" {
				t.k, t.q = tNum, Quantity{Problem: QtyVague}
				continue
			}
			// Counts in words: "dua", "dua belas", "selusin", "setengah lusin", "sebungkus".
			if !numberStart(t.w) {
				continue
			}
			var buf [5]string
			words := buf[:0]
			for j := i; j < len(ts) && j < i+5 && ts[j].k == tWord; j++ {
				words = append(words, ts[j].w)
			}
			n, used := parseNumberWords(words)
			if used == 0 || t.w == "a" {
				continue
			}
			if i > 0 && ts[i-1].k == tWord && (fixedBefore[ts[i-1].w] || variantBefore[ts[i-1].w]) {
				continue
			}
			unit := seUnits[t.w]
			q := checkQty(n)
			if n < 0 {
				q = Quantity{Problem: QtyFraction}
			}
			if after := i + used; after < len(ts) && ts[after].k == tWord && (fixedAfter[ts[after].w] || sizeWords[ts[after].w]) {
				switch {
				case ts[after].w == "ribu" || ts[after].w == "rb" || ts[after].w == "juta":
					// "lima puluh ribu": money.
				case sizeWords[ts[after].w] && n > 0:
					// "seratus gram", "satu liter": a size, as if in digits.
					t.k, t.w, t.size = tFixed, strconv.Itoa(n), true
					for j := i + 1; j < i+used; j++ {
						ts[j].k, ts[j].w, ts[j].raw = tSep, "", "\x00"
					}
					i += used - 1
					continue
				default:
					continue
				}
			}
			t.k, t.q, t.words, t.unit = tNum, q, true, unit
			// The other number words are folded into this token.
			for j := i + 1; j < i+used; j++ {
				ts[j].k, ts[j].w = tSep, "" // placeholder, removed below
				ts[j].raw = "\x00"
			}
			i += used - 1
		case tNum:
			switch {
			case variantBefore[prev]:
				t.k, t.size = tFixed, true
			case fixedBefore[prev] && !(prev == "ke" && i > 1 && ts[i-2].k == tWord && ts[i-2].w == "yang"):
				t.k = tFixed
			case sizeWords[next]:
				t.k, t.size = tFixed, true
			case next == "rb" || next == "ribu" || next == "k" || next == "rban" || next == "ribuan" || next == "jt" || next == "juta":
				mult := lapak.Money(1000)
				if next == "jt" || next == "juta" {
					mult = 1_000_000
				}
				base := t.amount
				if base == 0 {
					if v, err := lapak.ParseMoney(t.w); err == nil {
						base = v
					}
				}
				t.k, t.amount = tAmount, base*mult
				ts[i+1].k, ts[i+1].raw = tSep, "\x00"
			case (next == "lusin" || next == "kodi" || next == "dozen") && t.q.Problem == QtyOK:
				mult := 12
				if next == "kodi" {
					mult = 20
				}
				t.q, t.unit = checkQty(t.q.N*mult), true
				ts[i+1].k, ts[i+1].raw = tSep, "\x00"
			case fixedAfter[next]:
				t.k = tFixed
			case unitWords[next] && !t.unit:
				t.unit = true
				ts[i+1].unit = true
			}
		}
	}
	// Drop the placeholders left by folded words.
	out := ts[:0]
	for _, t := range ts {
		if t.raw == "\x00" {
			continue
		}
		out = append(out, t)
	}
	return out
}

// pronounOne reports an English "one" that stands for a product: after
// "the" (or "that") and a describing word, "the balado one".
func pronounOne(ts []tok, i int) bool {
	if i == 0 || ts[i-1].k != tWord && ts[i-1].k != tFixed || ts[i-1].k == tWord && (orderVerbs[ts[i-1].w] || fillers[ts[i-1].w] && ts[i-1].w != "the") {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-4 && ts[j].k != tSep; j-- {
		if ts[j].k == tWord && (ts[j].w == "the" || ts[j].w == "that" || ts[j].w == "this") {
			return true
		}
	}
	return false
}

// foldWidth writes fullwidth letters and digits ("２") as ASCII and drops
// the marks that make a digit a keycap emoji ("2️⃣").
func foldWidth(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E || r == 0xFE0F || r == 0xFE0E || r == 0x20E3 }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFF01 + '!'
		case r == 0xFE0F || r == 0xFE0E || r == 0x20E3:
			return -1
		}
		return r
	}, s)
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigitByte(s[i]) {
			n++
		}
	}
	return n
}

// orderShaped: "K7M-4QP" or "k7m4qp", cheaply, before the regexp looks.
func orderShaped(s string) bool {
	n := len(strings.Trim(s, "#.,:;"))
	return n == 7 && strings.IndexByte(s, '-') >= 0 || n == 6 && strings.ContainsAny(s, "0123456789")
}

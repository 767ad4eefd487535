package shop

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// A voucher in one line, the way sellers write it: "HEMAT10 10% min 50rb
// maks 20rb kuota 100 sampai 31/12". The chat desk's /voucher and the
// dashboard's voucher form read it here, so both refuse the same things
// with the same sentences; CreateVoucher checks the rest.

// VoucherProblem is what is wrong with a voucher line: the sentence the
// seller reads (Key), with its arguments. An argument that is a text.Key
// is that sentence, a time.Time a day, a lapak.Money a price: the caller
// writes them in the seller's language.
type VoucherProblem struct {
	Key  text.Key
	Args []any
}

func plainSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func digitsOnly(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// voucherWords maps the words of a /voucher line (Indonesian first,
// English aliases) to what they introduce.
var voucherWords = map[string]string{
	"min": "min", "minimal": "min", "minimum": "min", "minim": "min", "minbel": "min",
	"maks": "max", "max": "max", "maksimal": "max", "maximal": "max", "maximum": "max", "maksimum": "max",
	"kuota": "quota", "quota": "quota", "kuotanya": "quota",
	"per":   "per",
	"mulai": "from", "from": "from", "start": "from", "dari": "from",
	"sampai": "until", "until": "until", "hingga": "until", "s/d": "until", "sd": "until", "till": "until", "exp": "until", "berakhir": "until", "berlaku": "",
	"untuk": "for", "for": "for", "khusus": "for", "only": "for",
	// Filler sellers write that says nothing more.
	"diskon": "", "discount": "", "potongan": "", "off": "", "belanja": "", "spend": "", "tanggal": "", "tgl": "", "x": "", "kali": "", "times": "",
}

// ParseVoucherLine reads what follows /voucher: the code first, then the
// discount and the optional parts in any order. Dates are in loc; a date
// without a year is the next one to come (a date a few weeks past is a
// mistake, said so); "sampai 31/12" covers the whole of 31 December.
func ParseVoucherLine(rest string, now time.Time, loc *time.Location) (lapak.Voucher, *VoucherProblem) {
	usage := func() *VoucherProblem { return &VoucherProblem{Key: text.DeskUsage, Args: []any{text.DeskUseVoucher}} }
	rest = strings.TrimSpace(rest)
	var v lapak.Voucher
	if rest == "" {
		return v, usage()
	}
	if strings.HasPrefix(rest, "\"") || strings.HasPrefix(rest, "'") || strings.HasPrefix(rest, "“") {
		_, size := utf8.DecodeRuneInString(rest)
		if end := strings.IndexAny(rest[size:], "\"'”"); end > 0 {
			code := rest[size : size+end]
			if strings.ContainsAny(strings.TrimSpace(code), " \t") {
				return v, &VoucherProblem{Key: text.VoucherCodeSpaces, Args: []any{code, strings.ToUpper(strings.Join(strings.Fields(code), ""))}}
			}
		}
	}
	fields := strings.Fields(rest)
	code, ok := lapak.NormalizeVoucherCode(strings.Trim(fields[0], "\"'“”"))
	if !ok {
		return v, &VoucherProblem{Key: text.VoucherBadCode, Args: []any{fields[0], lapak.MinVoucherCode, lapak.MaxVoucherCode}}
	}
	v.Code = code
	// Tokens, with "10 %" joined and a trailing ":" or "," dropped.
	var toks []string
	for _, f := range fields[1:] {
		if f == "%" && len(toks) > 0 {
			toks[len(toks)-1] += "%"
			continue
		}
		toks = append(toks, f)
	}
	lower := func(i int) string { return strings.ToLower(strings.TrimRight(toks[i], ":,;.")) }
	isWord := func(i int) bool {
		if i >= len(toks) {
			return true
		}
		_, ok := voucherWords[lower(i)]
		return ok
	}
	// money reads an amount at i (also "Rp 15.000", "15 ribu"); n is how many tokens it took.
	money := func(i int) (lapak.Money, int, bool) {
		if i >= len(toks) {
			return 0, 0, false
		}
		for _, n := range []int{2, 1} {
			if i+n > len(toks) {
				continue
			}
			s := strings.Join(toks[i:i+n], " ")
			if m, err := lapak.ParsePrice(strings.TrimRight(s, ":,;")); err == nil {
				return m, n, true
			}
		}
		return 0, 0, false
	}
	var start, end *time.Time
	var startText, endText string
	percentSet, amountSet := false, false
	for i := 0; i < len(toks); i++ {
		w := lower(i)
		kind, known := voucherWords[w]
		switch {
		case known && kind == "":
			continue
		case strings.HasSuffix(w, "%"):
			n, err := strconv.Atoi(strings.TrimSuffix(w, "%"))
			if err != nil || n <= 0 || n > 100 {
				return v, &VoucherProblem{Key: text.VoucherBadPercent, Args: []any{toks[i]}}
			}
			if percentSet || amountSet {
				return v, &VoucherProblem{Key: text.VoucherTwoDiscounts}
			}
			v.Percent, percentSet = n, true
		case !known:
			if i == 0 && digitsOnly(w) && i+1 < len(toks) && !isWord(i+1) {
				if _, _, ok := money(i + 1); ok || strings.HasSuffix(toks[i+1], "%") {
					// "/voucher HEMAT 10 10%": a code with a space.
					return v, &VoucherProblem{Key: text.VoucherCodeSpaces, Args: []any{fields[0] + " " + toks[i], code + w}}
				}
			}
			if m, n, ok := money(i); ok && !strings.HasPrefix(w, "-") {
				if m <= 0 {
					return v, &VoucherProblem{Key: text.VoucherBadAmount, Args: []any{toks[i]}}
				}
				if percentSet || amountSet {
					return v, &VoucherProblem{Key: text.VoucherTwoDiscounts}
				}
				v.Amount, amountSet = m, true
				i += n - 1
				continue
			}
			if strings.HasPrefix(w, "-") || w == "0" {
				return v, &VoucherProblem{Key: text.VoucherBadAmount, Args: []any{toks[i]}}
			}
			if i == 0 && !percentSet && !amountSet {
				if _, ok := lapak.NormalizeVoucherCode(w); ok || digitsOnly(w) {
					// "/voucher HEMAT 10 10%": a code with a space.
					return v, &VoucherProblem{Key: text.VoucherCodeSpaces, Args: []any{fields[0] + " " + toks[i], code + strings.ToUpper(w)}}
				}
			}
			return v, &VoucherProblem{Key: text.VoucherUnknownWord, Args: []any{toks[i], text.DeskUseVoucher}}
		case kind == "min" || kind == "max":
			j := i + 1
			for j < len(toks) && voucherWords[lower(j)] == "" && isWord(j) {
				j++ // "min. belanja 50rb"
			}
			m, n, ok := money(j)
			if !ok || m <= 0 {
				if j >= len(toks) || isWord(j) {
					return v, &VoucherProblem{Key: text.VoucherMissingValue, Args: []any{toks[i], toks[i] + " 50rb"}}
				}
				return v, &VoucherProblem{Key: text.VoucherBadMoney, Args: []any{toks[j], toks[i]}}
			}
			if kind == "min" {
				v.MinSpend = m
			} else {
				v.MaxDiscount = m
			}
			i = j + n - 1
		case kind == "quota" || kind == "per":
			j := i + 1
			if kind == "per" {
				if j < len(toks) && plainSet("orang", "pelanggan", "customer", "person", "user", "akun", "pembeli", "org")[lower(j)] {
					j++
				} else {
					return v, &VoucherProblem{Key: text.VoucherMissingValue, Args: []any{toks[i], "per orang 2"}}
				}
			}
			if j >= len(toks) || isWord(j) && !digitsOnly(strings.TrimRight(lower(j), "x")) {
				example := " 100"
				if kind == "per" {
					example = " 2"
				}
				return v, &VoucherProblem{Key: text.VoucherMissingValue, Args: []any{strings.Join(toks[i:j], " "), strings.Join(toks[i:j], " ") + example}}
			}
			n, err := strconv.Atoi(strings.TrimSuffix(lower(j), "x"))
			if err != nil || n < 1 || n > lapak.MaxVoucherQuota {
				return v, &VoucherProblem{Key: text.VoucherBadNumber, Args: []any{toks[j], strings.Join(toks[i:j], " "), lapak.MaxVoucherQuota}}
			}
			if kind == "quota" {
				v.Quota = n
			} else {
				v.PerCustomer = n
			}
			i = j
		case kind == "from" || kind == "until":
			j := i + 1
			for j < len(toks) && plainSet("tanggal", "tgl", "date", "dengan", "on")[lower(j)] {
				j++
			}
			if j >= len(toks) {
				return v, &VoucherProblem{Key: text.VoucherMissingValue, Args: []any{toks[i], toks[i] + " 31/12"}}
			}
			day, n, p := readDate(toks[j:], now, loc)
			if p != nil {
				return v, p
			}
			if kind == "from" {
				start, startText = &day, strings.Join(toks[j:j+n], " ")
			} else {
				e := day.AddDate(0, 0, 1)
				end, endText = &e, strings.Join(toks[j:j+n], " ")
			}
			i = j + n - 1
		case kind == "for":
			j := i + 1
			if j >= len(toks) {
				return v, &VoucherProblem{Key: text.VoucherMissingValue, Args: []any{toks[i], toks[i] + " kategori Kue & Roti"}}
			}
			what := lower(j)
			if !plainSet("kategori", "category", "kat", "categories", "sku", "skus", "produk", "product", "products")[what] {
				return v, &VoucherProblem{Key: text.VoucherUnknownWord, Args: []any{toks[i] + " " + toks[j], text.DeskUseVoucher}}
			}
			k := j + 1
			for k < len(toks) && !isWord(k) {
				k++
			}
			list := strings.Split(strings.Join(toks[j+1:k], " "), ",")
			var items []string
			for _, it := range list {
				if it = strings.TrimSpace(it); it != "" {
					items = append(items, it)
				}
			}
			if len(items) == 0 {
				return v, &VoucherProblem{Key: text.VoucherMissingValue, Args: []any{toks[i] + " " + toks[j], toks[i] + " " + toks[j] + " NST-500"}}
			}
			switch what {
			case "kategori", "category", "kat", "categories":
				for _, it := range items {
					v.Categories = append(v.Categories, lapak.Category{Name: it})
				}
			case "sku", "skus", "produk", "product", "products":
				for _, it := range items {
					v.SKUs = append(v.SKUs, strings.ToUpper(it))
				}
			default:
				return v, &VoucherProblem{Key: text.VoucherUnknownWord, Args: []any{toks[i] + " " + toks[j], text.DeskUseVoucher}}
			}
			i = k - 1
		}
	}
	switch {
	case !percentSet && !amountSet:
		return v, &VoucherProblem{Key: text.VoucherNoDiscount, Args: []any{code}}
	case amountSet && v.MaxDiscount > 0:
		return v, &VoucherProblem{Key: text.VoucherMaxNeedsPercent, Args: []any{v.Amount}}
	case len(v.SKUs)+len(v.Categories) > lapak.MaxVoucherScope:
		return v, &VoucherProblem{Key: text.VoucherTooMuchScope, Args: []any{lapak.MaxVoucherScope}}
	}
	v.StartsAt = now
	if start != nil {
		v.StartsAt = *start
	}
	if end != nil {
		v.EndsAt = end
		if start != nil && !end.After(*start) {
			return v, &VoucherProblem{Key: text.VoucherEndBeforeStart, Args: []any{endText, startText}}
		}
	}
	return v, nil
}

// monthWords are month names and their short forms, Indonesian and English.
var monthWords = map[string]time.Month{
	"jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "peb": 2,
	"mar": 3, "maret": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5,
	"jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7,
	"agu": 8, "agt": 8, "agus": 8, "agustus": 8, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10,
	"nov": 11, "november": 11, "nopember": 11, "des": 12, "desember": 12, "dec": 12, "december": 12,
}

// readDate reads a day at the start of toks ("31/12", "31/12/2026",
// "31-12-26", "31 Des", "31 Desember 2026") as midnight in loc; n is how
// many tokens it took. A day before today is a problem; so is one a
// year-less date would put more than a few weeks back (it means next
// year).
func readDate(toks []string, now time.Time, loc *time.Location) (time.Time, int, *VoucherProblem) {
	raw := strings.TrimRight(toks[0], ",;.")
	bad := &VoucherProblem{Key: text.VoucherBadDate, Args: []any{raw}}
	var d, m, y, n int
	if parts := strings.FieldsFunc(raw, func(r rune) bool { return r == '/' || r == '-' || r == '.' }); len(parts) >= 2 && len(parts) <= 3 && digitsOnly(strings.Join(parts, "")) {
		d, _ = strconv.Atoi(parts[0])
		m, _ = strconv.Atoi(parts[1])
		if len(parts) == 3 {
			y, _ = strconv.Atoi(parts[2])
		}
		n = 1
	} else if digitsOnly(raw) && len(toks) > 1 {
		mon, ok := monthWords[strings.ToLower(strings.TrimRight(toks[1], ",;."))]
		if !ok {
			return time.Time{}, 0, bad
		}
		d, _ = strconv.Atoi(raw)
		m, n = int(mon), 2
		if len(toks) > 2 {
			if yy := strings.TrimRight(toks[2], ",;."); digitsOnly(yy) && len(yy) == 4 {
				y, _ = strconv.Atoi(yy)
				n = 3
			}
		}
	} else {
		return time.Time{}, 0, bad
	}
	if y > 0 && y < 100 {
		y += 2000
	}
	local := now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	year := y
	if year == 0 {
		year = local.Year()
	}
	if m < 1 || m > 12 || d < 1 || d > 31 || year < 2000 || year > 2100 {
		return time.Time{}, 0, bad
	}
	day := time.Date(year, time.Month(m), d, 0, 0, 0, 0, loc)
	if day.Day() != d {
		return time.Time{}, 0, bad // 31/2
	}
	if y == 0 && day.Before(today) && today.Sub(day) > 60*24*time.Hour {
		day = day.AddDate(1, 0, 0) // "sampai 5/1" in December
	}
	if day.Before(today) {
		return time.Time{}, 0, &VoucherProblem{Key: text.VoucherPastDate, Args: []any{day}}
	}
	return day, n, nil
}

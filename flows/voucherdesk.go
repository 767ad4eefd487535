package flows

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// The desk's /voucher: create a voucher in one line the way sellers write
// it ("/voucher HEMAT10 10% min 50rb maks 20rb kuota 100 sampai 31/12"),
// list the vouchers (/voucher, /vouchers) and end one (/voucher off CODE).

// voucherProblem is what is wrong with a /voucher line: the sentence the
// admin reads.
type voucherProblem struct {
	key  text.Key
	args []any
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

// voucherEndWords are "/voucher off CODE".
var voucherEndWords = plainSet("off", "stop", "hentikan", "matikan", "end", "akhiri", "nonaktifkan", "disable")

// voucherCmd runs /voucher and /vouchers.
func (d *deskTurn) voucherCmd() error {
	args := d.cmd.args
	switch {
	case len(args) == 0 || len(args) == 1 && plainSet("list", "daftar", "semua", "all")[strings.ToLower(args[0])]:
		return d.vouchers()
	case voucherEndWords[strings.ToLower(args[0])]:
		if len(args) != 2 {
			return d.usage()
		}
		return d.endVoucher(args[1])
	}
	v, p := parseVoucherLine(d.cmd.rest, d.now(), d.e.loc)
	if p != nil {
		d.send(d.problem(p))
		return nil
	}
	// "untuk produk Nastar Nanas": a product's name stands for its SKUs.
	var skus []string
	for _, sku := range v.SKUs {
		_, err := d.tx.ProductBySKU(d.ctx, sku)
		if notFound(err) {
			p, perr := d.tx.ProductByName(d.ctx, sku)
			if perr == nil {
				for _, pv := range p.Variants {
					skus = append(skus, pv.SKU)
				}
				continue
			}
			if !notFound(perr) {
				return perr
			}
		} else if err != nil {
			return err
		}
		skus = append(skus, sku)
	}
	v.SKUs = skus
	made, err := d.e.ops.CreateVoucher(d.ctx, d.op(), d.by(), v)
	if err != nil {
		if d.voucherRefused(v, err) {
			return nil
		}
		return err
	}
	d.send(d.msg(text.VoucherCreated, made.Code, d.describeVoucher(made)))
	return nil
}

// problem is p in the admin's language: a text.Key argument is that
// sentence, a time a day, an amount a price.
func (d *deskTurn) problem(p *voucherProblem) string {
	args := make([]any, len(p.args))
	for i, a := range p.args {
		switch a := a.(type) {
		case text.Key:
			args[i] = d.msg(a)
		case time.Time:
			args[i] = d.day(a)
		case lapak.Money:
			args[i] = d.turn.price(a)
		default:
			args[i] = a
		}
	}
	return d.msg(p.key, args...)
}

// voucherRefused tells the admin why CreateVoucher refused v; false for
// an error that is not theirs to hear.
func (d *deskTurn) voucherRefused(v lapak.Voucher, err error) bool {
	var fe *shop.VoucherFieldError
	var ee *lapak.ExistsError
	switch {
	case errors.As(err, &ee):
		d.send(d.msg(text.VoucherExists, ee.Value))
	case errors.As(err, &fe) && fe.Field == "sku":
		d.send(d.msg(text.VoucherSKUNotFound, strings.ToUpper(fe.Value)))
	case errors.As(err, &fe) && fe.Field == "category":
		cats, cerr := d.tx.Categories(d.ctx)
		if cerr != nil {
			d.err = cerr
			return true
		}
		names := make([]string, len(cats))
		for i, c := range cats {
			names[i] = c.Name
		}
		d.send(d.msg(text.VoucherCategoryNotFound, fe.Value, strings.Join(names, ", ")))
	case errors.As(err, &fe) && fe.Field == "code":
		d.send(d.msg(text.VoucherBadCode, fe.Value, lapak.MinVoucherCode, lapak.MaxVoucherCode))
	case errors.As(err, &fe) && fe.Field == "scope":
		d.send(d.msg(text.VoucherTooMuchScope, lapak.MaxVoucherScope))
	case errors.As(err, &fe):
		d.send(d.msg(text.DeskUsage, d.msg(text.DeskUseVoucher)))
	default:
		return false
	}
	return true
}

func (d *deskTurn) vouchers() error {
	vs, err := d.tx.Vouchers(d.ctx)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		d.send(d.msg(text.VouchersNone))
		return nil
	}
	var b strings.Builder
	b.WriteString(d.msg(text.VouchersTitle))
	for _, v := range vs {
		used := strconv.Itoa(v.Used)
		if v.Quota > 0 {
			used += "/" + strconv.Itoa(v.Quota)
		}
		b.WriteString("\n" + d.msg(text.VoucherListLine, v.Code, d.shortVoucher(v), used, d.voucherState(v)))
	}
	b.WriteString("\n\n" + d.msg(text.VouchersHint))
	d.send(b.String())
	return nil
}

// voucherState names where v is now: "aktif s/d 31 Des 2026".
func (t *turn) voucherState(v lapak.Voucher) string {
	switch v.State(t.now()) {
	case lapak.VoucherScheduled:
		return t.msg(text.VoucherStateScheduled, t.day(v.StartsAt))
	case lapak.VoucherExpired:
		return t.msg(text.VoucherStateExpired, t.lastDay(*v.EndsAt))
	case lapak.VoucherEnded:
		return t.msg(text.VoucherStateEnded)
	case lapak.VoucherUsedUp:
		return t.msg(text.VoucherStateUsedUp)
	}
	if v.EndsAt != nil {
		return t.msg(text.VoucherStateActiveUntil, t.lastDay(*v.EndsAt))
	}
	return t.msg(text.VoucherStateActive)
}

func (d *deskTurn) endVoucher(code string) error {
	v, err := d.e.ops.EndVoucher(d.ctx, d.op(), d.by(), code)
	switch {
	case notFound(err):
		d.send(d.msg(text.VoucherDeskNotFound, strings.ToUpper(code)))
		return nil
	case errors.Is(err, shop.ErrVoucherOver):
		d.send(d.msg(text.VoucherAlreadyOver, v.Code, d.voucherState(v)))
		return nil
	case err != nil:
		return err
	}
	used := strconv.Itoa(v.Used)
	if v.Quota > 0 {
		used += "/" + strconv.Itoa(v.Quota)
	}
	d.send(d.msg(text.VoucherEnded, v.Code, used))
	return nil
}

// day writes a date in the shop's zone: "31 Des 2026".
func (t *turn) day(at time.Time) string {
	l := at.In(t.e.loc)
	return formatDate(t.lang, l) + " " + strconv.Itoa(l.Year())
}

// lastDay writes the last day an exclusive end still covers: an end at
// midnight of 1 January is "31 Des".
func (t *turn) lastDay(end time.Time) string { return t.day(end.Add(-time.Nanosecond)) }

// describeVoucher restates v in plain words, one part a line, so the
// seller can check what they typed.
func (t *turn) describeVoucher(v lapak.Voucher) string {
	var lines []string
	switch {
	case v.Percent > 0 && v.MaxDiscount > 0:
		lines = append(lines, t.msg(text.VoucherDescPercentMax, v.Percent, t.price(v.MaxDiscount)))
	case v.Percent > 0:
		lines = append(lines, t.msg(text.VoucherDescPercent, v.Percent))
	default:
		lines = append(lines, t.msg(text.VoucherDescAmount, t.price(v.Amount)))
	}
	if v.MinSpend > 0 {
		lines = append(lines, t.msg(text.VoucherDescMin, t.price(v.MinSpend)))
	} else {
		lines = append(lines, t.msg(text.VoucherDescNoMin))
	}
	if v.Scoped() {
		lines = append(lines, t.msg(text.VoucherDescScope, t.voucherScope(v)))
	} else {
		lines = append(lines, t.msg(text.VoucherDescAll))
	}
	if v.Quota > 0 {
		lines = append(lines, t.msg(text.VoucherDescQuota, v.Quota))
	} else {
		lines = append(lines, t.msg(text.VoucherDescNoQuota))
	}
	lines = append(lines, t.msg(text.VoucherDescPer, max(v.PerCustomer, 1)))
	if v.EndsAt != nil {
		lines = append(lines, t.msg(text.VoucherDescUntil, t.day(v.StartsAt), t.lastDay(*v.EndsAt)))
	} else {
		lines = append(lines, t.msg(text.VoucherDescOpen, t.day(v.StartsAt)))
	}
	return strings.Join(lines, "\n")
}

// voucherScope names what v is for: "kategori Kue & Roti, SKU NST-500".
func (t *turn) voucherScope(v lapak.Voucher) string {
	var parts []string
	for _, c := range v.Categories {
		parts = append(parts, t.msg(text.VoucherScopeCategory, c.Name))
	}
	if len(v.SKUs) > 0 {
		parts = append(parts, t.msg(text.VoucherScopeSKU, strings.Join(v.SKUs, ", ")))
	}
	return strings.Join(parts, ", ")
}

// shortVoucher is v's discount in a few words: "diskon 10% (maks.
// Rp20.000), min. belanja Rp50.000".
func (t *turn) shortVoucher(v lapak.Voucher) string {
	var s string
	switch {
	case v.Percent > 0 && v.MaxDiscount > 0:
		s = t.msg(text.VoucherShortPercentMax, v.Percent, t.price(v.MaxDiscount))
	case v.Percent > 0:
		s = t.msg(text.VoucherShortPercent, v.Percent)
	default:
		s = t.msg(text.VoucherShortAmount, t.price(v.Amount))
	}
	if v.MinSpend > 0 {
		s += t.msg(text.VoucherShortMin, t.price(v.MinSpend))
	}
	return s
}

// parseVoucherLine reads what follows /voucher: the code first, then the
// discount and the optional parts in any order. Dates are in loc; a date
// without a year is the next one to come (a date a few weeks past is a
// mistake, said so); "sampai 31/12" covers the whole of 31 December.
func parseVoucherLine(rest string, now time.Time, loc *time.Location) (lapak.Voucher, *voucherProblem) {
	usage := func() *voucherProblem { return &voucherProblem{key: text.DeskUsage, args: []any{text.DeskUseVoucher}} }
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
				return v, &voucherProblem{key: text.VoucherCodeSpaces, args: []any{code, strings.ToUpper(strings.Join(strings.Fields(code), ""))}}
			}
		}
	}
	fields := strings.Fields(rest)
	code, ok := lapak.NormalizeVoucherCode(strings.Trim(fields[0], "\"'“”"))
	if !ok {
		return v, &voucherProblem{key: text.VoucherBadCode, args: []any{fields[0], lapak.MinVoucherCode, lapak.MaxVoucherCode}}
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
				return v, &voucherProblem{key: text.VoucherBadPercent, args: []any{toks[i]}}
			}
			if percentSet || amountSet {
				return v, &voucherProblem{key: text.VoucherTwoDiscounts}
			}
			v.Percent, percentSet = n, true
		case !known:
			if i == 0 && allDigits(w) && i+1 < len(toks) && !isWord(i+1) {
				if _, _, ok := money(i + 1); ok || strings.HasSuffix(toks[i+1], "%") {
					// "/voucher HEMAT 10 10%": a code with a space.
					return v, &voucherProblem{key: text.VoucherCodeSpaces, args: []any{fields[0] + " " + toks[i], code + w}}
				}
			}
			if m, n, ok := money(i); ok && !strings.HasPrefix(w, "-") {
				if m <= 0 {
					return v, &voucherProblem{key: text.VoucherBadAmount, args: []any{toks[i]}}
				}
				if percentSet || amountSet {
					return v, &voucherProblem{key: text.VoucherTwoDiscounts}
				}
				v.Amount, amountSet = m, true
				i += n - 1
				continue
			}
			if strings.HasPrefix(w, "-") || w == "0" {
				return v, &voucherProblem{key: text.VoucherBadAmount, args: []any{toks[i]}}
			}
			if i == 0 && !percentSet && !amountSet {
				if _, ok := lapak.NormalizeVoucherCode(w); ok || allDigits(w) {
					// "/voucher HEMAT 10 10%": a code with a space.
					return v, &voucherProblem{key: text.VoucherCodeSpaces, args: []any{fields[0] + " " + toks[i], code + strings.ToUpper(w)}}
				}
			}
			return v, &voucherProblem{key: text.VoucherUnknownWord, args: []any{toks[i], text.DeskUseVoucher}}
		case kind == "min" || kind == "max":
			j := i + 1
			for j < len(toks) && voucherWords[lower(j)] == "" && isWord(j) {
				j++ // "min. belanja 50rb"
			}
			m, n, ok := money(j)
			if !ok || m <= 0 {
				if j >= len(toks) || isWord(j) {
					return v, &voucherProblem{key: text.VoucherMissingValue, args: []any{toks[i], toks[i] + " 50rb"}}
				}
				return v, &voucherProblem{key: text.VoucherBadMoney, args: []any{toks[j], toks[i]}}
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
					return v, &voucherProblem{key: text.VoucherMissingValue, args: []any{toks[i], "per orang 2"}}
				}
			}
			if j >= len(toks) || isWord(j) && !allDigits(strings.TrimRight(lower(j), "x")) {
				example := " 100"
				if kind == "per" {
					example = " 2"
				}
				return v, &voucherProblem{key: text.VoucherMissingValue, args: []any{strings.Join(toks[i:j], " "), strings.Join(toks[i:j], " ") + example}}
			}
			n, err := strconv.Atoi(strings.TrimSuffix(lower(j), "x"))
			if err != nil || n < 1 || n > lapak.MaxVoucherQuota {
				return v, &voucherProblem{key: text.VoucherBadNumber, args: []any{toks[j], strings.Join(toks[i:j], " "), lapak.MaxVoucherQuota}}
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
				return v, &voucherProblem{key: text.VoucherMissingValue, args: []any{toks[i], toks[i] + " 31/12"}}
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
				return v, &voucherProblem{key: text.VoucherMissingValue, args: []any{toks[i], toks[i] + " kategori Kue & Roti"}}
			}
			what := lower(j)
			if !plainSet("kategori", "category", "kat", "categories", "sku", "skus", "produk", "product", "products")[what] {
				return v, &voucherProblem{key: text.VoucherUnknownWord, args: []any{toks[i] + " " + toks[j], text.DeskUseVoucher}}
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
				return v, &voucherProblem{key: text.VoucherMissingValue, args: []any{toks[i] + " " + toks[j], toks[i] + " " + toks[j] + " NST-500"}}
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
				return v, &voucherProblem{key: text.VoucherUnknownWord, args: []any{toks[i] + " " + toks[j], text.DeskUseVoucher}}
			}
			i = k - 1
		}
	}
	switch {
	case !percentSet && !amountSet:
		return v, &voucherProblem{key: text.VoucherNoDiscount, args: []any{code}}
	case amountSet && v.MaxDiscount > 0:
		return v, &voucherProblem{key: text.VoucherMaxNeedsPercent, args: []any{v.Amount}}
	case len(v.SKUs)+len(v.Categories) > lapak.MaxVoucherScope:
		return v, &voucherProblem{key: text.VoucherTooMuchScope, args: []any{lapak.MaxVoucherScope}}
	}
	v.StartsAt = now
	if start != nil {
		v.StartsAt = *start
	}
	if end != nil {
		v.EndsAt = end
		if start != nil && !end.After(*start) {
			return v, &voucherProblem{key: text.VoucherEndBeforeStart, args: []any{endText, startText}}
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
func readDate(toks []string, now time.Time, loc *time.Location) (time.Time, int, *voucherProblem) {
	raw := strings.TrimRight(toks[0], ",;.")
	bad := &voucherProblem{key: text.VoucherBadDate, args: []any{raw}}
	var d, m, y, n int
	if parts := strings.FieldsFunc(raw, func(r rune) bool { return r == '/' || r == '-' || r == '.' }); len(parts) >= 2 && len(parts) <= 3 && allDigits(strings.Join(parts, "")) {
		d, _ = strconv.Atoi(parts[0])
		m, _ = strconv.Atoi(parts[1])
		if len(parts) == 3 {
			y, _ = strconv.Atoi(parts[2])
		}
		n = 1
	} else if allDigits(raw) && len(toks) > 1 {
		mon, ok := monthWords[strings.ToLower(strings.TrimRight(toks[1], ",;."))]
		if !ok {
			return time.Time{}, 0, bad
		}
		d, _ = strconv.Atoi(raw)
		m, n = int(mon), 2
		if len(toks) > 2 {
			if yy := strings.TrimRight(toks[2], ",;."); allDigits(yy) && len(yy) == 4 {
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
		return time.Time{}, 0, &voucherProblem{key: text.VoucherPastDate, args: []any{day}}
	}
	return day, n, nil
}

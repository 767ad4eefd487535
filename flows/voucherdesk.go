package flows

import (
	"errors"
	"strconv"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// The desk's /voucher: create a voucher in one line the way sellers write
// it ("/voucher HEMAT10 10% min 50rb maks 20rb kuota 100 sampai 31/12"),
// list the vouchers (/voucher, /vouchers) and end one (/voucher off CODE).

// voucherProblem is what is wrong with a /voucher line (shop.ParseVoucherLine).
type voucherProblem = shop.VoucherProblem

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
	v, p := shop.ParseVoucherLine(d.cmd.rest, d.now(), d.e.loc)
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
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
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
	return d.msg(p.Key, args...)
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

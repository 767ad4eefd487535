package flows

import (
	"errors"
	"strings"
	"unicode"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// Customers using a voucher: the code typed or pasted at any point ("pakai
// kode HEMAT10", "ada kode promo HEMAT10", "kode voucher: hemat10", "use
// code HEMAT10", the code alone when it is a voucher's) or tapped
// ("voucher:HEMAT10", a promo's "Pakai HEMAT10"). The code is attached to
// the cart (stored: it survives a restart); the recap shows what it takes
// off, or why it does not apply now; the order placed stores it.

// voucherKeywords introduce a code.
var voucherKeywords = plainSet("kode", "code", "voucher", "vouchernya", "vocer", "voucer", "kupon", "coupon", "promo", "promonya", "kodenya", "diskon")

// voucherVerbs say the customer means to use a code: "pakai kode X".
var voucherVerbs = plainSet("pakai", "pake", "gunakan", "gunain", "use", "apply", "masukin", "masukkan", "masukan", "input", "redeem", "pakein", "pakaikan", "ini", "punya", "have")

// notCodes are words that follow "kode" and are not one: "kode promo apa?".
var notCodes = plainSet("apa", "ada", "dong", "donk", "kak", "ka", "kakak", "min", "gan", "sis", "ya", "yg", "yang", "buat", "untuk",
	"nya", "gak", "ga", "nggak", "engga", "enggak", "tidak", "any", "what", "the", "for", "is", "are", "please", "pls", "nih", "sih", "aja",
	"saja", "lagi", "berapa", "brp", "mana", "gimana", "bisa", "boleh", "dipakai", "dipake", "promo", "voucher", "kode", "code", "diskon")

// voucherRemove are messages that take the code off: "hapus kode".
var voucherRemove = map[string]bool{
	"hapus kode": true, "hapus voucher": true, "hapus kode voucher": true, "lepas kode": true, "lepas voucher": true,
	"batal pakai kode": true, "batal pakai voucher": true, "gak jadi pakai kode": true, "gak jadi pakai voucher": true,
	"ga jadi pakai voucher": true, "ga jadi pakai kode": true, "tanpa voucher": true, "tanpa kode": true,
	"remove code": true, "remove voucher": true, "remove the code": true, "no voucher": true,
}

// voucherInText finds a code in a message: after a keyword ("kode",
// "voucher", "promo", "code"), or the message alone. explicit says the
// customer clearly meant a code (a verb, a colon, digits or capitals), so
// an unknown one is answered "not found"; a word alone is a code only
// when a voucher has it.
func voucherInText(raw string) (code string, explicit, alone bool) {
	toks := strings.FieldsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",!?;\"'()", r) })
	if len(toks) == 1 {
		c := strings.TrimRight(toks[0], ".:")
		if c, ok := lapak.NormalizeVoucherCode(c); ok {
			return c, false, true
		}
		return "", false, false
	}
	for i := 0; i < len(toks); i++ {
		w := strings.ToLower(strings.TrimPrefix(strings.TrimRight(toks[i], ".:"), "/"))
		if !voucherKeywords[w] {
			continue
		}
		colon := strings.HasSuffix(toks[i], ":")
		verb := i > 0 && voucherVerbs[strings.ToLower(toks[i-1])]
		j := i + 1
		for j < len(toks) && (voucherKeywords[strings.ToLower(strings.TrimRight(toks[j], ".:"))] || toks[j] == ":" || toks[j] == "-") {
			colon = colon || strings.HasSuffix(toks[j], ":")
			j++
		}
		if j >= len(toks) {
			return "", false, false
		}
		cand := strings.TrimRight(toks[j], ".:")
		c, ok := lapak.NormalizeVoucherCode(cand)
		if !ok || notCodes[strings.ToLower(cand)] {
			continue
		}
		caps := cand == strings.ToUpper(cand)
		digits := strings.ContainsAny(cand, "0123456789")
		return c, verb || colon || caps || digits, false
	}
	return "", false, false
}

// typedVoucher handles a code in a typed message; done is false when
// there is none (or a word alone that no voucher has).
func (t *turn) typedVoucher(raw string) (bool, error) {
	if voucherRemove[normalize(raw)] {
		return true, t.removeVoucher()
	}
	code, explicit, alone := voucherInText(raw)
	if code == "" || alone && t.asking() {
		return false, nil
	}
	v, err := t.tx.Voucher(t.ctx, code)
	if notFound(err) && !alone && !t.asking() {
		if done, err := t.typedReferral(code); done || err != nil {
			return done, err // a reseller's code: no voucher has it (resellers.go)
		}
	}
	if notFound(err) {
		if !explicit || t.asking() {
			return false, nil // "nastar" is a product, "Jl. Kode Pos 12" an address: not codes
		}
		return true, t.voucherReply(t.msg(text.VoucherUnknown, code))
	}
	if err != nil {
		return true, err
	}
	return true, t.useVoucher(v)
}

// voucherChoice runs "voucher:CODE": a promo's one-tap code.
func (t *turn) voucherChoice(code string) error {
	c, ok := lapak.NormalizeVoucherCode(code)
	if !ok {
		return t.voucherReply(t.msg(text.VoucherUnknown, strings.ToUpper(clip(code, lapak.MaxVoucherCode))))
	}
	v, err := t.tx.Voucher(t.ctx, c)
	if notFound(err) {
		return t.voucherReply(t.msg(text.VoucherUnknown, c))
	}
	if err != nil {
		return err
	}
	return t.useVoucher(v)
}

// useVoucher attaches v to the cart, or says why it cannot be used.
func (t *turn) useVoucher(v lapak.Voucher) error {
	cust := t.conv.Customer.ID
	if err := v.Check(t.now()); err != nil {
		return t.voucherReply(t.msg(text.VoucherRefused, v.Code, t.voucherWhy(v, err)))
	}
	uses, err := t.tx.VoucherUses(t.ctx, v.ID, cust)
	if err != nil {
		return err
	}
	if uses >= max(v.PerCustomer, 1) {
		return t.voucherReply(t.msg(text.VoucherRefused, v.Code,
			t.voucherWhy(v, &lapak.VoucherError{Code: v.Code, Reason: lapak.VoucherReasonAlreadyUsed, Limit: max(v.PerCustomer, 1)})))
	}
	var lead []string
	cur, err := t.tx.CartVoucher(t.ctx, cust)
	switch {
	case err == nil && cur.ID == v.ID:
		lead = append(lead, t.msg(text.VoucherAlreadyOn, v.Code))
	case err == nil:
		lead = append(lead, t.msg(text.VoucherReplaces, cur.Code))
		fallthrough
	case notFound(err):
		if err := t.tx.SetCartVoucher(t.ctx, cust, v.ID); err != nil {
			return err
		}
		lead = append([]string{t.msg(text.VoucherApplied, v.Code, t.shortVoucher(v))}, lead...)
	default:
		return err
	}
	cart, err := t.tx.Cart(t.ctx, cust)
	if err != nil {
		return err
	}
	if len(cart) == 0 {
		lead = append(lead, t.msg(text.VoucherAppliedLater))
	} else {
		off, verr := t.voucherOff(v, uses, cart)
		if t.err != nil {
			return t.err
		}
		if verr != nil {
			lead = append(lead, t.msg(text.VoucherKept, v.Code, t.voucherWhy(v, verr)))
		} else {
			lead = append(lead, t.msg(text.VoucherAppliedSaving, t.price(off)))
		}
	}
	return t.voucherReply(strings.Join(lead, "\n"))
}

// removeVoucher takes the code off the cart.
func (t *turn) removeVoucher() error {
	cur, err := t.tx.CartVoucher(t.ctx, t.conv.Customer.ID)
	if notFound(err) {
		return t.voucherReply(t.msg(text.VoucherNoneOn))
	}
	if err != nil {
		return err
	}
	if err := t.tx.SetCartVoucher(t.ctx, t.conv.Customer.ID, 0); err != nil {
		return err
	}
	return t.voucherReply(t.msg(text.VoucherRemoved, cur.Code))
}

// voucherReply says s, then goes on where the customer was: the recap
// again (with or without the discount) in checkout, else the way to it.
func (t *turn) voucherReply(s string) error {
	if t.st.Checkout != nil && t.st.Step != stepIdle && !t.asking() {
		t.lead = s
		return t.checkoutNext()
	}
	if t.asking() {
		t.send(s + t.stepHint())
		return nil
	}
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	if len(cart) == 0 {
		t.send(s, t.categoryChoices()...)
		return nil
	}
	t.send(s, lapak.Choice{ID: "checkout", Label: t.msg(text.BtnCheckout)}, lapak.Choice{ID: "cart", Label: t.msg(text.BtnViewCart)})
	return nil
}

// voucherOff is what v takes off cart for a customer with uses orders
// with it already, or the *lapak.VoucherError saying why not. A store
// error goes to t.err.
func (t *turn) voucherOff(v lapak.Voucher, uses int, cart lapak.Cart) (lapak.Money, error) {
	lines := make([]lapak.VoucherLine, len(cart))
	cats := map[int64]int64{}
	for i, l := range cart {
		lines[i] = lapak.VoucherLine{SKU: l.SKU, Total: l.Total()}
		if len(v.Categories) == 0 {
			continue
		}
		cat, ok := cats[l.ProductID]
		if !ok {
			p, err := t.tx.Product(t.ctx, l.ProductID)
			if err != nil {
				t.err = err
				return 0, nil
			}
			cat, cats[l.ProductID] = p.CategoryID, p.CategoryID
		}
		lines[i].CategoryID = cat
	}
	return v.Apply(t.now(), uses, lines)
}

// cartVoucher is the voucher attached to the cart and what it takes off
// cart now: ok false when none is attached; why is the *VoucherError when
// it does not apply. A store error goes to t.err.
func (t *turn) cartVoucher(cart lapak.Cart) (v lapak.Voucher, off lapak.Money, why error, ok bool) {
	v, err := t.tx.CartVoucher(t.ctx, t.conv.Customer.ID)
	if notFound(err) {
		return v, 0, nil, false
	}
	if err != nil {
		t.err = err
		return v, 0, nil, false
	}
	uses, err := t.tx.VoucherUses(t.ctx, v.ID, t.conv.Customer.ID)
	if err != nil {
		t.err = err
		return v, 0, nil, false
	}
	off, why = t.voucherOff(v, uses, cart)
	return v, off, why, t.err == nil
}

// voucherWhy says in a few words why v does not apply.
func (t *turn) voucherWhy(v lapak.Voucher, err error) string {
	var ve *lapak.VoucherError
	if !errors.As(err, &ve) {
		return t.msg(text.VoucherWhyChanged)
	}
	switch ve.Reason {
	case lapak.VoucherReasonExpired:
		return t.msg(text.VoucherWhyExpired)
	case lapak.VoucherReasonEnded, lapak.VoucherReasonUnknown:
		return t.msg(text.VoucherWhyEnded)
	case lapak.VoucherReasonNotStarted:
		return t.msg(text.VoucherWhyNotStarted, t.day(v.StartsAt))
	case lapak.VoucherReasonUsedUp:
		return t.msg(text.VoucherWhyUsedUp)
	case lapak.VoucherReasonAlreadyUsed:
		return t.msg(text.VoucherWhyAlreadyUsed, max(ve.Limit, 1))
	case lapak.VoucherReasonNotForItems:
		return t.msg(text.VoucherWhyNotForItems, t.voucherScope(v))
	case lapak.VoucherReasonMinSpend:
		return t.msg(text.VoucherWhyMinSpend, t.price(ve.Short), t.price(v.MinSpend))
	}
	return t.msg(text.VoucherWhyChanged)
}

// voucherLost tells the customer at "ya" that the voucher the recap showed
// no longer applies, and shows the recap again as it now stands: no order
// is placed for more than the recap said.
func (t *turn) voucherLost(cart lapak.Cart) error {
	v, _, why, attached := t.cartVoucher(cart)
	if t.err != nil {
		return t.err
	}
	reason := t.msg(text.VoucherWhyChanged)
	code := v.Code
	if attached && why != nil {
		reason = t.voucherWhy(v, why)
	}
	if !attached {
		code = "-"
	}
	t.st.Checkout.Discount = 0
	t.lead = t.msg(text.VoucherLostAtPlace, code, reason)
	return t.checkoutNext()
}

// plainSet is a set of lower-case words compared as typed (lower-cased),
// not normalised: "off" must stay "off".
func plainSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

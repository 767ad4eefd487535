package flows

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// Resellers in chat (issue 13): signing up ("daftar reseller", "mau jadi
// reseller", /reseller), the admins' Approve / Reject buttons and their
// /reseller desk, a reseller's links ("link saya", /link, "link SKU"),
// and attribution: a customer who opens a reseller's t.me link
// (/start ref_CODE, ref_CODE-p_SKU), writes the wa.me link's prefilled
// "(kode SARI)" or types "kode SARI" before checkout is theirs, and the
// order placed stores it (placeOrder).
//
// A code typed as "kode X" is a voucher's when a voucher has it, a
// reseller's otherwise (storage never lets a reseller and a voucher share
// a code); the prefilled "(kode X)" and a link are always a reseller's.

// Sign-up steps.
const (
	signupName   = "name"
	signupPhone  = "phone"
	signupCity   = "city"
	signupBank   = "bank"
	signupNumber = "number"
	signupHolder = "holder"
	signupTerms  = "terms"
)

// signupDraft is a reseller application being filled in.
type signupDraft struct {
	Step   string `json:"step"`
	Name   string `json:"name,omitempty"`
	Phone  string `json:"phone,omitempty"`
	City   string `json:"city,omitempty"`
	Bank   string `json:"bank,omitempty"`
	Number string `json:"number,omitempty"`
	Holder string `json:"holder,omitempty"`
}

// linkCommand reads "/link", "/link SKU" and "link SKU": ok is false for
// anything else; sku is "" for the shop's links.
var linkCommand = regexp.MustCompile(`(?i)^/?links?(?:@\w+)?(?:\s+([A-Za-z0-9_.\-]{1,64}))?$`)

// prefilledCode finds the wa.me link's "(kode SARI)".
var prefilledCode = regexp.MustCompile(`(?i)\(\s*kode\s+([A-Za-z0-9]{1,20})\s*\)`)

// resellerText handles what only resellers and applicants say, before the
// message is read for the shop: the application's answers, /reseller
// from a non-admin, the links, a prefilled code. raw may come back
// changed (the prefilled code taken out) with done false.
func (t *turn) resellerText(raw string) (string, bool, error) {
	if t.st.Signup != nil {
		return raw, true, t.signupAnswer(raw)
	}
	if done, err := t.ledgerText(raw); done || err != nil {
		return raw, true, err // /saldo, /komisi, /pelangganku (commissions.go)
	}
	if done, err := t.shareText(raw); done || err != nil {
		return raw, true, err // /bagikan (share.go)
	}
	fields := strings.Fields(raw)
	if len(fields) > 0 && strings.EqualFold(strings.SplitN(fields[0], "@", 2)[0], "/reseller") {
		if len(fields) == 1 {
			return raw, true, t.startSignup()
		}
		return raw, false, nil // an admin's command from someone who is not one
	}
	if m := linkCommand.FindStringSubmatch(strings.TrimSpace(raw)); m != nil {
		if strings.HasPrefix(raw, "/") {
			return raw, true, t.myLinks(m[1])
		}
		if m[1] != "" && !strings.EqualFold(m[1], "saya") {
			// "link NST-500" is a reseller's; anyone else's words go on.
			if _, ok, err := t.mine(); err != nil || ok {
				return raw, true, firstErr(err, t.myLinks(m[1]))
			}
		}
	}
	if m := prefilledCode.FindStringSubmatchIndex(raw); m != nil {
		code := strings.ToUpper(raw[m[2]:m[3]])
		r, err := t.tx.ResellerByCode(t.ctx, code)
		switch {
		case notFound(err):
			return raw, false, nil // no reseller's: perhaps a voucher's (typedVoucher)
		case err != nil:
			return raw, true, err
		default:
			if say := t.attribute(r, lapak.SourcePrefilledText); say != "" {
				t.lead = say
			}
		}
		rest := strings.TrimSpace(raw[:m[0]] + " " + raw[m[1]:])
		if rest == "" || !understand.HasLatin(rest) {
			return rest, true, t.welcome()
		}
		return rest, false, nil
	}
	return raw, false, nil
}

// resellerIntent runs the understood "daftar reseller" and "link saya".
func (t *turn) resellerIntent(r understand.Reading) (bool, error) {
	if t.asking() {
		return false, nil
	}
	switch r.Intent {
	case understand.ResellerSignup:
		return true, t.startSignup()
	case understand.MyLinks:
		return true, t.myLinks("")
	}
	return false, nil
}

// mine is the sender's reseller row; ok is false when they have none.
func (t *turn) mine() (lapak.Reseller, bool, error) {
	r, err := t.tx.ResellerOfCustomer(t.ctx, t.conv.Customer.ID)
	if notFound(err) {
		return lapak.Reseller{}, false, nil
	}
	return r, err == nil, err
}

// startSignup begins an application, or says why there is none to make.
func (t *turn) startSignup() error {
	r, ok, err := t.mine()
	if err != nil {
		return err
	}
	if ok {
		return t.resellerState(r)
	}
	if t.e.shop.Resellers.Signup == lapak.SignupOff {
		t.send(t.msg(text.ResellerSignupOff, t.e.shop.Name), mainMenu(t.lang)...)
		return nil
	}
	t.reset()
	t.st.Signup = &signupDraft{Step: signupName}
	t.send(t.msg(text.ResellerAskName, t.e.shop.Name))
	return nil
}

// resellerState tells someone who already has a reseller row where they are.
func (t *turn) resellerState(r lapak.Reseller) error {
	switch r.Status {
	case lapak.ResellerApplicant:
		t.send(t.msg(text.ResellerPending))
	case lapak.ResellerApproved:
		t.send(t.msg(text.ResellerAlready, r.Code))
	case lapak.ResellerRejected:
		t.send(t.msg(text.ResellerWasRejected))
	case lapak.ResellerSuspended:
		t.send(t.msg(text.ResellerIsSuspended, r.Code))
	}
	return nil
}

// signupAnswer takes the answer to the application's current question.
func (t *turn) signupAnswer(raw string) error {
	s := t.st.Signup
	if abortWord(raw) {
		t.st.Signup = nil
		t.send(t.msg(text.ResellerDisagreed), mainMenu(t.lang)...)
		return nil
	}
	v := strings.Join(strings.Fields(raw), " ")
	n := utf8.RuneCountInString(v)
	switch s.Step {
	case signupName:
		if n == 0 || n > lapak.MaxResellerName {
			t.send(t.msg(text.ResellerBadName, lapak.MaxResellerName))
			return nil
		}
		s.Name, s.Step = v, signupPhone
		t.send(t.msg(text.ResellerAskPhone))
	case signupPhone:
		p, ok := understand.NormalizePhone(v)
		if !ok {
			t.send(t.msg(text.ResellerBadPhone))
			return nil
		}
		s.Phone, s.Step = p, signupCity
		t.send(t.msg(text.ResellerAskCity))
	case signupCity:
		if n == 0 || n > lapak.MaxResellerCity {
			t.send(t.msg(text.ResellerBadCity, lapak.MaxResellerCity))
			return nil
		}
		s.City, s.Step = v, signupBank
		t.send(t.msg(text.ResellerAskBank))
	case signupBank:
		if n == 0 || n > lapak.MaxBankName {
			t.send(t.msg(text.ResellerBadBank, lapak.MaxBankName))
			return nil
		}
		s.Bank, s.Step = strings.ToUpper(v), signupNumber
		t.send(t.msg(text.ResellerAskNumber, s.Bank))
	case signupNumber:
		num, ok := lapak.NormalizeBankNumber(v)
		if !ok {
			t.send(t.msg(text.ResellerBadNumber, lapak.MinBankNumber, lapak.MaxBankNumber))
			return nil
		}
		s.Number, s.Step = num, signupHolder
		t.send(t.msg(text.ResellerAskHolder))
	case signupHolder:
		if n == 0 || n > lapak.MaxResellerName {
			t.send(t.msg(text.ResellerBadName, lapak.MaxResellerName))
			return nil
		}
		s.Holder, s.Step = v, signupTerms
		return t.askTerms()
	case signupTerms:
		r := understand.Read(raw, nil, understand.Context{})
		switch r.Intent {
		case understand.Yes:
			return t.signupTerms(true)
		case understand.No:
			return t.signupTerms(false)
		}
		if id, ok := t.pickChoice(normalize(raw)); ok {
			return t.action(id)
		}
		t.send(t.msg(text.ResellerAgreeFirst), t.termsChoices()...)
	default:
		t.st.Signup = nil
		return t.welcome()
	}
	return nil
}

func (t *turn) termsChoices() []lapak.Choice {
	return []lapak.Choice{{ID: "rsl:agree", Label: t.msg(text.BtnAgree)}, {ID: "rsl:disagree", Label: t.msg(text.BtnDisagree)}}
}

func (t *turn) askTerms() error {
	terms := t.e.shop.Resellers.Terms
	if terms == "" {
		terms = t.msg(text.ResellerTermsDefault)
	}
	t.send(t.msg(text.ResellerAskTerms, t.e.shop.Name, terms), t.termsChoices()...)
	return nil
}

// signupTerms ends the application: agreed, it is stored (and the admins
// asked), otherwise dropped.
func (t *turn) signupTerms(agreed bool) error {
	s := t.st.Signup
	if s == nil || s.Step != signupTerms {
		return t.startSignup()
	}
	t.st.Signup = nil
	if !agreed {
		t.send(t.msg(text.ResellerDisagreed), mainMenu(t.lang)...)
		return nil
	}
	d := &deskTurn{turn: t}
	r, err := t.e.ops.ApplyReseller(t.ctx, d.op(), t.e.shop.Resellers.Signup, lapak.Reseller{
		CustomerID: t.conv.Customer.ID, Identity: t.conv.Inbound.From(), Language: t.lang,
		Name: s.Name, Phone: s.Phone, City: s.City,
		Bank: lapak.ResellerBank{Name: s.Bank, Number: s.Number, Holder: s.Holder}, AgreedAt: t.now()})
	var exists *lapak.ExistsError
	var field *shop.ResellerFieldError
	switch {
	case errors.Is(err, shop.ErrSignupOff):
		t.send(t.msg(text.ResellerSignupOff, t.e.shop.Name), mainMenu(t.lang)...)
		return nil
	case errors.As(err, &exists):
		return t.startSignup() // applied meanwhile (another chat turn): say where it stands
	case errors.As(err, &field):
		t.st.Signup = &signupDraft{Step: signupName}
		t.send(t.msg(text.ResellerAskName, t.e.shop.Name))
		return nil
	case err != nil:
		return err
	}
	if t.conv.Customer.Phone == "" {
		t.conv.Customer.Phone = r.Phone
	}
	l := t.e.shop.Language
	if r.Status == lapak.ResellerApproved {
		t.send(t.msg(text.ResellerWelcome, t.e.shop.Name, r.Code) + "\n\n" + t.linksText(r, t.lang))
		t.notifyAdmins(text.Get(l, text.AdminResellerJoined, r.Name, r.Code))
		return d.done(nil)
	}
	t.send(t.msg(text.ResellerApplied), mainMenu(t.lang)...)
	t.notifyAdminsWith(text.Get(l, text.AdminResellerApplied, r.Name, r.Phone, r.City, r.Bank.Name, r.Bank.Number, r.Bank.Holder, r.Code),
		[]lapak.Choice{
			{ID: "rsl:approve:" + strconv.FormatInt(r.ID, 10), Label: text.Get(l, text.BtnApprove)},
			{ID: "rsl:reject:" + strconv.FormatInt(r.ID, 10), Label: text.Get(l, text.BtnReject)},
		})
	return d.done(nil)
}

// resellerChoice runs "rsl:…": the terms' buttons and the admins' Approve
// and Reject.
func (t *turn) resellerChoice(verb, arg string) error {
	switch verb {
	case "agree", "disagree":
		return t.signupTerms(verb == "agree")
	case "approve", "reject":
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || !t.isAdmin() {
			if t.err != nil {
				return t.err
			}
			t.send(t.msg(text.StaleChoice), mainMenu(t.lang)...)
			return nil
		}
		to := lapak.ResellerApproved
		if verb == "reject" {
			to = lapak.ResellerRejected
		}
		d := &deskTurn{turn: t}
		return d.done(d.decide(id, "", to))
	}
	t.send(t.msg(text.StaleChoice), mainMenu(t.lang)...)
	return nil
}

// resellerStatus is a reseller's status in words.
func resellerStatus(lang lapak.Language, s lapak.ResellerStatus) string {
	switch s {
	case lapak.ResellerApplicant:
		return text.Get(lang, text.ResellerStApplicant)
	case lapak.ResellerApproved:
		return text.Get(lang, text.ResellerStApproved)
	case lapak.ResellerRejected:
		return text.Get(lang, text.ResellerStRejected)
	case lapak.ResellerSuspended:
		return text.Get(lang, text.ResellerStSuspended)
	}
	return string(s)
}

// decide moves reseller id (code, as the admin typed it, for messages)
// to status to, tells the admin and the reseller.
func (d *deskTurn) decide(id int64, code string, to lapak.ResellerStatus) error {
	r, err := d.e.ops.DecideReseller(d.ctx, d.op(), d.by(), id, to)
	var move *lapak.ResellerMoveError
	switch {
	case errors.Is(err, lapak.ErrNotFound):
		d.send(d.msg(text.AdminResellerUnknown, code))
		return nil
	case errors.As(err, &move):
		d.send(d.msg(text.AdminResellerCannot, r.Name, r.Code, resellerStatus(d.lang, move.From), resellerStatus(d.lang, move.To)))
		return nil
	case err != nil:
		return err
	}
	d.send(d.msg(text.AdminResellerDone, r.Name, r.Code, resellerStatus(d.lang, r.Status)))
	l := d.e.langOf(lapak.Customer{Language: r.Language})
	var out string
	switch r.Status {
	case lapak.ResellerApproved:
		out = text.Get(l, text.ResellerWelcome, d.e.shop.Name, r.Code) + "\n\n" + d.linksText(r, l)
	case lapak.ResellerRejected:
		out = text.Get(l, text.ResellerRejectedMsg, d.e.shop.Name)
	case lapak.ResellerSuspended:
		out = text.Get(l, text.ResellerSuspendedMsg, r.Code)
	}
	if out != "" && r.Identity != d.conv.Inbound.From() {
		d.conv.Notify(r.Identity, lapak.Outbound{Text: out})
	}
	return nil
}

// links are the bot's Telegram username and the linked WhatsApp number,
// "" for a channel not connected.
func (e *Engine) linkTargets() (bot, number string) {
	if e.links != nil {
		return e.links()
	}
	return "", ""
}

// linksText is a reseller's share links, in lang.
func (t *turn) linksText(r lapak.Reseller, lang lapak.Language) string {
	bot, number := t.e.linkTargets()
	var b strings.Builder
	b.WriteString(text.Get(lang, text.ResellerLinksTitle, r.Code))
	payload, _ := lapak.RefPayload(r.Code, "")
	tg := lapak.TelegramLink(bot, payload)
	wa := lapak.WhatsAppLink(number, text.Get(t.e.shop.Language, text.WAPrefill, r.Code))
	if tg != "" {
		b.WriteString("\n" + text.Get(lang, text.ResellerLinkTelegram, tg))
	}
	if wa != "" {
		b.WriteString("\n" + text.Get(lang, text.ResellerLinkWhatsApp, wa))
	}
	if tg == "" && wa == "" {
		b.WriteString("\n" + text.Get(lang, text.ResellerLinkNone, r.Code))
	} else {
		b.WriteString("\n" + text.Get(lang, text.ResellerLinkCode, r.Code))
	}
	sku := "SKU"
	if ps, err := t.tx.AllProducts(t.ctx); err == nil && len(ps) > 0 && len(ps[0].Variants) > 0 {
		sku = ps[0].Variants[0].SKU
	}
	b.WriteString("\n\n" + text.Get(lang, text.ResellerLinkProductHint, sku))
	return b.String()
}

// myLinks answers "link saya" / "/link" (sku "") and "link SKU".
func (t *turn) myLinks(sku string) error {
	t.reset()
	r, ok, err := t.mine()
	if err != nil {
		return err
	}
	switch {
	case !ok:
		t.send(t.msg(text.ResellerNotYet), mainMenu(t.lang)...)
		return nil
	case r.Status != lapak.ResellerApproved:
		return t.resellerState(r)
	case sku == "":
		t.send(t.linksText(r, t.lang))
		return nil
	}
	p, err := t.tx.ProductBySKU(t.ctx, sku)
	if notFound(err) || err == nil && p.Hidden {
		t.send(t.msg(text.ResellerProductUnknown, strings.ToUpper(sku)))
		return nil
	}
	if err != nil {
		return err
	}
	for _, v := range p.Variants {
		if strings.EqualFold(v.SKU, sku) {
			sku = v.SKU
		}
	}
	bot, number := t.e.linkTargets()
	var b strings.Builder
	b.WriteString(t.msg(text.ResellerProductLinks, p.Name, r.Code))
	if payload, ok := lapak.RefPayload(r.Code, sku); ok {
		if tg := lapak.TelegramLink(bot, payload); tg != "" {
			b.WriteString("\n" + t.msg(text.ResellerLinkTelegram, tg))
		}
	} else if bot != "" {
		b.WriteString("\n" + t.msg(text.ResellerProductTooLong, sku))
	}
	if wa := lapak.WhatsAppLink(number, text.Get(t.e.shop.Language, text.WAPrefillProduct, p.Name, r.Code)); wa != "" {
		b.WriteString("\n" + t.msg(text.ResellerLinkWhatsApp, wa))
	}
	b.WriteString("\n" + t.msg(text.ResellerLinkCode, r.Code))
	t.send(b.String())
	return nil
}

// attribute makes the customer r's, by source, when the rules allow:
// what to tell them ("" for nothing: a link while another reseller's
// first touch still holds).
func (t *turn) attribute(r lapak.Reseller, source lapak.AttributionSource) string {
	c := t.conv.Customer
	switch {
	case !r.Attributing():
		return t.msg(text.RefInactive, r.Code)
	case r.CustomerID == c.ID:
		return t.msg(text.RefSelf, r.Code)
	}
	cur, err := t.tx.Attribution(t.ctx, c.ID)
	has := err == nil
	if err != nil && !notFound(err) {
		t.fail(err)
		return ""
	}
	now := t.now()
	if has && cur.ResellerID == r.ID && !source.Explicit() && cur.Holds(now, t.e.shop.Resellers.Window()) {
		return t.msg(text.RefRecorded, r.Code) // theirs already
	}
	if !cur.Replaces(has, source, now, t.e.shop.Resellers.Window()) {
		return ""
	}
	if err := t.tx.SetAttribution(t.ctx, lapak.Attribution{CustomerID: c.ID, ResellerID: r.ID, Source: source, At: now}); err != nil {
		t.fail(err)
		return ""
	}
	if t.conv.Customer.Referrer == "" {
		t.conv.Customer.Referrer = r.Code
	}
	return t.msg(text.RefRecorded, r.Code)
}

// fail keeps the turn's first store error: the turn fails with it.
func (t *turn) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

// typedReferral takes "kode SARI" typed when no voucher has the code:
// done is false when no reseller has it either.
func (t *turn) typedReferral(code string) (bool, error) {
	r, err := t.tx.ResellerByCode(t.ctx, code)
	if notFound(err) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	source := lapak.SourceTyped
	if t.st.Checkout != nil {
		source = lapak.SourceCheckout
	}
	say := t.attribute(r, source)
	if t.err != nil {
		return true, t.err
	}
	if t.st.Step == stepConfirm {
		t.send(say+"\n\n"+t.msg(text.HintConfirm), t.confirmChoices()...)
		return true, nil
	}
	t.send(say + t.stepHint())
	return true, nil
}

// startReferral attributes a /start payload's code; what to say first.
func (t *turn) startReferral(code string) error {
	if !refCode.MatchString(code) {
		return nil
	}
	r, err := t.tx.ResellerByCode(t.ctx, code)
	if notFound(err) {
		if t.conv.Customer.Referrer == "" {
			t.conv.Customer.Referrer = code
		}
		t.lead = t.msg(text.RefUnknown, strings.ToUpper(code))
		return nil
	}
	if err != nil {
		return err
	}
	t.lead = t.attribute(r, lapak.SourceLink)
	return t.err
}

// orderReseller is the reseller the order being placed is attributed to:
// the customer's attribution while it holds and the reseller is active,
// never the customer themselves.
func (t *turn) orderReseller(o *lapak.Order) (lapak.Reseller, bool, error) {
	a, err := t.tx.Attribution(t.ctx, o.CustomerID)
	if notFound(err) {
		return lapak.Reseller{}, false, nil
	}
	if err != nil {
		return lapak.Reseller{}, false, err
	}
	if !a.Holds(t.now(), t.e.shop.Resellers.Window()) {
		return lapak.Reseller{}, false, nil
	}
	r, err := t.tx.Reseller(t.ctx, a.ResellerID)
	if err != nil {
		return lapak.Reseller{}, false, err
	}
	if !r.Attributing() || r.CustomerID == o.CustomerID {
		return lapak.Reseller{}, false, nil
	}
	at := a.At
	o.Reseller = lapak.OrderReseller{ID: r.ID, Code: r.Code, Source: a.Source, At: &at}
	return r, true, nil
}

// sourceWords is how a customer came, in words for the admins.
func sourceWords(lang lapak.Language, s lapak.AttributionSource) string {
	switch s {
	case lapak.SourceLink:
		return text.Get(lang, text.RefSourceLink)
	case lapak.SourcePrefilledText:
		return text.Get(lang, text.RefSourcePrefilled)
	case lapak.SourceTyped:
		return text.Get(lang, text.RefSourceTyped)
	case lapak.SourceCheckout:
		return text.Get(lang, text.RefSourceCheckout)
	}
	return string(s)
}

// notifyReseller tells the reseller of an order they brought: number,
// items, total; never the customer's phone or address.
func (t *turn) notifyReseller(r lapak.Reseller, o lapak.Order) {
	l := t.e.langOf(lapak.Customer{Language: r.Language})
	var items []string
	for _, it := range o.Items {
		items = append(items, fmt.Sprintf("• %s × %d", it.Title(), it.Qty))
	}
	t.conv.Notify(r.Identity, lapak.Outbound{Text: text.Get(l, text.ResellerOrderNotice, o.Number, r.Code,
		strings.Join(items, "\n"), t.price(o.Total))})
}

// The admins' /reseller desk.

var (
	approveWords  = wordSet("setujui", "setuju", "approve", "terima", "acc")
	rejectWords   = wordSet("tolak", "reject")
	suspendWords  = wordSet("nonaktifkan", "suspend", "blokir", "bekukan")
	activateWords = wordSet("aktifkan", "activate", "pulihkan", "reinstate")
	codeWords     = wordSet("kode", "code")
)

// resellerCmd runs /reseller: the list, or approve, reject, suspend,
// activate CODE, or "kode OLD NEW".
func (d *deskTurn) resellerCmd() error {
	args := d.cmd.args
	if len(args) == 0 {
		return d.resellerList()
	}
	verb := strings.ToLower(args[0])
	var to lapak.ResellerStatus
	switch {
	case approveWords[verb] || activateWords[verb]:
		to = lapak.ResellerApproved
	case rejectWords[verb]:
		to = lapak.ResellerRejected
	case suspendWords[verb]:
		to = lapak.ResellerSuspended
	case tierWords[verb] && len(args) == 3:
		return d.pinTier(args[1], args[2])
	case codeWords[verb] && len(args) >= 3:
		return d.changeCode(args[1], strings.TrimSpace(d.cmd.rest[strings.Index(d.cmd.rest, args[1])+len(args[1]):]))
	default:
		return d.usage()
	}
	if len(args) != 2 {
		return d.usage()
	}
	r, err := d.tx.ResellerByCode(d.ctx, args[1])
	if notFound(err) {
		d.send(d.msg(text.AdminResellerUnknown, strings.ToUpper(args[1])))
		return nil
	}
	if err != nil {
		return err
	}
	return d.decide(r.ID, r.Code, to)
}

func (d *deskTurn) resellerList() error {
	list, err := d.tx.Resellers(d.ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		d.send(d.msg(text.ResellersNone) + "\n\n" + d.msg(text.ResellersHint))
		return nil
	}
	standings, err := d.tx.ResellerStandings(d.ctx, d.now().Add(-lapak.SalesWindow))
	if err != nil {
		return err
	}
	money := map[int64]lapak.ResellerStanding{}
	for _, st := range standings {
		money[st.ID] = st
	}
	var b strings.Builder
	b.WriteString(d.msg(text.ResellersTitle, len(list)))
	for i, r := range list {
		b.WriteString("\n" + d.msg(text.ResellersLine, i+1, r.Name, r.Code, resellerStatus(d.lang, r.Status), r.City, r.Orders))
		if st, ok := money[r.ID]; ok {
			tier := d.e.shop.Commission.Tier(st.Tier)
			b.WriteString("\n   " + d.msg(text.ResellersMoney, tier.Name, tier.Rate.String(), d.turn.price(st.Sales), d.turn.price(st.Balance.Balance())))
		}
	}
	b.WriteString("\n\n" + d.msg(text.ResellersHint))
	d.send(b.String())
	return nil
}

// changeCode runs "/reseller kode OLD NEW".
func (d *deskTurn) changeCode(old, code string) error {
	r, err := d.tx.ResellerByCode(d.ctx, old)
	if notFound(err) {
		d.send(d.msg(text.AdminResellerUnknown, strings.ToUpper(old)))
		return nil
	}
	if err != nil {
		return err
	}
	after, err := d.e.ops.ChangeResellerCode(d.ctx, d.op(), d.by(), r.ID, code)
	var bad *shop.ResellerCodeError
	var exists *lapak.ExistsError
	switch {
	case errors.As(err, &bad):
		switch bad.Problem {
		case lapak.CodeSpace:
			d.send(d.msg(text.AdminCodeSpace, code))
		case lapak.CodeTooShort:
			d.send(d.msg(text.AdminCodeShort, lapak.MinResellerCode, code))
		case lapak.CodeTooLong:
			d.send(d.msg(text.AdminCodeLong, lapak.MaxResellerCode, code))
		case lapak.CodeNoLetters:
			d.send(d.msg(text.AdminCodeNoLetter, code))
		default:
			d.send(d.msg(text.AdminCodeSymbol, code))
		}
		return nil
	case errors.Is(err, lapak.ErrCodeChanged):
		d.send(d.msg(text.AdminCodeOnce, r.Code))
		return nil
	case errors.As(err, &exists):
		d.send(d.msg(text.AdminCodeTaken, strings.ToUpper(code)))
		return nil
	case err != nil:
		return err
	}
	d.send(d.msg(text.AdminCodeChanged, r.Code, after.Code))
	if after.Status == lapak.ResellerApproved && after.Identity != d.conv.Inbound.From() {
		l := d.e.langOf(lapak.Customer{Language: after.Language})
		d.conv.Notify(after.Identity, lapak.Outbound{Text: text.Get(l, text.ResellerCodeNew, after.Code) + "\n\n" + d.linksText(after, l)})
	}
	return nil
}

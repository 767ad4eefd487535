package flows

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/text"
)

// text handles a typed message: the desk's commands for admins, then what
// the message means (understand.Read) at the step the conversation is at.
func (t *turn) text(raw string) error {
	if done, err := t.desk(raw); done || err != nil {
		return err
	}
	if done, err := t.deskReason(raw); done || err != nil {
		return err
	}
	raw, done, err := t.resellerText(raw)
	if done || err != nil {
		return err // a reseller's application, links, a prefilled code (resellers.go)
	}
	lower := strings.ToLower(raw)
	if lower == "/start" || strings.HasPrefix(lower, "/start ") {
		return t.start(strings.TrimSpace(raw[len("/start"):]))
	}
	r, err := t.understand(raw)
	if err != nil {
		return err
	}
	if !understand.HasLatin(raw) {
		return t.nonLatin(raw, r)
	}
	t.followLanguage(r)
	if done, err := t.global(r); done || err != nil {
		return err
	}
	if done, err := t.resellerIntent(r); done || err != nil {
		return err
	}
	norm := normalize(raw)
	if r.Order != "" && orderNumberIntent(r.Intent) {
		if r.Intent == understand.CancelOrder || r.Intent == understand.Abort || cancelWords[firstWord(norm)] {
			return t.askCancelOrder(r.Order)
		}
		if r.Intent == understand.Paid {
			return t.paidClaim(r)
		}
		return t.orderDetail(r.Order)
	}
	if done, err := t.typedVoucher(raw); done || err != nil {
		return err // a voucher code, typed or pasted (vouchers.go)
	}
	if done, err := t.stepText(raw, norm, r); done || err != nil {
		return err
	}
	if id, ok := t.pickChoice(norm); ok {
		return t.action(id)
	}
	if done, err := t.command(raw, norm); done || err != nil {
		return err
	}
	return t.dispatch(r)
}

// abortWord reports a message that only says "cancel" ("batal", "gak jadi deh").
func abortWord(raw string) bool {
	r := understand.Read(raw, nil, understand.Context{})
	return r.Intent == understand.Abort && r.Whole
}

// cancelWords start a cancel with an order number: "batal K7M-4QP".
var cancelWords = wordSet("batal", "batalkan", "batalin", "cancel")

func firstWord(norm string) string {
	if i := strings.IndexByte(norm, ' '); i >= 0 {
		return norm[:i]
	}
	return norm
}

// orderNumberIntent: intents where a named order number is what counts.
func orderNumberIntent(i understand.Intent) bool {
	switch i {
	case understand.OrderForm, understand.Complaint:
		return false
	}
	return true
}

// understand reads the message against the catalog, once per turn.
func (t *turn) understand(raw string) (understand.Reading, error) {
	if t.read != nil {
		return *t.read, nil
	}
	var err error
	catalog := func() *understand.Index {
		var ix *understand.Index
		ix, err = t.catalogIndex()
		return ix
	}
	r := understand.Read(raw, catalog, understand.Context{Product: t.st.Topic})
	if err != nil {
		return understand.Reading{}, err
	}
	t.read = &r
	return r, nil
}

// nonLatin answers a message with no Latin letters: a 👍 at the recap is a
// yes, a 🙏 a thanks, other emoji and other scripts get a polite word.
func (t *turn) nonLatin(raw string, r understand.Reading) error {
	switch {
	case r.Intent == understand.Help:
		return t.help()
	case r.Intent == understand.Yes && t.st.Step == stepConfirm:
		return t.placeOrder()
	case r.Intent == understand.Yes && t.st.Step == stepCancelOrder:
		return t.cancelOrder(t.st.Order)
	case r.Intent == understand.Thanks && t.st.Step == stepIdle:
		return t.thanks()
	}
	key := text.EmojiOnly
	if understand.HasLetterOrDigit(raw) {
		key = text.Unreadable
	}
	if t.st.Step == stepConfirm {
		t.send(t.msg(key)+"\n\n"+t.msg(text.HintConfirm), t.confirmChoices()...)
		return nil
	}
	t.send(t.msg(key) + t.stepHint())
	return nil
}

// followLanguage answers in the language the customer writes in: a message
// clearly in English switches to English from then on, one clearly in
// Indonesian back.
func (t *turn) followLanguage(r understand.Reading) {
	if r.Lang == "" || r.Lang == t.lang || t.asking() && r.Intent != understand.English && r.Intent != understand.Indonesian {
		return // a name or an address says nothing of the language
	}
	if r.Lang == lapak.Indonesian && t.lang == lapak.English && r.Intent != understand.Indonesian {
		// Back to Indonesian only on a clearly Indonesian sentence: one
		// loanword ("ready?") is not enough.
		if len(strings.Fields(r.Text)) < 3 {
			return
		}
	}
	t.conv.Customer.Language = r.Lang
	t.lang = r.Lang
}

// asking reports steps where a typed answer is taken as the answer:
// there, words mean themselves ("Bapak Admin" is a name) and only whole
// commands or an explicit request for a person leave the step.
func (t *turn) asking() bool {
	switch t.st.Step {
	case stepName, stepPhone, stepNewAddress, stepAddress, stepDropName, stepDropPhone:
		return true
	}
	return false
}

// global handles what works at every step: opting out, the menu, a
// greeting, cancelling, help, the cart, the language and asking for a person.
func (t *turn) global(r understand.Reading) (bool, error) {
	whole := r.Whole || !t.asking()
	switch {
	case r.Intent == understand.OptOut && (r.Whole || !t.asking()):
		return true, t.optOut()
	case r.Intent == understand.OptIn && r.Whole && t.conv.Customer.OptedOut:
		return true, t.optIn()
	case (r.Intent == understand.Menu || r.Intent == understand.Greeting) && whole:
		t.reset()
		return true, t.welcome()
	case r.Intent == understand.Abort && r.Whole && t.st.Step != stepCancelOrder:
		// (At "cancel this order?", "ya batal" says yes; see stepText.)
		return true, t.abortOrCancel()
	case r.Intent == understand.Help && r.Whole:
		return true, t.help()
	case r.Intent == understand.CartView && r.Whole:
		t.reset()
		return true, t.showCart("")
	case r.Intent == understand.English && whole:
		return true, t.setLanguage(lapak.English)
	case r.Intent == understand.Indonesian && whole:
		return true, t.setLanguage(lapak.Indonesian)
	case r.Intent == understand.Language && r.Whole:
		return true, t.askLanguage()
	case r.Intent == understand.Human && (r.Whole || r.Explicit || !t.asking()):
		return true, t.human(r.Text)
	}
	return false, nil
}

// abortOrCancel leaves the step, or at no step offers to cancel the
// customer's unpaid order ("gak jadi deh").
func (t *turn) abortOrCancel() error {
	if t.st.Step == stepIdle && t.st.Checkout == nil && t.st.Draft == nil {
		if o, ok, err := t.openOrder(); err != nil || ok {
			return firstErr(err, t.askCancelOrder(o.Number))
		}
	}
	return t.abort()
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// reset leaves any step: back to browsing.
func (t *turn) reset() {
	t.st.Step, t.st.Checkout, t.st.Variant, t.st.Order = stepIdle, nil, 0, ""
}

// stepText gives the current step the first go at a typed message.
func (t *turn) stepText(raw, norm string, r understand.Reading) (bool, error) {
	switch t.st.Step {
	case stepSearch:
		t.st.Step = stepIdle
		if r.Intent == understand.Search {
			return true, t.askSearch()
		}
		if r.Intent == understand.Product || r.Intent == understand.Unknown {
			return true, t.showItems(r)
		}
	case stepQty:
		if len(r.Items) > 0 || !r.HasQty {
			return false, nil // another product, or not a quantity at all
		}
		if r.Qty.Problem != understand.QtyOK {
			t.qtyProblem(r.Qty, t.st.Variant)
			return true, nil
		}
		return true, t.addVariant(t.st.Variant, r.Qty.N)
	case stepCartQty:
		if r.Intent == understand.CartRemove || wordSet("hapus", "remove", "delete", "buang", "hapus aja")[norm] {
			return true, t.setCartLine(t.st.Variant, 0)
		}
		if len(r.Items) > 0 || !r.HasQty || editWords[firstWord(norm)] {
			return false, nil // another product, no count, or "ubah 1 jadi 5" (a line command)
		}
		switch r.Qty.Problem {
		case understand.QtyZero:
			return true, t.setCartLine(t.st.Variant, 0)
		case understand.QtyOK:
			return true, t.setCartLine(t.st.Variant, r.Qty.N)
		}
		t.st.Step = stepCartQty // the line stays asked for
		t.qtyProblem(r.Qty, 0)
		return true, nil
	case stepName:
		if cartChange(r) {
			return false, nil // "eh nastarnya tambah 1 deh": the cart, then the name again
		}
		return true, t.takeName(raw)
	case stepPhone:
		return true, t.takePhone(raw)
	case stepDropName:
		return true, t.takeDropName(raw)
	case stepDropPhone:
		return true, t.takeDropPhone(raw)
	case stepForWhom:
		if id, ok := t.pickChoice(norm); ok {
			return true, t.action(id)
		}
		if id, ok := t.keywordChoice(raw, norm); ok {
			return true, t.action(id)
		}
		t.send(t.msg(text.PickOne), t.st.Choices...)
		return true, nil
	case stepNewAddress:
		return true, t.takeAddress(raw)
	case stepAddress:
		if id, ok := t.pickChoice(norm); ok {
			return true, t.action(id)
		}
		if utf8.RuneCountInString(raw) >= 10 {
			return true, t.takeAddress(raw)
		}
		t.send(t.msg(text.AddressPick), t.st.Choices...)
		return true, nil
	case stepDelivery, stepPayment:
		if id, ok := t.pickChoice(norm); ok {
			return true, t.action(id)
		}
		if t.st.Step == stepDelivery && t.addressAsDelivery(raw) {
			return true, t.checkoutNext()
		}
		if id, ok := t.keywordChoice(raw, norm); ok {
			return true, t.action(id)
		}
		if question(r.Intent) {
			return false, nil // answered below; the step stays
		}
		t.send(t.msg(text.PickOne), t.st.Choices...)
		return true, nil
	case stepConfirm:
		switch {
		case r.Intent == understand.Yes || r.Intent == understand.Checkout:
			return true, t.placeOrder()
		case r.Intent == understand.Edit && r.Target != "":
			return true, t.editTarget(r.Target, r.Text)
		case r.Intent == understand.Edit:
			return true, t.editMenu()
		case r.Intent == understand.No:
			t.send(t.msg(text.ConfirmNo), t.confirmChoices()...)
			return true, nil
		case r.Intent == understand.Abort:
			return true, t.abort()
		}
		if id, ok := t.pickChoice(norm); ok {
			return true, t.action(id)
		}
		if t.recapChange(raw) {
			return true, t.checkoutNext()
		}
		if understand.Affirms(raw) && !question(r.Intent) && r.Intent != understand.Order && r.Intent != understand.CartSet {
			return true, t.placeOrder() // "iya kak, transfer ya": the recap as it is
		}
		switch r.Intent {
		case understand.Order, understand.CartSet, understand.CartRemove:
			return false, nil // the cart changes; the recap follows (backToRecap)
		}
		if question(r.Intent) {
			return false, nil
		}
		// Anything else would leave a confirmed-looking recap behind a
		// search result: ask again instead.
		t.send(t.msg(text.HintConfirm), t.confirmChoices()...)
		return true, nil
	case stepCancelOrder:
		// "Cancel this order?": a yes or a cancel word ("iya batalin")
		// cancels it, a no or "gak jadi" keeps it.
		switch {
		case r.Intent == understand.Yes || understand.Affirms(raw) && !strings.Contains(norm, "jadi") ||
			slices.ContainsFunc(strings.Fields(norm), func(w string) bool { return cancelWords[w] }) && !strings.Contains(norm, "jadi") ||
			r.Intent == understand.CancelOrder:
			return true, t.cancelOrder(t.st.Order)
		case r.Intent == understand.No || r.Intent == understand.Abort:
			num := t.st.Order
			t.st.Step, t.st.Order = stepIdle, ""
			return true, t.orderDetail(num)
		}
	}
	return false, nil
}

// cartChange reports a message that changes the cart in so many words
// (a product and a count), which no name or address has.
func cartChange(r understand.Reading) bool {
	switch r.Intent {
	case understand.Order, understand.CartSet:
	default:
		return false
	}
	return slices.ContainsFunc(r.Items, func(it understand.Item) bool { return it.HasQty && resolved(it) && it.Match.Hits[0].Named > 0 })
}

// question reports intents that ask something and change nothing, so they
// may be answered in the middle of a step.
func question(i understand.Intent) bool {
	switch i {
	case understand.AskPrice, understand.AskStock, understand.AskDetail, understand.AskShipping, understand.AskPayment,
		understand.Status, understand.Help, understand.Template, understand.Complaint, understand.Catalog, understand.CartView:
		return true
	}
	return false
}

// keywordChoice maps typed words to delivery and payment choices.
func (t *turn) keywordChoice(raw, norm string) (string, bool) {
	var want []string
	switch {
	case understand.PickupWords(raw) || strings.Contains(norm, "pickup") || strings.Contains(norm, "pick up"):
		want = []string{"dlv:pickup"}
	case t.st.Step == stepDelivery:
		if i, ok := t.zoneIn(raw); ok {
			want = []string{"dlv:zone:" + itoa(i)}
		}
	default:
		if m := understand.PaymentIn(raw); m != "" {
			want = []string{"pay:" + string(m)}
			if m == lapak.PayQRIS {
				want = append(want, "pay:gateway") // "gopay" pays on the gateway's page when there is no QRIS
			}
		}
	}
	for _, w := range want {
		for _, c := range t.st.Choices {
			if c.ID == w {
				return w, true
			}
		}
	}
	return "", false
}

// pickChoice selects from the last choice list by number ("2", "dua",
// "no 2") or by (a close match of) its label.
func (t *turn) pickChoice(norm string) (string, bool) {
	if norm == "" {
		return "", false
	}
	cs := t.offered()
	if len(cs) == 0 {
		return "", false
	}
	ws := strings.Fields(norm)
	bare := len(ws) == 1 // "1" alone picks a button; "1 aja" on a product's page is how many
	for len(ws) > 1 && wordSet("no", "nomor", "nmr", "pilih", "pilihan", "yang", "yg", "ke", "number", "option", "opsi", "nomer")[ws[0]] {
		ws = ws[1:]
	}
	for len(ws) > 1 && understand.Honorifics[ws[len(ws)-1]] || len(ws) > 1 && wordSet("aja", "saja", "ya", "dong", "deh")[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1] // "2 aja kak"
	}
	norm = strings.Join(ws, " ")
	if len(ws) > 0 {
		n := 0
		if allDigits(ws[0]) && len(ws) == 1 && len(ws[0]) <= 3 {
			n = atoi(ws[0])
		} else if v, used := understand.ParseNumberWords(ws); used == len(ws) {
			n = v
		}
		if n >= 1 && n <= len(cs) && (bare || !oneProductScreen(cs)) {
			return cs[n-1].ID, true
		}
		if n != 0 && !slices.ContainsFunc(cs, func(c lapak.Choice) bool { return understand.LabelMatch(norm, c.Label) }) {
			return "", false // a count, unless a label has the number ("yg 100": the 100 g)
		}
	}
	// By label: the label equal to the text, else the label that contains
	// the text's words with the fewest words left over ("luar jabodetabek").
	best, bestLeft, tie := "", 0, false
	for _, c := range cs {
		label := normalize(c.Label)
		if label == norm {
			return c.ID, true
		}
		left := -1
		lw := strings.Fields(label)
		switch {
		case understand.ContainsWords(lw, strings.Fields(norm)):
			left = len(lw) - len(strings.Fields(norm))
		case utf8.RuneCountInString(norm) >= 3 && strings.HasPrefix(label, norm):
			left = len(lw)
		case utf8.RuneCountInString(norm) >= 5 && understand.Similar(norm, label):
			left = len(lw)
		case understand.LabelMatch(norm, c.Label):
			left = len(lw)
		}
		switch {
		case left < 0:
		case best == "" || left < bestLeft:
			best, bestLeft, tie = c.ID, left, false
		case left == bestLeft && c.ID != best:
			tie = true
		}
	}
	if tie {
		return "", false // ambiguous: let the message's meaning decide
	}
	return best, best != ""
}

// offered is the newest choice list the person was shown: the last reply's,
// or a notice's queued after it (an admin's Paid/Reject, a customer's
// reminder). It stays the newest until a reply offers choices again, so "1"
// and then "2" both select from the notice.
// oneProductScreen reports choices that are one product's page with one
// variant to add: there "2 ya kak" is how many, not the second button
// (a bare "2" still picks it, as on every numbered menu).
func oneProductScreen(cs []lapak.Choice) bool {
	vars := 0
	for _, c := range cs {
		switch {
		case strings.HasPrefix(c.ID, "var:"):
			vars++
		case strings.HasPrefix(c.ID, "prod:") || strings.HasPrefix(c.ID, "qty:"):
			return false
		}
	}
	return vars == 1
}

func (t *turn) offered() []lapak.Choice {
	cs, at := t.conv.Notice.Choices, t.conv.Notice.At
	// Both times are the store's clock to the microsecond. A tie is an admin
	// ordering for themselves: the new-order notice follows the reply.
	if len(cs) > 0 && !at.Before(t.st.ChoicesAt) {
		return cs
	}
	return t.st.Choices
}

// command handles the cart's line commands: "hapus 2", "ubah 1 jadi 3".
func (t *turn) command(raw, norm string) (bool, error) {
	ws := strings.Fields(norm)
	if len(ws) == 2 && wordSet("hapus", "remove", "delete", "buang")[ws[0]] && allDigits(ws[1]) {
		return true, t.cartLineByNumber(atoi(clipDigits(ws[1])), 0, true)
	}
	// "ubah 1 jadi 3", read from the raw text so "-5" keeps its sign.
	fields := strings.Fields(strings.ToLower(understand.StripInvisible(raw)))
	if len(fields) >= 3 && editWords[normalize(fields[0])] && allDigits(strings.Trim(fields[1], ".,")) {
		rest := fields[2:]
		if wordSet("jadi", "to", "menjadi", "jd")[normalize(rest[0])] {
			rest = rest[1:]
		}
		q, found, left := understand.FindQuantity(strings.Join(rest, " "))
		if found && !namesSomething(left) {
			line := atoi(clipDigits(strings.Trim(fields[1], ".,")))
			switch q.Problem {
			case understand.QtyZero:
				return true, t.cartLineByNumber(line, 0, true)
			case understand.QtyOK:
				return true, t.cartLineByNumber(line, q.N, false)
			}
			t.qtyProblem(q, 0)
			cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
			if err == nil && line >= 1 && line <= len(cart) {
				t.st.Step, t.st.Variant = stepCartQty, cart[line-1].VariantID // the next number is for this line
			}
			return true, err
		}
	}
	return false, nil
}

var editWords = wordSet("ubah", "edit", "change", "ganti", "koreksi")

// namesSomething reports whether words left around a quantity say more
// than chat filler ("3 aja kak" says nothing more).
func namesSomething(words []string) bool {
	for _, w := range words {
		for _, x := range understand.Tokens(w) {
			if !understand.Honorifics[x] && !wordSet("aja", "saja", "ya", "dong", "deh", "yah", "nih", "sih", "please", "pls", "kok", "lah")[x] {
				return true
			}
		}
	}
	return false
}

func clipDigits(s string) string {
	if len(s) > 3 {
		return "999"
	}
	return s
}

// dispatch answers what a message means when no step took it.
func (t *turn) dispatch(r understand.Reading) error {
	r = t.answersPending(r)
	switch r.Intent {
	case understand.Order, understand.CartSet, understand.Product, understand.Edit, understand.Unknown:
		if done, err := t.swapVariant(r); done || err != nil {
			return err
		}
	}
	if r.Corrects && (r.Intent == understand.Order || r.Intent == understand.Product || r.Intent == understand.CartSet) {
		if done, err := t.correctAdded(r); done || err != nil {
			return err
		}
	}
	switch r.Intent {
	case understand.OrderForm:
		return t.orderForm(*r.Form)
	case understand.Template:
		return t.template()
	case understand.Reorder:
		return t.reorder(r)
	case understand.Restock:
		return t.restock(r)
	case understand.Paid:
		return t.paidClaim(r)
	case understand.Complaint:
		return t.complaint(r.Text)
	case understand.CancelOrder:
		return t.cancelInWords()
	case understand.Status:
		t.reset()
		if r.Whole {
			return t.listOrders() // "status", "pesanan saya"
		}
		return t.statusInWords(r)
	case understand.CartView:
		t.reset()
		if r.HowMuch {
			return t.howMuch()
		}
		return t.showCart("")
	case understand.CartClear:
		return t.clearCart()
	case understand.CartRemove:
		return t.cartRemove(r.Items)
	case understand.CartSet:
		return t.cartSet(r)
	case understand.AskShipping:
		if err := t.alongside(r); err != nil {
			return err
		}
		return t.shippingAnswer(r.Place)
	case understand.AskPayment:
		if r.HowMuch {
			if o, ok, err := t.openOrder(); err != nil || ok {
				return firstErr(err, t.orderDetail(o.Number)) // "tf berapa kak?"
			}
		}
		if err := t.alongside(r); err != nil {
			return err
		}
		return t.paymentAnswer(r.Payment, r.Deadline)
	case understand.Edit:
		if r.Target == "cart" || t.st.Checkout == nil {
			t.reset()
			return t.showCart("")
		}
		return t.editTarget(r.Target, r.Text)
	case understand.Human:
		return t.human(r.Text)
	case understand.English:
		return t.setLanguage(lapak.English)
	case understand.Indonesian:
		return t.setLanguage(lapak.Indonesian)
	case understand.Language:
		return t.askLanguage()
	case understand.AskDetail:
		return t.detailAnswer(r)
	case understand.AskStock:
		return t.stockAnswer(r)
	case understand.AskPrice:
		return t.priceAnswer(r)
	case understand.Order:
		return t.order(r)
	case understand.Checkout:
		return t.startCheckout()
	case understand.Catalog:
		t.reset()
		return t.categories()
	case understand.Thanks:
		return t.thanks()
	case understand.Help:
		return t.help()
	case understand.Search:
		return t.askSearch()
	case understand.Greeting, understand.Menu:
		t.reset()
		return t.welcome()
	case understand.Abort:
		return t.abortOrCancel()
	case understand.OptOut:
		return t.optOut()
	case understand.Yes:
		return t.yes()
	case understand.No:
		t.send(t.msg(text.NoOk), mainMenu(t.lang)...)
		return nil
	case understand.Product:
		return t.showItems(r)
	}
	if len(r.Items) > 0 {
		return t.showItems(r)
	}
	t.send(t.msg(text.NotUnderstood), mainMenu(t.lang)...)
	return nil
}

// alongside handles the items of a message that also asks about shipping
// or payment: "nastar 2 sama kastengel 1, bisa cod kak?" puts them in the
// cart, "nastar ready? sama ongkir ke semarang brp" says the stock; the
// question is answered after. Items that need a question of their own
// wait: the answer comes first.
func (t *turn) alongside(r understand.Reading) error {
	var counted []understand.Item
	for _, it := range r.Items {
		if !it.Match.Found() {
			continue
		}
		if !it.HasQty || it.Qty.Problem != understand.QtyOK || !resolved(it) ||
			it.Match.Hits[0].Variant < 0 && len(it.Match.Hits[0].Product.Variants) > 1 {
			counted = nil
			break
		}
		counted = append(counted, it)
	}
	if len(counted) > 0 && len(counted) == len(r.Items) && !r.Hypothetical {
		o := r
		o.Intent, o.Items = understand.Order, counted
		return t.order(o)
	}
	found := slices.DeleteFunc(slices.Clone(r.Items), func(it understand.Item) bool { return !it.Match.Found() })
	if len(found) == 1 && resolved(found[0]) && !found[0].HasQty && r.AlsoStock {
		s := r
		s.Intent, s.Items = understand.AskStock, found
		return t.stockAnswer(s)
	}
	return nil
}

// answersPending reads a product typed after "which one?" ("kopi bubuk
// yg 250" after "mau kopi 2") as the answer: with the quantity given then.
func (t *turn) answersPending(r understand.Reading) understand.Reading {
	if t.pendingQty <= 0 || len(r.Items) != 1 || r.Items[0].HasQty || r.Intent != understand.Product && r.Intent != understand.Order {
		return r
	}
	it := r.Items[0]
	asked := func(id int64) bool {
		return id == t.pendingProduct || slices.ContainsFunc(t.st.Choices, func(c lapak.Choice) bool { return c.ID == fmt.Sprintf("prod:%d", id) })
	}
	var hits []understand.Hit
	for _, h := range it.Match.Hits {
		if asked(h.Product.ID) {
			hits = append(hits, h)
		}
	}
	if len(hits) == 0 || !it.Match.Clear && len(hits) > 1 {
		return r
	}
	it.Match.Hits, it.Match.Clear, it.Match.Exact = hits[:1], true, true
	it.Qty, it.HasQty = understand.Quantity{N: t.pendingQty}, true
	r.Items, r.Intent = []understand.Item{it}, understand.Order
	return r
}

// yes answers a "ya"/"ok" that no question asked for: with items in the
// cart it goes on to checkout.
func (t *turn) yes() error {
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	if len(cart) > 0 {
		return t.startCheckout()
	}
	if t.st.LastOrder != "" {
		t.send(t.msg(text.AlreadyOrdered, t.st.LastOrder),
			lapak.Choice{ID: "order:" + t.st.LastOrder, Label: t.msg(text.BtnOrderDetail)},
			lapak.Choice{ID: "menu", Label: t.msg(text.BtnMenu)})
		return nil
	}
	t.send(t.msg(text.YesWhat), mainMenu(t.lang)...)
	return nil
}

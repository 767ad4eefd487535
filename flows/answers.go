package flows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/text"
)

// Questions are answered as questions: the price, the stock, a detail of a
// product, the shipping cost, how to pay, where the parcel is. None of
// them changes the cart; each offers the next step as a button.

// asked is the product a question is about: the one the message names, or
// the one the customer looked at last. ok is false when the answer was
// already sent (nothing found, or several products to pick from).
func (t *turn) asked(r understand.Reading) (lapak.Product, *lapak.Variant, bool, error) {
	if len(r.Items) > 0 && t.st.Topic != 0 && !r.Items[0].HasQty && (!r.Items[0].Match.Found() || r.Items[0].Match.Hits[0].Named == 0 ||
		r.Intent == understand.AskDetail && !r.Items[0].Match.Clear) {
		r.Items = nil // "rasanya manis gak?": about the product in view, not any sweet one
	}
	if len(r.Items) > 0 {
		it := r.Items[0]
		switch {
		case !it.Match.Found():
			return lapak.Product{}, nil, false, t.notFound(it)
		case !resolved(it):
			return lapak.Product{}, nil, false, t.listHits(t.msg(text.SearchMany), it.Match.Hits, qtyOf(it))
		}
		p, v, err := t.itemVariant(it.Match.Hits[0])
		if notFound(err) {
			return p, nil, false, t.notFound(it)
		}
		return p, v, err == nil, err
	}
	if t.st.Topic == 0 {
		t.send(t.msg(text.AskWhichProduct), t.categoryChoices()...)
		return lapak.Product{}, nil, false, nil
	}
	p, ok, err := t.loadProduct(t.st.Topic)
	if !ok {
		return p, nil, false, err
	}
	for i := range p.Variants {
		if p.Variants[i].ID == t.st.TopicVariant || len(p.Variants) == 1 {
			return p, &p.Variants[i], true, nil
		}
	}
	return p, nil, true, nil
}

// askedQty is the count a question gives: "kalo 5 jadi brp", "nastar 2 ready?".
func askedQty(r understand.Reading) int {
	if len(r.Items) > 0 && r.Items[0].HasQty && r.Items[0].Qty.Problem == understand.QtyOK {
		return r.Items[0].Qty.N
	}
	if r.HasQty && r.Qty.Problem == understand.QtyOK {
		return r.Qty.N
	}
	return 0
}

// topicOf remembers the product (and variant) a question was about.
func (t *turn) topicOf(p lapak.Product, v *lapak.Variant) {
	t.st.Topic, t.st.TopicVariant = p.ID, 0
	if v != nil {
		t.st.TopicVariant = v.ID
	}
}

// addChoices are the buttons under an answer about a product: add it (the
// quantity asked about, or pick a variant) and see its detail.
func (t *turn) addChoices(p lapak.Product, v *lapak.Variant, qty int) []lapak.Choice {
	var cs []lapak.Choice
	switch {
	case !p.InStock():
		return t.soldOutChoices(p)
	case v != nil && qty > 0 && v.Available(qty):
		cs = append(cs, lapak.Choice{ID: fmt.Sprintf("qty:%d:%d", v.ID, qty), Label: t.msg(text.BtnAddN, qty)})
	case v != nil && v.InStock():
		cs = append(cs, lapak.Choice{ID: fmt.Sprintf("var:%d", v.ID), Label: t.msg(text.BtnAdd)})
	default:
		for _, x := range p.Variants {
			if x.InStock() && len(cs) < 4 {
				cs = append(cs, lapak.Choice{ID: fmt.Sprintf("var:%d", x.ID), Label: t.msg(text.BtnAddVariant, x.Name)})
			}
		}
	}
	return append(cs, lapak.Choice{ID: fmt.Sprintf("prod:%d", p.ID), Label: t.msg(text.BtnDetail)},
		lapak.Choice{ID: "cart", Label: t.msg(text.BtnCart)})
}

// priceAnswer: "nastar berapaan kak", "kalo 5 jadi brp".
func (t *turn) priceAnswer(r understand.Reading) error {
	if len(r.Items) > 1 {
		return t.pricesOf(r.Items)
	}
	p, v, ok, err := t.asked(r)
	if !ok {
		return err
	}
	t.topicOf(p, v)
	qty := askedQty(r)
	var b strings.Builder
	variants := p.Variants
	if v != nil {
		variants = []lapak.Variant{*v}
	}
	for _, x := range variants {
		b.WriteString("\n" + t.priceLine(lapak.ItemTitle(p.Name, x.Name), x.Price, qty))
		if !x.InStock() {
			b.WriteString(" " + t.msg(text.SoldOutMark))
		}
	}
	text := t.msg(text.PriceTitle) + b.String() + "\n" + t.msg(text.PriceNote)
	t.send(text, t.addChoices(p, v, qty)...)
	return nil
}

// priceLine is one line of a price answer: the price, or for a count the
// price of that many.
func (t *turn) priceLine(title string, price lapak.Money, qty int) string {
	if qty > 0 {
		return t.msg(text.PriceForN, qty, title, t.price(price.Mul(qty)), t.price(price))
	}
	return t.msg(text.PriceEach, title, t.price(price))
}

// pricesOf answers the price of several items ("kripik balado 2 +
// kacang bawang 2 = brp?"), with their total when counts were given.
func (t *turn) pricesOf(items []understand.Item) error {
	var b strings.Builder
	var total lapak.Money
	counted, complete := false, true
	for _, it := range items {
		if !it.Match.Found() {
			b.WriteString("\n" + t.msg(text.ItemNotFound, quote(it.Text)))
			complete = false
			continue
		}
		if !resolved(it) {
			b.WriteString("\n" + t.msg(text.PriceWhich, quote(it.Text), t.priceText(it.Match.Hits[0].Product)))
			complete = false
			continue
		}
		p, v, err := t.itemVariant(it.Match.Hits[0])
		if notFound(err) {
			b.WriteString("\n" + t.msg(text.ItemNotFound, quote(it.Text)))
			complete = false
			continue
		}
		if err != nil {
			return err
		}
		if v == nil {
			b.WriteString("\n" + t.msg(text.PriceEach, p.Name, t.priceText(p)))
			complete = false
			continue
		}
		counted = counted || it.HasQty
		b.WriteString("\n" + t.priceLine(lapak.ItemTitle(p.Name, v.Name), v.Price, qtyOf(it)))
		total += v.Price.Mul(max(qtyOf(it), 1))
	}
	if counted && complete {
		b.WriteString("\n" + t.msg(text.Total, t.price(total)))
	}
	t.send(t.msg(text.PriceTitle)+b.String()+"\n"+t.msg(text.PriceNote), lapak.Choice{ID: "cats", Label: t.msg(text.BtnCatalog)},
		lapak.Choice{ID: "cart", Label: t.msg(text.BtnCart)})
	return nil
}

// stockAnswer: "nastar ready?", "masih ada kak?", "sisa brp".
func (t *turn) stockAnswer(r understand.Reading) error {
	p, v, ok, err := t.asked(r)
	if !ok {
		return err
	}
	t.topicOf(p, v)
	qty := askedQty(r)
	if !p.InStock() || v != nil && !v.InStock() {
		title := p.Name
		if v != nil {
			title = lapak.ItemTitle(p.Name, v.Name)
		}
		t.send(t.msg(text.StockOutAnswer, title)+"\n"+t.msg(text.RestockOffer), t.soldOutChoices(p)...)
		return nil
	}
	var b strings.Builder
	variants := p.Variants
	if v != nil {
		variants = []lapak.Variant{*v}
	}
	for _, x := range variants {
		b.WriteString("\n• " + lapak.ItemTitle(p.Name, x.Name) + ": " + t.stockText(x) + ", " + t.price(x.Price))
	}
	reply := t.msg(text.StockAnswer, p.Name) + b.String()
	if qty > 0 && v != nil && !v.Available(qty) {
		reply += "\n" + t.msg(text.StockLeft, v.Stock, lapak.ItemTitle(p.Name, v.Name))
	}
	t.send(reply, t.addChoices(p, v, qty)...)
	return nil
}

// topicKeys are the words of a description that answer a topic.
var topicKeys = map[string][]string{
	"pedas":  {"pedas", "level", "cabai", "cabe", "spicy", "tidak pedas", "manis"},
	"tahan":  {"tahan", "awet", "hari", "minggu", "bulan", "simpan", "kulkas", "pengawet", "expired", "kedaluwarsa", "dibuat", "pesanan"},
	"berat":  {"g", "gr", "gram", "kg", "ml", "liter", "isi", "berat", "toples", "botol"},
	"isi":    {"isi", "sachet", "keping", "pcs", "buah", "biji", "g", "ml", "liter", "toples", "kotak", "botol"},
	"ukuran": {"cm", "loyang", "ukuran", "liter", "ml", "g", "x", "besar", "toples"},
	"bahan":  {"bahan", "dari", "pengawet", "asli", "tanpa", "selai", "keju", "cokelat", "jahe", "gula", "kacang", "bawang", "sapi", "ikan", "pisang", "singkong"},
	"halal":  {"halal"},
	"pesan":  {"pesanan", "dibuat", "po", "order", "ready"},
}

// detailAnswer: "pedes gak?", "tahan berapa lama?", "isinya berapa?".
func (t *turn) detailAnswer(r understand.Reading) error {
	p, v, ok, err := t.asked(r)
	if !ok {
		return err
	}
	t.topicOf(p, v)
	switch r.Topic {
	case "rasa", "foto":
		return t.productDetail(p)
	}
	var found []string
	keys := topicKeys[r.Topic]
	for _, other := range r.Topics {
		if other != r.Topic && other != "rasa" && other != "foto" {
			keys = append(slices.Clone(keys), topicKeys[other]...) // "pedes gak? botolnya seberapa?"
		}
	}
	asked := understand.ContentWords(r.Text)
	for _, s := range sentences(p.Description) {
		ws := understand.Tokens(s)
		if slices.ContainsFunc(keys, func(k string) bool { return slices.Contains(ws, k) }) ||
			slices.ContainsFunc(asked, func(q string) bool {
				return slices.ContainsFunc(ws, func(w string) bool { return understand.SameRoot(q, w) })
			}) {
			found = append(found, s)
		}
	}
	var sizes []string
	for _, x := range p.Variants {
		for _, w := range understand.Tokens(x.Name) {
			if slices.Contains(keys, w) || r.Topic == "pedas" && (w == "pedas" || w == "level") {
				sizes = append(sizes, x.Name)
				break
			}
		}
	}
	var b strings.Builder
	switch {
	case len(found) > 0 || len(sizes) > 0:
		b.WriteString(t.msg(text.DetailAnswer, p.Name))
		for _, s := range found {
			b.WriteString("\n" + s)
		}
		if len(sizes) > 0 {
			b.WriteString("\n" + t.msg(text.DetailVariants, strings.Join(sizes, ", ")))
		}
		switch {
		case r.AlsoPrice && v != nil: // "isi brp sachet, harganya?"
			b.WriteString("\n" + t.msg(text.PriceEach, lapak.ItemTitle(p.Name, v.Name), t.price(v.Price)))
		case r.AlsoPrice:
			b.WriteString("\n" + t.msg(text.PriceLine, t.priceText(p)))
		}
		t.send(b.String(), t.addChoices(p, v, 0)...)
	default:
		b.WriteString(t.msg(text.DetailUnknown, p.Name))
		if p.Description != "" {
			b.WriteString("\n\n" + p.Description)
		}
		t.send(b.String(), append(t.addChoices(p, v, 0)[:1:1], lapak.Choice{ID: "admin", Label: t.msg(text.BtnAdmin)})...)
	}
	return nil
}

// sentences splits a description into its sentences.
func sentences(s string) []string {
	var out []string
	for _, part := range strings.SplitAfter(s, ". ") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// shippingAnswer: "ongkir ke Bandung brp?", "bisa kirim ke Medan?".
func (t *turn) shippingAnswer(place string) error {
	zones := t.e.shop.Zones
	choices := []lapak.Choice{{ID: "cats", Label: t.msg(text.BtnCatalog)}, {ID: "cart", Label: t.msg(text.BtnCart)}}
	if len(zones) == 0 {
		t.send(t.msg(text.ShipPickupOnly, t.e.shop.PickupAddress), choices...)
		return nil
	}
	if place != "" {
		if i, ok := t.zoneIn(place); ok {
			z := zones[i]
			reply := t.msg(text.ShipFee, strings.TrimSpace(place), z.Name, t.price(z.Fee))
			if t.e.shop.PickupAddress != "" {
				reply += "\n" + t.msg(text.ShipOrPickup, t.e.shop.PickupAddress)
			}
			t.send(reply, choices...)
			return nil
		}
	}
	var b strings.Builder
	if place != "" {
		b.WriteString(t.msg(text.ShipUnknownPlace, quote(place)) + "\n\n")
	}
	b.WriteString(t.msg(text.ShipFees))
	for _, z := range zones {
		line := "\n• " + z.Name + ": " + t.price(z.Fee)
		if len(z.Areas) > 0 {
			line += " (" + strings.Join(z.Areas, ", ") + ")"
		}
		b.WriteString(line)
	}
	if t.e.shop.PickupAddress != "" {
		b.WriteString("\n" + t.msg(text.ShipOrPickup, t.e.shop.PickupAddress))
	}
	if place != "" {
		choices = append([]lapak.Choice{{ID: "admin", Label: t.msg(text.BtnAdmin)}}, choices...)
	}
	t.send(b.String(), choices...)
	return nil
}

// paymentAnswer: "rekening apa?", "bisa qris?", "cod bisa?".
func (t *turn) paymentAnswer(m lapak.PaymentMethod, until bool) error {
	methods := t.e.shop.PaymentMethods()
	var names []string
	for _, x := range methods {
		names = append(names, payName(t.lang, x))
	}
	choices := []lapak.Choice{{ID: "cats", Label: t.msg(text.BtnCatalog)}, {ID: "cart", Label: t.msg(text.BtnCart)}}
	var b strings.Builder
	switch {
	case until:
		// "batas transfer sampai kapan?": the open order's own time, else the rule.
		o, ok, err := t.openOrder()
		switch {
		case err != nil:
			return err
		case ok && o.ExpiresAt != nil:
			b.WriteString(t.msg(text.PayBefore, formatTime(t.lang, o.ExpiresAt.In(t.e.loc))))
			if t.e.shop.OrderTTL > 0 {
				b.WriteString(" " + t.msg(text.PayWindowShort, t.duration(t.e.shop.OrderTTL)))
			}
			choices = []lapak.Choice{{ID: "order:" + o.Number, Label: t.msg(text.BtnOrderDetail)}}
		case t.e.shop.OrderTTL > 0:
			b.WriteString(t.msg(text.PayWindow, t.duration(t.e.shop.OrderTTL)))
		default:
			b.WriteString(t.msg(text.PayNoWindow))
		}
	case m != "" && !slices.Contains(methods, m):
		// What is not offered, and how to pay instead.
		b.WriteString(t.msg(text.PayNotOffered, payName(t.lang, m), strings.Join(names, ", ")))
		for _, x := range methods {
			t.paymentHow(&b, x)
		}
	case m != "":
		b.WriteString(t.msg(text.PayOffered, payName(t.lang, m)))
		t.paymentHow(&b, m)
	default:
		b.WriteString(t.msg(text.PayMethods, strings.Join(names, ", ")))
		for _, x := range methods {
			t.paymentHow(&b, x)
		}
	}
	t.send(b.String(), choices...)
	return nil
}

// duration writes a payment window: "24 jam", "90 menit".
func (t *turn) duration(d time.Duration) string {
	if d%time.Hour == 0 {
		return t.msg(text.NHours, int(d.Hours()))
	}
	return t.msg(text.NMinutes, int(d.Minutes()))
}

// paymentHow explains one payment method in a line or two.
func (t *turn) paymentHow(b *strings.Builder, m lapak.PaymentMethod) {
	switch m {
	case lapak.PayTransfer:
		for _, a := range t.e.shop.BankAccounts {
			b.WriteString("\n• " + t.msg(text.BankLine, a.Bank, a.Number, a.Holder))
		}
		b.WriteString("\n" + t.msg(text.PayTransferHow))
	case lapak.PayCOD:
		b.WriteString("\n" + t.msg(text.PayCODHow))
		if rule := t.codRule(); rule != "" {
			b.WriteString(" (" + rule + ")")
		}
	case lapak.PayQRIS:
		b.WriteString("\n" + t.msg(text.PayQRISHow))
	case lapak.PayGateway:
		b.WriteString("\n" + t.msg(text.PayGatewayHow))
	}
}

// statusInWords: "paket sy udah dikirim?", "resinya mana kak".
func (t *turn) statusInWords(r understand.Reading) error {
	orders, err := t.tx.CustomerOrders(t.ctx, t.conv.Customer.ID, 5)
	if err != nil {
		return err
	}
	if len(orders) == 0 {
		if !r.Question || !strings.Contains(strings.ToLower(r.Text), "kirim") && !strings.Contains(strings.ToLower(r.Text), "kurir") && !strings.Contains(strings.ToLower(r.Text), "ekspedisi") {
			t.send(t.msg(text.NoOrders), t.categoryChoices()...)
			return nil
		}
		return t.shippingAnswer("") // "kirim pakai ekspedisi apa?" before any order
	}
	o := orders[0]
	for _, x := range orders {
		if x.Status.Open() {
			o = x // the newest order still on its way
			break
		}
	}
	return t.orderDetail(o.Number)
}

// openOrder is the customer's newest order waiting for payment.
func (t *turn) openOrder() (lapak.Order, bool, error) {
	orders, err := t.tx.CustomerOrders(t.ctx, t.conv.Customer.ID, 5)
	if err != nil {
		return lapak.Order{}, false, err
	}
	for _, o := range orders {
		if o.Status == lapak.StatusPendingPayment {
			return o, true, nil
		}
	}
	return lapak.Order{}, false, nil
}

// cancelInWords: "batalin aja pesanannya".
func (t *turn) cancelInWords() error {
	o, ok, err := t.openOrder()
	if err != nil {
		return err
	}
	if ok {
		return t.askCancelOrder(o.Number)
	}
	orders, err := t.tx.CustomerOrders(t.ctx, t.conv.Customer.ID, 1)
	if err != nil {
		return err
	}
	if len(orders) > 0 && orders[0].Status.Open() {
		return t.askCancelOrder(orders[0].Number) // says why it cannot be cancelled
	}
	if t.st.Checkout != nil || t.st.Step != stepIdle {
		return t.abort()
	}
	t.send(t.msg(text.NothingToCancel), lapak.Choice{ID: "orders", Label: t.msg(text.BtnOrders)}, lapak.Choice{ID: "menu", Label: t.msg(text.BtnMenu)})
	return nil
}

// paidClaim: "udah tf ya kak 57.123": the customer says they paid. It goes
// to the admins like a proof, tied to the open order (the one with that
// total, else the newest), with one-tap Paid/Reject.
func (t *turn) paidClaim(r understand.Reading) error {
	orders, err := t.tx.CustomerOrders(t.ctx, t.conv.Customer.ID, 5)
	if err != nil {
		return err
	}
	var o *lapak.Order
	for i := range orders {
		x := &orders[i]
		if x.Status != lapak.StatusPendingPayment || x.PaymentMethod == lapak.PayCOD {
			continue
		}
		if r.Order != "" && x.Number == r.Order || r.Amount > 0 && x.Total == r.Amount {
			o = x
			break
		}
		if o == nil {
			o = x
		}
	}
	if o == nil {
		t.send(t.msg(text.PaidNoOrder), lapak.Choice{ID: "orders", Label: t.msg(text.BtnOrders)}, lapak.Choice{ID: "admin", Label: t.msg(text.BtnAdmin)})
		return nil
	}
	reply := t.msg(text.PaidReceived, o.Number, t.price(o.Total))
	if r.Amount > 0 && r.Amount != o.Total {
		reply += "\n" + t.msg(text.PaidAmountDiffers, t.price(r.Amount), t.price(o.Total))
	}
	t.send(reply+"\n"+t.msg(text.PaidSendProof), lapak.Choice{ID: "order:" + o.Number, Label: t.msg(text.BtnOrderDetail)})
	l := t.e.shop.Language
	note := text.Get(l, text.AdminPaidClaim, o.Number, t.who(), quote(r.Text))
	if r.Amount > 0 {
		note += "\n" + text.Get(l, text.AdminPaidClaimAmount, t.price(r.Amount))
	}
	note += "\n" + text.Get(l, text.AdminProofExpect, t.price(o.Total), payName(l, o.PaymentMethod))
	choices := deskChoices(l, *o)
	if len(choices) > 0 {
		note += "\n" + text.Get(l, text.DeskNoticeHint, o.Number)
	}
	t.notifyAdminsWith(note, choices)
	return nil
}

// complaint: "barangnya penyok", "kok belum nyampe": an apology, and the
// admins get it with the order attached; the chat waits for a person.
func (t *turn) complaint(said string) error {
	orders, err := t.tx.CustomerOrders(t.ctx, t.conv.Customer.ID, 1)
	if err != nil {
		return err
	}
	t.conv.Customer.NeedsHuman = true
	l := t.e.shop.Language
	note := text.Get(l, text.AdminComplaint, t.who(), quote(said))
	reply := t.msg(text.ComplaintOk)
	if len(orders) > 0 {
		o := orders[0]
		reply = t.msg(text.ComplaintOkOrder, o.Number)
		note += "\n" + text.Get(l, text.AdminComplaintOrder, o.Number, statusWords(l, o.Status))
		for _, it := range o.Items {
			note += fmt.Sprintf("\n• %s × %d", it.Title(), it.Qty)
		}
		if ship := o.Shipment; ship.Tracking != "" {
			note += "\n" + text.Get(l, text.DeskShipment, ship.Courier, ship.Tracking)
		}
	}
	t.send(reply, lapak.Choice{ID: "menu", Label: t.msg(text.BtnMenu)})
	t.notifyAdmins(note)
	return nil
}

// thanks: "makasih kak 🙏" gets a short warm reply, not a search.
func (t *turn) thanks() error {
	t.send(t.msg(text.ThanksReply))
	return nil
}

// template: "minta format order kak" gets the shop's form to fill in.
func (t *turn) template() error {
	var dlv, pay []string
	if t.e.shop.PickupAddress != "" {
		dlv = append(dlv, t.msg(text.FormPickup))
	}
	for _, z := range t.e.shop.Zones {
		dlv = append(dlv, z.Name)
	}
	for _, m := range t.e.shop.PaymentMethods() {
		pay = append(pay, payName(t.lang, m))
	}
	t.send(t.msg(text.FormIntro))
	t.send(t.msg(text.FormTemplate, strings.Join(dlv, " / "), strings.Join(pay, " / ")))
	return nil
}

// howMuch answers "total brp kak?": the cart's total, or with an empty
// cart the unpaid order's.
func (t *turn) howMuch() error {
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	if len(cart) == 0 {
		if o, ok, err := t.openOrder(); err != nil || ok {
			return firstErr(err, t.orderDetail(o.Number))
		}
	}
	return t.showCart("")
}

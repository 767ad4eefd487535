package flows

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/text"
)

// Ordering by name: one message may name several items ("keripik pedas 2,
// sambal bawang 1 sama kopi 1"). Every clear item goes into the cart at
// once and the reply lists them all; an item that is not in the catalog is
// named; an item that needs a question ("which kopi?", "which level?", a
// quantity that cannot be used) is asked about after, one at a time, with
// the quantity kept (state.Queue).

// order puts the items of a message in the cart. A count given with no
// product ("tambah 2 lagi") is for the product the customer looks at.
func (t *turn) order(r understand.Reading) error {
	if len(r.Items) == 0 {
		if r.HasQty && t.st.Topic != 0 {
			return t.orderTopic(r.Qty)
		}
		t.send(t.msg(text.AskWhat), t.categoryChoices()...)
		return nil
	}
	items := r.Items
	if r.Refers {
		// "kripiknya tambah 1": the keripik in the cart, whichever it is.
		if err := t.settleFromCart(items); err != nil {
			return err
		}
	}
	if len(items) == 1 {
		return t.orderOne(items[0])
	}
	return t.orderMany(items, "")
}

// settleFromCart makes an item that the catalog leaves open (which
// keripik? which level?) the line of the cart it names, if exactly one.
func (t *turn) settleFromCart(items []understand.Item) error {
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil || len(cart) == 0 {
		return err
	}
	inCart := newCartLines(cart)
	for i, it := range items {
		if resolved(it) && it.Match.Hits[0].Variant >= 0 {
			continue
		}
		lines := inCart.match(it)
		if len(lines) != 1 {
			continue
		}
		p, err := t.tx.ProductOfVariant(t.ctx, lines[0].VariantID)
		if notFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		for vi, v := range p.Variants {
			if v.ID == lines[0].VariantID {
				items[i].Match = understand.Match{Hits: []understand.Hit{{Product: p, Variant: vi, Covered: 1, Named: 1}},
					Clear: true, Exact: true, Words: it.Match.Words}
			}
		}
	}
	return nil
}

// orderTopic adds qty of the product the customer looks at.
func (t *turn) orderTopic(qty understand.Quantity) error {
	p, ok, err := t.loadProduct(t.st.Topic)
	if !ok {
		return err
	}
	vi := slices.IndexFunc(p.Variants, func(v lapak.Variant) bool { return v.ID == t.st.TopicVariant })
	return t.orderOne(understand.Item{Text: p.Name, Qty: qty, HasQty: true,
		Match: understand.Match{Hits: []understand.Hit{{Product: p, Variant: vi, Covered: 1}}, Clear: true, Exact: true}})
}

// correctAdded takes back what the last message added when this one
// corrects it: "eh salah, 3 aja" sets its count, "maksudnya yang asin" or
// "eh salah, nastar" puts the other product in its place (with its count).
func (t *turn) correctAdded(r understand.Reading) (bool, error) {
	a := t.st.Added
	if a == nil || len(r.Items) > 1 || len(r.Items) == 0 && !r.HasQty {
		return false, nil
	}
	l, ok, err := t.cartLine(a.Variant)
	if err != nil || !ok {
		return false, err
	}
	if len(r.Items) == 0 {
		if r.Qty.Problem != understand.QtyOK {
			t.qtyProblem(r.Qty, 0)
			return true, nil
		}
		if err := t.setCartLine(a.Variant, l.Qty-a.Qty+r.Qty.N); err != nil {
			return true, err
		}
		t.st.Added = &added{Variant: a.Variant, Qty: r.Qty.N}
		return true, nil
	}
	it := r.Items[0]
	if !it.Match.Found() {
		return false, nil
	}
	if err := t.tx.SetCartQty(t.ctx, t.conv.Customer.ID, a.Variant, l.Qty-a.Qty); err != nil {
		return true, err
	}
	t.st.Added = nil
	t.lead = t.msg(text.Removed, l.Title())
	if !it.HasQty {
		it.Qty, it.HasQty = understand.Quantity{N: a.Qty}, true
	}
	return true, t.orderOne(it)
}

// resolved reports whether an item clearly names one product.
func resolved(it understand.Item) bool {
	m := it.Match
	return m.Found() && m.Clear && (m.Exact || m.Hits[0].Covered >= 2)
}

// orderOne is an order of one item: added, or asked about.
func (t *turn) orderOne(it understand.Item) error {
	m := it.Match
	switch {
	case !m.Found():
		return t.notFound(it)
	case !resolved(it):
		return t.askWhich(it, m.Hits)
	}
	p, v, err := t.itemVariant(m.Hits[0])
	if errors.Is(err, lapak.ErrNotFound) {
		return t.notFound(it)
	}
	if err != nil {
		return err
	}
	switch {
	case it.HasQty && it.Qty.Problem != understand.QtyOK:
		// The product is remembered: the next number is its quantity.
		if v == nil {
			if len(p.Variants) == 0 || !p.InStock() {
				return t.addOrAsk(p, nil, 0)
			}
			t.send(t.qtyText(it.Qty))
			return t.askVariant(p, 0)
		}
		t.qtyProblem(it.Qty, v.ID)
		return nil
	case !it.HasQty:
		return t.addOrAsk(p, v, 0)
	}
	return t.addOrAsk(p, v, it.Qty.N)
}

// addOrAsk adds qty (0: ask how many) of v, or asks for the variant.
func (t *turn) addOrAsk(p lapak.Product, v *lapak.Variant, qty int) error {
	switch {
	case !p.InStock():
		t.reset()
		t.st.Topic = p.ID
		t.send(t.msg(text.SoldOut, p.Name)+"\n"+t.msg(text.RestockOffer), t.soldOutChoices(p)...)
		return t.next()
	case v == nil:
		return t.askVariant(p, qty)
	case qty == 0:
		return t.askQty(p, *v)
	}
	return t.addToCart(p, *v, qty)
}

// itemVariant loads the hit's product fresh (stock and price as they are
// now) with the variant the words named, or the only one.
func (t *turn) itemVariant(h understand.Hit) (lapak.Product, *lapak.Variant, error) {
	p, err := t.tx.Product(t.ctx, h.Product.ID)
	if err != nil {
		return p, nil, err
	}
	if h.Variant >= 0 && h.Variant < len(h.Product.Variants) {
		id := h.Product.Variants[h.Variant].ID
		for i := range p.Variants {
			if p.Variants[i].ID == id {
				return p, &p.Variants[i], nil
			}
		}
	}
	if len(p.Variants) == 1 {
		return p, &p.Variants[0], nil
	}
	return p, nil, nil
}

// notFound answers an item that is not in the catalog: the categories, or
// the products it resembles, one tap away.
func (t *turn) notFound(it understand.Item) error {
	reply := t.msg(text.SearchNone, quote(it.Text))
	if len(it.Match.Hits) > 0 {
		return t.listHits(t.msg(text.NotInCatalogLike, quote(it.Text)), it.Match.Hits, qtyOf(it))
	}
	choices, err := t.categoryList()
	if err != nil {
		return err
	}
	t.send(reply, append(choices, lapak.Choice{ID: "search", Label: t.msg(text.BtnSearch)})...)
	return nil
}

func qtyOf(it understand.Item) int {
	if it.HasQty && it.Qty.Problem == understand.QtyOK {
		return it.Qty.N
	}
	return 0
}

// askWhich lists the products an item may be, keeping its quantity.
func (t *turn) askWhich(it understand.Item, hits []understand.Hit) error {
	return t.listHits(t.msg(text.WhichOne, quote(it.Text)), hits, qtyOf(it))
}

func (t *turn) listHits(title string, hits []understand.Hit, qty int) error {
	var b strings.Builder
	b.WriteString(title)
	var choices []lapak.Choice
	for i, h := range hits {
		// The index knows no stock: read each listed product as it is now.
		p, err := t.tx.Product(t.ctx, h.Product.ID)
		if notFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		h.Product = p
		line := fmt.Sprintf("\n%d. %s – %s", i+1, h.Product.Name, t.priceText(h.Product))
		if !h.Product.InStock() {
			line += " " + t.msg(text.SoldOutMark)
		}
		b.WriteString(line)
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("prod:%d", h.Product.ID), Label: h.Product.Name})
	}
	t.st.PendingQty = qty
	t.carry()
	t.send(b.String(), choices...)
	return nil
}

// orderMany puts several items in the cart with one reply. note comes
// first (what a pasted form changed).
func (t *turn) orderMany(items []understand.Item, note string) error {
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	var added, notes []string
	var later []queued
	for _, it := range items {
		m := it.Match
		switch {
		case !m.Found():
			notes = append(notes, t.msg(text.ItemNotFound, quote(it.Text)))
			continue
		case !resolved(it):
			later = append(later, queued{Text: it.Text, Qty: qtyOf(it), Products: hitIDs(m.Hits)})
			continue
		}
		p, v, err := t.itemVariant(m.Hits[0])
		if errors.Is(err, lapak.ErrNotFound) {
			notes = append(notes, t.msg(text.ItemNotFound, quote(it.Text)))
			continue
		}
		if err != nil {
			return err
		}
		qty := 1 // a listed item without a count is one of it
		if it.HasQty {
			qty = qtyOf(it)
		}
		if v == nil || qty == 0 {
			later = append(later, queued{Text: it.Text, Qty: qty, Products: []int64{p.ID}})
			if it.HasQty && it.Qty.Problem != understand.QtyOK {
				notes = append(notes, t.msg(text.ItemQtyBad, p.Name, t.qtyText(it.Qty)))
			}
			continue
		}
		res, err := t.put(&cart, p, *v, qty)
		if err != nil {
			return err
		}
		title := lapak.ItemTitle(p.Name, v.Name)
		t.st.Topic = p.ID
		switch res.outcome {
		case putAdded:
			added = append(added, fmt.Sprintf("• %d × %s", qty, title))
		case putSoldOut:
			notes = append(notes, t.msg(text.ItemSoldOut, title))
		case putShort:
			notes = append(notes, t.msg(text.ItemShort, title, max(v.Stock-res.have, 0)))
		case putTooBig:
			notes = append(notes, t.msg(text.ItemQtyBad, title, t.msg(text.QtyTooBig, lapak.MaxQuantity)))
		case putCartFull:
			notes = append(notes, t.msg(text.CartFull, lapak.MaxCartLines))
		}
	}
	recap, c := t.backToRecap(), t.st.Checkout
	t.reset()
	t.st.Added = nil // "eh 3 aja" after several items is for none of them
	var b strings.Builder
	if note != "" {
		b.WriteString(note + "\n\n")
	}
	if len(added) > 0 {
		b.WriteString(t.msg(text.AddedMany) + "\n" + strings.Join(added, "\n"))
	}
	if len(notes) > 0 {
		if len(added) > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(strings.Join(notes, "\n"))
	}
	if len(cart) > 0 {
		b.WriteString("\n" + t.msg(text.CartTotal, cart.Units(), t.price(cart.Subtotal())))
	}
	t.queue = append(later, t.queue...)
	if len(t.queue) > 0 || t.then != "" {
		if b.Len() > 0 {
			t.send(strings.TrimSpace(b.String()))
		}
		return t.next()
	}
	if recap {
		if b.Len() > 0 {
			t.send(strings.TrimSpace(b.String()))
		}
		t.st.Checkout = c // the recap is shown again with the new cart
		return t.checkoutNext()
	}
	if len(added) == 0 {
		choices, err := t.categoryList()
		if err != nil {
			return err
		}
		t.send(strings.TrimSpace(b.String()), append(choices, lapak.Choice{ID: "search", Label: t.msg(text.BtnSearch)})...)
		return nil
	}
	t.send(strings.TrimSpace(b.String()), t.addedChoices()...)
	return nil
}

func hitIDs(hits []understand.Hit) []int64 {
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.Product.ID
	}
	return ids
}

// carry keeps the items still to be asked about for the next message: the
// question being asked now is about one of the message's items.
func (t *turn) carry() { t.st.Queue, t.st.Then = t.queue, t.then }

// next asks about the next waiting item, or goes on to what follows them
// (checkout after a pasted form).
func (t *turn) next() error {
	for len(t.queue) > 0 {
		q := t.queue[0]
		t.queue = t.queue[1:]
		var hits []understand.Hit
		for _, id := range q.Products {
			p, err := t.tx.Product(t.ctx, id)
			if notFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			hits = append(hits, understand.Hit{Product: p, Variant: -1})
		}
		switch len(hits) {
		case 0:
			continue
		case 1:
			p := hits[0].Product
			var v *lapak.Variant
			if len(p.Variants) == 1 {
				v = &p.Variants[0]
			}
			return t.addOrAsk(p, v, q.Qty)
		}
		return t.listHits(t.msg(text.WhichOne, quote(q.Text)), hits, q.Qty)
	}
	if t.then == "checkout" {
		t.then = ""
		return t.startCheckout()
	}
	return nil
}

// backToRecap reports whether the cart changed in the middle of checkout
// (the recap waiting for a yes, or a name being asked): checkout goes on
// where it was, with the new cart.
func (t *turn) backToRecap() bool {
	return t.st.Checkout != nil && (t.st.Step == stepConfirm || t.asking())
}

// showItems answers products named without an order: the product itself,
// a list to pick from, or what the catalog has instead.
func (t *turn) showItems(r understand.Reading) error {
	if len(r.Items) == 0 {
		t.send(t.msg(text.NotUnderstood), mainMenu(t.lang)...)
		return nil
	}
	it := r.Items[0]
	m := it.Match
	switch {
	case !m.Found():
		return t.notFound(it)
	case resolved(it):
		p, err := t.tx.Product(t.ctx, m.Hits[0].Product.ID)
		if notFound(err) {
			return t.notFound(it)
		}
		if err != nil {
			return err
		}
		return t.productDetail(p)
	}
	return t.listHits(t.msg(text.SearchMany), m.Hits, 0)
}

// soldOutChoices are a sold-out product's buttons: be told when it is back.
func (t *turn) soldOutChoices(p lapak.Product) []lapak.Choice {
	return []lapak.Choice{
		{ID: fmt.Sprintf("restock:%d", p.ID), Label: t.msg(text.BtnRestock)},
		{ID: "cats", Label: t.msg(text.BtnCategories)},
		{ID: "menu", Label: t.msg(text.BtnMenu)},
	}
}

// qtyText says why a quantity cannot be used.
func (t *turn) qtyText(q understand.Quantity) string {
	switch q.Problem {
	case understand.QtyZero, understand.QtyNegative:
		return t.msg(text.QtyMin)
	case understand.QtyTooBig:
		return t.msg(text.QtyTooBig, lapak.MaxQuantity)
	case understand.QtyFraction:
		return t.msg(text.QtyWhole)
	}
	return t.msg(text.QtyVague)
}

package flows

import (
	"errors"
	"fmt"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/text"
)

const pageSize = 6

// categoryList is a choice per category that has products, with its count.
func (t *turn) categoryList() ([]lapak.Choice, error) {
	cats, err := t.tx.Categories(t.ctx)
	if err != nil {
		return nil, err
	}
	var choices []lapak.Choice
	for _, c := range cats {
		if c.Products == 0 {
			continue
		}
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("cat:%d", c.ID), Label: fmt.Sprintf("%s (%d)", c.Name, c.Products)})
	}
	return choices, nil
}

func (t *turn) categories() error {
	choices, err := t.categoryList()
	if err != nil {
		return err
	}
	if len(choices) == 0 {
		t.send(t.msg(text.CatalogEmpty), lapak.Choice{ID: "admin", Label: t.msg(text.BtnAdmin)})
		return nil
	}
	t.send(t.msg(text.PickCategory), choices...)
	return nil
}

// priceText is a product's price for listings, in the shop's format: "Rp15.000" or "mulai Rp12.000".
func (t *turn) priceText(p lapak.Product) string {
	lo, hi := p.MinPrice(), p.MinPrice()
	for _, v := range p.Variants {
		hi = max(hi, v.Price)
	}
	if lo != hi {
		return t.msg(text.PriceFrom, t.price(lo))
	}
	return t.price(lo)
}

func (t *turn) productsPage(catID int64, page int) error {
	if catID < 0 {
		return t.categories()
	}
	products, total, err := t.tx.ProductsInCategory(t.ctx, catID, (page-1)*pageSize, pageSize)
	if err != nil {
		return err
	}
	pages := (total + pageSize - 1) / pageSize
	if len(products) == 0 && page > 1 && total > 0 {
		return t.productsPage(catID, pages) // an old "next" button past the end
	}
	if len(products) == 0 {
		t.send(t.msg(text.CategoryEmpty), t.categoryChoices()...)
		return nil
	}
	var b strings.Builder
	b.WriteString(t.msg(text.CategoryTitle, products[0].Category, page, max(pages, 1)))
	var choices []lapak.Choice
	for i, p := range products {
		line := fmt.Sprintf("\n%d. %s – %s", (page-1)*pageSize+i+1, p.Name, t.priceText(p))
		if !p.InStock() {
			line += " " + t.msg(text.SoldOutMark)
		}
		b.WriteString(line)
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("prod:%d", p.ID), Label: p.Name})
	}
	b.WriteString("\n\n" + t.msg(text.PickProduct))
	if page > 1 {
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("cat:%d:p%d", catID, page-1), Label: t.msg(text.BtnPrev)})
	}
	if page < pages {
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("cat:%d:p%d", catID, page+1), Label: t.msg(text.BtnNext)})
	}
	choices = append(choices, lapak.Choice{ID: "cats", Label: t.msg(text.BtnCategories)}, lapak.Choice{ID: "cart", Label: t.msg(text.BtnCart)})
	t.send(b.String(), choices...)
	return nil
}

func (t *turn) categoryChoices() []lapak.Choice {
	return []lapak.Choice{
		{ID: "cats", Label: t.msg(text.BtnCategories)},
		{ID: "search", Label: t.msg(text.BtnSearch)},
		{ID: "menu", Label: t.msg(text.BtnMenu)},
	}
}

// loadProduct reads a product; ok is false (and the customer told) when it is gone.
func (t *turn) loadProduct(id int64) (lapak.Product, bool, error) {
	if id <= 0 {
		t.send(t.msg(text.ProductGone), t.categoryChoices()...)
		return lapak.Product{}, false, nil
	}
	p, err := t.tx.Product(t.ctx, id)
	if notFound(err) {
		t.send(t.msg(text.ProductGone), t.categoryChoices()...)
		return p, false, nil
	}
	return p, err == nil, err
}

// pickProduct opens a product, or adds a quantity typed earlier ("mau 2 kopi").
func (t *turn) pickProduct(id int64) error {
	p, ok, err := t.loadProduct(id)
	if !ok {
		return err
	}
	if t.pendingQty > 0 {
		if len(p.Variants) == 1 {
			return t.addToCart(p, p.Variants[0], t.pendingQty)
		}
		return t.askVariant(p, t.pendingQty)
	}
	return t.productDetail(p)
}

func (t *turn) productDetail(p lapak.Product) error {
	var b strings.Builder
	b.WriteString(p.Name)
	if p.Description != "" {
		b.WriteString("\n" + p.Description)
	}
	b.WriteString("\n")
	var choices []lapak.Choice
	for _, v := range p.Variants {
		if v.Name == "" {
			b.WriteString("\n" + t.msg(text.PriceLine, t.price(v.Price)) + "\n" + t.stockText(v))
		} else {
			b.WriteString(fmt.Sprintf("\n• %s – %s (%s)", v.Name, t.price(v.Price), t.stockText(v)))
		}
		if !v.InStock() {
			continue
		}
		label := t.msg(text.BtnAdd)
		if v.Name != "" {
			label = t.msg(text.BtnAddVariant, v.Name)
		}
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("var:%d", v.ID), Label: label})
	}
	if p.InStock() {
		b.WriteString("\n\n" + t.msg(text.DetailHint))
	} else {
		b.WriteString("\n\n" + t.msg(text.DetailSoldOut))
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("restock:%d", p.ID), Label: t.msg(text.BtnRestock)})
	}
	choices = append(choices,
		lapak.Choice{ID: fmt.Sprintf("cat:%d", p.CategoryID), Label: t.msg(text.BtnBack)},
		lapak.Choice{ID: "cart", Label: t.msg(text.BtnCart)})
	t.st.Topic, t.st.TopicVariant = p.ID, 0
	t.sendOut(lapak.Outbound{Text: b.String(), Choices: choices, Image: p.Image})
	return t.morePhotos(p)
}

// morePhotos sends the product's photos after its cover, which came with
// its details: one message each, up to lapak.MaxDetailPhotos in all.
func (t *turn) morePhotos(p lapak.Product) error {
	if p.Image == "" {
		return nil
	}
	photos, err := t.tx.ProductPhotos(t.ctx, p.ID)
	if err != nil || len(photos) < 2 {
		return err
	}
	total := min(len(photos), lapak.MaxDetailPhotos)
	for i, ph := range photos[1:total] {
		t.sendOut(lapak.Outbound{Text: t.msg(text.DetailPhoto, p.Name, i+2, total), Image: ph.Ref})
	}
	return nil
}

func (t *turn) stockText(v lapak.Variant) string {
	switch {
	case v.Unlimited:
		return t.msg(text.StockReady)
	case v.Stock <= 0:
		return t.msg(text.StockNone)
	}
	return t.msg(text.StockN, v.Stock)
}

// findVariant finds a variant and its product by the variant id.
func (t *turn) findVariant(id int64) (lapak.Product, lapak.Variant, bool, error) {
	if id > 0 {
		p, err := t.tx.ProductOfVariant(t.ctx, id)
		if err != nil && !errors.Is(err, lapak.ErrNotFound) {
			return lapak.Product{}, lapak.Variant{}, false, err
		}
		for _, v := range p.Variants {
			if v.ID == id {
				return p, v, true, nil
			}
		}
	}
	t.send(t.msg(text.ProductGone), t.categoryChoices()...)
	return lapak.Product{}, lapak.Variant{}, false, nil
}

// pickVariant continues after a variant was chosen: with a quantity typed
// earlier it goes straight to the cart, otherwise it asks how many.
func (t *turn) pickVariant(id int64) error {
	p, v, ok, err := t.findVariant(id)
	if !ok {
		return err
	}
	t.st.TopicVariant = v.ID
	if t.pendingQty > 0 && t.pendingProduct == p.ID {
		return t.addToCart(p, v, t.pendingQty)
	}
	return t.askQty(p, v)
}

func (t *turn) askVariant(p lapak.Product, qty int) error {
	var choices []lapak.Choice
	for _, v := range p.Variants {
		if v.InStock() {
			choices = append(choices, lapak.Choice{ID: fmt.Sprintf("var:%d", v.ID), Label: fmt.Sprintf("%s – %s", v.Name, t.price(v.Price))})
		}
	}
	if len(choices) == 0 {
		t.send(t.msg(text.SoldOut, p.Name), t.categoryChoices()...)
		return nil
	}
	t.st.PendingQty, t.st.Product, t.st.Topic = qty, p.ID, p.ID
	t.carry()
	choices = append(choices, lapak.Choice{ID: fmt.Sprintf("prod:%d", p.ID), Label: t.msg(text.BtnDetail)})
	t.send(t.msg(text.AskVariant, p.Name), choices...)
	return nil
}

func qtyChoices(prefix string, variantID int64) []lapak.Choice {
	var cs []lapak.Choice
	for _, n := range []int{1, 2, 3, 5} {
		cs = append(cs, lapak.Choice{ID: fmt.Sprintf("%s:%d:%d", prefix, variantID, n), Label: fmt.Sprint(n)})
	}
	return cs
}

func (t *turn) askQty(p lapak.Product, v lapak.Variant) error {
	if !v.InStock() {
		t.st.Topic = p.ID
		t.send(t.msg(text.SoldOut, lapak.ItemTitle(p.Name, v.Name))+"\n"+t.msg(text.RestockOffer), t.soldOutChoices(p)...)
		return nil
	}
	t.st.Step, t.st.Variant, t.st.Topic, t.st.TopicVariant = stepQty, v.ID, p.ID, v.ID
	t.carry()
	t.send(t.msg(text.AskQty, lapak.ItemTitle(p.Name, v.Name), t.price(v.Price)), qtyChoices("qty", v.ID)...)
	return nil
}

// addVariant adds qty of a variant known only by id.
func (t *turn) addVariant(id int64, qty int) error {
	p, v, ok, err := t.findVariant(id)
	if !ok {
		return err
	}
	return t.addToCart(p, v, qty)
}

// addToCart adds qty units of v to the cart, within stock and limits, and
// says so; then the next item of the message (if any) is asked about.
func (t *turn) addToCart(p lapak.Product, v lapak.Variant, qty int) error {
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	res, err := t.put(&cart, p, v, qty)
	if err != nil {
		return err
	}
	title := lapak.ItemTitle(p.Name, v.Name)
	switch res.outcome {
	case putSoldOut:
		t.reset()
		t.st.Topic = p.ID
		t.send(t.msg(text.SoldOut, title)+"\n"+t.msg(text.RestockOffer), t.soldOutChoices(p)...)
		return t.next()
	case putShort:
		t.st.Step, t.st.Variant = stepQty, v.ID
		t.carry()
		if res.have > 0 {
			t.send(t.msg(text.StockLeftInCart, v.Stock, title, res.have), qtyChoices("qty", v.ID)[:1]...)
		} else {
			t.send(t.msg(text.StockLeft, v.Stock, title), lapak.Choice{ID: fmt.Sprintf("qty:%d:%d", v.ID, v.Stock), Label: fmt.Sprint(v.Stock)})
		}
		return nil
	case putTooBig:
		t.st.Step, t.st.Variant = stepQty, v.ID
		t.carry()
		t.send(t.msg(text.QtyTooBig, lapak.MaxQuantity))
		return nil
	case putCartFull:
		t.reset()
		t.send(t.msg(text.CartFull, lapak.MaxCartLines), lapak.Choice{ID: "checkout", Label: t.msg(text.BtnCheckout)})
		return nil
	}
	recap, c := t.backToRecap(), t.st.Checkout
	t.reset()
	t.st.Topic, t.st.TopicVariant = p.ID, v.ID
	t.st.Added = &added{Variant: v.ID, Qty: qty}
	if recap {
		t.st.Checkout = c // the recap is shown again with the new cart
		return t.checkoutNext()
	}
	if len(t.queue) > 0 || t.then != "" {
		t.send(t.msg(text.Added, qty, title, cart.Units(), t.price(cart.Subtotal())))
		return t.next()
	}
	t.send(t.msg(text.Added, qty, title, cart.Units(), t.price(cart.Subtotal())), t.addedChoices()...)
	return nil
}

func (t *turn) addedChoices() []lapak.Choice {
	return []lapak.Choice{
		{ID: "checkout", Label: t.msg(text.BtnCheckout)},
		{ID: "cats", Label: t.msg(text.BtnContinue)},
		{ID: "cart", Label: t.msg(text.BtnViewCart)},
	}
}

// putOutcome is what happened when an item was put in the cart.
type putOutcome int

const (
	putAdded    putOutcome = iota
	putSoldOut             // none left
	putShort               // fewer left than asked (with what is in the cart)
	putTooBig              // more than lapak.MaxQuantity in one line
	putCartFull            // no room for another line
)

type putResult struct {
	outcome putOutcome
	have    int // units of the variant already in the cart
}

// put adds qty units of v to the cart within stock and limits, updating
// cart; it replies nothing, so one message can report several items.
func (t *turn) put(cart *lapak.Cart, p lapak.Product, v lapak.Variant, qty int) (putResult, error) {
	have, line := 0, -1
	for i, l := range *cart {
		if l.VariantID == v.ID {
			have, line = l.Qty, i
		}
	}
	total := have + qty
	switch {
	case !v.InStock():
		return putResult{putSoldOut, have}, nil
	case !v.Available(total):
		return putResult{putShort, have}, nil
	case total > lapak.MaxQuantity:
		return putResult{putTooBig, have}, nil
	case line < 0 && len(*cart) >= lapak.MaxCartLines:
		return putResult{putCartFull, have}, nil
	}
	if err := t.tx.SetCartQty(t.ctx, t.conv.Customer.ID, v.ID, total); err != nil {
		return putResult{}, err
	}
	if line >= 0 {
		(*cart)[line].Qty = total
	} else {
		*cart = append(*cart, lapak.CartLine{VariantID: v.ID, ProductID: p.ID, SKU: v.SKU, ProductName: p.Name,
			VariantName: v.Name, UnitPrice: v.Price, Qty: qty, Stock: v.Stock, Unlimited: v.Unlimited})
	}
	return putResult{putAdded, have}, nil
}

// qtyProblem explains why a quantity cannot be used; nothing changes. With
// a variant, the question stays open: the next number is for it.
func (t *turn) qtyProblem(q understand.Quantity, variantID int64) {
	text := t.qtyText(q)
	if variantID > 0 {
		t.st.Step, t.st.Variant = stepQty, variantID
		t.carry()
		t.send(text, qtyChoices("qty", variantID)...)
		return
	}
	t.send(text)
}

func (t *turn) askSearch() error {
	t.st.Step = stepSearch
	t.send(t.msg(text.AskSearch), lapak.Choice{ID: "cats", Label: t.msg(text.BtnCategories)})
	return nil
}

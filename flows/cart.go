package flows

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/text"
)

// cartText lists the cart lines with their totals and the subtotal.
func (t *turn) cartText(cart lapak.Cart) string {
	var b strings.Builder
	for i, l := range cart {
		fmt.Fprintf(&b, "%d. %s × %d = %s%s\n", i+1, l.Title(), l.Qty, t.price(l.Total()), t.resellerTag(l))
	}
	b.WriteString(t.msg(text.Subtotal, t.price(cart.Subtotal())))
	return b.String()
}

// showCart shows the cart, after an optional note ("removed …").
func (t *turn) showCart(note string) error {
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	if note != "" {
		note += "\n\n"
	}
	if len(cart) == 0 {
		t.send(note+t.msg(text.CartEmpty), t.categoryChoices()...)
		return nil
	}
	choices := []lapak.Choice{{ID: "checkout", Label: t.msg(text.BtnCheckout)}}
	for i, l := range cart {
		if i == 5 {
			break // longer carts are edited by typing "ubah 7 jadi 2"
		}
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("cartedit:%d", l.VariantID), Label: t.msg(text.BtnEditLine, l.Title())})
	}
	choices = append(choices,
		lapak.Choice{ID: "cartclear", Label: t.msg(text.BtnClearCart)},
		lapak.Choice{ID: "cats", Label: t.msg(text.BtnContinue)})
	t.send(note+t.msg(text.CartTitle)+"\n"+t.cartText(cart)+"\n\n"+t.msg(text.CartHint), choices...)
	return nil
}

func (t *turn) cartLine(variantID int64) (lapak.CartLine, bool, error) {
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return lapak.CartLine{}, false, err
	}
	for _, l := range cart {
		if l.VariantID == variantID {
			return l, true, nil
		}
	}
	return lapak.CartLine{}, false, nil
}

func (t *turn) askCartQty(variantID int64) error {
	l, ok, err := t.cartLine(variantID)
	if err != nil {
		return err
	}
	if !ok {
		return t.showCart(t.msg(text.LineGone))
	}
	t.st.Step, t.st.Variant = stepCartQty, variantID
	choices := qtyChoices("cartset", variantID)[:3]
	choices = append(choices, lapak.Choice{ID: fmt.Sprintf("cartdel:%d", variantID), Label: t.msg(text.BtnRemove)})
	t.send(t.msg(text.AskCartQty, l.Title(), l.Qty), choices...)
	return nil
}

// setCartLine changes a cart line's quantity; 0 removes it.
func (t *turn) setCartLine(variantID int64, qty int) error {
	l, ok, err := t.cartLine(variantID)
	if err != nil {
		return err
	}
	t.reset()
	if !ok {
		return t.showCart(t.msg(text.LineGone))
	}
	if qty > 0 && !l.Unlimited && l.Stock < qty {
		t.st.Step, t.st.Variant = stepCartQty, variantID
		t.send(t.msg(text.StockLeft, max(l.Stock, 0), l.Title()))
		return nil
	}
	if err := t.tx.SetCartQty(t.ctx, t.conv.Customer.ID, variantID, qty); err != nil {
		return err
	}
	if qty == 0 {
		return t.showCart(t.msg(text.Removed, l.Title()))
	}
	return t.showCart(t.msg(text.QtyChanged, l.Title(), qty))
}

// cartLineByNumber handles "hapus 2" and "ubah 1 jadi 3": n is the line number.
func (t *turn) cartLineByNumber(n, qty int, remove bool) error {
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	if n < 1 || n > len(cart) {
		if len(cart) == 0 {
			return t.showCart("")
		}
		return t.showCart(t.msg(text.NoSuchLine, n, len(cart)))
	}
	if remove {
		qty = 0
	}
	return t.setCartLine(cart[n-1].VariantID, qty)
}

func (t *turn) clearCart() error {
	t.reset()
	if err := t.tx.ClearCart(t.ctx, t.conv.Customer.ID); err != nil {
		return err
	}
	t.send(t.msg(text.CartCleared), t.categoryChoices()...)
	return nil
}

// cartProducts turns cart lines into products, for matching words against
// what is in the cart: "hapus sambalnya" means the sambal in it.
func cartProducts(cart lapak.Cart) []lapak.Product {
	var ps []lapak.Product
	at := map[int64]int{}
	for _, l := range cart {
		i, ok := at[l.ProductID]
		if !ok {
			i = len(ps)
			at[l.ProductID] = i
			ps = append(ps, lapak.Product{ID: l.ProductID, Name: l.ProductName})
		}
		ps[i].Variants = append(ps[i].Variants, lapak.Variant{ID: l.VariantID, ProductID: l.ProductID, SKU: l.SKU, Name: l.VariantName})
	}
	return ps
}

// cartLines finds the cart lines items name, against an index of the
// cart's products built once for all the items of a message.
type cartLines struct {
	cart lapak.Cart
	ix   *understand.Index
}

func newCartLines(cart lapak.Cart) *cartLines { return &cartLines{cart: cart} }

// match finds the cart lines an item's words name: one line, several (ask
// which) or none.
func (c *cartLines) match(it understand.Item) []lapak.CartLine {
	if len(c.cart) == 0 {
		return nil
	}
	if c.ix == nil {
		c.ix = understand.NewIndex(0, cartProducts(c.cart))
	}
	cart := c.cart
	m := c.ix.Search(strings.Fields(it.Text), false)
	if !m.Found() {
		return nil
	}
	hits := m.Hits
	if m.Clear {
		hits = hits[:1]
	}
	var out []lapak.CartLine
	for _, h := range hits {
		for _, l := range cart {
			if l.ProductID != h.Product.ID {
				continue
			}
			if h.Variant >= 0 && h.Product.Variants[h.Variant].ID != l.VariantID {
				continue
			}
			out = append(out, l)
		}
	}
	return out
}

// swapVariant handles a cart line changed to another variant of its
// product: "levelnya ganti 5 deh", "basrengnya ganti yg 250 aja",
// "change the coffee to the 1 liter one". The count stays.
func (t *turn) swapVariant(r understand.Reading) (bool, error) {
	if len(r.Items) != 1 || !r.Change {
		return false, nil
	}
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil || len(cart) == 0 {
		return false, err
	}
	ix, err := t.catalogIndex()
	if err != nil {
		return false, err
	}
	it := r.Items[0]
	words := slices.Clone(it.Match.Words)
	if it.HasQty && it.Qty.Problem == understand.QtyOK {
		words = append(words, strconv.Itoa(it.Qty.N)) // "levelnya ganti 5": the 5 is the level
	}
	var from lapak.CartLine
	var to understand.Hit
	n := 0
	for _, l := range cart {
		h, ok := ix.VariantOf(l.ProductID, words)
		if !ok && resolved(it) && it.Match.Hits[0].Product.ID == l.ProductID && it.Match.Hits[0].Variant >= 0 && !it.HasQty {
			h, ok = it.Match.Hits[0], true // "basreng 250": named with the product
		}
		if ok && h.Product.Variants[h.Variant].ID != l.VariantID {
			from, to, n = l, h, n+1
		}
	}
	if n != 1 || slices.ContainsFunc(cart, func(l lapak.CartLine) bool { return l.VariantID == to.Product.Variants[to.Variant].ID }) {
		return false, nil
	}
	p, v, err := t.itemVariant(to)
	if err != nil || v == nil {
		return false, err
	}
	if !v.Available(from.Qty) {
		t.send(t.msg(text.StockLeft, max(v.Stock, 0), lapak.ItemTitle(p.Name, v.Name)))
		return true, nil
	}
	if err := t.tx.SetCartQty(t.ctx, t.conv.Customer.ID, from.VariantID, 0); err != nil {
		return true, err
	}
	if err := t.tx.SetCartQty(t.ctx, t.conv.Customer.ID, v.ID, from.Qty); err != nil {
		return true, err
	}
	t.st.Added = &added{Variant: v.ID, Qty: from.Qty}
	t.reset()
	return true, t.showCart(t.msg(text.VariantSwapped, from.Title(), lapak.ItemTitle(p.Name, v.Name), from.Qty))
}

// cartRemove handles "hapus sambalnya", "kopinya ga jadi".
func (t *turn) cartRemove(items []understand.Item) error {
	if slices.ContainsFunc(items, func(it understand.Item) bool { return it.Drop }) {
		// "cancel the tarts? just the cheese sticks then": what to keep is named too.
		items = slices.DeleteFunc(slices.Clone(items), func(it understand.Item) bool { return !it.Drop })
	}
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	return t.cartEdit(newCartLines(cart), items, func(l lapak.CartLine, _ understand.Item) (int, string) {
		return 0, t.msg(text.Removed, l.Title())
	})
}

// cartSet handles "sambalnya jadi 3 aja", "kurangi kopi 1"; an item that
// is not in the cart is ordered instead ("nastarnya 2 aja" on an empty cart).
func (t *turn) cartSet(r understand.Reading) error {
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	lines := newCartLines(cart)
	if !slices.ContainsFunc(r.Items, func(it understand.Item) bool { return len(lines.match(it)) > 0 }) {
		return t.order(r)
	}
	return t.cartEdit(lines, r.Items, func(l lapak.CartLine, it understand.Item) (int, string) {
		if it.Qty.Problem != understand.QtyOK {
			return -1, t.qtyText(it.Qty)
		}
		n := it.Qty.N
		if r.Less {
			n = max(l.Qty-n, 0)
		}
		if n == 0 {
			return 0, t.msg(text.Removed, l.Title())
		}
		if !l.Unlimited && l.Stock < n {
			return -1, t.msg(text.StockLeft, max(l.Stock, 0), l.Title())
		}
		return n, t.msg(text.QtyChanged, l.Title(), n)
	})
}

// cartEdit applies change to the cart line each item names. change returns
// the new quantity (-1: none, with why) and what to tell.
func (t *turn) cartEdit(cart *cartLines, items []understand.Item, change func(lapak.CartLine, understand.Item) (int, string)) error {
	recap := t.backToRecap()
	if len(cart.cart) == 0 {
		t.reset()
		return t.showCart("")
	}
	var notes []string
	for _, it := range items {
		lines := cart.match(it)
		switch len(lines) {
		case 0:
			notes = append(notes, t.msg(text.NotInCart, quote(it.Text)))
			continue
		case 1:
		default:
			t.reset()
			var choices []lapak.Choice
			for _, l := range lines {
				choices = append(choices, lapak.Choice{ID: fmt.Sprintf("cartedit:%d", l.VariantID), Label: t.msg(text.BtnEditLine, l.Title())})
			}
			t.send(t.msg(text.WhichLine, quote(it.Text)), choices...)
			return nil
		}
		n, note := change(lines[0], it)
		notes = append(notes, note)
		if n < 0 {
			continue
		}
		if err := t.tx.SetCartQty(t.ctx, t.conv.Customer.ID, lines[0].VariantID, n); err != nil {
			return err
		}
	}
	if recap {
		t.send(strings.Join(notes, "\n"))
		return t.checkoutNext()
	}
	t.reset()
	return t.showCart(strings.Join(notes, "\n"))
}

package flows

import (
	"fmt"
	"strings"

	lapak "github.com/lapak-id/lapak"
)

// cartText lists the cart lines with their totals and the subtotal.
func (t *turn) cartText(cart lapak.Cart) string {
	var b strings.Builder
	for i, l := range cart {
		fmt.Fprintf(&b, "%d. %s × %d = %s\n", i+1, l.Title(), l.Qty, t.price(l.Total()))
	}
	b.WriteString(t.msg("subtotal", t.price(cart.Subtotal())))
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
		t.send(note+t.msg("cart_empty"), t.categoryChoices()...)
		return nil
	}
	choices := []lapak.Choice{{ID: "checkout", Label: t.msg("btn_checkout")}}
	for i, l := range cart {
		if i == 5 {
			break // longer carts are edited by typing "ubah 7 jadi 2"
		}
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("cartedit:%d", l.VariantID), Label: t.msg("btn_edit_line", l.Title())})
	}
	choices = append(choices,
		lapak.Choice{ID: "cartclear", Label: t.msg("btn_clear_cart")},
		lapak.Choice{ID: "cats", Label: t.msg("btn_continue")})
	t.send(note+t.msg("cart_title")+"\n"+t.cartText(cart)+"\n\n"+t.msg("cart_hint"), choices...)
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
		return t.showCart(t.msg("line_gone"))
	}
	t.st.Step, t.st.Variant = stepCartQty, variantID
	choices := qtyChoices("cartset", variantID)[:3]
	choices = append(choices, lapak.Choice{ID: fmt.Sprintf("cartdel:%d", variantID), Label: t.msg("btn_remove")})
	t.send(t.msg("ask_cart_qty", l.Title(), l.Qty), choices...)
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
		return t.showCart(t.msg("line_gone"))
	}
	if qty > 0 && !l.Unlimited && l.Stock < qty {
		t.st.Step, t.st.Variant = stepCartQty, variantID
		t.send(t.msg("stock_left", max(l.Stock, 0), l.Title()))
		return nil
	}
	if err := t.tx.SetCartQty(t.ctx, t.conv.Customer.ID, variantID, qty); err != nil {
		return err
	}
	if qty == 0 {
		return t.showCart(t.msg("removed", l.Title()))
	}
	return t.showCart(t.msg("qty_changed", l.Title(), qty))
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
		return t.showCart(t.msg("no_such_line", n, len(cart)))
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
	t.send(t.msg("cart_cleared"), t.categoryChoices()...)
	return nil
}

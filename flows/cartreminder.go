package flows

import (
	"fmt"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// Abandoned-cart reminders (issue 12): the message a forgotten cart gets
// once (storage.Store.RemindCarts decides when and to whom), and the
// checkout its button starts.

// checkoutFromReminder is the reminder's checkout button: "checkout" with
// an argument, so an older Lapak (or a stale button) still checks out.
const checkoutFromReminder = "checkout:cart"

// CartReminderNotice is the one reminder of a cart left untouched: the
// items with their stock and price as they are now (a changed price shows
// the current one and the one it was added at; a sold-out item, or one
// the seller hid since, is said so and not counted; fewer left than wanted counts what is left), the
// subtotal of what can be bought, a Checkout button and an Empty cart
// button. A cart with nothing left to buy gets no reminder (nil): a shop
// does not write to say that everything is gone, and the cart stays due,
// so the reminder can still go out if stock comes back.
func (e *Engine) CartReminderNotice(c lapak.Customer, cart lapak.Cart) []lapak.Envelope {
	t := &turn{e: e, lang: e.langOf(c)}
	var b strings.Builder
	b.WriteString(t.msg(text.CartReminderTitle))
	b.WriteString("\n")
	var total lapak.Money
	buyable := 0
	for i, l := range cart {
		n := l.Qty
		if !l.Unlimited {
			n = min(n, max(l.Stock, 0))
		}
		if l.Hidden {
			b.WriteString(t.msg(text.CartReminderGone, i+1, l.Title()) + "\n")
			continue
		}
		if n == 0 {
			b.WriteString(t.msg(text.CartReminderSoldOut, i+1, l.Title()) + "\n")
			continue
		}
		buyable++
		total += l.UnitPrice.Mul(n)
		fmt.Fprintf(&b, "%d. %s × %d = %s\n", i+1, l.Title(), n, t.price(l.UnitPrice.Mul(n)))
		if n < l.Qty {
			b.WriteString(t.msg(text.CartReminderFewLeft, l.Stock, l.Qty) + "\n")
		}
		if l.PriceChanged() {
			b.WriteString(t.msg(text.CartReminderPriceNow, t.price(l.UnitPrice), t.price(l.AddedPrice)) + "\n")
		}
	}
	if buyable == 0 {
		return nil
	}
	b.WriteString(t.msg(text.Subtotal, t.price(total)))
	b.WriteString("\n\n" + t.msg(text.CartReminderHint) + "\n" + t.msg(text.CartReminderStop))
	// Bulk, like a promo: its own lane (the customer's replies never wait
	// behind it), paced with the promos, and never sent twice after a
	// crash (see bot/sender.go).
	return []lapak.Envelope{{To: c.Identity(), Class: lapak.PaceBulk, Msg: lapak.Outbound{
		Text: b.String(),
		Choices: []lapak.Choice{
			{ID: checkoutFromReminder, Label: t.msg(text.BtnCheckout)},
			{ID: "cartclear", Label: t.msg(text.BtnClearCart)},
		},
	}}}
}

// checkoutCart is the reminder's Checkout: what the reminder said is not
// counted leaves the cart first (sold out: removed; fewer left: set to
// what is left), said in the first reply, then checkout starts as from
// the cart.
func (t *turn) checkoutCart() error {
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	var notes []string
	for _, l := range cart {
		if l.Hidden {
			if err := t.tx.SetCartQty(t.ctx, t.conv.Customer.ID, l.VariantID, 0); err != nil {
				return err
			}
			notes = append(notes, t.msg(text.CartReminderGoneRemoved, l.Title()))
			continue
		}
		if l.Unlimited || l.Stock >= l.Qty {
			continue
		}
		left := max(l.Stock, 0)
		if err := t.tx.SetCartQty(t.ctx, t.conv.Customer.ID, l.VariantID, left); err != nil {
			return err
		}
		if left == 0 {
			notes = append(notes, t.msg(text.CartReminderRemoved, l.Title()))
		} else {
			notes = append(notes, t.msg(text.CartReminderTrimmed, l.Title(), left))
		}
	}
	if len(notes) > 0 {
		t.lead = strings.Join(notes, "\n")
	}
	return t.startCheckout()
}

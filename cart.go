package lapak

import "time"

// MaxQuantity bounds a cart line. Shops that sell by the thousand can raise it
// later; for now it keeps totals small and typos ("1000000") harmless.
const MaxQuantity = 999

// MaxCartLines bounds the number of different items in a cart.
const MaxCartLines = 50

// Abandoned-cart reminders (LAPAK_CART_REMINDER): a cart untouched for
// the configured time, between CartReminderMin and CartReminderMax, gets
// one reminder. A cart untouched for longer than CartReminderMaxAge (one
// left from before the reminder was turned on, or while the shop was down
// for days) is let be: a note about it reads as spam rather than help.
const (
	CartReminderMin    = 15 * time.Minute
	CartReminderMax    = 3 * 24 * time.Hour
	CartReminderMaxAge = 7 * 24 * time.Hour
)

// CartLine is one variant in a customer's cart, priced at today's price.
type CartLine struct {
	VariantID   int64
	ProductID   int64
	SKU         string
	ProductName string
	VariantName string
	UnitPrice   Money
	Qty         int
	Stock       int
	Unlimited   bool
	// Hidden: the seller took the product out of the catalog since; the
	// line stays (the customer chose it) but a reminder does not offer it.
	Hidden bool
	// RetailPrice is the variant's price for customers: UnitPrice is lower
	// for an approved reseller buying at least the reseller minimum
	// (ResellerPriced).
	RetailPrice Money
	// AddedPrice is the unit price when the line was put in the cart or its
	// quantity last changed (0: not known): what the customer last chose at.
	AddedPrice Money
}

// Title is the product name with its variant, as shown to the customer.
func (l CartLine) Title() string { return ItemTitle(l.ProductName, l.VariantName) }

// ResellerPriced reports that the line is at the reseller price.
func (l CartLine) ResellerPriced() bool { return l.RetailPrice > 0 && l.UnitPrice < l.RetailPrice }

// PriceChanged reports that the unit price is not the one the line was
// added at.
func (l CartLine) PriceChanged() bool { return l.AddedPrice > 0 && l.AddedPrice != l.UnitPrice }

// Total is the line's price.
func (l CartLine) Total() Money { return l.UnitPrice.Mul(l.Qty) }

// Cart is the customer's cart, in the order items were added.
type Cart []CartLine

// Subtotal sums the lines.
func (c Cart) Subtotal() Money {
	var t Money
	for _, l := range c {
		t += l.Total()
	}
	return t
}

// Units counts the units in the cart.
func (c Cart) Units() int {
	n := 0
	for _, l := range c {
		n += l.Qty
	}
	return n
}

// ItemTitle joins a product name and its variant: "Keripik Singkong (Pedas)".
func ItemTitle(product, variant string) string {
	if variant == "" {
		return product
	}
	return product + " (" + variant + ")"
}

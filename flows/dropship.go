package flows

import (
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/text"
)

// Dropship (issue 13): an approved reseller checking out is asked whom
// the order is for. For their buyer, the buyer's name, phone and address
// are asked (the reseller's own stay as they are), the order is shipped
// by courier in the reseller's name (the packing slip names them as the
// sender), and its notices and tracking number go to the reseller, who
// forwards them to the buyer if they choose (a wa.me link in the shipping
// notice: the shop never writes to someone who did not write to it).

const (
	forSelf     = "self"
	forDropship = "dropship"
)

// dropship reports whether the checkout is a dropship order.
func (t *turn) dropship() bool { return t.st.Checkout != nil && t.st.Checkout.For == forDropship }

// forWhom asks an approved reseller whom the order is for, then the
// buyer's name and phone for a dropship order; asked is true when it
// sent a question. Anyone else is never asked (For becomes forSelf).
func (t *turn) forWhom(c *checkoutState, abort lapak.Choice) (asked bool, err error) {
	if c.For == "" {
		r, mine, err := t.mine()
		if err != nil {
			return false, err
		}
		if !mine || r.Status != lapak.ResellerApproved || len(t.e.shop.Zones) == 0 {
			c.For = forSelf
			return false, nil
		}
		t.st.Step = stepForWhom
		t.send(t.msg(text.AskForWhom),
			lapak.Choice{ID: "co:" + forSelf, Label: t.msg(text.BtnForSelf)},
			lapak.Choice{ID: "co:" + forDropship, Label: t.msg(text.BtnDropship)}, abort)
		return true, nil
	}
	if c.For != forDropship {
		return false, nil
	}
	switch {
	case c.DropName == "":
		t.st.Step = stepDropName
		t.send(t.msg(text.AskDropName), abort)
		return true, nil
	case c.DropPhone == "":
		t.st.Step = stepDropPhone
		t.send(t.msg(text.AskDropPhone), abort)
		return true, nil
	}
	return false, nil
}

// chooseFor takes the answer to "for whom": a dropship order starts its
// delivery over (what was reused is the reseller's own address).
func (t *turn) chooseFor(c *checkoutState, arg string) {
	switch arg {
	case forDropship:
		c.For, c.Delivery, c.Zone, c.Address, c.Reused = forDropship, "", "", "", false
	case forSelf:
		c.For = forSelf
	}
}

// takeDropName takes the buyer's name.
func (t *turn) takeDropName(raw string) error {
	name := understand.Name(strings.Join(strings.Fields(raw), " "))
	if !validName(name) {
		t.send(t.msg(text.NameBad), lapak.Choice{ID: "abort", Label: t.msg(text.BtnCancel)})
		return nil
	}
	t.st.Checkout.DropName = name
	return t.checkoutNext()
}

// takeDropPhone takes the buyer's phone.
func (t *turn) takeDropPhone(raw string) error {
	n, ok := answerPhone(raw)
	if !ok {
		t.send(t.msg(text.PhoneBad), lapak.Choice{ID: "abort", Label: t.msg(text.BtnCancel)})
		return nil
	}
	t.st.Checkout.DropPhone = n
	return t.checkoutNext()
}

package flows

import (
	"fmt"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/text"
)

// Payment proofs: a photo from a customer with an unpaid transfer or QRIS
// order is that order's proof. It is stored on the order, and every admin
// gets one message: the picture itself, the order recap to check it
// against, and the one-tap Paid/Reject.

// proofWords mark a photo's caption as a payment proof ("ini bukti tf",
// "sudah transfer ya kak", "payment receipt").
var proofWords = wordSet("bukti", "tf", "trf", "transfer", "transferan", "tranfer", "bayar", "dibayar", "bayarnya",
	"pembayaran", "lunas", "struk", "kwitansi", "mutasi", "qris", "paid", "payment", "proof", "receipt", "slip",
	"screenshot")

// proofCaption reports whether a photo's caption says the photo is a
// payment proof: it has a proof word or names an order. Any other caption
// ("ada yang kayak gini kak?") is read as text, as before, and the photo
// is left aside; a command ("/lunas K7M-4QP") is always a command.
func proofCaption(text string) bool {
	if strings.HasPrefix(strings.TrimSpace(text), "/") {
		return false
	}
	if findOrderNumber(text) != "" {
		return true
	}
	for _, w := range understand.Tokens(text) {
		if proofWords[w] {
			return true
		}
	}
	return false
}

// image answers a photo sent without text or with a proof caption. With
// an unpaid transfer or QRIS order it is that order's payment proof.
func (t *turn) image() error {
	switch t.st.Step {
	case stepName, stepPhone, stepNewAddress, stepQty, stepCartQty, stepSearch, stepConfirm:
		t.send(t.msg(text.ImageNeedText) + t.stepHint())
		return nil
	}
	o, ok, err := t.proofOrder()
	if err != nil {
		return err
	}
	in := t.conv.Inbound
	if !ok {
		key := text.ImageUnknown
		if in.Text != "" {
			key = text.ProofNoOrder // they said it is a proof: say why it is not taken
		}
		t.send(t.msg(key), mainMenu(t.lang)...)
		return nil
	}
	if _, err := t.tx.AttachProof(t.ctx, o.ID, in.Channel, *in.Image, t.now()); err != nil {
		return err
	}
	t.send(t.msg(text.ProofReceived, o.Number))
	notice := t.proofNotice(o, lapak.MediaRef(in.Channel, in.Image.Ref))
	for _, a := range t.admins() {
		t.conv.Notify(a, notice)
	}
	return nil
}

// proofOrder is the order a proof photo belongs to: the customer's unpaid
// transfer or QRIS order that the caption names, else the newest one.
func (t *turn) proofOrder() (lapak.Order, bool, error) {
	orders, err := t.tx.CustomerOrders(t.ctx, t.conv.Customer.ID, 5)
	if err != nil {
		return lapak.Order{}, false, err
	}
	named := findOrderNumber(t.conv.Inbound.Text)
	found := -1
	for i, o := range orders {
		if o.Status != lapak.StatusPendingPayment || (o.PaymentMethod != lapak.PayTransfer && o.PaymentMethod != lapak.PayQRIS) {
			continue
		}
		if o.Number == named {
			return o, true, nil
		}
		if found < 0 {
			found = i
		}
	}
	if found < 0 {
		return lapak.Order{}, false, nil
	}
	return orders[found], true, nil
}

// proofNotice is the admins' message about a proof, in the shop's
// language: the picture, what the order is and exactly what must have
// been paid, and the one-tap actions. If the picture cannot be fetched
// for an admin's channel, the text says so instead.
func (t *turn) proofNotice(o lapak.Order, image string) lapak.Outbound {
	l := t.e.shop.Language
	method := payLabel(l, o.PaymentMethod)
	if o.PaymentMethod == lapak.PayQRIS {
		method = text.Get(l, text.PayQRISShort)
	}
	var b strings.Builder
	b.WriteString(text.Get(l, text.AdminProof, o.Number, t.who()))
	for _, it := range o.Items {
		fmt.Fprintf(&b, "\n• %s × %d = %s", it.Title(), it.Qty, t.price(it.Total()))
	}
	if o.ShippingFee > 0 {
		b.WriteString("\n" + text.Get(l, text.Shipping, o.Zone, t.price(o.ShippingFee)))
	}
	if o.UniqueCode > 0 {
		b.WriteString("\n" + text.Get(l, text.UniqueCodeLine, t.price(o.UniqueCode)))
	}
	b.WriteString("\n" + text.Get(l, text.Total, t.price(o.Total)) + " (" + method + ")")
	b.WriteString("\n\n" + text.Get(l, text.AdminProofExpect, t.price(o.Total), method))
	choices := deskChoices(l, o)
	if len(choices) > 0 {
		b.WriteString("\n" + text.Get(l, text.DeskNoticeHint, o.Number))
	}
	return lapak.Outbound{Text: b.String(), Choices: choices, Image: image, NoImage: text.Get(l, text.AdminProofNoImage)}
}

package flows

import (
	"slices"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// One-tap desk actions: the admins' notices about an unpaid order carry
// "desk:paid:NUM" and "desk:reject:NUM" choices. The ids describe the action
// fully, so a button pressed hours later still does the right thing.

// stepDeskReason waits for the reason an admin rejects state.Order's proof.
const stepDeskReason = "deskreason"

// deskChoices are the one-tap actions on an order awaiting payment.
func deskChoices(lang lapak.Language, o lapak.Order) []lapak.Choice {
	if o.Status != lapak.StatusPendingPayment || o.PaymentMethod == lapak.PayCOD || o.PaymentMethod == lapak.PayGateway {
		return nil // COD is paid to the courier, the gateway confirms itself: no proof to judge
	}
	return []lapak.Choice{
		{ID: "desk:paid:" + o.Number, Label: text.Get(lang, text.BtnDeskPaid)},
		{ID: "desk:reject:" + o.Number, Label: text.Get(lang, text.BtnDeskReject)},
	}
}

// notifyAdminsWith queues text with choices to every admin.
func (t *turn) notifyAdminsWith(text string, choices []lapak.Choice) {
	for _, a := range t.admins() {
		t.conv.Notify(a, lapak.Outbound{Text: text, Choices: choices})
	}
}

// deskAction runs a pressed desk choice. done is false when the sender is
// not an admin: they get the customer's answer to an unknown choice.
func (t *turn) deskAction(verb, arg string) (done bool, err error) {
	if !t.isAdmin() {
		return false, t.err
	}
	num := deskOrderNumber(arg)
	if num == "" {
		return false, nil
	}
	t.reset()
	switch verb {
	case "paid":
		d := &deskTurn{turn: t, cmd: deskCmd{name: "paid", args: []string{num}, rest: num}}
		return true, d.done(d.move(lapak.StatusPaid))
	case "reject":
		o, err := t.tx.Order(t.ctx, num)
		if notFound(err) {
			t.send(t.msg(text.DeskOrderNotFound, num))
			return true, nil
		}
		if err != nil {
			return true, err
		}
		if o.Status != lapak.StatusPendingPayment {
			t.send(t.msg(text.DeskRejectNotPending, o.Number, t.statusText(o.Status)))
			return true, nil
		}
		t.st.Step, t.st.Order = stepDeskReason, o.Number
		t.send(t.msg(text.DeskAskReason, o.Number), lapak.Choice{ID: "abort", Label: t.msg(text.BtnCancel)})
		return true, nil
	}
	return false, nil
}

// deskReason takes the reason typed after pressing Reject; done is false
// when the admin is not at that step.
func (t *turn) deskReason(raw string) (done bool, err error) {
	if t.st.Step != stepDeskReason || t.st.Order == "" || !t.isAdmin() {
		return false, t.err
	}
	if abortWord(raw) {
		return false, nil // "batal" leaves the step like anywhere else
	}
	reason := strings.Join(strings.Fields(raw), " ")
	num := t.st.Order
	t.reset()
	d := &deskTurn{turn: t, cmd: deskCmd{name: "reject", args: append([]string{num}, strings.Fields(reason)...), rest: num + " " + reason}}
	return true, d.done(d.reject())
}

// ReminderNotice reminds a customer once that their order still waits for
// payment: the amount, how to pay and until when.
func (e *Engine) ReminderNotice(o lapak.Order, c lapak.Customer) []lapak.Envelope {
	t := &turn{e: e, lang: e.langOf(c)}
	pay, image := t.paymentText(o)
	return []lapak.Envelope{{
		To:    c.Identity(),
		Class: lapak.PaceNotify,
		Msg: lapak.Outbound{
			Text:  t.msg(text.OrderReminder, o.Number) + "\n\n" + pay,
			Image: image,
			Choices: []lapak.Choice{
				{ID: "order:" + o.Number, Label: t.msg(text.BtnOrderDetail)},
				{ID: "cancel:" + o.Number, Label: t.msg(text.BtnCancelOrder)},
			},
		},
	}}
}

// lowStock tells the admins, in the transaction that changed it, when a
// limited variant's stock crossed the low-stock threshold (see
// shop.LowStockAlerts).
func (t *turn) lowStock(title, sku string, before, after int) {
	alerts, err := t.e.ops.LowStockAlerts(t.ctx, t.view(), title, sku, before, after)
	if err != nil && t.err == nil {
		t.err = err
	}
	t.conv.Outbox = append(t.conv.Outbox, alerts...)
}

// lowStockAfterOrder checks the ordered variants' stock as the order left it.
func (t *turn) lowStockAfterOrder(cart lapak.Cart) error {
	if t.e.ops.LowStock() <= 0 {
		return nil
	}
	for _, l := range cart {
		if l.Unlimited {
			continue
		}
		p, err := t.tx.Product(t.ctx, l.ProductID)
		if notFound(err) {
			continue // an alert is not worth failing the order for
		}
		if err != nil {
			return err
		}
		for _, v := range p.Variants {
			if v.ID == l.VariantID && !v.Unlimited {
				// The order took Qty under the row lock: before is exact
				// even when another order took some in between.
				t.lowStock(l.Title(), v.SKU, v.Stock+l.Qty, v.Stock)
			}
		}
	}
	return nil
}

// codFits reports whether the order being checked out may be paid on
// delivery: its zone is a COD zone and its total is within the COD limit.
func (t *turn) codFits(c *checkoutState) bool {
	if len(t.e.codZones) > 0 && !slices.ContainsFunc(t.e.codZones, func(z string) bool { return strings.EqualFold(z, c.Zone) }) {
		return false
	}
	if t.e.codMax <= 0 {
		return true
	}
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		t.err = err
		return false
	}
	o, _ := t.draft(cart, c)
	return o.Total <= t.e.codMax
}

// codLimited reports whether the shop takes COD for courier orders but not
// for this one, because of its zone or its total.
func (t *turn) codLimited(c *checkoutState) bool {
	return t.e.shop.COD && c.Delivery == lapak.DeliveryCourier && !t.codFits(c)
}

// codRule says where and up to what total the shop takes COD.
func (t *turn) codRule() string {
	var parts []string
	if len(t.e.codZones) > 0 {
		parts = append(parts, t.msg(text.CODRuleZones, strings.Join(t.e.codZones, ", ")))
	}
	if t.e.codMax > 0 {
		parts = append(parts, t.msg(text.CODRuleMax, t.price(t.e.codMax)))
	}
	return strings.Join(parts, t.msg(text.CODRuleAnd))
}

package flows

import (
	"errors"
	"fmt"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// formatTime writes a time for people: "27 Nov 2025 17:00 WIB".
func formatTime(lang lapak.Language, t time.Time) string {
	months := strings.Fields(text.Get(lang, text.Months))
	m := t.Month().String()[:3]
	if len(months) == 12 {
		m = months[t.Month()-1]
	}
	return fmt.Sprintf("%d %s %d %s", t.Day(), m, t.Year(), t.Format("15:04 MST"))
}

func (t *turn) statusText(s lapak.OrderStatus) string {
	return statusWords(t.lang, s)
}

// ownOrder loads an order of this customer; someone else's order is "not found".
func (t *turn) ownOrder(number string) (lapak.Order, bool, error) {
	if number == "" {
		return lapak.Order{}, false, nil
	}
	o, err := t.tx.Order(t.ctx, number)
	if notFound(err) || err == nil && o.CustomerID != t.conv.Customer.ID {
		return lapak.Order{}, false, nil
	}
	return o, err == nil, err
}

func (t *turn) orderNotFound(number string) error {
	t.send(t.msg(text.OrderNotFound, quote(number)),
		lapak.Choice{ID: "orders", Label: t.msg(text.BtnOrders)},
		lapak.Choice{ID: "menu", Label: t.msg(text.BtnMenu)})
	return nil
}

func (t *turn) listOrders() error {
	orders, err := t.tx.CustomerOrders(t.ctx, t.conv.Customer.ID, 5)
	if err != nil {
		return err
	}
	if len(orders) == 0 {
		t.send(t.msg(text.NoOrders), t.categoryChoices()...)
		return nil
	}
	var b strings.Builder
	b.WriteString(t.msg(text.OrdersTitle))
	var choices []lapak.Choice
	for _, o := range orders {
		fmt.Fprintf(&b, "\n• %s · %s · %s · %s", o.Number, formatDate(t.lang, o.CreatedAt.In(t.e.loc)), t.price(o.Total), t.statusText(o.Status))
		if ship := o.Shipment; ship.Tracking != "" && o.Status == lapak.StatusShipped {
			b.WriteString("\n" + t.msg(text.OrderListShipment, ship.Courier, ship.Tracking))
		}
		choices = append(choices, lapak.Choice{ID: "order:" + o.Number, Label: o.Number})
	}
	choices = append(choices, lapak.Choice{ID: "menu", Label: t.msg(text.BtnMenu)})
	t.send(b.String(), choices...)
	return nil
}

func formatDate(lang lapak.Language, t time.Time) string {
	months := strings.Fields(text.Get(lang, text.Months))
	m := t.Month().String()[:3]
	if len(months) == 12 {
		m = months[t.Month()-1]
	}
	return fmt.Sprintf("%d %s", t.Day(), m)
}

func (t *turn) orderDetail(number string) error {
	o, ok, err := t.ownOrder(number)
	if err != nil {
		return err
	}
	if !ok {
		return t.orderNotFound(number)
	}
	t.reset()
	var b strings.Builder
	b.WriteString(t.msg(text.OrderTitle, o.Number, formatTime(t.lang, o.CreatedAt.In(t.e.loc))))
	b.WriteString("\n" + t.msg(text.OrderStatus, t.statusText(o.Status)) + "\n")
	for _, it := range o.Items {
		fmt.Fprintf(&b, "\n• %s × %d = %s", it.Title(), it.Qty, t.price(it.Total()))
	}
	b.WriteString("\n\n" + t.msg(text.Subtotal, t.price(o.Subtotal)))
	if o.Discount > 0 {
		b.WriteString("\n" + t.msg(text.RecapDiscount, o.Voucher, t.price(-o.Discount)))
	}
	if o.ShippingFee > 0 {
		b.WriteString("\n" + t.msg(text.Shipping, o.Zone, t.price(o.ShippingFee)))
	}
	if o.UniqueCode > 0 {
		b.WriteString("\n" + t.msg(text.UniqueCodeLine, t.price(o.UniqueCode)))
	}
	b.WriteString("\n" + t.msg(text.Total, t.price(o.Total)))
	if o.Delivery == lapak.DeliveryCourier {
		b.WriteString("\n" + t.msg(text.RecapAddress, o.Address))
	} else {
		b.WriteString("\n" + t.msg(text.RecapPickup, o.Address))
	}
	if ship := o.Shipment; ship.Tracking != "" && (o.Status == lapak.StatusShipped || o.Status == lapak.StatusCompleted) {
		b.WriteString("\n" + t.msg(text.OrderShipment, ship.Courier, ship.Tracking))
	}
	var choices []lapak.Choice
	var image string
	if o.Status == lapak.StatusPendingPayment {
		pay, img := t.paymentText(o)
		b.WriteString("\n\n" + pay)
		image = img // the QR again, for a customer who lost it
		choices = append(choices, lapak.Choice{ID: "cancel:" + o.Number, Label: t.msg(text.BtnCancelOrder)})
	}
	choices = append(choices, lapak.Choice{ID: "orders", Label: t.msg(text.BtnOrders)}, lapak.Choice{ID: "menu", Label: t.msg(text.BtnMenu)})
	t.sendOut(lapak.Outbound{Text: b.String(), Choices: choices, Image: image})
	return nil
}

func (t *turn) askCancelOrder(number string) error {
	o, ok, err := t.ownOrder(number)
	if err != nil {
		return err
	}
	if !ok {
		return t.orderNotFound(number)
	}
	if o.Status != lapak.StatusPendingPayment {
		t.send(t.msg(text.CannotCancel, o.Number, t.statusText(o.Status)),
			lapak.Choice{ID: "admin", Label: t.msg(text.BtnAdmin)},
			lapak.Choice{ID: "orders", Label: t.msg(text.BtnOrders)})
		return nil
	}
	t.reset()
	t.st.Step, t.st.Order = stepCancelOrder, o.Number
	t.send(t.msg(text.AskCancel, o.Number, t.price(o.Total)),
		lapak.Choice{ID: "cancelyes:" + o.Number, Label: t.msg(text.BtnYesCancel)},
		lapak.Choice{ID: "order:" + o.Number, Label: t.msg(text.BtnNoKeep)})
	return nil
}

func (t *turn) cancelOrder(number string) error {
	t.reset()
	o, ok, err := t.ownOrder(number)
	if err != nil {
		return err
	}
	if !ok {
		return t.orderNotFound(number)
	}
	if o.Status == lapak.StatusCancelled {
		t.send(t.msg(text.AlreadyCancelled, o.Number), mainMenu(t.lang)...)
		return nil
	}
	if o.Status != lapak.StatusPendingPayment {
		t.send(t.msg(text.CannotCancel, o.Number, t.statusText(o.Status)),
			lapak.Choice{ID: "admin", Label: t.msg(text.BtnAdmin)})
		return nil
	}
	if _, err := t.tx.TransitionOrder(t.ctx, o.Number, lapak.StatusCancelled, t.now()); errors.Is(err, lapak.ErrIllegalTransition) {
		t.send(t.msg(text.CannotCancel, o.Number, t.statusText(o.Status)),
			lapak.Choice{ID: "admin", Label: t.msg(text.BtnAdmin)})
		return nil
	} else if err != nil {
		return err
	}
	if t.st.LastOrder == o.Number {
		t.st.LastOrder = ""
	}
	t.send(t.msg(text.Cancelled, o.Number), mainMenu(t.lang)...)
	t.notifyAdmins(text.Get(t.e.shop.Language, text.AdminCancelled, o.Number, t.who()))
	return nil
}

package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/text"
)

// startCheckout begins checkout from the details given ahead (a pasted
// form), else, for a returning customer, from their last order's delivery,
// address and payment: the recap comes at once, with "ubah" to change.
func (t *turn) startCheckout() error {
	draft := t.st.Draft
	t.reset()
	t.st.Checkout = &checkoutState{}
	if draft != nil {
		*t.st.Checkout = *draft
		return t.checkoutNext()
	}
	if err := t.reuseLastOrder(t.st.Checkout); err != nil {
		return err
	}
	return t.checkoutNext()
}

// reuseLastOrder fills checkout from the customer's last order, where it
// still applies (the zone still exists, the payment is still offered).
func (t *turn) reuseLastOrder(c *checkoutState) error {
	cust := t.conv.Customer
	if cust.Name == "" || cust.Phone == "" {
		return nil
	}
	orders, err := t.tx.CustomerOrders(t.ctx, cust.ID, 5)
	if err != nil {
		return err
	}
	for _, o := range orders {
		if o.Status == lapak.StatusCancelled || o.Status == lapak.StatusExpired {
			continue
		}
		switch o.Delivery {
		case lapak.DeliveryPickup:
			if t.e.shop.PickupAddress == "" {
				return nil
			}
			c.Delivery = lapak.DeliveryPickup
		case lapak.DeliveryCourier:
			if _, ok := t.zone(o.Zone); !ok || o.Address == "" {
				return nil
			}
			c.Delivery, c.Zone, c.Address = lapak.DeliveryCourier, o.Zone, o.Address
		default:
			return nil
		}
		if t.paymentAllowed(c, o.PaymentMethod) {
			c.Payment = o.PaymentMethod
		}
		c.Reused = true
		return nil
	}
	return nil
}

// staleCheckout answers a checkout button pressed when no checkout is going on.
func (t *turn) staleCheckout() error {
	if t.st.LastOrder != "" {
		t.send(t.msg(text.AlreadyOrdered, t.st.LastOrder),
			lapak.Choice{ID: "order:" + t.st.LastOrder, Label: t.msg(text.BtnOrderDetail)},
			lapak.Choice{ID: "menu", Label: t.msg(text.BtnMenu)})
		return nil
	}
	return t.showCart(t.msg(text.CheckoutStale))
}

func (t *turn) zone(name string) (lapak.Zone, bool) {
	for _, z := range t.e.shop.Zones {
		if z.Name == name {
			return z, true
		}
	}
	return lapak.Zone{}, false
}

func (t *turn) deliveryChoices() []lapak.Choice {
	var cs []lapak.Choice
	// A dropship order is shipped to the reseller's buyer.
	if t.e.shop.PickupAddress != "" && !t.dropship() {
		cs = append(cs, lapak.Choice{ID: "dlv:pickup", Label: t.msg(text.BtnPickup)})
	}
	for i, z := range t.e.shop.Zones {
		cs = append(cs, lapak.Choice{ID: fmt.Sprintf("dlv:zone:%d", i), Label: t.msg(text.BtnZone, z.Name, t.price(z.Fee))})
	}
	return cs
}

func (t *turn) paymentChoices(c *checkoutState) []lapak.Choice {
	var cs []lapak.Choice
	for _, m := range t.e.shop.PaymentMethods() {
		if m == lapak.PayCOD && (c.Delivery != lapak.DeliveryCourier || !t.codFits(c)) {
			continue // cash on delivery needs a courier, within the seller's limits
		}
		cs = append(cs, lapak.Choice{ID: "pay:" + string(m), Label: payLabel(t.lang, m)})
	}
	return cs
}

// checkoutNext asks for the first thing checkout does not know yet, or shows
// the recap when everything is known.
func (t *turn) checkoutNext() error {
	c := t.st.Checkout
	if c == nil {
		return t.startCheckout()
	}
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	if len(cart) == 0 {
		t.reset()
		t.send(t.msg(text.CartEmpty), t.categoryChoices()...)
		return nil
	}
	for _, l := range cart {
		if !l.Unlimited && l.Qty > l.Stock {
			t.reset()
			return t.showCart(t.stockMessage(l.Title(), l.Stock))
		}
	}
	cust := t.conv.Customer
	abort := lapak.Choice{ID: "abort", Label: t.msg(text.BtnCancel)}
	if asked, err := t.forWhom(c, abort); asked || err != nil {
		return err // a reseller's dropship questions (dropship.go)
	}
	switch {
	case c.For == forDropship:
	case cust.Name == "" || c.EditName:
		t.st.Step = stepName
		t.send(t.msg(text.AskName), abort)
		return nil
	case cust.Phone == "" || c.EditPhone:
		t.st.Step = stepPhone
		t.send(t.msg(text.AskPhone), abort)
		return nil
	}
	if c.Delivery == lapak.DeliveryCourier {
		if _, ok := t.zone(c.Zone); !ok {
			c.Delivery, c.Zone, c.Address = "", "", "" // the zone was removed from the settings
		}
	}
	if c.Delivery == "" {
		opts := t.deliveryChoices()
		switch len(opts) {
		case 0:
			t.reset()
			t.send(t.msg(text.ShopNotReady), lapak.Choice{ID: "admin", Label: t.msg(text.BtnAdmin)})
			return nil
		case 1:
			t.chooseDelivery(opts[0].ID)
		default:
			t.st.Step = stepDelivery
			t.send(t.msg(text.AskDelivery), append(opts, abort)...)
			return nil
		}
	}
	if c.Delivery == lapak.DeliveryCourier && c.Address == "" {
		return t.askAddress()
	}
	if c.Payment != "" && !t.paymentAllowed(c, c.Payment) {
		c.Payment = ""
	}
	if c.Payment == "" {
		opts := t.paymentChoices(c)
		switch len(opts) {
		case 0:
			if t.codLimited(c) {
				t.st.Step = stepIdle
				t.send(t.msg(text.CODUnavailable, t.codRule()),
					lapak.Choice{ID: "edit:dlv", Label: t.msg(text.BtnEditDelivery)},
					lapak.Choice{ID: "cart", Label: t.msg(text.BtnViewCart)},
					lapak.Choice{ID: "admin", Label: t.msg(text.BtnAdmin)})
				return nil
			}
			t.reset()
			t.send(t.msg(text.ShopNotReady), lapak.Choice{ID: "admin", Label: t.msg(text.BtnAdmin)})
			return nil
		case 1:
			c.Payment = lapak.PaymentMethod(strings.TrimPrefix(opts[0].ID, "pay:"))
		default:
			t.st.Step = stepPayment
			ask := t.msg(text.AskPayment)
			if t.codLimited(c) {
				ask += "\n" + t.msg(text.CODLimited, t.codRule())
			}
			t.send(ask, append(opts, abort)...)
			return nil
		}
	}
	t.st.Step = stepConfirm
	t.send(t.recap(cart), t.confirmChoices()...)
	return nil
}

func (t *turn) paymentAllowed(c *checkoutState, m lapak.PaymentMethod) bool {
	for _, ch := range t.paymentChoices(c) {
		if ch.ID == "pay:"+string(m) {
			return true
		}
	}
	return false
}

// chooseDelivery applies a "dlv:…" choice; false when it is not valid now.
func (t *turn) chooseDelivery(id string) bool {
	c := t.st.Checkout
	switch {
	case id == "dlv:pickup" && t.e.shop.PickupAddress != "" && !t.dropship():
		c.Delivery, c.Zone, c.Address = lapak.DeliveryPickup, "", ""
		return true
	case strings.HasPrefix(id, "dlv:zone:"):
		i, err := strconv.Atoi(strings.TrimPrefix(id, "dlv:zone:"))
		if err != nil || i < 0 || i >= len(t.e.shop.Zones) {
			return false
		}
		if c.Zone != "" && c.Zone != t.e.shop.Zones[i].Name {
			c.Address = "" // an address given with the zone stays (a pasted form)
		}
		c.Delivery, c.Zone = lapak.DeliveryCourier, t.e.shop.Zones[i].Name
		return true
	}
	return false
}

func (t *turn) askAddress() error {
	addrs, err := t.tx.Addresses(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	var choices []lapak.Choice
	for _, a := range addrs {
		if a.Zone != "" && a.Zone != t.st.Checkout.Zone {
			continue
		}
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("addr:%d", a.ID), Label: quote(a.Text)})
		if len(choices) == 5 {
			break
		}
	}
	abort := lapak.Choice{ID: "abort", Label: t.msg(text.BtnCancel)}
	if len(choices) == 0 {
		t.st.Step = stepNewAddress
		t.send(t.msg(text.AskAddress), abort)
		return nil
	}
	t.st.Step = stepAddress
	choices = append(choices, lapak.Choice{ID: "addr:new", Label: t.msg(text.BtnNewAddress)}, abort)
	t.send(t.msg(text.AskSavedAddress), choices...)
	return nil
}

func (t *turn) confirmChoices() []lapak.Choice {
	return []lapak.Choice{
		{ID: "confirm", Label: t.msg(text.BtnConfirm)},
		{ID: "edit", Label: t.msg(text.BtnEdit)},
		{ID: "abort", Label: t.msg(text.BtnCancel)},
	}
}

func (t *turn) editMenu() error {
	c := t.st.Checkout
	if c == nil {
		return t.staleCheckout()
	}
	choices := []lapak.Choice{
		{ID: "edit:name", Label: t.msg(text.BtnEditName)},
		{ID: "edit:phone", Label: t.msg(text.BtnEditPhone)},
	}
	if len(t.deliveryChoices()) > 1 || c.Delivery == lapak.DeliveryCourier {
		choices = append(choices, lapak.Choice{ID: "edit:dlv", Label: t.msg(text.BtnEditDelivery)})
	}
	if len(t.paymentChoices(c)) > 1 {
		choices = append(choices, lapak.Choice{ID: "edit:pay", Label: t.msg(text.BtnEditPayment)})
	}
	choices = append(choices, lapak.Choice{ID: "cart", Label: t.msg(text.BtnEditCart)}, lapak.Choice{ID: "confirm", Label: t.msg(text.BtnConfirm)})
	t.st.Step = stepConfirm
	t.send(t.msg(text.EditWhat), choices...)
	return nil
}

// checkoutAction runs the checkout buttons.
func (t *turn) checkoutAction(kind, arg, arg2 string) error {
	c := t.st.Checkout
	switch kind {
	case "dlv":
		if !t.chooseDelivery("dlv:" + strings.TrimSuffix(arg+":"+arg2, ":")) {
			t.send(t.msg(text.PickOne), t.deliveryChoices()...)
			return nil
		}
	case "addr":
		if arg == "new" {
			t.st.Step = stepNewAddress
			t.send(t.msg(text.AskAddress), lapak.Choice{ID: "abort", Label: t.msg(text.BtnCancel)})
			return nil
		}
		id, _ := strconv.ParseInt(arg, 10, 64)
		addrs, err := t.tx.Addresses(t.ctx, t.conv.Customer.ID)
		if err != nil {
			return err
		}
		found := false
		for _, a := range addrs {
			if a.ID == id {
				c.Address, found = a.Text, true
			}
		}
		if !found || c.Delivery != lapak.DeliveryCourier {
			c.Address = ""
		}
	case "pay":
		m := lapak.PaymentMethod(arg)
		if !t.paymentAllowed(c, m) {
			t.send(t.msg(text.PickOne), t.paymentChoices(c)...)
			return nil
		}
		c.Payment = m
	case "co":
		t.chooseFor(c, arg)
	case "confirm":
		return t.placeOrder()
	case "edit":
		switch arg {
		case "":
			return t.editMenu()
		case "name":
			c.EditName = true
		case "phone":
			c.EditPhone = true
		case "dlv":
			c.Delivery, c.Zone, c.Address, c.Payment = "", "", "", ""
		case "pay":
			c.Payment = ""
		}
	}
	return t.checkoutNext()
}

// validName accepts 2–80 characters of letters with spaces and . ' - ,
func validName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > lapak.MaxNameText {
		return false
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsMark(r):
			letters++
		case r == ' ' || r == '.' || r == '\'' || r == '-' || r == ',' || r == '’':
		default:
			return false
		}
	}
	return letters >= 2
}

// takeName takes the recipient's name as people write it ("nama saya Dwi
// Lestari", "atas nama Bu Rina"), and a phone number typed with it.
func (t *turn) takeName(raw string) error {
	if phone, s, e, ok := understand.FindPhone(raw); ok {
		// "Dwi Lestari, 0812…, Jl. Mawar 1, Depok": the name, the phone
		// and maybe the address in one answer.
		before, after := strings.TrimSpace(raw[:s]), strings.Trim(strings.TrimSpace(raw[e:]), " ,;")
		if n := understand.Name(stripPhoneLabels(strings.Trim(before, " ,;"))); validName(n) {
			t.conv.Customer.Phone = phone
			if c := t.st.Checkout; c != nil {
				c.EditPhone = false
				if addr, problem := validAddress(understand.Address(after)); problem == text.None && utf8.RuneCountInString(after) >= 15 {
					if i, ok := t.zoneIn(addr); ok && c.Delivery == "" {
						c.Delivery, c.Zone = lapak.DeliveryCourier, t.e.shop.Zones[i].Name
					}
					c.Address = addr
				}
			}
			raw = n
		}
	}
	name := understand.Name(strings.Join(strings.Fields(raw), " "))
	if !validName(name) {
		key := text.NameBad
		if n := utf8.RuneCountInString(name); n > lapak.MaxNameText {
			key = text.NameLong
		} else if n < 2 && name != "" {
			key = text.NameShort
		}
		t.send(t.msg(key), lapak.Choice{ID: "abort", Label: t.msg(text.BtnCancel)})
		return nil
	}
	t.conv.Customer.Name = name
	if t.st.Checkout == nil {
		t.reset()
		return t.welcome()
	}
	t.st.Checkout.EditName = false
	return t.checkoutNext()
}

// answerPhone reads a phone number written anywhere in an answer ("no
// hp 0812-7788-9900", "wa aku +62 812 …").
func answerPhone(raw string) (string, bool) {
	n, ok := understand.NormalizePhone(raw)
	if !ok {
		n, _, _, ok = understand.FindPhone(raw)
	}
	return n, ok
}

// takePhone takes the customer's phone number.
func (t *turn) takePhone(raw string) error {
	n, ok := answerPhone(raw)
	if !ok {
		t.send(t.msg(text.PhoneBad), lapak.Choice{ID: "abort", Label: t.msg(text.BtnCancel)})
		return nil
	}
	t.conv.Customer.Phone = n
	if t.st.Checkout == nil {
		t.reset()
		return t.welcome()
	}
	t.st.Checkout.EditPhone = false
	return t.checkoutNext()
}

// validAddress accepts 10–300 characters of what addresses are written with.
func validAddress(s string) (string, text.Key) {
	s = strings.Join(strings.Fields(s), " ")
	n := utf8.RuneCountInString(s)
	switch {
	case n < 10:
		return "", text.AddressShort
	case n > lapak.MaxAddressText:
		return "", text.AddressLong
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsMark(r):
			letters++
		case unicode.IsDigit(r) || strings.ContainsRune(" .,/-()#:'\"&+’", r):
		default:
			return "", text.AddressBad
		}
	}
	if letters < 5 {
		return "", text.AddressBad
	}
	return s, text.None
}

func (t *turn) takeAddress(raw string) error {
	c := t.st.Checkout
	if c == nil || c.Delivery != lapak.DeliveryCourier {
		t.reset()
		return t.staleCheckout()
	}
	addr, problem := validAddress(understand.Address(raw))
	if problem != text.None {
		t.st.Step = stepNewAddress
		t.send(t.msg(problem), lapak.Choice{ID: "abort", Label: t.msg(text.BtnCancel)})
		return nil
	}
	if i, ok := t.areaIn(addr); ok && t.e.shop.Zones[i].Name != c.Zone {
		// "Kirim ke Jabodetabek", then an address in Bandung: the address
		// says where it goes, and so which fee.
		z := t.e.shop.Zones[i]
		c.Zone = z.Name
		t.lead = t.msg(text.ZoneFromAddress, z.Name, t.price(z.Fee))
	}
	a := lapak.Address{CustomerID: t.conv.Customer.ID, Text: addr, Zone: c.Zone, LastUsedAt: t.now()}
	if err := t.tx.SaveAddress(t.ctx, &a); err != nil {
		return err
	}
	c.Address = addr
	return t.checkoutNext()
}

// recap is the order summary shown before the customer confirms.
func (t *turn) recap(cart lapak.Cart) string {
	c := t.st.Checkout
	cust := t.conv.Customer
	var b strings.Builder
	b.WriteString(t.msg(text.RecapTitle) + "\n\n")
	if c.Reused {
		b.WriteString(t.msg(text.RecapReused) + "\n\n")
	}
	for _, l := range cart {
		fmt.Fprintf(&b, "• %s × %d = %s%s\n", l.Title(), l.Qty, t.price(l.Total()), t.resellerTag(l))
	}
	o, _ := t.draft(cart, c)
	b.WriteString("\n" + t.msg(text.Subtotal, t.price(o.Subtotal)))
	c.Discount = o.Discount
	if o.Voucher != "" {
		b.WriteString("\n" + t.msg(text.RecapDiscount, o.Voucher, t.price(-o.Discount)))
	} else if v, _, why, attached := t.cartVoucher(cart); attached && why != nil {
		b.WriteString("\n" + t.msg(text.RecapVoucherOff, v.Code, t.voucherWhy(v, why)))
	}
	if c.Delivery == lapak.DeliveryCourier {
		b.WriteString("\n" + t.msg(text.Shipping, o.Zone, t.price(o.ShippingFee)))
	}
	b.WriteString("\n" + t.msg(text.Total, t.price(o.Total)))
	switch c.Payment {
	case lapak.PayTransfer:
		b.WriteString("\n" + t.msg(text.RecapUniqueCode))
	case lapak.PayQRIS:
		b.WriteString("\n" + t.msg(text.RecapQRIS))
	case lapak.PayGateway:
		b.WriteString("\n" + t.msg(text.RecapGateway))
	}
	if c.For == forDropship {
		b.WriteString("\n\n" + t.msg(text.RecapDropship, c.DropName, "+"+c.DropPhone))
	} else {
		b.WriteString("\n\n" + t.msg(text.RecapName, cust.Name))
		b.WriteString("\n" + t.msg(text.RecapPhone, "+"+cust.Phone))
	}
	if c.Delivery == lapak.DeliveryCourier {
		b.WriteString("\n" + t.msg(text.RecapAddress, c.Address))
	} else {
		b.WriteString("\n" + t.msg(text.RecapPickup, t.e.shop.PickupAddress))
	}
	b.WriteString("\n" + t.msg(text.RecapPayment, payLabel(t.lang, c.Payment)))
	if c.Note != "" {
		b.WriteString("\n" + t.msg(text.RecapNote, c.Note))
	}
	if c.Payment != lapak.PayCOD && t.codLimited(c) {
		b.WriteString("\n" + t.msg(text.CODLimited, t.codRule()))
	}
	b.WriteString("\n\n" + t.msg(text.HintConfirm))
	return b.String()
}

// stockMessage tells which item ran short and how many are left.
func (t *turn) stockMessage(title string, left int) string {
	if left <= 0 {
		return t.msg(text.StockGoneCheckout, title)
	}
	return t.msg(text.StockLeft, left, title)
}

// placeOrder turns the cart into an order, after the customer confirmed.
func (t *turn) placeOrder() error {
	c := t.st.Checkout
	if c == nil || t.st.Step != stepConfirm {
		return t.staleCheckout()
	}
	cust := t.conv.Customer
	// A dropship order needs the buyer's name and phone, not the reseller's.
	named := cust.Name != "" && cust.Phone != ""
	if c.For == forDropship {
		named = c.DropName != "" && c.DropPhone != ""
	}
	if !named || c.Payment == "" || c.Delivery == "" ||
		(c.Delivery == lapak.DeliveryCourier && c.Address == "") || !t.paymentAllowed(c, c.Payment) {
		return t.checkoutNext()
	}
	cart, err := t.tx.Cart(t.ctx, cust.ID)
	if err != nil {
		return err
	}
	if len(cart) == 0 {
		t.reset()
		return t.staleCheckout()
	}
	o, ok := t.draft(cart, c)
	if !ok {
		return t.checkoutNext()
	}
	if o.Discount < c.Discount {
		return t.voucherLost(cart) // the recap promised more off than the voucher gives now
	}
	if (o.PaymentMethod == lapak.PayTransfer || o.PaymentMethod == lapak.PayQRIS || o.PaymentMethod == lapak.PayGateway) && t.e.shop.OrderTTL > 0 {
		exp := t.now().Add(t.e.shop.OrderTTL)
		o.ExpiresAt = &exp
	}
	seller, attributed, err := t.orderReseller(&o)
	if err != nil {
		return err
	}
	err = t.tx.PlaceOrder(t.ctx, &o)
	var se *lapak.StockError
	if errors.As(err, &se) {
		t.reset()
		return t.showCart(t.stockMessage(se.Title, se.Available))
	}
	var ve *lapak.VoucherError
	if errors.As(err, &ve) {
		return t.voucherLost(cart) // another order took the last use meanwhile
	}
	if err != nil {
		return err
	}
	if o.Delivery == lapak.DeliveryCourier {
		a := lapak.Address{CustomerID: cust.ID, Text: o.Address, Zone: o.Zone, LastUsedAt: t.now()}
		if err := t.tx.SaveAddress(t.ctx, &a); err != nil {
			return err
		}
	}
	if err := t.tx.ClearCart(t.ctx, cust.ID); err != nil {
		return err
	}
	if err := t.tx.SetCartVoucher(t.ctx, cust.ID, 0); err != nil {
		return err // a code goes with the cart it was for
	}
	t.reset()
	t.st.LastOrder, t.st.Draft = o.Number, nil
	body, image := t.placedText(o)
	t.sendOut(lapak.Outbound{Text: body, Image: image, Choices: []lapak.Choice{
		{ID: "order:" + o.Number, Label: t.msg(text.BtnOrderDetail)},
		{ID: "cats", Label: t.msg(text.BtnContinue)},
	}})
	l := t.e.shop.Language
	note, choices := t.adminOrderText(o), deskChoices(l, o)
	if len(choices) > 0 {
		note += "\n" + text.Get(l, text.DeskNoticeHint, o.Number)
	}
	t.notifyAdminsWith(note, choices)
	if attributed {
		t.notifyReseller(seller, o)
	}
	return t.lowStockAfterOrder(cart)
}

// draft is the order the checkout would place from cart: the cart's items,
// the zone's fee and the totals by Order.ComputeTotals, the one breakdown
// the recap, the COD limit and the placed order all read. ok is false for
// a courier order whose zone the shop no longer has.
func (t *turn) draft(cart lapak.Cart, c *checkoutState) (o lapak.Order, ok bool) {
	cust := t.conv.Customer
	o = lapak.Order{
		CustomerID:    cust.ID,
		Status:        lapak.StatusPendingPayment,
		Delivery:      c.Delivery,
		Recipient:     cust.Name,
		Phone:         cust.Phone,
		PaymentMethod: c.Payment,
		Note:          c.Note,
		Referrer:      cust.Referrer,
	}
	if c.For == forDropship {
		o.Recipient, o.Phone, o.Dropship = c.DropName, c.DropPhone, true
	}
	for _, l := range cart {
		o.Items = append(o.Items, lapak.OrderItem{VariantID: l.VariantID, SKU: l.SKU, ProductName: l.ProductName,
			VariantName: l.VariantName, UnitPrice: l.UnitPrice, Qty: l.Qty})
	}
	ok = true
	if c.Delivery == lapak.DeliveryCourier {
		var z lapak.Zone
		z, ok = t.zone(c.Zone)
		o.Zone, o.ShippingFee, o.Address = z.Name, z.Fee, c.Address
	} else {
		o.Address = t.e.shop.PickupAddress
	}
	if v, off, why, attached := t.cartVoucher(cart); attached && why == nil && off > 0 {
		o.Voucher, o.Discount = v.Code, off
	}
	o.ComputeTotals()
	return o, ok
}

// paymentText tells how to pay an unpaid order; image is the QR to scan
// for a QRIS order ("" otherwise).
func (t *turn) paymentText(o lapak.Order) (body, image string) {
	var b strings.Builder
	switch o.PaymentMethod {
	case lapak.PayQRIS:
		b.WriteString(t.msg(text.PayQRISTotal, t.price(o.Total)))
		image = t.qrisImage(o)
		if image == "" {
			b.WriteString("\n" + t.msg(text.QRISUnavailable))
			break
		}
		b.WriteString("\n" + t.msg(text.QRISHow))
		if o.ExpiresAt != nil {
			b.WriteString("\n\n" + t.msg(text.PayBefore, formatTime(t.lang, o.ExpiresAt.In(t.e.loc))))
		}
		b.WriteString("\n" + t.msg(text.QRISProof))
	case lapak.PayTransfer:
		b.WriteString(t.msg(text.PayTransferTotal, t.price(o.Total)))
		if o.UniqueCode > 0 {
			b.WriteString("\n" + t.msg(text.UniqueCodeWhy, o.UniqueCode.Digits()))
		}
		b.WriteString("\n\n" + t.msg(text.BankTitle))
		for _, a := range t.e.shop.BankAccounts {
			b.WriteString("\n" + t.msg(text.BankLine, a.Bank, a.Number, a.Holder))
		}
		if o.ExpiresAt != nil {
			b.WriteString("\n\n" + t.msg(text.PayBefore, formatTime(t.lang, o.ExpiresAt.In(t.e.loc))))
		}
		b.WriteString("\n" + t.msg(text.SendProof))
	case lapak.PayCOD:
		b.WriteString(t.msg(text.PayCODTotal, t.price(o.Total)))
	case lapak.PayGateway:
		t.gatewayText(&b, o)
	default:
		b.WriteString(t.msg(text.Total, t.price(o.Total)))
	}
	return b.String(), image
}

// qrisImage is the image reference of the QR that pays exactly o.Total, or
// "" when the shop has no (valid) QRIS: bot.LoadImage draws "qris:PAYLOAD".
// No unique code is needed: each order's QR carries its own amount.
func (t *turn) qrisImage(o lapak.Order) string {
	q, err := lapak.ParseQRIS(t.e.shop.QRIS)
	if err != nil {
		t.e.log.Warn("flows: no QRIS for order", "order", o.Number, "err", err)
		return ""
	}
	payload, err := q.Dynamic(o.Total)
	if err != nil {
		t.e.log.Warn("flows: no QRIS for order", "order", o.Number, "err", err)
		return ""
	}
	return lapak.QRISImagePrefix + payload
}

func (t *turn) placedText(o lapak.Order) (string, string) {
	var b strings.Builder
	b.WriteString(t.msg(text.Placed, o.Number) + "\n\n")
	pay, image := t.paymentText(o)
	b.WriteString(pay)
	if o.Delivery == lapak.DeliveryPickup {
		b.WriteString("\n\n" + t.msg(text.RecapPickup, o.Address))
	}
	return b.String(), image
}

// adminOrderText is the new-order note for the seller, in the shop's language.
func (t *turn) adminOrderText(o lapak.Order) string {
	l := t.e.shop.Language
	var b strings.Builder
	b.WriteString(text.Get(l, text.AdminNewOrder, o.Number, t.who()) + "\n")
	for _, it := range o.Items {
		fmt.Fprintf(&b, "• %s × %d = %s\n", it.Title(), it.Qty, t.price(it.Total()))
	}
	method := payLabel(l, o.PaymentMethod)
	switch o.PaymentMethod { // the customer's label explains paying, the seller needs no help
	case lapak.PayQRIS:
		method = text.Get(l, text.PayQRISShort)
	case lapak.PayGateway:
		method = text.Get(l, text.PayGatewayShort)
	}
	if o.Discount > 0 {
		b.WriteString(text.Get(l, text.RecapDiscount, o.Voucher, t.price(-o.Discount)) + "\n")
	}
	b.WriteString(text.Get(l, text.Total, t.price(o.Total)) + " (" + method + ")\n")
	if o.Delivery == lapak.DeliveryCourier {
		b.WriteString(text.Get(l, text.RecapAddress, o.Zone+" – "+o.Address))
	} else {
		b.WriteString(text.Get(l, text.AdminPickup))
	}
	if o.Note != "" {
		b.WriteString("\n" + text.Get(l, text.RecapNote, o.Note))
	}
	if o.Dropship {
		if r, mine, err := t.mine(); err == nil && mine {
			b.WriteString("\n" + text.Get(l, text.AdminDropship, r.Name, "+"+r.Phone, o.Number))
		}
	}
	if o.Reseller.ID != 0 {
		name := o.Reseller.Code
		if r, err := t.tx.Reseller(t.ctx, o.Reseller.ID); err == nil {
			name = r.Name
		}
		b.WriteString("\n" + text.Get(l, text.AdminOrderReseller, name, o.Reseller.Code, sourceWords(l, o.Reseller.Source)))
	}
	return b.String()
}

// stripPhoneLabels drops the words that introduce a phone number: "Dwi, no
// hp" -> "Dwi".
func stripPhoneLabels(s string) string {
	ws := strings.Fields(s)
	for len(ws) > 1 && phoneLabels[normalize(ws[len(ws)-1])] {
		ws = ws[:len(ws)-1]
	}
	return strings.Join(ws, " ")
}

var phoneLabels = wordSet("no", "nomor", "hp", "wa", "telp", "nomer", "whatsapp", "dan", "and", "nya", "noHP", "no.")

// editTarget changes one thing from the recap: "ganti alamat", or with
// the new value at once: "ganti nama jadi Dwi Lestari", "no hp nya ganti
// 0857…".
func (t *turn) editTarget(target, text string) error {
	c := t.st.Checkout
	if c == nil {
		return t.staleCheckout()
	}
	c.Reused = false
	switch target {
	case "name":
		if n := understand.Name(newValue(text)); newValue(text) != "" && validName(n) {
			t.conv.Customer.Name = n
			return t.checkoutNext()
		}
		c.EditName = true
	case "phone":
		if p, _, _, ok := understand.FindPhone(text); ok {
			t.conv.Customer.Phone = p
			return t.checkoutNext()
		}
		c.EditPhone = true
	case "address":
		if c.Delivery == lapak.DeliveryCourier {
			c.Address = ""
			return t.checkoutNext()
		}
		c.Delivery, c.Zone, c.Address = "", "", ""
	case "delivery":
		c.Delivery, c.Zone, c.Address, c.Payment = "", "", "", ""
	case "payment":
		c.Payment = ""
	case "cart":
		t.reset()
		return t.showCart("")
	default:
		return t.editMenu()
	}
	return t.checkoutNext()
}

// addressAsDelivery takes an address typed where the zone was asked
// ("kirim ke Jl. Mawar 1, Depok"): with a zone that lists its city, both
// are known at once.
func (t *turn) addressAsDelivery(raw string) bool {
	c := t.st.Checkout
	if c == nil || utf8.RuneCountInString(raw) < 15 || !strings.ContainsAny(raw, "0123456789") {
		return false
	}
	i, ok := t.zoneIn(raw)
	if !ok {
		return false
	}
	addr, problem := validAddress(understand.Address(raw))
	if problem != text.None {
		return false
	}
	z := t.e.shop.Zones[i]
	a := lapak.Address{CustomerID: t.conv.Customer.ID, Text: addr, Zone: z.Name, LastUsedAt: t.now()}
	if err := t.tx.SaveAddress(t.ctx, &a); err != nil {
		t.err = err
		return true
	}
	c.Delivery, c.Zone, c.Address = lapak.DeliveryCourier, z.Name, addr
	return true
}

// recapChange applies a delivery or payment named at the recap ("ambil
// sendiri aja", "cod aja", "kirim ke Bandung"), and reports whether one was.
func (t *turn) recapChange(raw string) bool {
	c := t.st.Checkout
	if c == nil {
		return false
	}
	switch {
	case understand.PickupWords(raw) && t.e.shop.PickupAddress != "" && c.Delivery != lapak.DeliveryPickup:
		c.Delivery, c.Zone, c.Address, c.Reused = lapak.DeliveryPickup, "", "", false
		return true
	case c.Delivery == lapak.DeliveryPickup && len(t.e.shop.Zones) > 0 && understand.DeliveryWords(raw):
		c.Delivery, c.Reused = "", false // "mau dikirim aja kak": delivery is asked next
		return true
	case understand.PaymentIn(raw) != "" && understand.PaymentIn(raw) != c.Payment && t.paymentAllowed(c, understand.PaymentIn(raw)):
		c.Payment, c.Reused = understand.PaymentIn(raw), false
		return true
	}
	return false
}

// newValue is what follows "jadi", "ke" or ":" in an edit ("ganti nama jadi
// Dwi Lestari" -> "Dwi Lestari"), or "".
func newValue(text string) string {
	low := strings.ToLower(text)
	for _, sep := range []string{" jadi ", " menjadi ", " jd ", ":", " ke ", " to ", " harusnya ", " seharusnya ", " yang benar ", " yg benar ",
		" yang bener ", " yg bener ", " should be ", " it's ", " its "} {
		if i := strings.LastIndex(low, sep); i >= 0 {
			return strings.TrimSpace(text[i+len(sep):])
		}
	}
	return ""
}

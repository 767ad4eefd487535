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

// orderForm handles a pasted order form: the items go into the cart, the
// name and phone onto the customer, delivery, address, payment and note
// into a draft checkout, and the conversation goes straight to the recap,
// asking only for what is missing.
func (t *turn) orderForm(f understand.Form) error {
	c := &checkoutState{}
	if t.st.Draft != nil {
		*c = *t.st.Draft
	}
	var notes []string
	cust := &t.conv.Customer
	switch {
	case f.Name != "" && validName(f.Name):
		cust.Name = f.Name
	case f.Name != "":
		notes = append(notes, t.msg(text.FormNameBad, quote(f.Name)))
	}
	switch {
	case f.Phone != "":
		cust.Phone = f.Phone
	case f.PhoneBad:
		notes = append(notes, t.msg(text.FormPhoneBad))
	}
	var courier string
	switch {
	case f.Pickup && t.e.shop.PickupAddress != "":
		c.Delivery, c.Zone, c.Address = lapak.DeliveryPickup, "", ""
	default:
		if i, ok := t.zoneIn(f.Delivery); ok {
			c.Delivery, c.Zone = lapak.DeliveryCourier, t.e.shop.Zones[i].Name
		} else if i, ok := t.zoneIn(f.Address); ok {
			c.Delivery, c.Zone = lapak.DeliveryCourier, t.e.shop.Zones[i].Name
		} else if len(t.e.shop.Zones) == 1 && (f.Address != "" || f.Delivery != "") {
			c.Delivery, c.Zone = lapak.DeliveryCourier, t.e.shop.Zones[0].Name
		}
		if f.Delivery != "" && !t.isZoneName(f.Delivery) {
			courier = f.Delivery // "JNE REG": passed on to the seller
		}
		if f.Address != "" {
			addr, problem := validAddress(f.Address)
			if problem != text.None {
				notes = append(notes, t.msg(text.FormAddressBad, t.msg(problem)))
			} else {
				c.Address = addr
			}
		}
	}
	if f.Payment != "" {
		c.Payment = f.Payment
	}
	var note []string
	if courier != "" {
		note = append(note, t.msg(text.NoteCourier, courier))
	}
	if f.Note != "" {
		note = append(note, f.Note)
	}
	if len(note) > 0 {
		c.Note = clip(strings.Join(note, "; "), 300)
	}
	t.st.Draft = c
	t.then = "checkout"
	head := t.msg(text.FormRead) + t.formSummary(c)
	if len(notes) > 0 {
		head += "\n" + strings.Join(notes, "\n")
	}
	if len(f.Items) == 0 {
		cart, err := t.tx.Cart(t.ctx, cust.ID)
		if err != nil {
			return err
		}
		if len(cart) == 0 {
			t.then = ""
			t.send(head+"\n\n"+t.msg(text.FormNoItems), t.categoryChoices()...)
			return nil
		}
		t.send(head)
		t.then = ""
		return t.startCheckout()
	}
	return t.orderMany(f.Items, head)
}

// formSummary lists what a form gave, so the customer sees it was read
// right (and the fee) before the questions that remain.
func (t *turn) formSummary(c *checkoutState) string {
	var lines []string
	cust := t.conv.Customer
	if cust.Name != "" {
		lines = append(lines, t.msg(text.RecapName, cust.Name))
	}
	if cust.Phone != "" {
		lines = append(lines, t.msg(text.RecapPhone, "+"+cust.Phone))
	}
	switch {
	case c.Delivery == lapak.DeliveryPickup:
		lines = append(lines, t.msg(text.RecapPickup, t.e.shop.PickupAddress))
	case c.Delivery == lapak.DeliveryCourier && c.Address != "":
		lines = append(lines, t.msg(text.RecapAddress, c.Address))
		if z, ok := t.zone(c.Zone); ok {
			lines = append(lines, t.msg(text.Shipping, z.Name, t.price(z.Fee)))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return "\n" + strings.Join(lines, "\n")
}

// areaIn finds the zone one of whose cities or areas text names (the
// last one named, as in an address).
func (t *turn) areaIn(text string) (int, bool) { return t.areaOf(placeWords(text)) }

func (t *turn) areaOf(ws []string) (int, bool) {
	best, at := -1, -1
	for zi, z := range t.e.shop.Zones {
		for _, a := range z.Areas {
			if p := lastIndexWords(ws, understand.Tokens(a)); p > at {
				best, at = zi, p
			}
		}
	}
	return best, best >= 0
}

// placeWords are text's words with places written the common way ("jogja"
// is Yogyakarta).
func placeWords(text string) []string {
	ws := understand.Tokens(text)
	for i, w := range ws {
		if a, ok := placeAliases[w]; ok {
			ws[i] = a
		}
	}
	return strings.Fields(strings.Join(ws, " "))
}

// isZoneName reports whether text is just the name of a zone ("Jabodetabek").
func (t *turn) isZoneName(text string) bool {
	n := normalize(text)
	for _, z := range t.e.shop.Zones {
		if normalize(z.Name) == n {
			return true
		}
	}
	return false
}

// zoneIn finds the courier zone a place or an address is in: by the cities
// a zone lists (LAPAK_DELIVERY_ZONES "Jabodetabek=10000: Jakarta, Depok"),
// else by the zone's own name. In an address the city comes last, so the
// last place named wins ("Medan Satria, Bekasi" is Bekasi).
func (t *turn) zoneIn(text string) (int, bool) {
	ws := placeWords(text)
	if i, ok := t.areaOf(ws); ok {
		return i, true
	}
	best, at := -1, -1
	// By the zone's own name: the one naming the most words ("luar jawa"
	// over "jawa"), then the last.
	size := 0
	for zi, z := range t.e.shop.Zones {
		zw := understand.Tokens(z.Name)
		if p := lastIndexWords(ws, zw); p >= 0 && (len(zw) > size || len(zw) == size && p > at) {
			best, at, size = zi, p, len(zw)
		}
	}
	return best, best >= 0
}

// placeAliases are how people write places: "jogja" is Yogyakarta.
var placeAliases = func() map[string]string {
	m := map[string]string{
		"jkt": "jakarta", "jakarta": "jakarta", "dki": "jakarta", "jaksel": "jakarta selatan", "jakbar": "jakarta barat",
		"jaktim": "jakarta timur", "jakut": "jakarta utara", "jakpus": "jakarta pusat", "jogja": "yogyakarta", "jogjakarta": "yogyakarta",
		"yogya": "yogyakarta", "djogja": "yogyakarta", "diy": "yogyakarta", "jogya": "yogyakarta", "sby": "surabaya", "bdg": "bandung",
		"smg": "semarang", "mlg": "malang", "tangsel": "tangerang selatan", "tgr": "tangerang", "tng": "tangerang", "bks": "bekasi",
		"bgr": "bogor", "dpk": "depok", "mdn": "medan", "mks": "makassar", "makasar": "makassar", "dps": "denpasar", "plg": "palembang",
		"bpp": "balikpapan", "surakarta": "solo", "slo": "solo", "jabar": "jawa barat", "jateng": "jawa tengah", "jatim": "jawa timur",
		"jabodetabek": "jabodetabek", "jabotabek": "jabodetabek", "bali": "bali", "sumut": "sumatera utara", "kalsel": "kalimantan selatan",
	}
	out := map[string]string{}
	for k, v := range m {
		out[normalize(k)] = normalize(v)
	}
	return out
}()

// lastIndexWords is the last position where want appears in ws, or -1.
func lastIndexWords(ws, want []string) int {
	if len(want) == 0 {
		return -1
	}
	for i := len(ws) - len(want); i >= 0; i-- {
		ok := true
		for j, w := range want {
			if ws[i+j] != w {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// reorder fills the cart from the customer's last order, with today's
// prices and stock: "pesan lagi kayak kemarin".
func (t *turn) reorder(r understand.Reading) error {
	orders, err := t.tx.CustomerOrders(t.ctx, t.conv.Customer.ID, 10)
	if err != nil {
		return err
	}
	var last *lapak.Order
	for i := range orders {
		if s := orders[i].Status; s != lapak.StatusCancelled && s != lapak.StatusExpired {
			last = &orders[i]
			break
		}
	}
	if last == nil && len(orders) > 0 {
		last = &orders[0]
	}
	if last == nil {
		t.send(t.msg(text.ReorderNone), t.categoryChoices()...)
		return nil
	}
	cart, err := t.tx.Cart(t.ctx, t.conv.Customer.ID)
	if err != nil {
		return err
	}
	t.reset()
	var added, notes []string
	for _, it := range last.Items {
		p, err := t.tx.ProductOfVariant(t.ctx, it.VariantID)
		if notFound(err) {
			notes = append(notes, t.msg(text.ItemGone, it.Title()))
			continue
		}
		if err != nil {
			return err
		}
		var v lapak.Variant
		for _, x := range p.Variants {
			if x.ID == it.VariantID {
				v = x
			}
		}
		qty := it.Qty
		switch n, ok := reorderQty(r, p, len(last.Items)); {
		case ok && r.Times:
			qty *= n // "order yg kemaren, 2x lipat"
		case ok:
			qty = n // "pesan lagi kayak kemarin tapi 3", "…tapi nastarnya 3 aja"
		}
		res, err := t.put(&cart, p, v, qty)
		if err != nil {
			return err
		}
		title := lapak.ItemTitle(p.Name, v.Name)
		switch res.outcome {
		case putAdded:
			added = append(added, fmt.Sprintf("• %d × %s = %s", qty, title, t.price(v.Price.Mul(qty))))
			t.st.Topic = p.ID
		case putSoldOut:
			notes = append(notes, t.msg(text.ItemSoldOut, title))
		case putShort:
			notes = append(notes, t.msg(text.ItemShort, title, max(v.Stock-res.have, 0)))
		default:
			notes = append(notes, t.msg(text.ItemQtyBad, title, t.msg(text.QtyTooBig, lapak.MaxQuantity)))
		}
	}
	// "kayak kemarin ya kak, tambah kastengel 1": more beside the last order.
	for _, it := range r.Items {
		if !resolved(it) || slices.ContainsFunc(last.Items, func(x lapak.OrderItem) bool {
			return slices.ContainsFunc(it.Match.Hits[0].Product.Variants, func(v lapak.Variant) bool { return v.ID == x.VariantID })
		}) {
			continue // "nastarnya kemarin enak": already in the last order
		}
		p, v, err := t.itemVariant(it.Match.Hits[0])
		if err != nil || v == nil {
			continue
		}
		qty := max(qtyOf(it), 1)
		if res, err := t.put(&cart, p, *v, qty); err != nil {
			return err
		} else if res.outcome == putAdded {
			added = append(added, fmt.Sprintf("• %d × %s = %s", qty, lapak.ItemTitle(p.Name, v.Name), t.price(v.Price.Mul(qty))))
		}
	}
	var b strings.Builder
	b.WriteString(t.msg(text.ReorderTitle, last.Number, formatDate(t.lang, last.CreatedAt.In(t.e.loc))))
	if len(added) > 0 {
		b.WriteString("\n" + strings.Join(added, "\n"))
	}
	if len(notes) > 0 {
		b.WriteString("\n" + strings.Join(notes, "\n"))
	}
	b.WriteString("\n" + t.msg(text.Subtotal, t.price(cart.Subtotal())))
	if len(added) == 0 {
		t.send(b.String(), t.categoryChoices()...)
		return nil
	}
	if r.SameAddress {
		// "…kirim ke alamat yang sama": on to the recap, sent as last time.
		t.lead = b.String()
		return t.startCheckout()
	}
	t.send(b.String(), t.addedChoices()...)
	return nil
}

// reorderQty is the count a re-order message gives for product p of the
// last order: "tapi nastarnya 3 aja" for its line, a bare "tapi 3" when
// the order had one line.
func reorderQty(r understand.Reading, p lapak.Product, lines int) (int, bool) {
	for _, it := range r.Items {
		if resolved(it) && it.Match.Hits[0].Product.ID == p.ID && it.HasQty && it.Qty.Problem == understand.QtyOK {
			return it.Qty.N, true
		}
	}
	if r.HasQty && r.Qty.Problem == understand.QtyOK && lines == 1 {
		return r.Qty.N, true
	}
	return 0, false
}

// restock answers "kabari kalau ready ya": the customer gets one message
// when the product (the one named, or the one they looked at) is back.
func (t *turn) restock(r understand.Reading) error {
	id := t.st.Topic
	// Words the catalog does not know ("colek aku kalo restock bestie")
	// are talk: the product is the one named, else the one in view.
	items := slices.DeleteFunc(slices.Clone(r.Items), func(it understand.Item) bool { return !it.Match.Found() })
	if len(items) == 0 && id == 0 && len(r.Items) > 0 {
		return t.notFound(r.Items[0])
	}
	if len(items) > 0 {
		it := items[0]
		if !resolved(it) {
			return t.listHits(t.msg(text.SearchMany), it.Match.Hits, 0)
		}
		id = it.Match.Hits[0].Product.ID
	}
	if id == 0 {
		t.send(t.msg(text.AskWhichProduct), t.categoryChoices()...)
		return nil
	}
	return t.watchRestock(id)
}

func (t *turn) watchRestock(id int64) error {
	p, ok, err := t.loadProduct(id)
	if !ok {
		return err
	}
	t.st.Topic = p.ID
	if p.InStock() {
		t.send(t.msg(text.RestockInStock, p.Name), t.addChoices(p, nil, 0)...)
		return nil
	}
	if err := t.tx.WatchRestock(t.ctx, t.conv.Customer.ID, p.ID, t.now()); err != nil {
		return err
	}
	t.send(t.msg(text.RestockOk, p.Name), lapak.Choice{ID: "cats", Label: t.msg(text.BtnCatalog)}, lapak.Choice{ID: "menu", Label: t.msg(text.BtnMenu)})
	return nil
}

// RestockNotice is the one message a customer who asked to be told gets
// when a sold-out product has stock again.
func (e *Engine) RestockNotice(p lapak.Product, c lapak.Customer) []lapak.Envelope {
	t := &turn{e: e, lang: e.langOf(c)}
	var choices []lapak.Choice
	for _, v := range p.Variants {
		if v.InStock() && len(choices) < 4 {
			label := t.msg(text.BtnAdd)
			if v.Name != "" {
				label = t.msg(text.BtnAddVariant, v.Name)
			}
			choices = append(choices, lapak.Choice{ID: "var:" + strconv.FormatInt(v.ID, 10), Label: label})
		}
	}
	choices = append(choices, lapak.Choice{ID: fmt.Sprintf("prod:%d", p.ID), Label: t.msg(text.BtnDetail)})
	// Bulk, like a promo: its own lane, paced with the promos, and never
	// sent twice after a crash (see bot/sender.go).
	return []lapak.Envelope{{To: c.Identity(), Class: lapak.PaceBulk,
		Msg: lapak.Outbound{Text: t.msg(text.RestockBack, p.Name, t.priceText(p)), Choices: choices, Image: p.Image}}}
}

func itoa(i int) string { return strconv.Itoa(i) }

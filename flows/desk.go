package flows

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// The seller's order desk: commands that only configured admins may run.
// Everyone else, admins included for anything that is not a desk command,
// gets the ordinary customer conversation.

// deskCmd is one parsed desk command.
type deskCmd struct {
	name string   // canonical English name: help, orders, paid, reject, …
	args []string // the words after the command
	rest string   // the text after the command, as typed (reasons)
}

// deskNames maps every spelling (Indonesian first, English aliases) to the
// canonical command.
var deskNames = map[string]string{
	"bantuan": "help", "help": "help",
	"pesanan": "orders", "orders": "orders", "order": "orders",
	"lunas": "paid", "paid": "paid",
	"tolak": "reject", "reject": "reject",
	"proses": "process", "process": "process",
	"kirim": "ship", "ship": "ship",
	"selesai": "done", "done": "done",
	"batal": "cancel", "cancel": "cancel",
	"stok": "stock", "stock": "stock",
	"harga": "price", "price": "price",
	"rekap": "recap", "recap": "recap",
	"cek": "check", "check": "check",
}

// deskUsage is how each canonical command is written.
var deskUsage = map[string]text.Key{
	"help": text.DeskUseHelp, "orders": text.DeskUseOrders, "paid": text.DeskUsePaid, "reject": text.DeskUseReject,
	"process": text.DeskUseProcess, "ship": text.DeskUseShip, "done": text.DeskUseDone, "cancel": text.DeskUseCancel,
	"stock": text.DeskUseStock, "price": text.DeskUsePrice, "recap": text.DeskUseRecap, "check": text.DeskUseCheck,
}

// deskStatuses maps the /pesanan filter words to statuses.
var deskStatuses = map[string][]lapak.OrderStatus{
	"baru": {lapak.StatusPendingPayment}, "menunggu": {lapak.StatusPendingPayment}, "new": {lapak.StatusPendingPayment},
	"pending": {lapak.StatusPendingPayment}, "unpaid": {lapak.StatusPendingPayment},
	"dibayar": {lapak.StatusPaid}, "lunas": {lapak.StatusPaid}, "paid": {lapak.StatusPaid},
	"diproses": {lapak.StatusProcessing}, "proses": {lapak.StatusProcessing}, "processing": {lapak.StatusProcessing},
	"dikirim": {lapak.StatusShipped}, "kirim": {lapak.StatusShipped}, "shipped": {lapak.StatusShipped},
	"selesai": {lapak.StatusCompleted}, "completed": {lapak.StatusCompleted}, "done": {lapak.StatusCompleted},
	"batal": {lapak.StatusCancelled}, "dibatalkan": {lapak.StatusCancelled}, "cancelled": {lapak.StatusCancelled}, "canceled": {lapak.StatusCancelled},
	"kedaluwarsa": {lapak.StatusExpired}, "expired": {lapak.StatusExpired},
}

// openStatuses are what /pesanan lists without a filter.
var openStatuses = []lapak.OrderStatus{lapak.StatusPendingPayment, lapak.StatusPaid, lapak.StatusProcessing, lapak.StatusShipped}

// deskOrderNumber returns arg as an order number when arg is exactly one.
func deskOrderNumber(arg string) string {
	if len(arg) > 8 {
		return ""
	}
	return findOrderNumber(arg)
}

// parseDesk reads a desk command: slash optional, case-insensitive. With a
// slash any desk word is a command (bad arguments get a usage reply); without
// one the words are ordinary chat too ("proses", "batal", "kirim ke Depok"),
// so only a command's exact shape counts.
func parseDesk(raw string) (deskCmd, bool) {
	s := strings.TrimSpace(raw)
	slash := strings.HasPrefix(s, "/")
	s = strings.TrimSpace(strings.TrimPrefix(s, "/"))
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return deskCmd{}, false
	}
	word := fields[0]
	rest := strings.TrimSpace(s[len(word):])
	if i := strings.IndexByte(word, '@'); i > 0 && slash {
		word = word[:i] // Telegram's "/lunas@TokoBot" in groups
	}
	name, ok := deskNames[strings.ToLower(word)]
	if !ok {
		return deskCmd{}, false
	}
	c := deskCmd{name: name, args: fields[1:], rest: rest}
	if slash {
		return c, true
	}
	n := len(c.args)
	switch name {
	case "help", "recap":
		return c, n == 0
	case "orders":
		return c, n == 0 || n == 1 && (deskStatuses[strings.ToLower(c.args[0])] != nil || deskOrderNumber(c.args[0]) != "")
	case "paid", "process", "done":
		return c, n == 1 && deskOrderNumber(c.args[0]) != ""
	case "reject", "cancel":
		return c, n >= 2 && deskOrderNumber(c.args[0]) != ""
	case "ship":
		return c, n == 3 && deskOrderNumber(c.args[0]) != ""
	case "stock":
		_, err := strconv.Atoi(c.args[len(c.args)-1])
		return c, n == 2 && err == nil
	case "price":
		_, err := lapak.ParseMoney(strings.Join(c.args[1:], " "))
		return c, n >= 2 && err == nil
	case "check":
		_, err := lapak.ParseMoney(rest)
		return c, n >= 1 && err == nil
	}
	return deskCmd{}, false
}

// deskTurn is a desk command being run by an admin.
type deskTurn struct {
	*turn
	cmd deskCmd
}

// desk runs raw as a desk command when the sender is an admin and it is
// one; done is false otherwise, and the customer conversation goes on.
func (t *turn) desk(raw string) (done bool, err error) {
	if !t.e.shop.IsAdmin(t.conv.Inbound.From()) {
		return false, nil
	}
	cmd, ok := parseDesk(raw)
	if !ok {
		return false, nil
	}
	t.reset()
	d := &deskTurn{turn: t, cmd: cmd}
	switch cmd.name {
	case "help":
		t.send(t.msg(text.Help) + "\n\n" + t.msg(text.DeskHelp))
		return true, nil
	case "orders":
		return true, d.orders()
	case "paid":
		return true, d.move(lapak.StatusPaid)
	case "process":
		return true, d.move(lapak.StatusProcessing)
	case "ship":
		return true, d.move(lapak.StatusShipped)
	case "done":
		return true, d.move(lapak.StatusCompleted)
	case "cancel":
		return true, d.move(lapak.StatusCancelled)
	case "reject":
		return true, d.reject()
	case "stock":
		return true, d.stock()
	case "price":
		return true, d.price()
	case "recap":
		return true, d.recap()
	case "check":
		return true, d.check()
	}
	return false, nil
}

// usage replies with the right way to write the command.
func (d *deskTurn) usage() error {
	d.send(d.msg(text.DeskUsage, d.msg(deskUsage[d.cmd.name])))
	return nil
}

func (d *deskTurn) audit(target, before, after string) error {
	return d.tx.Audit(d.ctx, lapak.AuditEntry{Actor: d.conv.Inbound.From(), Command: d.cmd.name,
		Target: target, Before: before, After: after, At: d.now()})
}

// orderArg reads the order number argument; ok is false after a reply.
func (d *deskTurn) orderArg() (lapak.Order, bool, error) {
	if len(d.cmd.args) == 0 || deskOrderNumber(d.cmd.args[0]) == "" {
		return lapak.Order{}, false, d.usage()
	}
	num := deskOrderNumber(d.cmd.args[0])
	o, err := d.tx.Order(d.ctx, num)
	if notFound(err) {
		d.send(d.msg(text.DeskOrderNotFound, num))
		return lapak.Order{}, false, nil
	}
	return o, err == nil, err
}

// reason is the text after the order number: told to the customer.
func (d *deskTurn) reason() string {
	r := strings.TrimSpace(d.cmd.rest[len(d.cmd.args[0]):])
	return clip(r, 300)
}

func (d *deskTurn) orders() error {
	statuses := openStatuses
	if len(d.cmd.args) > 0 {
		if num := deskOrderNumber(d.cmd.args[0]); num != "" && len(d.cmd.args) == 1 {
			return d.show(num)
		}
		st := deskStatuses[strings.ToLower(d.cmd.args[0])]
		if st == nil || len(d.cmd.args) > 1 {
			return d.usage()
		}
		statuses = st
	}
	const limit = 20
	orders, err := d.tx.OrdersByStatus(d.ctx, statuses, limit)
	if err != nil {
		return err
	}
	names := make([]string, len(statuses))
	for i, s := range statuses {
		names[i] = d.statusText(s)
	}
	if len(orders) == 0 {
		d.send(d.msg(text.DeskNoOrders, strings.Join(names, ", ")))
		return nil
	}
	var b strings.Builder
	b.WriteString(d.msg(text.DeskOrdersTitle, strings.Join(names, ", ")))
	for _, o := range orders {
		fmt.Fprintf(&b, "\n• %s · %s · %s · %s · %s", o.Number, formatTime(d.lang, o.CreatedAt.In(d.e.loc)),
			o.Recipient, d.turn.price(o.Total), d.statusText(o.Status))
	}
	if len(orders) == limit {
		b.WriteString("\n" + d.msg(text.DeskOrdersMore, limit))
	}
	d.send(b.String())
	return nil
}

func (d *deskTurn) show(num string) error {
	o, err := d.tx.Order(d.ctx, num)
	if notFound(err) {
		d.send(d.msg(text.DeskOrderNotFound, num))
		return nil
	}
	if err != nil {
		return err
	}
	c, err := d.tx.CustomerByID(d.ctx, o.CustomerID)
	if err != nil {
		return err
	}
	hist, err := d.tx.OrderHistory(d.ctx, o.ID)
	if err != nil {
		return err
	}
	ship, err := d.tx.Shipment(d.ctx, o.ID)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(d.msg(text.OrderTitle, o.Number, formatTime(d.lang, o.CreatedAt.In(d.e.loc))))
	b.WriteString("\n" + d.msg(text.OrderStatus, d.statusText(o.Status)))
	b.WriteString("\n" + d.msg(text.DeskCustomer, o.Recipient, o.Phone, c.Identity().String()))
	for _, it := range o.Items {
		fmt.Fprintf(&b, "\n• %s (%s) × %d = %s", it.Title(), it.SKU, it.Qty, d.turn.price(it.Total()))
	}
	b.WriteString("\n\n" + d.msg(text.Subtotal, d.turn.price(o.Subtotal)))
	if o.ShippingFee > 0 {
		b.WriteString("\n" + d.msg(text.Shipping, o.Zone, d.turn.price(o.ShippingFee)))
	}
	if o.UniqueCode > 0 {
		b.WriteString("\n" + d.msg(text.UniqueCodeLine, d.turn.price(o.UniqueCode)))
	}
	b.WriteString("\n" + d.msg(text.Total, d.turn.price(o.Total)))
	b.WriteString("\n" + d.msg(text.DeskPayment, payLabel(d.lang, o.PaymentMethod)))
	if o.Delivery == lapak.DeliveryCourier {
		b.WriteString("\n" + d.msg(text.RecapAddress, o.Address))
	} else {
		b.WriteString("\n" + d.msg(text.RecapPickup, o.Address))
	}
	if ship.Courier != "" {
		b.WriteString("\n" + d.msg(text.DeskShipment, ship.Courier, ship.Tracking))
	}
	b.WriteString("\n\n" + d.msg(text.DeskHistory))
	fmt.Fprintf(&b, "\n• %s: %s", formatTime(d.lang, o.CreatedAt.In(d.e.loc)), d.statusText(lapak.StatusPendingPayment))
	for _, h := range hist {
		if h.From == "" {
			continue // the creation event: the line above
		}
		fmt.Fprintf(&b, "\n• %s: %s → %s", formatTime(d.lang, h.At.In(d.e.loc)), d.statusText(h.From), d.statusText(h.To))
	}
	proofs, err := d.tx.Proofs(d.ctx, o.ID)
	if err != nil {
		return err
	}
	out := lapak.Outbound{}
	if len(proofs) > 0 {
		b.WriteString("\n\n" + d.msg(text.DeskProofs, len(proofs)))
		for _, p := range proofs[max(0, len(proofs)-10):] { // the count says if there are more
			b.WriteString("\n" + d.msg(text.DeskProofLine, formatTime(d.lang, p.ReceivedAt.In(d.e.loc)), p.Channel))
		}
		out.Image, out.NoImage = proofs[len(proofs)-1].Image(), d.msg(text.AdminProofNoImage)
	}
	out.Text = b.String()
	d.sendOut(out)
	return nil
}

// shipmentArgs reads "/kirim NUM COURIER TRACKING".
func (d *deskTurn) shipmentArgs() (lapak.Shipment, bool) {
	if len(d.cmd.args) != 3 {
		return lapak.Shipment{}, false
	}
	s := lapak.Shipment{Courier: strings.ToUpper(d.cmd.args[1]), Tracking: strings.ToUpper(d.cmd.args[2])}
	ok := func(v string, n int) bool {
		if v == "" || utf8.RuneCountInString(v) > n {
			return false
		}
		for _, r := range v {
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '&') {
				return false
			}
		}
		return true
	}
	return s, ok(s.Courier, 30) && ok(s.Tracking, 50)
}

// move runs a status change command: /lunas, /proses, /kirim, /selesai, /batal.
func (d *deskTurn) move(to lapak.OrderStatus) error {
	var ship lapak.Shipment
	var reason string
	switch to {
	case lapak.StatusShipped:
		s, ok := d.shipmentArgs()
		if !ok {
			return d.usage()
		}
		ship = s
	case lapak.StatusCancelled:
		if len(d.cmd.args) < 2 {
			return d.usage()
		}
		reason = d.reason()
	default:
		if len(d.cmd.args) != 1 {
			return d.usage()
		}
	}
	o, ok, err := d.orderArg()
	if !ok || err != nil {
		return err
	}
	// The state machine decides under the row lock: of two admins
	// confirming at once, the second finds the order already paid.
	moved, err := d.tx.TransitionOrder(d.ctx, o.Number, to, d.now())
	var te *lapak.TransitionError
	if errors.As(err, &te) {
		if te.From == te.To {
			d.send(d.msg(text.DeskAlready, o.Number, d.statusText(te.From)))
		} else {
			d.send(d.msg(text.DeskIllegal, o.Number, d.statusText(te.From), d.statusText(te.To)))
		}
		return nil
	}
	if err != nil {
		return err
	}
	after := string(moved.Status)
	if to == lapak.StatusShipped {
		if err := d.tx.SetShipment(d.ctx, moved.ID, ship); err != nil {
			return err
		}
		after += " " + ship.Courier + " " + ship.Tracking
	}
	if reason != "" {
		after += ": " + reason
	}
	if err := d.audit(moved.Number, string(o.Status), after); err != nil {
		return err
	}
	c, err := d.tx.CustomerByID(d.ctx, moved.CustomerID)
	if err != nil {
		return err
	}
	lang := d.e.langOf(c)
	var tell string
	switch to {
	case lapak.StatusPaid:
		tell = text.Get(lang, text.CustPaid, moved.Number)
	case lapak.StatusProcessing:
		tell = text.Get(lang, text.CustProcessing, moved.Number)
	case lapak.StatusShipped:
		tell = text.Get(lang, text.CustShipped, moved.Number, ship.Courier, ship.Tracking)
	case lapak.StatusCompleted:
		tell = text.Get(lang, text.CustCompleted, moved.Number)
	case lapak.StatusCancelled:
		tell = text.Get(lang, text.CustCancelled, moved.Number, reason)
	}
	d.tellCustomer(c, tell)
	d.send(d.msg(text.DeskMoved, moved.Number, d.statusText(o.Status), d.statusText(moved.Status), customerName(c)))
	return nil
}

// tellCustomer queues a message to an order's customer, on their channel.
func (d *deskTurn) tellCustomer(c lapak.Customer, text string) {
	d.conv.Notify(c.Identity(), lapak.Outbound{Text: text})
}

func (d *deskTurn) reject() error {
	if len(d.cmd.args) < 2 {
		return d.usage()
	}
	o, ok, err := d.orderArg()
	if !ok || err != nil {
		return err
	}
	if o.Status != lapak.StatusPendingPayment {
		d.send(d.msg(text.DeskRejectNotPending, o.Number, d.statusText(o.Status)))
		return nil
	}
	reason := d.reason()
	if err := d.audit(o.Number, string(o.Status), string(o.Status)+": "+reason); err != nil {
		return err
	}
	c, err := d.tx.CustomerByID(d.ctx, o.CustomerID)
	if err != nil {
		return err
	}
	d.tellCustomer(c, text.Get(d.e.langOf(c), text.CustRejected, o.Number, reason))
	d.send(d.msg(text.DeskRejected, o.Number, reason))
	return nil
}

// skuArgs reads "SKU VALUE".
func (d *deskTurn) skuArgs() (sku, value string, ok bool) {
	if len(d.cmd.args) < 2 {
		return "", "", false
	}
	return strings.ToUpper(d.cmd.args[0]), strings.TrimSpace(d.cmd.rest[len(d.cmd.args[0]):]), true
}

func (d *deskTurn) stock() error {
	sku, value, ok := d.skuArgs()
	if !ok {
		return d.usage()
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 || n > lapak.MaxStock {
		d.send(d.msg(text.DeskBadStock, value, lapak.MaxStock))
		return nil
	}
	before, err := d.tx.SetStock(d.ctx, sku, n)
	if notFound(err) {
		d.send(d.msg(text.DeskSKUNotFound, sku))
		return nil
	}
	if err != nil {
		return err
	}
	was := strconv.Itoa(before.Stock)
	if before.Unlimited {
		was = d.msg(text.DeskUnlimited)
	}
	if err := d.audit(before.SKU, "stock "+stockValue(before), "stock "+strconv.Itoa(n)); err != nil {
		return err
	}
	d.send(d.msg(text.DeskStockSet, before.SKU, was, n))
	if !before.Unlimited {
		p, err := d.tx.Product(d.ctx, before.ProductID)
		if err != nil && !notFound(err) {
			return err
		}
		d.lowStock(lapak.ItemTitle(p.Name, before.Name), before.SKU, before.Stock, n)
	}
	return nil
}

func stockValue(v lapak.Variant) string {
	if v.Unlimited {
		return "unlimited"
	}
	return strconv.Itoa(v.Stock)
}

func (d *deskTurn) price() error {
	sku, value, ok := d.skuArgs()
	if !ok {
		return d.usage()
	}
	p, err := lapak.ParseMoney(value)
	if err != nil || p <= 0 {
		d.send(d.msg(text.DeskBadAmount, value))
		return nil
	}
	before, err := d.tx.SetPrice(d.ctx, sku, p)
	if notFound(err) {
		d.send(d.msg(text.DeskSKUNotFound, sku))
		return nil
	}
	if err != nil {
		return err
	}
	if err := d.audit(before.SKU, "price "+before.Price.Digits(), "price "+p.Digits()); err != nil {
		return err
	}
	d.send(d.msg(text.DeskPriceSet, before.SKU, d.turn.price(before.Price), d.turn.price(p)))
	return nil
}

func (d *deskTurn) check() error {
	if d.cmd.rest == "" {
		return d.usage()
	}
	amount, err := lapak.ParseMoney(d.cmd.rest)
	if err != nil || amount <= 0 {
		d.send(d.msg(text.DeskBadAmount, d.cmd.rest))
		return nil
	}
	orders, err := d.tx.OpenTransfersWithTotal(d.ctx, amount)
	if err != nil {
		return err
	}
	if len(orders) == 0 {
		d.send(d.msg(text.DeskCheckNone, d.turn.price(amount)))
		return nil
	}
	var b strings.Builder
	b.WriteString(d.msg(text.DeskCheckFound, d.turn.price(amount)))
	for _, o := range orders {
		fmt.Fprintf(&b, "\n• %s · %s · %s", o.Number, o.Recipient, formatTime(d.lang, o.CreatedAt.In(d.e.loc)))
	}
	b.WriteString("\n" + d.msg(text.DeskCheckHint, orders[0].Number))
	d.send(b.String())
	return nil
}

// recap sums today's and this week's orders in the shop's time zone.
func (d *deskTurn) recap() error {
	now := d.now().In(d.e.loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, d.e.loc)
	week := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7)) // Monday
	orders, err := d.tx.OrdersCreatedSince(d.ctx, week)
	if err != nil {
		return err
	}
	type sum struct {
		n       int
		revenue lapak.Money
	}
	var day, wk sum
	qty := map[string]int{}
	for _, o := range orders {
		earned := o.Status == lapak.StatusPaid || o.Status == lapak.StatusProcessing ||
			o.Status == lapak.StatusShipped || o.Status == lapak.StatusCompleted
		add := func(s *sum) {
			s.n++
			if earned {
				s.revenue += o.Total
			}
		}
		add(&wk)
		if !o.CreatedAt.Before(today) {
			add(&day)
		}
		if earned {
			for _, it := range o.Items {
				qty[it.Title()] += it.Qty
			}
		}
	}
	titles := make([]string, 0, len(qty))
	for k := range qty {
		titles = append(titles, k)
	}
	sort.Slice(titles, func(a, b int) bool {
		if qty[titles[a]] != qty[titles[b]] {
			return qty[titles[a]] > qty[titles[b]]
		}
		return titles[a] < titles[b]
	})
	var b strings.Builder
	b.WriteString(d.msg(text.DeskRecap, formatDate(d.lang, today), day.n, d.turn.price(day.revenue),
		formatDate(d.lang, week), wk.n, d.turn.price(wk.revenue)))
	if len(titles) > 0 {
		b.WriteString("\n" + d.msg(text.DeskTop))
		for i, k := range titles {
			if i == 5 {
				break
			}
			fmt.Fprintf(&b, "\n%d. %s × %d", i+1, k, qty[k])
		}
	}
	d.send(b.String())
	return nil
}

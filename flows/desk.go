package flows

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
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
	"resi": "resi", "tracking": "resi",
	"selesai": "done", "done": "done",
	"batal": "cancel", "cancel": "cancel",
	"refund": "refund", "retur": "refund",
	// Payouts to resellers (commissions.go); only with a slash.
	"bayar": "payout", "payout": "payout",
	"stok": "stock", "stock": "stock",
	"harga": "price", "price": "price",
	"rekap": "recap", "recap": "recap",
	"cek": "check", "check": "check",
	"slip": "slip", "label": "slip",
	// The catalog from the phone (catalogdesk.go); only with a slash.
	"tambah": "add", "add": "add",
	"foto": "photo", "photo": "photo", "gambar": "photo", "picture": "photo",
	"sembunyikan": "hide", "hide": "hide",
	"tampilkan": "show", "show": "show",
	"ubah": "edit", "edit": "edit",
	"admins": "admins",
	// Vouchers (voucherdesk.go); only with a slash.
	"voucher": "voucher", "vouchers": "voucher", "vocer": "voucher",
	// Promo broadcasts (promodesk.go); only with a slash.
	"promo": "promo", "promos": "promo",
	// Resellers (resellers.go); only with a slash.
	"reseller": "reseller", "resellers": "reseller",
	// The dashboard's login link (dashboard.go); only with a slash.
	"dashboard": "dashboard", "dasbor": "dashboard",
	// A customer's chat taken over, answered and handed back (inboxdesk.go); only with a slash.
	"ambil": "takeover", "takeover": "takeover",
	"lepas": "handback", "handback": "handback", "kembalikan": "handback",
	"balas": "reply", "reply": "reply",
}

// deskUsage is how each canonical command is written.
var deskUsage = map[string]text.Key{
	"help": text.DeskUseHelp, "orders": text.DeskUseOrders, "paid": text.DeskUsePaid, "reject": text.DeskUseReject,
	"process": text.DeskUseProcess, "ship": text.DeskUseShip, "resi": text.DeskUseResi, "done": text.DeskUseDone, "cancel": text.DeskUseCancel,
	"stock": text.DeskUseStock, "price": text.DeskUsePrice, "recap": text.DeskUseRecap, "check": text.DeskUseCheck,
	"slip": text.DeskUseSlip, "refund": text.DeskUseRefund, "payout": text.DeskUsePayout,
	"add": text.DeskUseAdd, "photo": text.DeskUsePhoto, "hide": text.DeskUseHide, "show": text.DeskUseShow, "edit": text.DeskUseEdit,
	"admins": text.DeskUseAdmins,
	// Vouchers.
	"voucher": text.DeskUseVoucher,
	// Promo broadcasts.
	"promo": text.DeskUsePromo,
	// Resellers.
	"reseller": text.DeskUseReseller,
	// The dashboard.
	"dashboard": text.DeskUseDashboard,
	// The inbox.
	"takeover": text.DeskUseTakeover, "handback": text.DeskUseHandback, "reply": text.DeskUseReply,
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
	"refund": {lapak.StatusRefunded}, "refunded": {lapak.StatusRefunded},
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
	case "paid", "process", "done", "slip":
		return c, n == 1 && deskOrderNumber(c.args[0]) != ""
	case "reject", "cancel", "refund":
		return c, n >= 2 && deskOrderNumber(c.args[0]) != ""
	case "ship", "resi":
		return c, n == 3 && deskOrderNumber(c.args[0]) != ""
	case "stock":
		_, err := strconv.Atoi(c.args[len(c.args)-1])
		return c, n == 2 && err == nil
	case "price":
		_, err := lapak.ParsePrice(strings.Join(c.args[1:], " "))
		return c, n >= 2 && err == nil
	case "check":
		_, err := lapak.ParsePrice(rest)
		return c, n >= 1 && err == nil
	}
	return deskCmd{}, false
}

// deskTurn is a desk command being run by an admin. The shop's operations
// run in the turn's transaction; the messages they queue (the customer's
// notice, the admins' alerts) join the outbox after the desk's reply.
type deskTurn struct {
	*turn
	cmd    deskCmd
	queued []lapak.Envelope
}

// opTx is a chat turn's transaction as the shop's operations take it: at
// the message's time, queueing into the desk turn.
type opTx struct {
	lapak.ShopTx
	d *deskTurn
}

func (o opTx) Now() time.Time { return o.d.now() }

func (o opTx) Queue(_ context.Context, envs ...lapak.Envelope) error {
	o.d.queued = append(o.d.queued, envs...)
	return nil
}

func (d *deskTurn) op() opTx { return opTx{ShopTx: d.view(), d: d} }

// by is the admin running the command, as the audit log names them.
func (d *deskTurn) by() shop.Actor { return shop.Admin(d.conv.Inbound.From()) }

// done queues what the operations queued, unless the turn failed.
func (d *deskTurn) done(err error) error {
	if err == nil {
		d.conv.Outbox = append(d.conv.Outbox, d.queued...)
	}
	d.queued = nil
	return err
}

// desk runs raw as a desk command when the sender is an admin and it is
// one; done is false otherwise, and the customer conversation goes on.
func (t *turn) desk(raw string) (done bool, err error) {
	if done, err := t.redeem(raw); done || err != nil {
		return done, err // "/admin CODE", from anyone
	}
	if done, err := t.catalogTurn(raw); done || err != nil {
		return done, err // a product being added takes the admin's answer
	}
	if done, err := t.promoTurn(raw); done || err != nil {
		return done, err // a promo being composed takes the admin's answer
	}
	cmd, ok := parseDesk(raw)
	if !ok {
		return false, nil
	}
	if !t.isAdmin() {
		return false, t.err
	}
	t.reset()
	d := &deskTurn{turn: t, cmd: cmd}
	switch cmd.name {
	case "help":
		t.send(t.msg(text.Help) + "\n\n" + t.msg(text.DeskHelp) + "\n" + t.msg(text.DeskHelpAdmins) + "\n\n" + t.msg(text.DeskHelpCatalog) +
			"\n\n" + t.msg(text.DeskHelpVouchers) + "\n\n" + t.msg(text.DeskHelpPromo) + "\n\n" + t.msg(text.DeskHelpResellers) +
			"\n\n" + t.msg(text.DeskHelpSlip) + "\n" + t.msg(text.DeskHelpRefund) + "\n" + t.msg(text.DeskHelpPayout) +
			"\n\n" + t.msg(text.DeskHelpInbox) + "\n\n" + t.msg(text.DeskHelpDashboard))
		return true, nil
	case "orders":
		return true, d.orders()
	case "paid":
		return true, d.done(d.move(lapak.StatusPaid))
	case "process":
		return true, d.done(d.move(lapak.StatusProcessing))
	case "ship":
		return true, d.done(d.move(lapak.StatusShipped))
	case "done":
		return true, d.done(d.move(lapak.StatusCompleted))
	case "cancel":
		return true, d.done(d.move(lapak.StatusCancelled))
	case "refund":
		return true, d.done(d.move(lapak.StatusRefunded))
	case "payout":
		if !d.owner() {
			return true, d.err
		}
		return true, d.done(d.payout())
	case "resi":
		return true, d.done(d.resi())
	case "reject":
		return true, d.done(d.reject())
	case "stock":
		return true, d.done(d.stock())
	case "price":
		return true, d.done(d.price())
	case "recap":
		return true, d.recap()
	case "check":
		return true, d.check()
	case "slip":
		return true, d.slip()
	case "add":
		return true, d.done(d.add())
	case "photo":
		return true, d.done(d.photo())
	case "hide":
		return true, d.done(d.hide(true))
	case "show":
		return true, d.done(d.hide(false))
	case "edit":
		return true, d.done(d.edit())
	case "admins":
		if len(cmd.args) > 0 && !d.owner() { // staff may see the list, not change it
			return true, d.err
		}
		return true, d.done(d.adminsCmd())
	case "dashboard":
		return true, d.dashboard()
	case "takeover":
		return true, d.done(d.takeOver())
	case "handback":
		return true, d.done(d.handBack())
	case "reply":
		return true, d.done(d.reply())
	case "voucher":
		return true, d.done(d.voucherCmd())
	case "promo":
		return true, d.done(d.promoCmd())
	case "reseller":
		return true, d.done(d.resellerCmd())
	}
	return false, nil
}

// usage replies with the right way to write the command.
func (d *deskTurn) usage() error {
	d.send(d.msg(text.DeskUsage, d.msg(deskUsage[d.cmd.name])))
	return nil
}

// orderNum reads the order number argument; "" after a usage reply.
func (d *deskTurn) orderNum() string {
	if len(d.cmd.args) == 0 {
		return ""
	}
	return deskOrderNumber(d.cmd.args[0])
}

// refused tells the admin why an operation changed nothing; it reports
// false for an error that is not theirs to hear (the turn fails).
func (d *deskTurn) refused(num string, err error) bool {
	var te *lapak.TransitionError
	var se *shop.StatusError
	switch {
	case errors.Is(err, lapak.ErrNotFound):
		d.send(d.msg(text.DeskOrderNotFound, num))
	case errors.As(err, &te) && te.From == te.To:
		d.send(d.msg(text.DeskAlready, num, d.statusText(te.From)))
	case errors.As(err, &te):
		d.send(d.msg(text.DeskIllegal, num, d.statusText(te.From), d.statusText(te.To)))
	case errors.As(err, &se) && se.Want == lapak.StatusShipped:
		d.send(d.msg(text.DeskNotShipped, num, d.statusText(se.Status)))
	case errors.As(err, &se):
		d.send(d.msg(text.DeskRejectNotPending, num, d.statusText(se.Status)))
	default:
		return false
	}
	return true
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
	ship := o.Shipment
	var b strings.Builder
	b.WriteString(d.msg(text.OrderTitle, o.Number, formatTime(d.lang, o.CreatedAt.In(d.e.loc))))
	b.WriteString("\n" + d.msg(text.OrderStatus, d.statusText(o.Status)))
	b.WriteString("\n" + d.msg(text.DeskCustomer, o.Recipient, o.Phone, c.Identity().String()))
	for _, it := range o.Items {
		fmt.Fprintf(&b, "\n• %s (%s) × %d = %s", it.Title(), it.SKU, it.Qty, d.turn.price(it.Total()))
	}
	b.WriteString("\n\n" + d.msg(text.Subtotal, d.turn.price(o.Subtotal)))
	if o.Discount > 0 {
		b.WriteString("\n" + d.msg(text.RecapDiscount, o.Voucher, d.turn.price(-o.Discount)))
	}
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
	s, err := lapak.ParseShipment(d.cmd.args[1], d.cmd.args[2])
	return s, err == nil
}

// move runs a status change command: /lunas, /proses, /kirim, /selesai, /batal.
func (d *deskTurn) move(to lapak.OrderStatus) error {
	var ship lapak.Shipment
	switch to {
	case lapak.StatusShipped:
		s, ok := d.shipmentArgs()
		if !ok {
			return d.usage()
		}
		ship = s
	case lapak.StatusCancelled, lapak.StatusRefunded:
		if len(d.cmd.args) < 2 {
			return d.usage()
		}
	default:
		if len(d.cmd.args) != 1 {
			return d.usage()
		}
	}
	num := d.orderNum()
	if num == "" {
		return d.usage()
	}
	ops, tx, by := d.e.ops, d.op(), d.by()
	var ch shop.Change
	var err error
	switch to {
	case lapak.StatusPaid:
		ch, err = ops.ConfirmPayment(d.ctx, tx, by, num)
	case lapak.StatusProcessing:
		ch, err = ops.StartProcessing(d.ctx, tx, by, num)
	case lapak.StatusShipped:
		ch, err = ops.Ship(d.ctx, tx, by, num, ship)
	case lapak.StatusCompleted:
		ch, err = ops.Complete(d.ctx, tx, by, num)
	case lapak.StatusCancelled:
		ch, err = ops.Cancel(d.ctx, tx, by, num, d.reason())
	case lapak.StatusRefunded:
		ch, err = ops.Refund(d.ctx, tx, by, num, d.reason())
	}
	if err != nil {
		if d.refused(num, err) {
			return nil
		}
		return err
	}
	d.send(d.msg(text.DeskMoved, ch.Order.Number, d.statusText(ch.From), d.statusText(ch.Order.Status), ch.Customer.Label()))
	return nil
}

// resi runs /resi NUM COURIER TRACKING: a shipped order's tracking number corrected.
func (d *deskTurn) resi() error {
	ship, ok := d.shipmentArgs()
	num := d.orderNum()
	if !ok || num == "" {
		return d.usage()
	}
	ch, err := d.e.ops.CorrectResi(d.ctx, d.op(), d.by(), num, ship)
	if err != nil {
		if d.refused(num, err) {
			return nil
		}
		return err
	}
	d.send(d.msg(text.DeskResiCorrected, ch.Order.Number, ch.Was.Courier+" "+ch.Was.Tracking,
		ch.Shipment.Courier+" "+ch.Shipment.Tracking, ch.Customer.Label()))
	return nil
}

func (d *deskTurn) reject() error {
	num := d.orderNum()
	if len(d.cmd.args) < 2 || num == "" {
		return d.usage()
	}
	ch, err := d.e.ops.RejectPayment(d.ctx, d.op(), d.by(), num, d.reason())
	if err != nil {
		if d.refused(num, err) {
			return nil
		}
		return err
	}
	d.send(d.msg(text.DeskRejected, ch.Order.Number, ch.Reason))
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
	ch, err := d.e.ops.SetStock(d.ctx, d.op(), d.by(), sku, n)
	if notFound(err) {
		d.send(d.msg(text.DeskSKUNotFound, sku))
		return nil
	}
	if err != nil {
		return err
	}
	was := strconv.Itoa(ch.Before.Stock)
	if ch.Before.Unlimited {
		was = d.msg(text.DeskUnlimited)
	}
	d.send(d.msg(text.DeskStockSet, ch.Before.SKU, was, n))
	return nil
}

func (d *deskTurn) price() error {
	sku, value, ok := d.skuArgs()
	if !ok {
		return d.usage()
	}
	p, err := lapak.ParsePrice(value)
	if err != nil || p <= 0 {
		d.send(d.msg(text.DeskBadAmount, value))
		return nil
	}
	ch, err := d.e.ops.SetPrice(d.ctx, d.op(), d.by(), sku, p)
	if notFound(err) {
		d.send(d.msg(text.DeskSKUNotFound, sku))
		return nil
	}
	if err != nil {
		return err
	}
	d.send(d.msg(text.DeskPriceSet, ch.Before.SKU, d.turn.price(ch.Before.Price), d.turn.price(p)))
	return nil
}

func (d *deskTurn) check() error {
	if d.cmd.rest == "" {
		return d.usage()
	}
	amount, err := lapak.ParsePrice(d.cmd.rest)
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

// slip sends an order's packing slip, drawn when it goes out (so the
// tracking number, once /kirim gave it, is on it).
func (d *deskTurn) slip() error {
	num := d.orderNum()
	if num == "" || len(d.cmd.args) != 1 {
		return d.usage()
	}
	o, err := d.tx.Order(d.ctx, num)
	if notFound(err) {
		d.send(d.msg(text.DeskOrderNotFound, num))
		return nil
	}
	if err != nil {
		return err
	}
	if !o.Status.Counts() {
		d.send(d.msg(text.DeskSlipClosed, o.Number, d.statusText(o.Status)))
		return nil
	}
	d.sendOut(lapak.Outbound{Text: d.msg(text.DeskSlip, o.Number), Image: lapak.SlipRef(o.Number)})
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

// Package flows decides what the shop answers to one customer message: menus,
// browsing, search, cart, checkout and orders, and the admins' order desk.
// It is conversation logic: it reads and changes the shop through
// lapak.ShopTx, inside the transaction of the message being handled, runs
// the shop's operations (package shop) in that same transaction for the
// desk's commands, and keeps its own state as JSON in
// lapak.Conversation.State.
package flows

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/promo"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// Options configures an Engine.
type Options struct {
	Shop   lapak.Shop
	Logger *slog.Logger
	// Ops runs the shop's operations (the order desk's commands, low-stock
	// alerts). Nil gets one made from Shop and LowStock.
	Ops *shop.Shop
	// LowStock is the stock at or below which admins are told a limited
	// variant runs low (LAPAK_LOW_STOCK); 0 turns the alert off. Used
	// only when Ops is nil: Ops has its own.
	LowStock int
	// CODMaxTotal is the largest order total paid on delivery
	// (LAPAK_COD_MAX_TOTAL); 0 means no limit.
	CODMaxTotal lapak.Money
	// CODZones are the courier zones where COD is offered
	// (LAPAK_COD_ZONES); none means every zone.
	CODZones []string
	// Promo runs the promo broadcasts' operations for the desk's /promo
	// (in the turn's transaction, see promo.Promo.In). Nil gets one made
	// from Shop, with no weekly cap.
	Promo *promo.Promo
	// Links gives the Telegram bot's username and the linked WhatsApp
	// number for resellers' share links ("" for a channel not connected);
	// nil for none.
	Links func() (telegramBot, whatsAppNumber string)
	// DashboardURL is where the dashboard is opened in a browser
	// ("https://toko.example.com", LAPAK_PUBLIC_URL or the loopback
	// address serve listens on): /dashboard's login links start with it.
	// Nil or "" turns /dashboard off.
	DashboardURL func() string
	// HandoverIdle is LAPAK_HANDOVER_IDLE: a chat an admin took over
	// (/ambil, /balas) goes back to the bot this long after their last
	// reply; 0 is lapak.HandoverIdle.
	HandoverIdle time.Duration
}

// Engine runs the customer conversations of one shop. It holds no per-customer
// data, so one Engine serves every conversation concurrently.
type Engine struct {
	shop     lapak.Shop
	loc      *time.Location
	log      *slog.Logger
	ops      *shop.Shop
	codMax   lapak.Money
	codZones []string
	promo    *promo.Promo
	links    func() (string, string)
	dashURL  func() string
	idle     time.Duration

	// index is the catalog prepared for reading messages, rebuilt when the
	// catalog's revision changes (see catalogIndex).
	index   atomic.Pointer[understand.Index]
	indexMu sync.Mutex
	// admins is the database's admins at one revision (see storedAdmins).
	admins atomic.Pointer[adminCache]
}

// New returns an Engine for the shop.
func New(opt Options) *Engine {
	e := &Engine{shop: opt.Shop, loc: opt.Shop.Location, log: opt.Logger, ops: opt.Ops,
		codMax: max(opt.CODMaxTotal, 0), codZones: opt.CODZones, promo: opt.Promo, links: opt.Links, dashURL: opt.DashboardURL,
		idle: opt.HandoverIdle}
	if e.promo == nil {
		e.promo = promo.New(promo.Options{Shop: opt.Shop})
	}
	if e.ops == nil {
		e.ops = shop.New(shop.Options{Shop: opt.Shop, LowStock: opt.LowStock})
	}
	if e.loc == nil {
		loc, err := time.LoadLocation("Asia/Jakarta")
		if err != nil {
			loc = time.FixedZone("WIB", 7*60*60)
		}
		e.loc = loc
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.shop.Language != lapak.English {
		e.shop.Language = lapak.Indonesian
	}
	return e
}

// Steps of a conversation: what the last reply asked for.
const (
	stepIdle        = ""
	stepSearch      = "search"      // "Cari produk" was pressed: the next text is a query
	stepQty         = "qty"         // how many of state.Variant
	stepCartQty     = "cartqty"     // new quantity of cart line state.Variant
	stepName        = "name"        // recipient name
	stepPhone       = "phone"       // phone number
	stepDelivery    = "delivery"    // pickup or a courier zone
	stepAddress     = "address"     // a saved address or a new one
	stepNewAddress  = "newaddress"  // typing a new address
	stepPayment     = "payment"     // payment method
	stepConfirm     = "confirm"     // recap shown, waiting for "ya"
	stepCancelOrder = "cancelorder" // asked to confirm cancelling state.Order
	// A reseller's checkout (dropship.go).
	stepForWhom   = "forwhom"   // for themselves, or dropship to their buyer
	stepDropName  = "dropname"  // the buyer's name
	stepDropPhone = "dropphone" // the buyer's phone
)

// state is what the engine remembers between two messages of a customer.
type state struct {
	Step    string         `json:"step,omitempty"`
	Choices []lapak.Choice `json:"choices,omitempty"` // the last choice list offered
	// ChoicesAt is when Choices was offered: a notice with choices queued
	// later (Conversation.Notice) is what a typed "2" selects from instead.
	ChoicesAt time.Time `json:"choices_at,omitzero"`
	Variant   int64     `json:"variant,omitempty"`
	// PendingQty is a quantity typed with an ambiguous product ("mau 2 kopi"),
	// used when the customer then picks the product or variant.
	PendingQty int            `json:"pending_qty,omitempty"`
	Product    int64          `json:"product,omitempty"`
	Checkout   *checkoutState `json:"checkout,omitempty"`
	Order      string         `json:"order,omitempty"`      // order number being cancelled
	LastOrder  string         `json:"last_order,omitempty"` // the order this customer placed last
	// Topic is the product the customer looked at or asked about last:
	// "masih ada?" and "kalo 5 jadi brp" are about it.
	Topic int64 `json:"topic,omitempty"`
	// TopicVariant is the variant of Topic in question, when one is.
	TopicVariant int64 `json:"topic_variant,omitempty"`
	// Queue holds the items of one message still to be settled after the
	// question being asked now ("which kopi?"), with their quantities.
	Queue []queued `json:"queue,omitempty"`
	// Then is what follows once the queue is settled: "checkout" after a
	// pasted order form.
	Then string `json:"then,omitempty"`
	// Added is the last thing one message put in the cart: "eh salah, 3
	// aja" or "maksudnya yang asin" corrects it.
	Added *added `json:"added,omitempty"`
	// Draft holds checkout details given ahead (a pasted order form): the
	// next checkout starts from them.
	Draft *checkoutState `json:"draft,omitempty"`
	// Catalog is an admin's product being added in chat, or the product
	// their next photo is for (see catalogdesk.go).
	Catalog *catalogDraft `json:"catalog,omitempty"`
	// Promo is an admin's promo being composed in chat (see promodesk.go).
	Promo *promoDraft `json:"promo,omitempty"`
	// Signup is a reseller application being filled in (see resellers.go).
	Signup *signupDraft `json:"signup,omitempty"`
}

// queued is an item of a message waiting for its question: the words the
// customer used, the quantity they gave and the products it may be.
type queued struct {
	Text     string  `json:"text"`
	Qty      int     `json:"qty,omitempty"`
	Products []int64 `json:"products,omitempty"`
}

// added is a variant and how many of it a message added.
type added struct {
	Variant int64 `json:"variant"`
	Qty     int   `json:"qty"`
}

// checkoutState is what the customer chose so far in checkout.
type checkoutState struct {
	Delivery  lapak.DeliveryMethod `json:"delivery,omitempty"`
	Zone      string               `json:"zone,omitempty"`
	Address   string               `json:"address,omitempty"`
	Payment   lapak.PaymentMethod  `json:"payment,omitempty"`
	EditName  bool                 `json:"edit_name,omitempty"`
	EditPhone bool                 `json:"edit_phone,omitempty"`
	// Note is what the customer asked to pass on ("Catatan" and the
	// courier of a pasted form); it is stored on the order.
	Note string `json:"note,omitempty"`
	// Reused: delivery, address and payment come from the last order.
	Reused bool `json:"reused,omitempty"`
	// Discount is what the last recap showed the voucher taking off: the
	// order is not placed for less of a discount without saying so.
	Discount lapak.Money `json:"discount,omitempty"`
	// For is whom an approved reseller orders for: forSelf or forDropship
	// ("" not asked yet); a dropship order goes to DropName and DropPhone
	// in the reseller's name.
	For       string `json:"for,omitempty"`
	DropName  string `json:"drop_name,omitempty"`
	DropPhone string `json:"drop_phone,omitempty"`
}

// turn is one message being handled.
type turn struct {
	e    *Engine
	ctx  context.Context
	tx   lapak.ShopTx
	conv *lapak.Conversation
	st   state
	lang lapak.Language
	// pendingQty/pendingProduct are last message's PendingQty: they only
	// survive into a product or variant pick, as do queue and then.
	pendingQty     int
	pendingProduct int64
	queue          []queued
	then           string
	// lead is said first in the next reply: what this message changed
	// before the question that follows ("the zone is Jawa: Rp25.000").
	lead string
	// read is the message as understood (see read).
	read *understand.Reading
	// err is a store error met where no error can be returned (deciding
	// which choices to offer); it fails the turn like any other.
	err error
}

// Handle decides what one inbound message does. See lapak.HandleFunc.
func (e *Engine) Handle(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
	t := &turn{e: e, ctx: ctx, tx: tx, conv: conv}
	if e.outOfBand(t) {
		return t.err
	}
	if len(conv.State) > 0 {
		if err := json.Unmarshal(conv.State, &t.st); err != nil {
			// A state we cannot read (older version, corruption) only costs
			// the customer their place in a menu: start over.
			e.log.Warn("flows: unreadable state, starting over", "customer", conv.Customer.ID, "err", err)
			t.st = state{}
		}
	}
	if conv.Customer.Language != lapak.Indonesian && conv.Customer.Language != lapak.English {
		conv.Customer.Language = e.shop.Language
	}
	t.lang = conv.Customer.Language
	t.pendingQty, t.pendingProduct = t.st.PendingQty, t.st.Product
	t.queue, t.then = t.st.Queue, t.st.Then
	t.st.PendingQty, t.st.Product, t.st.Queue, t.st.Then = 0, 0, nil, ""
	if err := t.run(); err != nil {
		return err
	}
	if t.err != nil {
		return t.err
	}
	b, err := json.Marshal(t.st)
	if err != nil {
		return err
	}
	conv.State = b
	return nil
}

// Apology queues the "sorry, something went wrong" reply.
func (e *Engine) Apology(conv *lapak.Conversation) {
	conv.Reply(lapak.Outbound{
		Text:    text.Get(e.langOf(conv.Customer), text.Apology),
		Choices: mainMenu(e.langOf(conv.Customer)),
	})
}

func (e *Engine) langOf(c lapak.Customer) lapak.Language {
	if c.Language == lapak.Indonesian || c.Language == lapak.English {
		return c.Language
	}
	return e.shop.Language
}

// msg is sentence k in the turn's language.
func (t *turn) msg(k text.Key, args ...any) string { return text.Get(t.lang, k, args...) }

// price writes an amount the way the shop writes prices (LAPAK_PRICE_FORMAT):
// every price a customer or admin reads goes through here.
func (e *Engine) price(m lapak.Money) string { return e.shop.Price.Format(m) }

func (t *turn) price(m lapak.Money) string { return t.e.price(m) }

// send queues a reply; a reply with choices becomes the list that "2" or a
// label typed on a text channel selects from.
func (t *turn) send(text string, choices ...lapak.Choice) {
	t.sendOut(lapak.Outbound{Text: text, Choices: choices})
}

// sendOut queues a prepared reply (one with an image).
func (t *turn) sendOut(out lapak.Outbound) {
	if t.lead != "" {
		out.Text, t.lead = t.lead+"\n\n"+out.Text, ""
	}
	if len(out.Choices) > 0 {
		t.st.Choices, t.st.ChoicesAt = out.Choices, t.now().UTC().Truncate(time.Microsecond)
	}
	t.conv.Reply(out)
}

// notifyAdmins queues a message to every admin, in the shop's language.
func (t *turn) notifyAdmins(text string) {
	for _, a := range t.admins() {
		t.conv.Notify(a, lapak.Outbound{Text: text})
	}
}

// who names the customer for admin messages.
func (t *turn) who() string {
	c := t.conv.Customer
	if c.Name == "" {
		c.Name = t.conv.Inbound.SenderName
	}
	return customerName(c)
}

// customerName names a customer for admin messages: name, identity, phone.
func customerName(c lapak.Customer) string { return c.Label() }

func (t *turn) now() time.Time { return t.conv.Now }

func (t *turn) run() error {
	in := t.conv.Inbound
	if in.Truncated || utf8.RuneCountInString(in.Text) > lapak.MaxInboundText {
		// Half an order form is worse than none: ask for it in parts.
		t.send(t.msg(text.TooLong, lapak.MaxInboundText) + t.stepHint())
		return nil
	}
	said := strings.TrimSpace(in.Text)
	if in.Phone != "" {
		if err := t.sharedPhone(in.Phone); err != nil || said == "" && in.ChoiceID == "" {
			return err
		}
	}
	if in.ChoiceID != "" {
		return t.action(in.ChoiceID)
	}
	if said == "" {
		if in.Image != nil {
			if done, err := t.promoPhoto(); done || err != nil {
				return err // the photo the promo being composed waits for
			}
			if done, err := t.catalogPhoto(); done || err != nil {
				return err // an admin's photo is a product's
			}
			return t.image()
		}
		t.send(t.msg(text.Empty) + t.stepHint())
		return nil
	}
	if in.Image != nil && proofCaption(said) {
		return t.image() // "ini bukti tf" with the photo
	}
	return t.text(said)
}

// stepHint reminds the customer what the current step waits for.
func (t *turn) stepHint() string {
	switch t.st.Step {
	case stepName:
		return "\n\n" + t.msg(text.AskName)
	case stepDropName:
		return "\n\n" + t.msg(text.AskDropName)
	case stepDropPhone:
		return "\n\n" + t.msg(text.AskDropPhone)
	case stepPhone:
		return "\n\n" + t.msg(text.AskPhone)
	case stepNewAddress:
		return "\n\n" + t.msg(text.AskAddress)
	case stepQty, stepCartQty:
		return "\n\n" + t.msg(text.HintQty)
	case stepSearch:
		return "\n\n" + t.msg(text.AskSearch)
	case stepConfirm:
		return "\n\n" + t.msg(text.HintConfirm)
	}
	return "\n\n" + t.msg(text.HintMenu)
}

// Package flows decides what the shop answers to one customer message: menus,
// browsing, search, cart, checkout and orders. It is pure conversation logic:
// it reads and changes the shop only through lapak.ShopTx, inside the
// transaction of the message being handled, and keeps its own state as JSON
// in lapak.Conversation.State.
package flows

import (
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// Options configures an Engine.
type Options struct {
	Shop   lapak.Shop
	Logger *slog.Logger
	// LowStock is the stock at or below which admins are told a limited
	// variant runs low (LAPAK_LOW_STOCK); 0 turns the alert off.
	LowStock int
	// CODMaxTotal is the largest order total paid on delivery
	// (LAPAK_COD_MAX_TOTAL); 0 means no limit.
	CODMaxTotal lapak.Money
	// CODZones are the courier zones where COD is offered
	// (LAPAK_COD_ZONES); none means every zone.
	CODZones []string
}

// Engine runs the customer conversations of one shop. It holds no per-customer
// data, so one Engine serves every conversation concurrently.
type Engine struct {
	shop     lapak.Shop
	loc      *time.Location
	log      *slog.Logger
	lowStock int
	codMax   lapak.Money
	codZones []string
}

// New returns an Engine for the shop.
func New(opt Options) *Engine {
	e := &Engine{shop: opt.Shop, loc: opt.Shop.Location, log: opt.Logger, lowStock: max(opt.LowStock, 0),
		codMax: max(opt.CODMaxTotal, 0), codZones: opt.CODZones}
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
}

// checkoutState is what the customer chose so far in checkout.
type checkoutState struct {
	Delivery  lapak.DeliveryMethod `json:"delivery,omitempty"`
	Zone      string               `json:"zone,omitempty"`
	Address   string               `json:"address,omitempty"`
	Payment   lapak.PaymentMethod  `json:"payment,omitempty"`
	EditName  bool                 `json:"edit_name,omitempty"`
	EditPhone bool                 `json:"edit_phone,omitempty"`
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
	// survive into a product or variant pick.
	pendingQty     int
	pendingProduct int64
	// err is a store error met where no error can be returned (deciding
	// which choices to offer); it fails the turn like any other.
	err error
}

// Handle decides what one inbound message does. See lapak.HandleFunc.
func (e *Engine) Handle(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
	t := &turn{e: e, ctx: ctx, tx: tx, conv: conv}
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
	t.st.PendingQty, t.st.Product = 0, 0
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
		Text:    msg(e.langOf(conv.Customer), "apology"),
		Choices: mainMenu(e.langOf(conv.Customer)),
	})
}

// ExpiredNotice tells a customer their unpaid order expired and its stock was released.
func (e *Engine) ExpiredNotice(o lapak.Order, c lapak.Customer) []lapak.Envelope {
	lang := e.langOf(c)
	return []lapak.Envelope{{
		To:    c.Identity(),
		Class: lapak.PaceNotify,
		Msg: lapak.Outbound{
			Text: msg(lang, "order_expired", o.Number, e.price(o.Total)),
			Choices: []lapak.Choice{
				{ID: "cats", Label: msg(lang, "btn_catalog")},
				{ID: "orders", Label: msg(lang, "btn_orders")},
			},
		},
	}}
}

func (e *Engine) langOf(c lapak.Customer) lapak.Language {
	if c.Language == lapak.Indonesian || c.Language == lapak.English {
		return c.Language
	}
	return e.shop.Language
}

// msg formats a message of the turn's language.
func (t *turn) msg(key string, args ...any) string { return msg(t.lang, key, args...) }

// price writes an amount the way the shop writes prices (LAPAK_PRICE_FORMAT):
// every price a customer or admin reads goes through here.
func (e *Engine) price(m lapak.Money) string { return e.shop.Price.Format(m) }

func (t *turn) price(m lapak.Money) string { return t.e.price(m) }

// send queues a reply; a reply with choices becomes the list that "2" or a
// label typed on a text channel selects from.
func (t *turn) send(text string, choices ...lapak.Choice) {
	out := lapak.Outbound{Text: text, Choices: choices}
	if len(choices) > 0 {
		t.st.Choices, t.st.ChoicesAt = choices, t.now().UTC().Truncate(time.Microsecond)
	}
	t.conv.Reply(out)
}

// sendOut queues a prepared reply (one with an image).
func (t *turn) sendOut(out lapak.Outbound) {
	if len(out.Choices) > 0 {
		t.st.Choices, t.st.ChoicesAt = out.Choices, t.now().UTC().Truncate(time.Microsecond)
	}
	t.conv.Reply(out)
}

// notifyAdmins queues a message to every admin, in the shop's language.
func (t *turn) notifyAdmins(text string) {
	for _, a := range t.e.shop.Admins {
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
func customerName(c lapak.Customer) string {
	name := c.Name
	if name == "" {
		name = "-"
	}
	s := name + " (" + c.Identity().String()
	if c.Phone != "" {
		s += ", +" + c.Phone
	}
	return s + ")"
}

func (t *turn) now() time.Time { return t.conv.Now }

func (t *turn) run() error {
	in := t.conv.Inbound
	text := strings.TrimSpace(clip(in.Text, lapak.MaxInboundText))
	if in.Phone != "" {
		if err := t.sharedPhone(in.Phone); err != nil || text == "" && in.ChoiceID == "" {
			return err
		}
	}
	if in.ChoiceID != "" {
		return t.action(in.ChoiceID)
	}
	if text == "" {
		if in.Image != nil {
			return t.image()
		}
		t.send(t.msg("empty") + t.stepHint())
		return nil
	}
	if in.Image != nil && proofCaption(text) {
		return t.image() // "ini bukti tf" with the photo
	}
	return t.text(text)
}

// stepHint reminds the customer what the current step waits for.
func (t *turn) stepHint() string {
	switch t.st.Step {
	case stepName:
		return "\n\n" + t.msg("ask_name")
	case stepPhone:
		return "\n\n" + t.msg("ask_phone")
	case stepNewAddress:
		return "\n\n" + t.msg("ask_address")
	case stepQty, stepCartQty:
		return "\n\n" + t.msg("hint_qty")
	case stepSearch:
		return "\n\n" + t.msg("ask_search")
	case stepConfirm:
		return "\n\n" + t.msg("hint_confirm")
	}
	return "\n\n" + t.msg("hint_menu")
}

// text handles a typed message.
func (t *turn) text(raw string) error {
	if done, err := t.desk(raw); done || err != nil {
		return err
	}
	if done, err := t.deskReason(raw); done || err != nil {
		return err
	}
	if raw == "?" {
		return t.help()
	}
	if !hasLatin(raw) {
		key := "emoji_only"
		if hasLetterOrDigit(raw) {
			key = "unreadable"
		}
		t.send(t.msg(key) + t.stepHint())
		return nil
	}
	if utf8.RuneCountInString(raw) > 500 && t.st.Step != stepNewAddress && t.st.Step != stepAddress {
		t.send(t.msg("too_long") + t.stepHint())
		return nil
	}
	lower := strings.ToLower(raw)
	if lower == "/start" || strings.HasPrefix(lower, "/start ") {
		return t.start(strings.TrimSpace(raw[len("/start"):]))
	}
	norm := normalize(raw)
	if done, err := t.globalWord(norm, raw); done || err != nil {
		return err
	}
	if num := findOrderNumber(raw); num != "" {
		if cancelWords[firstWord(norm)] {
			return t.askCancelOrder(num)
		}
		return t.orderDetail(num)
	}
	if done, err := t.stepText(raw, norm); done || err != nil {
		return err
	}
	if id, ok := t.pickChoice(norm); ok {
		return t.action(id)
	}
	if done, err := t.command(raw, norm); done || err != nil {
		return err
	}
	return t.freeText(raw, norm)
}

// Whole-message words that work at every step.
var (
	greetWords = wordSet("halo", "hallo", "hello", "helo", "hai", "hay", "hi", "hei", "hey", "p", "pagi", "siang",
		"sore", "malam", "selamat pagi", "selamat siang", "selamat sore", "selamat malam", "good morning",
		"assalamualaikum", "assalamu alaikum", "assalamualaikum wr wb", "salam", "permisi", "misi", "start",
		"/start", "hai kak", "punten", "hallo min", "mulai belanja")
	honorifics   = wordSet("kak", "kakak", "ka", "min", "mimin", "gan", "sis", "bos", "bang", "mas", "mbak", "admin", "om", "tante")
	menuWords    = wordSet("menu", "/menu", "menu utama", "main menu", "home", "kembali", "back")
	cancelWords  = wordSet("batal", "batalkan", "cancel", "/cancel", "gak jadi", "ga jadi", "nggak jadi", "tidak jadi", "gajadi", "ngga jadi", "enggak jadi", "abort")
	helpWords    = wordSet("bantuan", "help", "?", "/help", "tolong", "cara pesan", "cara order", "how to order", "info", "panduan")
	cartWords    = wordSet("keranjang", "cart", "/cart", "troli", "lihat keranjang", "keranjang saya", "my cart", "basket")
	catalogWords = wordSet("katalog", "catalog", "catalogue", "/katalog", "/catalog", "produk", "products", "daftar produk",
		"daftar harga", "pricelist", "price list", "list", "kategori", "categories", "lihat produk", "menu produk")
	orderWords = wordSet("status", "pesanan saya", "cek pesanan", "pesanan", "my orders", "orders", "order status", "cek status",
		"/orders", "status pesanan", "riwayat", "riwayat pesanan", "lacak", "lacak pesanan", "track order")
	checkoutWords = wordSet("checkout", "check out", "co", "bayar", "lanjut bayar", "pay", "/checkout", "proses", "lanjut checkout")
	searchWords   = wordSet("cari", "cari produk", "search", "/cari", "/search", "find")
	optOutWords   = wordSet("stop", "berhenti", "unsubscribe", "unsub", "unreg", "stop promo", "berhenti langganan")
	optInWords    = wordSet("mulai", "start", "subscribe", "langganan")
	englishWords  = wordSet("english", "bahasa inggris", "inggris", "/lang en", "lang en", "en", "in english please", "english please")
	indoWords     = wordSet("bahasa indonesia", "indonesia", "indonesian", "/lang id", "lang id", "id", "indo")
	langWords     = wordSet("bahasa", "language", "/lang", "lang", "ganti bahasa", "change language", "language bahasa")
	yesWords      = wordSet("ya", "iya", "y", "ok", "oke", "okay", "okey", "yes", "yup", "yap", "sip", "siap", "betul", "benar",
		"lanjut", "gas", "boleh", "setuju", "ya pesan", "iya pesan", "jadi", "yes please", "confirm", "ya betul")
	noWords   = wordSet("tidak", "tdk", "gak", "ga", "nggak", "ngga", "enggak", "engga", "no", "nope", "jangan", "belum")
	editWords = wordSet("ubah", "edit", "change", "ganti", "koreksi")
	// Asking for a person: matched on any word.
	humanWords   = wordSet("admin", "cs", "operator", "manusia", "human", "orang", "agent", "seller", "penjual")
	humanPhrases = []string{"bicara dengan", "ngomong sama", "bicara sama", "chat admin", "hubungi admin", "customer service",
		"talk to", "speak to", "real person", "hubungi penjual", "minta tolong admin"}
)

func firstWord(norm string) string {
	if i := strings.IndexByte(norm, ' '); i >= 0 {
		return norm[:i]
	}
	return norm
}

// withoutHonorifics drops "kak", "min" and similar: "pagi kak" -> "pagi".
func withoutHonorifics(norm string) string {
	ws := strings.Fields(norm)
	out := ws[:0:0]
	for _, w := range ws {
		if !honorifics[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

func wantsHuman(norm string) bool {
	for _, p := range humanPhrases {
		if strings.Contains(norm, p) {
			return true
		}
	}
	ws := strings.Fields(norm)
	for _, w := range ws {
		if humanWords[w] && (len(ws) <= 4 || w == "admin" || w == "cs") {
			return true
		}
	}
	return false
}

// globalWord handles the words that work at any step.
func (t *turn) globalWord(norm, raw string) (bool, error) {
	bare := withoutHonorifics(norm)
	switch {
	case norm == "":
		return false, nil
	case optOutWords[norm]:
		return true, t.optOut()
	case optInWords[norm] && t.conv.Customer.OptedOut:
		return true, t.optIn()
	case menuWords[bare] || greetWords[bare] || greetWords[norm]:
		t.reset()
		return true, t.welcome()
	case cancelWords[bare]:
		return true, t.abort()
	case helpWords[bare] || raw == "?":
		return true, t.help()
	case cartWords[bare]:
		t.reset()
		return true, t.showCart("")
	case englishWords[bare]:
		return true, t.setLanguage(lapak.English)
	case indoWords[bare]:
		return true, t.setLanguage(lapak.Indonesian)
	case langWords[bare]:
		return true, t.askLanguage()
	case wantsHuman(norm):
		return true, t.human(raw)
	}
	return false, nil
}

// reset leaves any step: back to browsing.
func (t *turn) reset() {
	t.st.Step, t.st.Checkout, t.st.Variant, t.st.Order = stepIdle, nil, 0, ""
}

// stepText gives the current step the first go at a typed message.
func (t *turn) stepText(raw, norm string) (bool, error) {
	switch t.st.Step {
	case stepSearch:
		t.st.Step = stepIdle
		if searchWords[norm] {
			return true, t.askSearch()
		}
		return true, t.freeText(raw, norm)
	case stepQty:
		q, found, rest := findQuantity(raw)
		if !found || len(queryWords(rest)) > 0 {
			return false, nil
		}
		if q.Problem != qtyOK {
			t.qtyProblem(q, t.st.Variant)
			return true, nil
		}
		return true, t.addVariant(t.st.Variant, q.N)
	case stepCartQty:
		q, found, rest := findQuantity(raw)
		if !found || len(queryWords(rest)) > 0 {
			if wordSet("hapus", "remove", "delete", "buang")[norm] {
				return true, t.setCartLine(t.st.Variant, 0)
			}
			return false, nil
		}
		if q.Problem == qtyZero {
			return true, t.setCartLine(t.st.Variant, 0)
		}
		if q.Problem != qtyOK {
			t.qtyProblem(q, 0)
			return true, nil
		}
		return true, t.setCartLine(t.st.Variant, q.N)
	case stepName:
		return true, t.takeName(raw)
	case stepPhone:
		return true, t.takePhone(raw)
	case stepNewAddress:
		return true, t.takeAddress(raw)
	case stepAddress:
		if id, ok := t.pickChoice(norm); ok {
			return true, t.action(id)
		}
		if utf8.RuneCountInString(raw) >= 10 {
			return true, t.takeAddress(raw)
		}
		t.send(t.msg("address_pick"), t.st.Choices...)
		return true, nil
	case stepDelivery, stepPayment:
		if id, ok := t.pickChoice(norm); ok {
			return true, t.action(id)
		}
		if id, ok := t.keywordChoice(norm); ok {
			return true, t.action(id)
		}
		t.send(t.msg("pick_one"), t.st.Choices...)
		return true, nil
	case stepConfirm:
		switch {
		case yesWords[withoutHonorifics(norm)]:
			return true, t.placeOrder()
		case editWords[norm]:
			return true, t.editMenu()
		case noWords[norm]:
			t.send(t.msg("confirm_no"), t.confirmChoices()...)
			return true, nil
		}
		if id, ok := t.pickChoice(norm); ok {
			return true, t.action(id)
		}
		// Anything else would leave a confirmed-looking recap behind a
		// search result: ask again instead.
		t.send(t.msg("hint_confirm"), t.confirmChoices()...)
		return true, nil
	case stepCancelOrder:
		switch {
		case yesWords[withoutHonorifics(norm)]:
			return true, t.cancelOrder(t.st.Order)
		case noWords[withoutHonorifics(norm)]:
			num := t.st.Order
			t.st.Step, t.st.Order = stepIdle, ""
			return true, t.orderDetail(num)
		}
	}
	return false, nil
}

// keywordChoice maps typed words to delivery and payment choices.
func (t *turn) keywordChoice(norm string) (string, bool) {
	var want string
	switch {
	case strings.Contains(norm, "ambil") || strings.Contains(norm, "pickup") || strings.Contains(norm, "pick up"):
		want = "dlv:pickup"
	case strings.Contains(norm, "cod") || strings.Contains(norm, "bayar di tempat"):
		want = "pay:cod"
	case strings.Contains(norm, "transfer") || norm == "tf":
		want = "pay:transfer"
	case strings.Contains(norm, "midtrans") || strings.Contains(norm, "online"):
		want = "pay:gateway"
	default:
		return "", false
	}
	for _, c := range t.st.Choices {
		if c.ID == want {
			return want, true
		}
	}
	return "", false
}

// pickChoice selects from the last choice list by number ("2", "dua",
// "no 2") or by (a close match of) its label.
func (t *turn) pickChoice(norm string) (string, bool) {
	if norm == "" {
		return "", false
	}
	cs := t.offered()
	if len(cs) == 0 {
		return "", false
	}
	ws := strings.Fields(norm)
	for len(ws) > 1 && wordSet("no", "nomor", "nmr", "pilih", "pilihan", "yang", "yg", "ke", "number", "option")[ws[0]] {
		ws = ws[1:]
	}
	if len(ws) > 0 {
		n := 0
		if allDigits(ws[0]) && len(ws) == 1 && len(ws[0]) <= 3 {
			n = atoi(ws[0])
		} else if v, used := parseNumberWords(ws); used == len(ws) {
			n = v
		}
		if n >= 1 && n <= len(cs) {
			return cs[n-1].ID, true
		}
		if n != 0 {
			return "", false
		}
	}
	// By label: the label equal to the text, else the label that contains
	// the text's words with the fewest words left over ("luar jabodetabek").
	best, bestLeft, tie := "", 0, false
	for _, c := range cs {
		label := normalize(c.Label)
		if label == norm {
			return c.ID, true
		}
		left := -1
		lw := strings.Fields(label)
		switch {
		case containsWords(lw, strings.Fields(norm)):
			left = len(lw) - len(strings.Fields(norm))
		case utf8.RuneCountInString(norm) >= 3 && strings.HasPrefix(label, norm):
			left = len(lw)
		case utf8.RuneCountInString(norm) >= 5 && similar(norm, label):
			left = len(lw)
		}
		switch {
		case left < 0:
		case best == "" || left < bestLeft:
			best, bestLeft, tie = c.ID, left, false
		case left == bestLeft && c.ID != best:
			tie = true
		}
	}
	if tie {
		return "", false // ambiguous: let search decide
	}
	return best, best != ""
}

// offered is the newest choice list the person was shown: the last reply's,
// or a notice's queued after it (an admin's Paid/Reject, a customer's
// reminder). It stays the newest until a reply offers choices again, so "1"
// and then "2" both select from the notice.
func (t *turn) offered() []lapak.Choice {
	cs, at := t.conv.Notice.Choices, t.conv.Notice.At
	// Both times are the store's clock to the microsecond. A tie is an admin
	// ordering for themselves: the new-order notice follows the reply.
	if len(cs) > 0 && !at.Before(t.st.ChoicesAt) {
		return cs
	}
	return t.st.Choices
}

// containsWords reports whether want appears as consecutive words in words.
func containsWords(words, want []string) bool {
	if len(want) == 0 {
		return false
	}
	for i := 0; i+len(want) <= len(words); i++ {
		if slices.Equal(words[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// command handles typed commands that are not whole-message global words.
func (t *turn) command(raw, norm string) (bool, error) {
	bare := withoutHonorifics(norm)
	switch {
	case orderWords[bare]:
		t.reset()
		return true, t.listOrders()
	case catalogWords[bare]:
		t.reset()
		return true, t.categories()
	case checkoutWords[bare]:
		return true, t.startCheckout()
	case searchWords[bare]:
		return true, t.askSearch()
	case wordSet("kosongkan", "kosongkan keranjang", "hapus semua", "clear cart", "empty cart", "clear", "kosongin")[bare]:
		return true, t.clearCart()
	case yesWords[bare]:
		if t.st.LastOrder != "" {
			t.send(t.msg("already_ordered", t.st.LastOrder),
				lapak.Choice{ID: "order:" + t.st.LastOrder, Label: t.msg("btn_order_detail")},
				lapak.Choice{ID: "menu", Label: t.msg("btn_menu")})
			return true, nil
		}
		t.send(t.msg("yes_what"), mainMenu(t.lang)...)
		return true, nil
	case noWords[bare]:
		t.send(t.msg("no_ok"), mainMenu(t.lang)...)
		return true, nil
	}
	ws := strings.Fields(norm)
	if len(ws) >= 2 && wordSet("hapus", "remove", "delete", "buang")[ws[0]] && allDigits(ws[1]) && len(ws) == 2 {
		return true, t.cartLineByNumber(atoi(clipDigits(ws[1])), 0, true)
	}
	if len(ws) >= 3 && editWords[ws[0]] && allDigits(ws[1]) {
		rest := ws[2:]
		if wordSet("jadi", "to", "menjadi")[rest[0]] {
			rest = rest[1:]
		}
		q, found, left := findQuantity(strings.Join(rest, " "))
		if found && len(queryWords(left)) == 0 {
			if q.Problem == qtyZero {
				return true, t.cartLineByNumber(atoi(clipDigits(ws[1])), 0, true)
			}
			if q.Problem != qtyOK {
				t.qtyProblem(q, 0)
				return true, nil
			}
			return true, t.cartLineByNumber(atoi(clipDigits(ws[1])), q.N, false)
		}
	}
	return false, nil
}

func clipDigits(s string) string {
	if len(s) > 3 {
		return "999"
	}
	return s
}

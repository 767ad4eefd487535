// Package understand turns one chat message into what the customer means:
// an intent (order, ask the price, track a parcel, paste an order form, …)
// and its slots (items with product candidates and quantities, name, phone,
// address, place, payment method, order number, amount). It is pure: no
// I/O, no clock, no randomness; the catalog comes in as an Index.
package understand

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// Intent is what a message asks for.
type Intent int

const (
	Unknown        Intent = iota
	Order                 // put Items in the cart
	Product               // Items named without asking for anything: show them
	AskPrice              // "nastar berapaan kak", "kalo 5 jadi brp"
	AskStock              // "nastar ready?", "masih ada?", "sisa brp"
	AskDetail             // "pedes gak?", "tahan berapa lama?" (Topic)
	AskShipping           // "ongkir ke Bandung brp?" (Place)
	AskPayment            // "rekening apa?", "bisa cod?" (Payment)
	Status                // "paket sy udah dikirim?", "resinya mana"
	Paid                  // "udah tf ya kak 57.123" (Amount)
	CancelOrder           // "batalin aja pesanannya"
	Complaint             // "barangnya penyok", "kok belum nyampe"
	Thanks                // "makasih kak 🙏"
	Greeting              // "halo kak", "p"
	CartView              // "liat keranjang dong"
	CartRemove            // "hapus sambalnya" (Items)
	CartSet               // "sambalnya jadi 3 aja" (Items with their new quantity)
	CartClear             // "kosongkan keranjang"
	Checkout              // "checkout", "lanjut bayar", "udah itu aja"
	Catalog               // "katalog", "jual apa aja kak"
	Help                  // "bantuan", "cara order gimana"
	Human                 // "mau ngomong sama admin"
	Reorder               // "pesan lagi kayak kemarin"
	Restock               // "kabari kalau ready ya"
	Template              // "minta format order kak"
	OrderForm             // a pasted order form (Form)
	Yes                   // "iya kak bener", "ok lanjut", "👍"
	No                    // "engga kak", "ga dulu"
	Edit                  // "ganti alamat" (Target)
	Menu                  // "menu"
	Abort                 // "batal", "gak jadi"
	OptOut                // "STOP", "BERHENTI"
	OptIn                 // "MULAI"
	English               // "english please"
	Indonesian            // "pakai bahasa indonesia aja"
	Language              // "ganti bahasa"
	Search                // "cari", "cari produk"
	ResellerSignup        // "daftar reseller", "mau jadi reseller"
	MyLinks               // "link saya", "minta link reseller" (a reseller's share links)
)

// Reading is what one message means.
type Reading struct {
	Intent Intent
	// Whole: the whole message is the command word itself ("admin",
	// "menu", "batal"), not a word inside a sentence ("Bapak Admin").
	Whole bool
	// Explicit: for Human, the customer asked in so many words ("mau
	// ngomong sama admin"), which counts even while a name is asked.
	Explicit bool
	Items    []Item
	// Qty is a count given with no product ("kalo 5 jadi brp", "2 aja").
	Qty    Quantity
	HasQty bool
	Form   *Form
	// Order is an order number named in the message ("K7M-4QP").
	Order string
	// Amount is money named in the message ("57.123", "Rp 57rb").
	Amount lapak.Money
	// Phone is a phone number in the message.
	Phone string
	// Place is the city or area asked about ("Bandung"), as typed.
	Place string
	// Payment is the payment method asked about or chosen.
	Payment lapak.PaymentMethod
	// Topic is the product detail asked about: "pedas", "tahan", "berat",
	// "isi", "ukuran", "bahan", "halal", "rasa", "foto".
	Topic string
	// Target is what Edit changes: "name", "phone", "address", "delivery",
	// "payment", "cart" or "".
	Target string
	// Lang is the language the message is written in, when it is clear.
	Lang lapak.Language
	// Question: the message asks something (a "?", a question word).
	Question bool
	// HowMuch: the question is about an amount ("total brp?", "tf berapa?").
	HowMuch bool
	// Refers: the message points at what the customer already has
	// ("kripiknya tambah 1", "2 lagi"): the cart settles which one.
	Refers bool
	// Deadline: the question is until when ("batas transfer sampai kapan?").
	Deadline bool
	// Topics are every product detail asked about, in order ("pedes gak?
	// botolnya seberapa?": "pedas", "ukuran"); Topic is the first.
	Topics []string
	// What the words say beside the intent: the price is asked too
	// ("…, harganya?"), the stock too ("nastar ready? sama ongkir…"); an
	// order only supposed ("kalau beli 2, ongkir brp?"); something changed
	// ("ganti", "jadi", "change"); a count taken off ("dikurangin 1"); a
	// count multiplied ("2x lipat"); the address as last time ("kirim ke
	// alamat yang sama").
	AlsoPrice, AlsoStock, Hypothetical, Change, Less, Times, SameAddress bool
	// Corrects: the message takes back what the one before said ("eh
	// salah, 3 aja", "maksudnya yang asin").
	Corrects bool
	// Text is the message as read: invisible characters removed.
	Text string
}

// Item is one thing the customer names: a product phrase with a count.
type Item struct {
	Text   string   // the words as typed, for echoing ("kue lumpur")
	Qty    Quantity // the count given; see HasQty
	HasQty bool
	Match  Match
	// Each: the count was given for every item ("masing-masing 2").
	Each bool
	// span is how many tokens the item's piece of the message had.
	span int
	// asked: the piece was a question ("peyek abis ya kak?").
	asked bool
	// Drop: the item's own words ask to take it out ("cancel the pineapple
	// tarts? just the cheese sticks then").
	Drop bool
}

// Context is what the conversation knows before this message.
type Context struct {
	// Product is the product the customer looked at or asked about last:
	// "masih ada?" and "yang pedes 2" are about it.
	Product int64
}

// Read understands one message. The catalog index is asked for only when
// the message may name products (a "halo" or a "menu" needs none); it may
// return nil for an empty catalog.
func Read(text string, catalog func() *Index, c Context) Reading {
	text = StripInvisible(strings.ToValidUTF8(text, "\uFFFD"))
	if utf8.RuneCountInString(text) > lapak.MaxInboundText {
		text = string([]rune(text)[:lapak.MaxInboundText])
	}
	r := Reading{Text: text}
	catalogIndex := func() *Index {
		if catalog != nil {
			if x := catalog(); x != nil {
				return x
			}
		}
		return emptyIndex
	}
	var ix *Index
	if strings.Contains(text, "\n") || strings.Count(text, ":") >= 2 || digitCount(text) >= 9 && (strings.Count(text, ",") >= 2 || orderShapedLine(text)) {
		// A pasted order form is read by its lines, before anything else.
		ix = catalogIndex()
		if f, ok := readForm(text, ix, c); ok {
			r.Intent, r.Form, r.Items = OrderForm, &f, f.Items
			r.Lang = language(Tokens(text))
			return r
		}
	}
	toks := lex(text)
	var ws, raw, plain []string // canonical and typed words, in order; plain words only
	counted := false
	for i, t := range toks {
		switch t.k {
		case tWord:
			if t.unit && i > 0 && toks[i-1].k == tNum {
				ws, raw = append(ws, t.w), append(raw, t.w) // "2 btl" is bottles, whatever "btl" means alone
				break
			}
			ws, raw = append(ws, intentWord(t.w)), append(raw, t.w)
			if !t.mixed && !strings.ContainsAny(t.raw, "0123456789:") {
				plain = append(plain, t.w)
			}
		case tNum:
			counted = true
		case tAmount:
			if r.Amount == 0 {
				r.Amount = t.amount
			}
		case tPhone:
			if r.Phone == "" {
				r.Phone = t.w
			}
		case tFixed:
			if r.Order == "" && len(t.w) == 7 && t.w[3] == '-' {
				r.Order = t.w
			}
		}
		if t.qmark {
			r.Question = true
		}
	}
	r.Lang = language(plain)
	if r.Order == "" && classifyWhole(&r, raw, counted) {
		return r // an order number makes "batal K7M-4QP" more than "batal"
	}
	if ix == nil {
		ix = catalogIndex()
	}
	if r.Amount == 0 {
		for _, t := range toks {
			if t.k == tNum && (t.grouped || t.long) && t.amount >= 1000 {
				r.Amount = t.amount // "udah tf 57123"
				break
			}
		}
	}
	r.Question = r.Question || hasAny(ws, questionWords) || strings.Contains(text, "?")
	r.HowMuch = has(ws, "berapa", "total") || hasSeq(raw, "how", "much")
	r.Refers = refers(raw) || has(ws, "lagi", "tambah", "more", "another", "extra")
	r.Items = readItems(dropVocative(toks, ix), ix, c)
	for i := 0; i < len(r.Items); i++ {
		if it := r.Items[i]; len(it.Match.Words) == 0 {
			// A count with no product: "kalo 5 jadi brp", "2 aja kak".
			if it.HasQty && !r.HasQty {
				r.Qty, r.HasQty = it.Qty, true
			}
			r.Items = slices.Delete(r.Items, i, i+1)
			i--
		}
	}
	if r.Amount > 0 {
		r.Items = byPrice(r.Items, r.Amount, ix, c, &r)
	}
	wseq, rseq := newWordSeq(ws), newWordSeq(raw)
	r.Deadline = deadline(wseq, rseq)
	cues(&r, wseq, rseq)
	r.Corrects = takesBack(toks) || len(r.Items) == 0 && r.HasQty && len(raw) > 0 && raw[0] == "eh"
	classify(&r, wseq, rseq, toks)
	if r.Question && c.Product != 0 && (!r.namesProduct() || len(r.Items) > 0 && !r.Items[0].Match.Clear) && !hasSeq(ws, "ada", "yang") {
		switch r.Intent {
		case Unknown, Product:
			// "udah digiling blm kak?": a question about the product the
			// customer is looking at, answered from its description.
			r.Intent = AskDetail
		}
	}
	return r
}

// cues reads what a message's words say beside its intent (see Reading).
func cues(r *Reading, ws, raw wordSeq) {
	r.Topics = topics(raw.list)
	r.AlsoPrice = ws.has("harga") || raw.has("price", "cost", "costs") || raw.seq("how", "much")
	r.AlsoStock = ws.has("ready", "stok", "ada")
	r.Hypothetical = ws.has("kalau") || raw.has("misal", "misalnya", "seandainya")
	r.Change = ws.has("jadi") || raw.has("ganti", "gantiin", "diganti", "ganti2", "ubah", "diubah", "ubahin", "tukar", "tuker", "change",
		"switch", "instead", "swap")
	r.Less = ws.any(lessWords) || raw.has("kurang")
	r.Times = raw.has("lipat", "double", "dobel")
	r.SameAddress = ws.has("alamat") && (ws.has("sama", "biasa", "kemarin") || ws.seq("yang", "lama")) || raw.seq("same", "address")
}

// dropVocative drops the words a message opens with to address the
// seller: Sundanese "teh" (sister) in "punten teh, bade mesen …" or "teh,
// abdi mau …" is no Teh Tarik, and "mangga kang, abdi hoyong …" names no
// mango.
func dropVocative(ts []tok, ix *Index) []tok {
	end := slices.IndexFunc(ts, func(t tok) bool { return t.k == tSep })
	if end < 1 || end+1 >= len(ts) {
		return ts
	}
	at, greeted, addressed, other := -1, false, false, false
	for i, t := range ts[:end] {
		switch {
		case t.k != tWord:
			return ts
		case vocatives[t.w] && at < 0:
			at = i
		case greetWords[t.w] || Honorifics[t.w]:
			greeted = greeted || at < 0
			addressed = addressed || Honorifics[t.w]
		case ix.unnamed(canonical(t.w)):
			other = true // "mangga", "nuwun sewu": no product word
		default:
			return ts
		}
	}
	next := ts[end+1]
	speaks := next.k == tWord && (intentWord(next.w) == "saya" || orderVerbs[intentWord(next.w)] || intentWord(next.w) == "mau")
	switch {
	case other && addressed && speaks:
		return ts[end+1:]
	case at >= 0 && !other && (greeted || speaks):
		return append(slices.Clone(ts[:at]), ts[at+1:]...)
	}
	return ts
}

// vocatives are ways to address the seller that are product words too.
var vocatives = WordSet("teh", "mas", "bang", "kak", "uni", "uda")

// orderShapedLine: a long line with a phone number inside it, perhaps a
// form typed on one line.
func orderShapedLine(text string) bool { return len(text) >= 40 && !strings.Contains(text, "?") }

// byPrice settles an item's open variant by the price the customer
// names ("kopi susu yg 85rb 1", "yang 27rb itu 2" about the product in
// view), when exactly one variant costs that.
func byPrice(items []Item, amount lapak.Money, ix *Index, c Context, r *Reading) []Item {
	priced := func(p lapak.Product) (Hit, bool) {
		found := -1
		for vi, v := range p.Variants {
			if v.Price == amount {
				if found >= 0 {
					return Hit{}, false
				}
				found = vi
			}
		}
		return Hit{Product: p, Variant: found, Covered: 1, Named: 1}, found >= 0
	}
	for i := range items {
		m := &items[i].Match
		if m.Clear && m.Hits[0].Variant < 0 && len(m.Hits[0].Product.Variants) > 1 {
			if h, ok := priced(m.Hits[0].Product); ok {
				m.Hits = []Hit{h}
			}
		}
	}
	if len(items) == 0 && c.Product != 0 {
		if pi, ok := ix.byID[c.Product]; ok {
			if h, ok := priced(ix.products[pi]); ok && len(h.Product.Variants) > 1 {
				it := Item{Text: h.Product.Name, Qty: r.Qty, HasQty: r.HasQty, Match: Match{Hits: []Hit{h}, Clear: true, Exact: true}}
				it.Match.Words = []string{h.Product.Variants[h.Variant].Name}
				r.Qty, r.HasQty = Quantity{}, false
				return []Item{it}
			}
		}
	}
	return items
}

// namesProduct reports whether an item names a product by its name or a
// keyword (not only by a variant word such as "manis").
func (r Reading) namesProduct() bool {
	for _, it := range r.Items {
		if it.Match.Found() && it.Match.Hits[0].Named > 0 {
			return true
		}
	}
	return false
}

// emptyIndex stands in for a catalog with no products.
var emptyIndex = NewIndex(0, nil)

// questionWords make a message a question.
var questionWords = WordSet("berapa", "apa", "apakah", "gimana", "kapan", "mana", "kenapa", "bisa", "kah", "what", "how",
	"when", "where", "which", "does", "do", "is", "are", "can", "could")

// readItems finds the items of a message: segments between separators,
// split further where several counts follow each other ("nastar 2
// kastengel 1").
func readItems(ts []tok, ix *Index, c Context) []Item {
	var items []Item
	var eachQty *Quantity
	var prevPiece []tok
	for _, seg := range segments(ts) {
		for _, piece := range splitByCounts(seg) {
			before := prevPiece
			prevPiece = piece
			it, each := makeItem(piece, ix)
			it.span, it.asked = len(piece), piece[len(piece)-1].qmark
			it.Drop = slices.ContainsFunc(piece, func(t tok) bool {
				w := intentWord(t.w)
				return t.k == tWord && (w == "hapus" || w == "batal" || w == "tidakjadi" || w == "kurangi")
			})
			if each {
				q := it.Qty
				eachQty = &q
			}
			if len(it.Match.Words) == 0 && it.HasQty && len(items) > 0 && sizeOf(ix, &items[len(items)-1], it.Qty.N) {
				continue // "2x basreng 250": the 250 g one
			}
			if len(it.Match.Words) == 0 && len(items) > 0 {
				if other, ok := sizedCount(ix, items[len(items)-1], piece); ok {
					items = append(items, other) // "basreng 100 2 sama yg 250 1"
					continue
				}
			}
			if len(it.Match.Words) == 0 && it.HasQty && len(items) > 0 && items[len(items)-1].HasQty && more(piece) &&
				it.Qty.Problem == QtyOK && items[len(items)-1].Qty.Problem == QtyOK {
				// "nastar 2, eh tambah 1 lagi": one more of it.
				last := &items[len(items)-1]
				last.Qty = checkQty(last.Qty.N + it.Qty.N)
				continue
			}
			if len(it.Match.Words) == 0 && it.HasQty && len(items) > 0 && (!items[len(items)-1].HasQty || items[len(items)-1].Qty.Problem == QtyVague ||
				corrects(piece) || corrects(before)) {
				// "nastar, 2 aja": a count on its own belongs to the item
				// before; "nastar 2 toples, eh 3 deh" corrects it.
				items[len(items)-1].Qty, items[len(items)-1].HasQty = it.Qty, true
				continue
			}
			if len(it.Match.Words) == 0 && !it.HasQty {
				continue
			}
			if negated(piece) {
				continue // "bukan nastar, tapi kastengel 2", "gamau yang pedes"
			}
			if len(items) > 0 && it.Match.Clear && (corrects(piece) || corrects(before)) {
				last := &items[len(items)-1]
				if last.Match.Clear && last.Match.Hits[0].Product.ID == it.Match.Hits[0].Product.ID {
					// "kastengel 2, eh kastengelnya 1 aja": the same item, corrected.
					if it.HasQty {
						last.Qty = it.Qty
					}
					if it.Match.Hits[0].Variant >= 0 {
						last.Match = it.Match
					}
					continue
				}
				if takesBack(piece) || takesBack(before) {
					// "kastengel 2 eh salah, maksudnya nastar 2": instead of it.
					if !it.HasQty && last.HasQty {
						it.Qty, it.HasQty = last.Qty, true
					}
					items[len(items)-1] = it
					continue
				}
			}
			items = append(items, it)
			if len(items) >= maxPieces {
				break
			}
		}
	}
	if eachQty != nil {
		for i := range items {
			if (!items[i].HasQty || items[i].Each) && items[i].Match.Found() {
				items[i].Qty, items[i].HasQty, items[i].Each = *eachQty, true, true
			}
		}
	}
	// In a long story with an order in it ("…katanya nastarnya enak… jadi
	// aku mau pesen nastar 3, kastengel 2"), products named in passing are
	// not ordered: once some item has a count, a long uncounted phrase is
	// talk, not a list item.
	if slices.ContainsFunc(items, func(it Item) bool { return it.HasQty }) {
		counted := map[int64]bool{}
		for _, it := range items {
			if it.HasQty && it.Match.Clear {
				counted[it.Match.Hits[0].Product.ID] = true
			}
		}
		items = slices.DeleteFunc(items, func(it Item) bool {
			if it.HasQty {
				return false
			}
			m := it.Match
			return it.span > 5 || it.asked || !m.Found() && it.span > 3 || m.Clear && (counted[m.Hits[0].Product.ID] || m.Hits[0].Named == 0)
		})
	}
	if len(items) > maxItems {
		items = items[:maxItems]
	}
	// "keripik pedas 2 sama yang balado 1": a phrase naming only a variant
	// is a variant of the product before it (or of the one in context).
	prev := c.Product
	for i := 0; i < len(items); i++ {
		m := &items[i].Match
		if len(m.Words) == 0 {
			continue
		}
		if p, ok := variantOf(ix, prev, m.Words); ok && !(m.Clear && m.Hits[0].Product.ID == p.Product.ID) && !(m.Clear && m.Exact && m.Hits[0].Covered > variantWords(p)) {
			*m = Match{Hits: []Hit{p}, Clear: true, Exact: true, Words: m.Words}
			if i > 0 && refines(items[i-1], items[i]) {
				// "fried macaroni 6, the spicy one": which of the item
				// before, not another item.
				before := &items[i-1]
				before.Match.Hits, before.Match.Clear, before.Match.Exact = []Hit{p}, true, true
				if !before.HasQty {
					before.Qty, before.HasQty = items[i].Qty, items[i].HasQty
				}
				items = slices.Delete(items, i, i+1)
				i--
				continue
			}
		}
		if m.Clear {
			prev = m.Hits[0].Product.ID
		} else if i > 0 && items[i-1].Match.Clear {
			// "mkroni asin 2 sm mkroni pds 2": a word that named a product
			// a moment ago names it again.
			pick(m, items[i-1].Match)
		}
	}
	return items
}

// refines reports whether next only names the variant of the item before
// it, which left its variant open: "cassava crisps, the original one".
func refines(before, next Item) bool {
	m := before.Match
	return m.Clear && m.Hits[0].Variant < 0 && len(m.Hits[0].Product.Variants) > 1 &&
		next.Match.Hits[0].Product.ID == m.Hits[0].Product.ID && (!next.HasQty || !before.HasQty)
}

// pick settles an unclear match on the product the match before named,
// when they share a typed word and it is among the candidates.
func pick(m *Match, before Match) {
	shared := false
	for _, w := range m.Words {
		if slices.Contains(before.Words, w) {
			shared = true
		}
	}
	if !shared {
		return
	}
	id := before.Hits[0].Product.ID
	for i, h := range m.Hits {
		if h.Product.ID == id && h.Covered == m.Hits[0].Covered {
			m.Hits[0], m.Hits[i] = m.Hits[i], m.Hits[0]
			m.Clear = true
			return
		}
	}
}

// sizeOf reads n as the size that settles its variant, when it names
// one of its product's variants ("basreng 2, 250" is the 250 g).
func sizeOf(ix *Index, it *Item, n int) bool {
	m := it.Match
	if !it.HasQty || !m.Clear || m.Hits[0].Variant >= 0 || !ix.variantNumber(m.Hits[0], strconv.Itoa(n)) {
		return false
	}
	it.Match = ix.Search(append(slices.Clone(m.Words), strconv.Itoa(n)), false)
	return true
}

// article reports an English "a" or "an" before the words of a piece.
func article(piece []tok) bool {
	for _, t := range piece {
		switch {
		case t.k == tWord && (t.w == "a" || t.w == "an"):
			return true
		case content(t):
			return false
		}
	}
	return false
}

// sizedCount reads a piece of two numbers after an item as another
// variant of its product by size, and a count: "yg 250 1".
func sizedCount(ix *Index, before Item, piece []tok) (Item, bool) {
	var nums []tok
	for _, t := range piece {
		if isCount(t) {
			nums = append(nums, t)
		}
	}
	if len(nums) != 2 || !before.Match.Clear || nums[0].words {
		return Item{}, false
	}
	h, ok := variantOf(ix, before.Match.Hits[0].Product.ID, []string{nums[0].w})
	if !ok {
		return Item{}, false
	}
	return Item{Text: h.Product.Name + " " + nums[0].w, Qty: nums[1].q, HasQty: true, span: len(piece),
		Match: Match{Hits: []Hit{h}, Clear: true, Exact: true, Words: []string{nums[0].w}}}, true
}

// corrects reports a piece that takes back what came before: "eh 3 deh",
// "ralat 2", "eh ga jadi, 2 aja".
func corrects(piece []tok) bool {
	for _, t := range piece {
		if t.k == tWord && (t.w == "eh" || takeBackWords[t.w] || t.w == "deng" || t.w == "ding") {
			return true
		}
	}
	for i := 0; i+1 < len(piece); i++ {
		if piece[i].k == tWord && piece[i+1].k == tWord && intentWord(piece[i].w) == "tidak" && piece[i+1].w == "jadi" {
			return true // "… eh ga jadi, 2 aja"
		}
	}
	return false
}

// takesBack reports a piece saying the item before was a mistake:
// "salah", "maksudnya", "ralat", "actually", "I meant".
func takesBack(piece []tok) bool {
	return slices.ContainsFunc(piece, func(t tok) bool { return t.k == tWord && takeBackWords[t.w] })
}

var takeBackWords = WordSet("salah", "maksudnya", "maksud", "ralat", "koreksi", "harusnya", "seharusnya", "diganti", "ganti", "gantinya",
	"actually", "meant", "instead", "mean", "sorry")

// more reports a count that adds to the one before: "tambah 1 lagi".
func more(piece []tok) bool {
	return slices.ContainsFunc(piece, func(t tok) bool {
		return t.k == tWord && (intentWord(t.w) == "lagi" || t.w == "more" || t.w == "another" || t.w == "extra")
	})
}

// negated reports a piece that says what the customer does not want:
// "bukan nastar", "gamau yang pedes", "not the spicy one".
func negated(piece []tok) bool {
	for i, t := range piece {
		if t.k != tWord {
			return false
		}
		switch w := intentWord(t.w); {
		case w == "bukan" || w == "jangan" || w == "gamau" || w == "gakmau" || w == "ogah" || w == "not" || w == "without":
			return true
		case w == "tidak" && i+1 < len(piece) && piece[i+1].k == tWord && (intentWord(piece[i+1].w) == "mau" || piece[i+1].w == "usah" || piece[i+1].w == "pakai" || piece[i+1].w == "want"):
			return true
		case w == "dont" || w == "don":
			return true
		case content(t):
			return false
		}
	}
	return false
}

// maxItems bounds the items of one message (a cart holds 50 lines), and
// maxPieces the phrases looked up for them (a long story has many).
const (
	maxItems  = 30
	maxPieces = 80
)

// variantWords counts the words that matched a variant.
func variantWords(h Hit) int {
	if h.Variant < 0 {
		return 0
	}
	return len(fieldWords(h.Product.Variants[h.Variant].Name))
}

// VariantOf reads words as naming one variant of product id ("level",
// "5" is its Level 5), if every word is one of its variants' words.
func (ix *Index) VariantOf(id int64, words []string) (Hit, bool) { return variantOf(ix, id, words) }

// variantOf reads words as naming a variant of product id, if every word
// is one of its variants' words.
func variantOf(ix *Index, id int64, words []string) (Hit, bool) {
	pi, ok := ix.byID[id]
	if !ok {
		return Hit{}, false
	}
	for _, p := range ix.products[pi : pi+1] {
		if len(p.Variants) < 2 {
			continue
		}
		best, bestN, tie := -1, 0, false
		for vi := range p.Variants {
			vw := ix.vwords[pi][vi]
			n := 0
			for _, w := range words {
				if variantHas(vw, w) {
					n++
				}
			}
			if n < len(words) {
				continue
			}
			switch {
			case n > bestN:
				best, bestN, tie = vi, n, false
			case n == bestN:
				tie = true
			}
		}
		if best < 0 || tie {
			return Hit{}, false
		}
		return Hit{Product: p, Variant: best, Covered: bestN, Score: 9 * bestN}, true
	}
	return Hit{}, false
}

// segments splits tokens at separators and at the words that join items
// ("dan", "sama", "plus").
func segments(ts []tok) [][]tok {
	var out [][]tok
	var cur []tok
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	for i, t := range ts {
		switch {
		case t.k == tSep:
			flush()
		case t.k == tWord && separatorWords[t.w] && !(t.w == "sama" && nextWordIs(ts, i, "seperti", "kayak", "kaya", "kyk", "kek", "dengan", "dgn", "persis")):
			flush()
		default:
			cur = append(cur, t)
		}
	}
	flush()
	return out
}

func nextWordIs(ts []tok, i int, words ...string) bool {
	return i+1 < len(ts) && ts[i+1].k == tWord && slices.Contains(words, ts[i+1].w)
}

// content reports whether a token names something (not a filler, unit,
// honorific or verb).
func content(t tok) bool {
	switch t.k {
	case tWord:
		return !t.unit && !fillers[t.w] && !Honorifics[t.w] && !orderVerbs[t.w] && !stopContent[intentWord(t.w)] && !fillers[intentWord(t.w)] && !sizeWords[t.w]
	case tFixed:
		return t.size
	}
	return false
}

// stopContent are canonical words that never name a product.
var stopContent = WordSet("change", "ubah", "ubahin", "ganti", "gantiin", "diganti", "diubah", "update", "switch", "tukar", "replace", "lipat", "double", "dobel", "kurangi", "kurangin", "dikurangi", "dikurangin", "kurangkan", "dikurangkan", "dikurang", "masing", "nomor", "hp", "wa", "telp", "telepon", "kode", "pos", "kodepos", "rt", "rw", "kec", "kecamatan",
	"kel", "kelurahan", "jl", "jln", "jalan", "alamat", "alamatnya", "kota", "kabupaten", "kab", "provinsi", "gang", "blok", "tidakjadi", "restock", "restok", "abis", "habis", "kabarin", "infoin", "kosong", "tapi", "seperti", "sini", "situ",
	"lewat", "bukan", "salah", "maksudnya", "maksud", "ralat", "koreksi", "harusnya", "seharusnya", "batal", "hapus", "resi", "pesanan", "status", "lacak", "komplain", "paket", "rekening", "kabari",
	"keranjang", "belanjaan", "belanja", "total", "semua", "semuanya", "checkout", "admin", "promo", "ulang", "repeat", "reorder",
	"kemarin", "terakhir", "biasa", "sebelumnya", "makasih", "tidak", "ada", "bukti", "lunas", "ekspedisi", "kurir", "kurirnya", "tutup",
	"format", "form", "formulir", "template", "cara", "data", "contoh", "prosedur", "berapa", "harga", "tidak", "sudah", "belum", "bisa", "ready", "stok", "kirim", "dikirim", "pakai",
	"sampai", "kapan", "gimana", "kenapa", "mau", "pesan", "saja", "dong", "jadi", "lagi", "kalau", "sama", "yang", "untuk",
	"masih", "tolong", "lihat", "atau", "dengan", "terus", "banget", "sekarang", "makasih", "bayar", "transfer", "ongkir")

// isCount reports whether a token counts items ("2", "dua", "x2"); long
// bare numbers ("16424") do not.
func isCount(t tok) bool { return t.k == tNum && (!t.long && !t.grouped || t.unit) }

// splitByCounts splits a segment holding several counted items without
// separators: "nastar 2 kastengel 1", "2 basreng 1 teh".
func splitByCounts(seg []tok) [][]tok {
	counts, first := 0, -1
	for i, t := range seg {
		if isCount(t) {
			counts++
		}
		if first < 0 && (isCount(t) || content(t)) {
			first = i
		}
	}
	if counts < 2 || first < 0 {
		return [][]tok{seg}
	}
	before := isCount(seg[first]) // counts come before their products
	var out [][]tok
	var cur []tok
	seenContent := false
	for _, t := range seg {
		if isCount(t) && before && seenContent {
			out = append(out, cur)
			cur, seenContent = nil, false
		}
		cur = append(cur, t)
		if content(t) {
			seenContent = true
		}
		if isCount(t) && !before && seenContent {
			out = append(out, cur)
			cur, seenContent = nil, false
		}
	}
	if len(cur) > 0 {
		if !slices.ContainsFunc(cur, content) && !slices.ContainsFunc(cur, isCount) && len(out) > 0 {
			out[len(out)-1] = append(out[len(out)-1], cur...) // "2 bungkus ya": the unit after
		} else {
			out = append(out, cur)
		}
	}
	return out
}

// makeItem reads one piece: its product words and its count.
func makeItem(piece []tok, ix *Index) (Item, bool) {
	var it Item
	var words, typed []string
	var long *tok
	each := false
	for i := range piece {
		t := piece[i]
		switch {
		case isCount(t) && t.words && !ix.unnamed(t.w) && i+1 < len(piece) && piece[i+1].k == tWord && !ix.unnamed(canonical(piece[i+1].w)):
			words = append(words, t.w) // "thousand layer cake": a name, not 1000
			typed = append(typed, t.raw)
		case isCount(t):
			if !it.HasQty {
				it.Qty, it.HasQty = t.q, true
				each = t.each
			}
		case t.k == tNum && (t.long || t.grouped):
			long = &piece[i]
		case content(t) && !(propertyWords[intentWord(t.w)] && ix.unnamed(intentWord(t.w))):
			words = append(words, t.w)
			typed = append(typed, t.raw)
		case t.k == tWord && sizeWords[t.w] && i > 0 && piece[i-1].size:
			words = append(words, t.w) // "250 g": the unit of a size
			typed = append(typed, t.raw)
		}
	}
	if len(words) == 0 {
		if !it.HasQty && long != nil && len(piece) == 1 {
			it.Qty, it.HasQty = long.q, true // "1000000" alone: a count, too big
		}
		return it, each
	}
	it.Match = ix.Search(words, false)
	it.Text = strings.Join(dedupe(typed), " ")
	if !it.HasQty && article(piece) && it.Match.Clear {
		it.Qty, it.HasQty = Quantity{N: 1}, true // "and a thousand layer cake"
	}
	if !it.HasQty && long != nil && it.Match.Found() {
		it.Qty, it.HasQty = long.q, true // "nastar 1000": an absurd count, refused politely
	}
	if !it.HasQty && it.Match.Clear {
		// "brownies sekat 1": the 1 is no part of "Sekat 4 rasa", so it counts.
		for i, t := range piece {
			if t.k == tFixed && t.size && AllDigits(t.w) && (i+1 == len(piece) || !sizeWords[piece[i+1].w]) && !ix.variantNumber(it.Match.Hits[0], t.w) {
				q, _ := parseNumeral(t.w)
				it.Qty, it.HasQty = q, true
				break
			}
		}
	}
	if it.HasQty && it.Qty.N >= 50 && !qtyUnit(piece) && it.Match.Clear && ix.variantNumber(it.Match.Hits[0], strconv.Itoa(it.Qty.N)) {
		// "basreng 250": the size of a variant, not 250 packs.
		it.Match = ix.Search(append(words, strconv.Itoa(it.Qty.N)), false)
		it.Qty, it.HasQty = Quantity{}, false
	}
	return it, each
}

// variantNumber reports whether a number is part of one of the hit's
// variant names ("250" of "250 g").
func (ix *Index) variantNumber(h Hit, n string) bool {
	pi, ok := ix.byID[h.Product.ID]
	if !ok {
		return false
	}
	for _, vw := range ix.vwords[pi] {
		if slices.Contains(vw, n) {
			return true
		}
	}
	return false
}

// qtyUnit reports whether a piece's count was written with a unit ("2 bks").
func qtyUnit(piece []tok) bool {
	for _, t := range piece {
		if isCount(t) && t.unit {
			return true
		}
	}
	return false
}

// propertyWords ask about a product rather than name one ("isinya
// berapa?", "tahan berapa lama?"): they are not looked up unless the
// catalog names something with them.
var propertyWords = WordSet("grams", "heavy", "meat", "daging", "sachets", "pieces", "tinggal", "sisa", "borong", "fresh", "goreng",
	"digoreng", "sangrai", "berat", "isi", "ukuran", "gram", "tahan", "lama", "awet", "pengawet", "bahan", "komposisi", "halal",
	"asli", "asal", "expired", "kadaluarsa", "kedaluwarsa", "kadaluwarsa", "rasa", "volume", "netto", "bertahan", "simpan", "disimpan",
	"kulkas", "fresh", "segar", "tanggal", "produksi", "kemasan", "packing", "bentuk", "warna", "tekstur", "sertifikat", "bpom", "pirt",
	"ingredients", "weight", "size", "contents", "taste", "halalnya", "diameter", "tinggi", "panjang", "lebar", "besar", "kecil")

// ContentWords are the words of a question that say what it is about,
// without chat words: "udah digiling blm kak?" -> "digiling".
func ContentWords(text string) []string {
	var out []string
	for _, w := range Tokens(text) {
		c := intentWord(w)
		if !fillers[w] && !fillers[c] && !Honorifics[w] && !stopContent[c] && !questionWords[c] && len(w) >= 3 {
			out = append(out, w)
		}
	}
	return out
}

// dedupe drops a raw word repeated by splitting ("250gr" gives "250" and "gr").
func dedupe(ws []string) []string {
	out := ws[:0:0]
	for i, w := range ws {
		if i > 0 && ws[i-1] == w {
			continue
		}
		out = append(out, w)
	}
	return out
}

// wordSeq is a message's words in order, indexed: the intent rules ask
// a hundred times whether a word or a run of words is there.
type wordSeq struct {
	list []string
	at   map[string]int // the first position of each word
}

// seqIndexed is how many words a message needs before an index beats
// looking through them.
const seqIndexed = 24

func newWordSeq(ws []string) wordSeq {
	s := wordSeq{list: ws}
	if len(ws) > seqIndexed {
		s.at = make(map[string]int, len(ws))
		for i, w := range ws {
			if _, ok := s.at[w]; !ok {
				s.at[w] = i
			}
		}
	}
	return s
}

// has reports whether one of words is in the message.
func (s wordSeq) has(words ...string) bool {
	if s.at == nil {
		return has(s.list, words...)
	}
	for _, w := range words {
		if _, ok := s.at[w]; ok {
			return true
		}
	}
	return false
}

// seq reports whether the message has the words one after another.
func (s wordSeq) seq(seq ...string) bool {
	if s.at == nil {
		return ContainsWords(s.list, seq)
	}
	i, ok := s.at[seq[0]]
	return ok && ContainsWords(s.list[i:], seq)
}

// any reports whether a word of the message is in set.
func (s wordSeq) any(set map[string]bool) bool { return hasAny(s.list, set) }

func hasAny(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if set[w] {
			return true
		}
	}
	return false
}

func has(ws []string, words ...string) bool {
	for _, w := range ws {
		if slices.Contains(words, w) {
			return true
		}
	}
	return false
}

// hasSeq reports whether the words contain seq as consecutive words.
func hasSeq(ws []string, seq ...string) bool { return ContainsWords(ws, seq) }

// refers reports a word with "-nya", pointing at something known: the
// "kripiknya" in the cart, the "sambalnya" looked at.
func refers(raw []string) bool {
	for _, w := range raw {
		if strings.HasSuffix(w, "nya") && len(w) > 5 && !fillers[w] {
			return true
		}
	}
	return false
}

package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// The catalog from the phone: admins add products (/tambah, step by step
// or in one line), set their photos (/foto), hide and show them
// (/sembunyikan, /tampilkan) and change their names and descriptions
// (/ubah). The changes are the shop's operations (shop/products.go); this
// file only asks, reads what the admin typed and answers.

// Steps of the catalog desk (catalogDraft.Step).
const (
	catName        = "name"        // the new product's name
	catCategory    = "category"    // an existing category by number, or a new name
	catVariants    = "variants"    // variants with price and stock
	catDescription = "description" // a description, or "lewati"
	catConfirm     = "confirm"     // the recap is shown: ya, ubah or batal
	catPart        = "part"        // which part to change
	catPhoto       = "photo"       // /foto SKU was typed: the next photo is the product's
)

// catalogDraft is a product being added, kept in the admin's conversation
// state until they say "ya" (nothing is written before), or the product
// waiting for its photo.
type catalogDraft struct {
	Step        string         `json:"step"`
	Name        string         `json:"name,omitempty"`
	Category    string         `json:"category,omitempty"`
	NewCategory bool           `json:"new_category,omitempty"`
	Variants    []draftVariant `json:"variants,omitempty"`
	Description string         `json:"description,omitempty"`
	// Editing: the step changes one part, then the recap comes back.
	Editing bool `json:"editing,omitempty"`
	// Product and SKU: the product /foto SKU is waiting for a photo of;
	// Append: /foto SKU tambah, the photo goes after the others.
	Product int64  `json:"product,omitempty"`
	SKU     string `json:"sku,omitempty"`
	Append  bool   `json:"append,omitempty"`
}

type draftVariant struct {
	Name      string      `json:"name,omitempty"`
	SKU       string      `json:"sku,omitempty"` // "" gets one made when saved
	Price     lapak.Money `json:"price"`
	Stock     int         `json:"stock,omitempty"`
	Unlimited bool        `json:"unlimited,omitempty"`
}

// product is the draft as the shop's operation takes it.
func (c *catalogDraft) product() lapak.Product {
	p := lapak.Product{Name: c.Name, Category: c.Category, Description: c.Description}
	for _, v := range c.Variants {
		p.Variants = append(p.Variants, lapak.Variant{SKU: v.SKU, Name: v.Name, Price: v.Price, Stock: v.Stock, Unlimited: v.Unlimited})
	}
	return p
}

// Words that answer the catalog desk's questions.
var (
	catCancelWords = wordSet("batal", "batalkan", "cancel", "stop", "gajadi", "berhenti")
	catSkipWords   = wordSet("lewati", "lewat", "skip", "-", "tidak", "tidak ada", "gak ada", "ga ada", "none", "no", "kosong")
	catYesWords    = wordSet("ya", "iya", "y", "yes", "ok", "oke", "okay", "simpan", "save", "sip", "betul", "benar", "lanjut")
	catEditWords   = wordSet("ubah", "ganti", "edit", "change", "ralat")
)

// lowerWords is s lower-cased with its spaces folded, for the word sets.
func lowerWords(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// catalogTurn gives a product being added (or a photo awaited) the first
// go at an admin's typed message. A command ("/stok …") leaves the draft
// and runs; done is false then, and when there is no draft.
func (t *turn) catalogTurn(raw string) (done bool, err error) {
	c := t.st.Catalog
	if c == nil {
		return false, nil
	}
	if strings.HasPrefix(strings.TrimSpace(raw), "/") {
		t.st.Catalog = nil // a command: what it says goes, the draft is dropped
		return false, nil
	}
	if catCancelWords[lowerWords(raw)] {
		t.st.Catalog = nil
		if c.Step == catPhoto {
			t.send(t.msg(text.NoOk))
			return true, nil
		}
		t.send(t.msg(text.AddCancelled))
		return true, nil
	}
	if c.Step == catPhoto {
		t.st.Catalog = nil // they wrote instead of sending the photo: carry on
		return false, nil
	}
	if id := t.typedChoice(raw); id != "" {
		return t.catalogChoice(id)
	}
	d := &deskTurn{turn: t}
	return true, d.done(d.draftStep(c, raw))
}

// typedChoice is the id of the choice offered last that raw names by
// number or label, "" when none.
func (t *turn) typedChoice(raw string) string {
	s := lowerWords(raw)
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= len(t.st.Choices) {
		return t.st.Choices[n-1].ID
	}
	for _, ch := range t.st.Choices {
		if strings.ToLower(ch.Label) == s {
			return ch.ID
		}
	}
	return ""
}

// catalogChoice runs a catalog desk choice ("cdesk:…"), pressed or typed.
func (t *turn) catalogChoice(id string) (bool, error) {
	if !t.isAdmin() {
		return false, nil
	}
	c := t.st.Catalog
	if c == nil {
		return false, nil // an old button: the customer's answer to a stale choice
	}
	d := &deskTurn{turn: t}
	verb, arg, _ := strings.Cut(strings.TrimPrefix(id, "cdesk:"), ":")
	switch {
	case verb == "cat" && c.Step == catCategory:
		catID, err := strconv.ParseInt(arg, 10, 64)
		if err != nil {
			return false, nil
		}
		cats, err := t.tx.Categories(t.ctx)
		if err != nil {
			return true, err
		}
		for _, cat := range cats {
			if cat.ID == catID {
				c.Category, c.NewCategory = cat.Name, false
				return true, d.next(c, catVariants)
			}
		}
		return true, d.askCategory()
	case verb == "yes" && c.Step == catConfirm:
		return true, d.done(d.saveDraft(c))
	case verb == "edit" && (c.Step == catConfirm || c.Step == catPart):
		c.Step = catPart
		d.send(d.msg(text.AddAskPart),
			lapak.Choice{ID: "cdesk:part:" + catName, Label: d.msg(text.BtnPartName)},
			lapak.Choice{ID: "cdesk:part:" + catCategory, Label: d.msg(text.BtnPartCategory)},
			lapak.Choice{ID: "cdesk:part:" + catVariants, Label: d.msg(text.BtnPartVariants)},
			lapak.Choice{ID: "cdesk:part:" + catDescription, Label: d.msg(text.BtnPartDescription)})
		return true, nil
	case verb == "part" && c.Step == catPart:
		switch arg {
		case catName, catCategory, catVariants, catDescription:
			c.Editing = true
			return true, d.ask(c, arg)
		}
	case verb == "cancel":
		t.st.Catalog = nil
		t.send(t.msg(text.AddCancelled))
		return true, nil
	}
	return true, d.draftStep(c, "") // a button of another step: ask this step again
}

// add runs /tambah: the wizard without arguments, the one-line form with.
func (d *deskTurn) add() error {
	if d.cmd.rest == "" {
		d.st.Catalog = &catalogDraft{}
		return d.ask(d.st.Catalog, catName)
	}
	parts := strings.Split(d.cmd.rest, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	missing := text.None
	switch {
	case parts[0] == "":
		missing = text.AddPartName
	case len(parts) < 2 || parts[1] == "":
		missing = text.AddPartCategory
	case len(parts) < 3 || parts[2] == "":
		missing = text.AddPartVariants
	}
	if missing != text.None {
		d.send(d.msg(text.AddMissingPart, d.msg(missing), d.msg(text.DeskUseAdd)))
		return nil
	}
	c := &catalogDraft{Name: parts[0]}
	if len(parts) > 3 {
		c.Description = strings.TrimSpace(strings.Join(parts[3:], "|"))
	}
	if !d.draftName(c, c.Name) {
		return nil
	}
	if ok, err := d.draftCategory(c, parts[1]); !ok || err != nil {
		return err
	}
	if ok, err := d.draftVariants(c, parts[2], ";"); !ok || err != nil {
		return err
	}
	if !d.draftDescription(c, c.Description) {
		return nil
	}
	d.st.Catalog = c
	return d.draftRecap(c)
}

// ask puts the question of step.
func (d *deskTurn) ask(c *catalogDraft, step string) error {
	c.Step = step
	switch step {
	case catName:
		d.send(d.msg(text.AddAskName, lapak.MaxProductName))
	case catCategory:
		return d.askCategory()
	case catVariants:
		d.send(d.msg(text.AddAskVariants))
	case catDescription:
		d.send(d.msg(text.AddAskDescription, lapak.MaxDescription))
	case catConfirm:
		return d.draftRecap(c)
	}
	return nil
}

// next moves to step, or back to the recap when one part was being changed.
func (d *deskTurn) next(c *catalogDraft, step string) error {
	if c.Editing {
		c.Editing = false
		step = catConfirm
	}
	return d.ask(c, step)
}

func (d *deskTurn) askCategory() error {
	cats, err := d.tx.Categories(d.ctx)
	if err != nil {
		return err
	}
	var choices []lapak.Choice
	for _, cat := range cats {
		if len(choices) == 20 {
			break // more are typed by name
		}
		choices = append(choices, lapak.Choice{ID: fmt.Sprintf("cdesk:cat:%d", cat.ID), Label: cat.Name})
	}
	d.st.Catalog.Step = catCategory
	d.send(d.msg(text.AddAskCategory), choices...)
	return nil
}

// draftStep reads the answer to the current step.
func (d *deskTurn) draftStep(c *catalogDraft, raw string) error {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		if c.Step == catConfirm || c.Step == catPart {
			return d.draftRecap(c)
		}
		return d.ask(c, c.Step)
	}
	switch c.Step {
	case catName:
		if d.draftName(c, raw) {
			return d.next(c, catCategory)
		}
	case catCategory:
		ok, err := d.draftCategory(c, raw)
		if ok {
			return d.next(c, catVariants)
		}
		return err
	case catVariants:
		ok, err := d.draftVariants(c, raw, ";\n")
		if ok {
			return d.next(c, catDescription)
		}
		return err
	case catDescription:
		if catSkipWords[lowerWords(raw)] {
			raw = ""
		}
		if d.draftDescription(c, raw) {
			return d.next(c, catConfirm)
		}
	case catConfirm:
		w := lowerWords(raw)
		switch {
		case catYesWords[w]:
			return d.saveDraft(c)
		case catEditWords[w]:
			_, err := d.catalogChoice("cdesk:edit")
			return err
		}
		d.send(d.msg(text.AddConfirmHint), d.st.Choices...)
	case catPart:
		for _, p := range []struct {
			step  string
			label text.Key
		}{{catName, text.BtnPartName}, {catCategory, text.BtnPartCategory}, {catVariants, text.BtnPartVariants}, {catDescription, text.BtnPartDescription}} {
			if w := lowerWords(raw); w == lowerWords(d.msg(p.label)) || len(w) >= 3 && strings.Contains(lowerWords(d.msg(p.label)), w) {
				c.Editing = true
				return d.ask(c, p.step)
			}
		}
		_, err := d.catalogChoice("cdesk:edit")
		return err
	default:
		d.st.Catalog = nil
	}
	return nil
}

// draftName takes a product's name, or says why not (false).
func (d *deskTurn) draftName(c *catalogDraft, name string) bool {
	name = strings.Join(strings.Fields(name), " ")
	if n := utf8.RuneCountInString(name); n == 0 || n > lapak.MaxProductName || strings.ContainsFunc(name, unicode.IsControl) {
		d.send(d.msg(text.AddNameBad, lapak.MaxProductName, n))
		return false
	}
	p, err := d.tx.ProductByName(d.ctx, name)
	if err == nil {
		d.send(d.msg(text.AddNameExists, p.Name))
		return false
	}
	if !notFound(err) {
		d.turn.err = err
		return false
	}
	c.Name = name
	return true
}

// draftCategory takes a category: an existing one by name (any case), or a new one.
func (d *deskTurn) draftCategory(c *catalogDraft, name string) (bool, error) {
	name = strings.Join(strings.Fields(name), " ")
	if n := utf8.RuneCountInString(name); n == 0 || n > lapak.MaxCategoryName || strings.ContainsFunc(name, unicode.IsControl) {
		d.send(d.msg(text.AddCategoryBad, lapak.MaxCategoryName, n))
		return false, nil
	}
	cats, err := d.tx.Categories(d.ctx)
	if err != nil {
		return false, err
	}
	c.Category, c.NewCategory = name, true
	for _, cat := range cats {
		if strings.EqualFold(cat.Name, name) {
			c.Category, c.NewCategory = cat.Name, false
		}
	}
	return true, nil
}

// draftVariants reads variants separated by any of seps, or says what is
// wrong with the first bad one (false).
func (d *deskTurn) draftVariants(c *catalogDraft, s, seps string) (bool, error) {
	var vs []draftVariant
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		v, problem := d.parseVariant(part)
		if problem != "" {
			if len(vs) > 0 || strings.ContainsAny(s, seps) {
				problem = d.msg(text.AddInVariant, len(vs)+1, problem)
			}
			d.send(problem)
			return false, nil
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 || len(vs) > lapak.MaxVariants {
		d.send(d.msg(text.AddBadVariants, lapak.MaxVariants, len(vs)))
		return false, nil
	}
	p := lapak.Product{Name: "x", Category: "x"}
	for _, v := range vs {
		p.Variants = append(p.Variants, lapak.Variant{SKU: v.SKU, Name: v.Name, Price: v.Price, Stock: v.Stock, Unlimited: v.Unlimited})
	}
	if err := shop.CheckProduct(&p); err != nil {
		return false, d.productProblem(err)
	}
	for i, v := range p.Variants {
		vs[i].SKU, vs[i].Name = v.SKU, v.Name
		if v.SKU == "" {
			continue
		}
		if _, err := d.tx.ProductBySKU(d.ctx, v.SKU); err == nil {
			d.send(d.msg(text.AddSKUExists, v.SKU))
			return false, nil
		} else if !notFound(err) {
			return false, err
		}
	}
	c.Variants = vs
	return true, nil
}

// parseVariant reads one variant as sellers write it: "450 g 85000 stok
// 20", "450 g=85rb stok 20", "Rp 85.000" alone (one variant, unlimited
// stock), "… sku NST-450" to choose the SKU; prices through lapak.ParsePrice.
// problem says what is wrong.
func (d *deskTurn) parseVariant(s string) (v draftVariant, problem string) {
	var rest []string
	ws := strings.Fields(strings.ReplaceAll(s, "=", " = "))
	v.Unlimited = true
	for i := 0; i < len(ws); i++ {
		w := strings.ToLower(strings.TrimSuffix(ws[i], ":"))
		switch {
		case (w == "stok" || w == "stock") && i+1 < len(ws):
			i++
			val := strings.ToLower(ws[i])
			if val == "-" || val == "bebas" || val == "unlimited" || val == "∞" {
				continue
			}
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 || n > lapak.MaxStock {
				return v, d.msg(text.AddBadStock, ws[i], lapak.MaxStock)
			}
			v.Stock, v.Unlimited = n, false
		case (w == "sku" || w == "kode") && i+1 < len(ws):
			i++
			v.SKU = ws[i]
		default:
			rest = append(rest, ws[i])
		}
	}
	if i := indexOf(rest, "="); i >= 0 {
		name, price := strings.Join(rest[:i], " "), strings.Join(rest[i+1:], " ")
		m, err := lapak.ParsePrice(price)
		switch {
		case price == "":
			return v, d.msg(text.AddNoPrice, strings.TrimSpace(s))
		case err != nil || m <= 0:
			return v, d.msg(text.AddBadPrice, price)
		}
		v.Name, v.Price = name, m
		return v, ""
	}
	// The price is at the end: "Rp 85.000" and "85 rb" are two words.
	n := len(rest)
	if n == 0 {
		return v, d.msg(text.AddNoPrice, strings.TrimSpace(s))
	}
	for _, k := range []int{2, 1} {
		if n < k {
			continue
		}
		words := rest[n-k:]
		if k == 2 && !moneyPrefix(words[0]) && !moneySuffix(words[1]) {
			continue
		}
		if m, err := lapak.ParsePrice(strings.Join(words, " ")); err == nil {
			if m <= 0 {
				return v, d.msg(text.AddBadPrice, strings.Join(words, " "))
			}
			v.Name, v.Price = strings.Join(rest[:n-k], " "), m
			return v, ""
		}
	}
	last := rest[n-1]
	if strings.ContainsFunc(last, unicode.IsDigit) || strings.HasPrefix(last, "-") {
		return v, d.msg(text.AddBadPrice, last) // "-1", "85,5"
	}
	return v, d.msg(text.AddNoPrice, strings.TrimSpace(s)) // "seratus"
}

func indexOf(ws []string, w string) int {
	for i, x := range ws {
		if x == w {
			return i
		}
	}
	return -1
}

func moneyPrefix(w string) bool {
	w = strings.ToLower(w)
	return w == "rp" || w == "rp." || w == "idr"
}

func moneySuffix(w string) bool {
	switch strings.ToLower(w) {
	case "rb", "ribu", "k", "jt", "juta", "rban":
		return true
	}
	return false
}

// draftDescription takes a description ("" for none), or says why not.
func (d *deskTurn) draftDescription(c *catalogDraft, desc string) bool {
	desc = strings.TrimSpace(desc)
	if n := utf8.RuneCountInString(desc); n > lapak.MaxDescription {
		d.send(d.msg(text.AddDescriptionBad, lapak.MaxDescription, n))
		return false
	}
	c.Description = desc
	return true
}

// draftRecap shows the draft and asks for ya, ubah or batal.
func (d *deskTurn) draftRecap(c *catalogDraft) error {
	c.Step = catConfirm
	cat := c.Category
	if c.NewCategory {
		cat = d.msg(text.AddRecapNewCategory, cat)
	}
	desc := c.Description
	if desc == "" {
		desc = d.msg(text.AddRecapNone)
	}
	var lines []string
	for _, v := range c.Variants {
		name, stock, sku := v.Name, strconv.Itoa(v.Stock), "SKU "+v.SKU
		if name == "" {
			name = d.msg(text.AddRecapNoVariant)
		}
		if v.Unlimited {
			stock = d.msg(text.AddRecapUnlimited)
		}
		if v.SKU == "" {
			sku = d.msg(text.AddRecapAutoSKU)
		}
		lines = append(lines, d.msg(text.AddRecapVariant, name, d.turn.price(v.Price), stock, sku))
	}
	d.send(d.msg(text.AddRecap, c.Name, cat, desc, strings.Join(lines, "\n"))+"\n\n"+d.msg(text.AddConfirmHint),
		lapak.Choice{ID: "cdesk:yes", Label: d.msg(text.BtnAddSave)},
		lapak.Choice{ID: "cdesk:edit", Label: d.msg(text.BtnAddEdit)},
		lapak.Choice{ID: "cdesk:cancel", Label: d.msg(text.BtnAddCancel)})
	return nil
}

// saveDraft adds the product: the one write of the whole conversation.
func (d *deskTurn) saveDraft(c *catalogDraft) error {
	p, err := d.e.ops.AddProduct(d.ctx, d.op(), d.by(), c.product())
	if err != nil {
		return d.productProblem(err)
	}
	d.st.Catalog = nil
	var lines []string
	for _, v := range p.Variants {
		stock := strconv.Itoa(v.Stock)
		if v.Unlimited {
			stock = d.msg(text.AddRecapUnlimited)
		}
		lines = append(lines, d.msg(text.AddSavedVariant, v.SKU, lapak.ItemTitle(p.Name, v.Name), d.turn.price(v.Price), stock))
	}
	d.st.Topic, d.st.TopicVariant = p.ID, 0 // a photo sent in reply to this is the product's
	d.send(d.msg(text.AddSaved, p.Name, p.Category, strings.Join(lines, "\n"), p.Variants[0].SKU))
	return nil
}

// productProblem tells the admin what the shop refused in a product; an
// error that is not theirs fails the turn.
func (d *deskTurn) productProblem(err error) error {
	var fe *shop.FieldError
	var ee *lapak.ExistsError
	switch {
	case errors.As(err, &ee) && ee.What == "sku":
		d.send(d.msg(text.AddSKUExists, ee.Value))
	case errors.As(err, &ee):
		d.send(d.msg(text.AddNameExists, ee.Value))
	case errors.As(err, &fe):
		var msg string
		n := utf8.RuneCountInString(fe.Value)
		switch fe.Field {
		case "name":
			msg = d.msg(text.AddNameBad, lapak.MaxProductName, n)
		case "category":
			msg = d.msg(text.AddCategoryBad, lapak.MaxCategoryName, n)
		case "description":
			msg = d.msg(text.AddDescriptionBad, lapak.MaxDescription, n)
		case "keywords":
			msg = d.msg(text.ProductKeywordsBad, lapak.MaxKeywords, n)
		case "variants":
			count, _ := strconv.Atoi(fe.Value)
			msg = d.msg(text.AddBadVariants, lapak.MaxVariants, count)
		case "variant":
			msg = d.msg(text.AddBadVariantName, fe.Value, lapak.MaxVariantName)
		case "price":
			msg = d.msg(text.AddBadPrice, fe.Value)
		case "stock":
			msg = d.msg(text.AddBadStock, fe.Value, lapak.MaxStock)
		case "sku":
			msg = d.msg(text.AddBadSKU, fe.Value, lapak.MaxSKU)
		default:
			return err
		}
		if fe.Variant > 0 {
			msg = d.msg(text.AddInVariant, fe.Variant, msg)
		}
		d.send(msg)
	default:
		return err
	}
	return nil
}

// ---- photos ----

// catalogPhoto handles an admin's photo sent without a caption: the photo
// /foto SKU waits for, else the product of the card it replies to, else a
// hint. done is false for anyone who is not an admin.
func (t *turn) catalogPhoto() (done bool, err error) {
	if !t.isAdmin() {
		return false, nil
	}
	d := &deskTurn{turn: t}
	if c := t.st.Catalog; c != nil && c.Step == catPhoto {
		t.st.Catalog = nil
		if c.Append {
			return true, d.done(d.addPhoto(c.Product))
		}
		return true, d.done(d.setPhoto(c.Product))
	}
	if reply := t.conv.Inbound.ReplyText; reply != "" && t.st.Catalog == nil {
		p, ok, err := t.replyProduct(reply)
		if err != nil {
			return true, err
		}
		if ok {
			return true, d.done(d.setPhoto(p.ID))
		}
	}
	return true, d.photoHint()
}

// photoHint says how to give a photo its product, with a real SKU.
func (d *deskTurn) photoHint() error {
	example := "NASTAR-KEJU-450G"
	if d.st.Topic > 0 {
		if p, err := d.tx.Product(d.ctx, d.st.Topic); err == nil && len(p.Variants) > 0 {
			example = p.Variants[0].SKU
		}
	}
	d.send(d.msg(text.PhotoHint, example))
	return nil
}

// replyProduct is the product the message replied to is about: an SKU in
// its text (the desk's cards name them), else its first line as a product
// name (the customers' product card), else the last product this admin
// was shown or added.
func (t *turn) replyProduct(reply string) (lapak.Product, bool, error) {
	words := strings.FieldsFunc(reply, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.')
	})
	asked := 0
	for _, w := range words {
		w = strings.Trim(w, ".-_")
		if len(w) < 3 || len(w) > lapak.MaxSKU || !strings.ContainsFunc(w, unicode.IsDigit) && !strings.Contains(w, "-") || w != strings.ToUpper(w) {
			continue // an SKU is written in capitals with a digit or a dash
		}
		if asked++; asked > 20 {
			break
		}
		p, err := t.tx.ProductBySKU(t.ctx, w)
		if err == nil {
			return p, true, nil
		}
		if !notFound(err) {
			return lapak.Product{}, false, err
		}
	}
	first, _, _ := strings.Cut(strings.TrimSpace(reply), "\n")
	if p, err := t.tx.ProductByName(t.ctx, first); err == nil {
		return p, true, nil
	} else if !notFound(err) {
		return lapak.Product{}, false, err
	}
	if t.st.Topic > 0 {
		p, err := t.tx.Product(t.ctx, t.st.Topic)
		if err == nil {
			return p, true, nil
		}
		if !notFound(err) {
			return lapak.Product{}, false, err
		}
	}
	return lapak.Product{}, false, nil
}

// photo runs /foto SKU: with the photo attached, it is the product's; a
// file that is not a picture is refused; alone, the next photo is awaited.
func (d *deskTurn) photo() error {
	if len(d.cmd.args) < 1 || len(d.cmd.args) > 3 {
		return d.usage()
	}
	sku := strings.ToUpper(d.cmd.args[0])
	what := ""
	if len(d.cmd.args) > 1 {
		what = photoWords[strings.ToLower(d.cmd.args[1])]
	}
	switch {
	case len(d.cmd.args) == 1:
	case what == "add" && len(d.cmd.args) == 2:
	case (what == "cover" || what == "delete") && len(d.cmd.args) == 3:
	default:
		return d.usage()
	}
	p, err := d.tx.ProductBySKU(d.ctx, sku)
	if notFound(err) {
		d.send(d.msg(text.DeskSKUNotFound, sku))
		return nil
	}
	if err != nil {
		return err
	}
	if what == "cover" || what == "delete" {
		return d.photoAt(p, what, d.cmd.args[2])
	}
	in := d.conv.Inbound
	switch {
	case in.Image != nil && what == "add":
		return d.addPhoto(p.ID)
	case in.Image != nil:
		return d.setPhoto(p.ID)
	case in.File != nil:
		d.send(d.msg(text.PhotoNotImage, fileKind(in.File.MIME)))
		return nil
	}
	d.st.Catalog = &catalogDraft{Step: catPhoto, Product: p.ID, SKU: sku, Append: what == "add"}
	d.send(d.msg(text.PhotoAwait, p.Name, sku))
	return nil
}

func fileKind(mime string) string {
	if mime == "" {
		return "?"
	}
	return mime
}

// setPhoto makes the message's photo product id's picture and shows it.
func (d *deskTurn) setPhoto(id int64) error {
	in := d.conv.Inbound
	ch, err := d.e.ops.SetPhoto(d.ctx, d.op(), d.by(), id, in.Channel, *in.Image)
	var fe *shop.FieldError
	switch {
	case notFound(err):
		d.send(d.msg(text.ProductGone))
		return nil
	case errors.As(err, &fe) && errors.Is(err, lapak.ErrPhotoTooBig):
		d.send(d.msg(text.PhotoTooBig, megabytes(in.Image.Size), lapak.MaxPhotoBytes>>20))
		return nil
	case errors.As(err, &fe) && errors.Is(err, lapak.ErrNotPhoto):
		d.send(d.msg(text.PhotoNotImage, fileKind(in.Image.MIME)))
		return nil
	case err != nil:
		return err
	}
	d.st.Topic, d.st.TopicVariant = id, 0
	d.sendOut(lapak.Outbound{Text: d.msg(text.PhotoSet, ch.After.Name, ch.SKU), Image: ch.After.Image})
	return nil
}

// photoWords are what may follow /foto SKU.
var photoWords = map[string]string{
	"tambah": "add", "add": "add", "+": "add",
	"sampul": "cover", "cover": "cover", "utama": "cover",
	"hapus": "delete", "delete": "delete", "remove": "delete",
}

// photoFailed tells what the shop refused of a photo, true when it was one.
func (d *deskTurn) photoFailed(err error, p lapak.Product, sku string, img *lapak.Attachment) bool {
	var fe *shop.FieldError
	switch {
	case notFound(err):
		d.send(d.msg(text.ProductGone))
	case errors.As(err, &fe) && errors.Is(err, lapak.ErrTooManyPhotos):
		d.send(d.msg(text.PhotoFull, p.Name, lapak.MaxProductPhotos, lapak.MaxProductPhotos, sku))
	case errors.As(err, &fe) && errors.Is(err, lapak.ErrPhotoTooBig):
		d.send(d.msg(text.PhotoTooBig, megabytes(img.Size), lapak.MaxPhotoBytes>>20))
	case errors.As(err, &fe) && errors.Is(err, lapak.ErrNotPhoto):
		d.send(d.msg(text.PhotoNotImage, fileKind(img.MIME)))
	default:
		return false
	}
	return true
}

// addPhoto puts the message's photo after product id's others and shows it.
func (d *deskTurn) addPhoto(id int64) error {
	in := d.conv.Inbound
	ch, err := d.e.ops.AddChatPhoto(d.ctx, d.op(), d.by(), id, in.Channel, *in.Image)
	if err != nil {
		p, _ := d.tx.Product(d.ctx, id)
		sku := ""
		if len(p.Variants) > 0 {
			sku = p.Variants[0].SKU
		}
		if d.photoFailed(err, p, sku, in.Image) {
			return nil
		}
		return err
	}
	d.st.Topic, d.st.TopicVariant = id, 0
	last := ch.Photos[len(ch.Photos)-1]
	d.sendOut(lapak.Outbound{Text: d.msg(text.PhotoAdded, len(ch.Photos), ch.Product.Name, ch.SKU), Image: last.Ref})
	return nil
}

// photoAt runs /foto SKU sampul N (photo N first) and /foto SKU hapus N.
func (d *deskTurn) photoAt(p lapak.Product, what, number string) error {
	photos, err := d.tx.ProductPhotos(d.ctx, p.ID)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(number)
	if err != nil || n < 1 || n > len(photos) {
		d.send(d.msg(text.PhotoNoSuch, p.Name, len(photos), clip(number, 10)))
		return nil
	}
	var ch shop.PhotosChange
	if what == "delete" {
		ch, err = d.e.ops.RemoveProductPhoto(d.ctx, d.op(), d.by(), p.ID, photos[n-1].ID)
	} else {
		ids := []int64{photos[n-1].ID}
		for i, ph := range photos {
			if i != n-1 {
				ids = append(ids, ph.ID)
			}
		}
		ch, err = d.e.ops.ReorderProductPhotos(d.ctx, d.op(), d.by(), p.ID, ids)
	}
	if errors.Is(err, lapak.ErrNotFound) || errors.Is(err, lapak.ErrStalePhotos) {
		d.send(d.msg(text.PhotoNoSuch, p.Name, len(photos), clip(number, 10)))
		return nil
	}
	if err != nil {
		return err
	}
	d.st.Topic, d.st.TopicVariant = p.ID, 0
	if what == "delete" {
		d.sendOut(lapak.Outbound{Text: d.msg(text.PhotoRemoved, n, p.Name, len(ch.Photos)), Image: ch.Cover()})
		return nil
	}
	d.sendOut(lapak.Outbound{Text: d.msg(text.PhotoCoverSet, n, p.Name), Image: ch.Cover()})
	return nil
}

// megabytes writes a size the way people say it: "10,5".
func megabytes(n int64) string {
	tenths := (n*10 + (1<<20)/2) >> 20
	return strconv.FormatInt(tenths/10, 10) + "," + strconv.FormatInt(tenths%10, 10)
}

// ---- hide, show, rename, describe ----

// hide runs /sembunyikan SKU (hidden) and /tampilkan SKU.
func (d *deskTurn) hide(hidden bool) error {
	if len(d.cmd.args) != 1 {
		return d.usage()
	}
	sku := strings.ToUpper(d.cmd.args[0])
	ch, err := d.e.ops.SetHidden(d.ctx, d.op(), d.by(), sku, hidden)
	if notFound(err) {
		d.send(d.msg(text.DeskSKUNotFound, sku))
		return nil
	}
	if err != nil {
		return err
	}
	key := text.ProductShown
	switch {
	case ch.Before.Hidden == hidden && hidden:
		key = text.ProductAlreadyHidden
	case ch.Before.Hidden == hidden:
		key = text.ProductAlreadyShown
	case hidden:
		key = text.ProductHidden
	}
	d.send(d.msg(key, ch.Before.Name, ch.SKU))
	return nil
}

// editFields are the words /ubah SKU takes, Indonesian and English
// ("kata kunci" is two words, see edit).
var editFields = map[string]string{
	"nama": "name", "name": "name",
	"deskripsi": "description", "description": "description", "desc": "description", "keterangan": "description",
	"kategori": "category", "category": "category",
	"katakunci": "keywords", "keywords": "keywords", "keyword": "keywords", "kata-kunci": "keywords",
}

// edit runs /ubah SKU nama …, /ubah SKU deskripsi …, /ubah SKU kategori …
// and /ubah SKU kata kunci … (the dashboard's product page does the same).
func (d *deskTurn) edit() error {
	if len(d.cmd.args) < 2 {
		return d.usage()
	}
	word, skip := strings.ToLower(d.cmd.args[1]), 2
	if variantWords[word] && len(d.cmd.args) > 2 && variantAddWords[strings.ToLower(d.cmd.args[2])] {
		return d.addVariant(strings.ToUpper(d.cmd.args[0]), afterWords(d.cmd.rest, 3))
	}
	if word == "kata" && len(d.cmd.args) > 2 && strings.EqualFold(d.cmd.args[2], "kunci") {
		word, skip = "katakunci", 3
	}
	field := editFields[word]
	value := afterWords(d.cmd.rest, skip)
	if field == "" || (field == "name" || field == "category") && value == "" {
		return d.usage()
	}
	sku := strings.ToUpper(d.cmd.args[0])
	var ch shop.ProductChange
	var err error
	removes := value == "-" || catSkipWords[lowerWords(value)] && value != "" && len(strings.Fields(value)) == 1
	switch field {
	case "name":
		ch, err = d.e.ops.Rename(d.ctx, d.op(), d.by(), sku, value)
	case "category":
		ch, err = d.e.ops.SetCategory(d.ctx, d.op(), d.by(), sku, value)
	case "keywords":
		if removes {
			value = ""
		}
		ch, err = d.e.ops.SetKeywords(d.ctx, d.op(), d.by(), sku, value)
	default:
		if removes {
			value = ""
		}
		ch, err = d.e.ops.Describe(d.ctx, d.op(), d.by(), sku, value)
	}
	var ee *lapak.ExistsError
	switch {
	case notFound(err):
		d.send(d.msg(text.DeskSKUNotFound, sku))
		return nil
	case errors.As(err, &ee):
		d.send(d.msg(text.ProductRenameExists, ee.Value))
		return nil
	case err != nil:
		return d.productProblem(err)
	}
	switch {
	case field == "name":
		d.send(d.msg(text.ProductRenamed, ch.SKU, ch.Before.Name, ch.After.Name))
	case field == "category":
		d.send(d.msg(text.ProductCategorySet, ch.After.Name, ch.SKU, ch.Before.Category, ch.After.Category))
	case field == "keywords" && ch.After.Keywords == "":
		d.send(d.msg(text.ProductKeywordsRemoved, ch.After.Name, ch.SKU))
	case field == "keywords":
		d.send(d.msg(text.ProductKeywordsSet, ch.After.Name, ch.SKU, ch.After.Keywords))
	case value == "":
		d.send(d.msg(text.ProductDescriptionRemoved, ch.After.Name, ch.SKU))
	default:
		d.send(d.msg(text.ProductDescribed, ch.After.Name, ch.SKU))
	}
	return nil
}

// The words of /ubah SKU varian tambah …, Indonesian and English.
var (
	variantWords    = map[string]bool{"varian": true, "variant": true, "variants": true}
	variantAddWords = map[string]bool{"tambah": true, "add": true, "baru": true, "new": true}
)

// addVariant runs /ubah SKU varian tambah NAMA HARGA STOK (/edit SKU
// variant add …): a variant added to the product of SKU, as the
// dashboard's product page adds one (shop.AddVariant). The variant is
// written as /tambah takes one: "Keju 46.000 20", "Keju 46rb stok 20",
// "Keju = 46.000"; no stock is unlimited.
func (d *deskTurn) addVariant(sku, s string) error {
	if strings.TrimSpace(s) == "" {
		return d.usage()
	}
	v, problem := d.parseNewVariant(s)
	if problem != "" {
		d.send(problem)
		return nil
	}
	p, err := d.op().ProductBySKU(d.ctx, sku)
	if notFound(err) {
		d.send(d.msg(text.DeskSKUNotFound, sku))
		return nil
	}
	if err != nil {
		return err
	}
	if strings.TrimSpace(v.Name) == "" {
		d.send(d.msg(text.VariantNoName, sku))
		return nil
	}
	now, added, err := d.e.ops.AddVariant(d.ctx, d.op(), d.by(), p.ID, lapak.Variant{Name: v.Name, SKU: v.SKU, Price: v.Price, Stock: v.Stock, Unlimited: v.Unlimited})
	var fe *shop.FieldError
	switch {
	case notFound(err):
		d.send(d.msg(text.DeskSKUNotFound, sku))
		return nil
	case errors.Is(err, shop.ErrHiddenProduct):
		d.send(d.msg(text.VariantHiddenProduct, p.Name, sku))
		return nil
	case errors.As(err, &fe) && fe.Field == "variant" && fe.Value == "" && v.Name != "":
		d.send(d.msg(text.VariantUnnamed, p.Name, sku))
		return nil
	case errors.As(err, &fe) && fe.Field == "variant" && hasVariantNamed(p, v.Name):
		d.send(d.msg(text.VariantExists, p.Name, strings.Join(strings.Fields(v.Name), " ")))
		return nil
	case errors.As(err, &fe):
		one := *fe
		one.Variant = 0 // one variant: no "in variant 3"
		return d.productProblem(&one)
	case err != nil:
		return d.productProblem(err)
	}
	stock := strconv.Itoa(added.Stock)
	if added.Unlimited {
		stock = d.msg(text.AddRecapUnlimited)
	}
	d.st.Topic, d.st.TopicVariant = now.ID, 0 // a photo sent in reply to this is the product's
	d.send(d.msg(text.VariantAdded, now.Name, added.SKU, lapak.ItemTitle(now.Name, added.Name), d.turn.price(added.Price), stock))
	return nil
}

// parseNewVariant reads a variant as parseVariant does, and also as NAME
// PRICE STOCK, the stock a last bare number after the price: "Keju 46.000
// 20", "Keju 46 rb 20" (a name ending in a number takes "=" or "stok":
// "Level 5 = 25.000").
func (d *deskTurn) parseNewVariant(s string) (draftVariant, string) {
	ws := strings.Fields(s)
	n := len(ws)
	if n < 3 || strings.Contains(s, "=") || indexOf(ws, "stok") >= 0 || indexOf(ws, "stock") >= 0 {
		return d.parseVariant(s)
	}
	last, before := ws[n-1], ws[n-2]
	if strings.Trim(last, "0123456789") != "" || !strings.ContainsFunc(before, unicode.IsDigit) && !moneySuffix(before) {
		return d.parseVariant(s)
	}
	v, problem := d.parseVariant(strings.Join(ws[:n-1], " "))
	if problem != "" {
		return v, problem
	}
	stock, err := strconv.Atoi(last)
	if err != nil || stock > lapak.MaxStock {
		return v, d.msg(text.AddBadStock, last, lapak.MaxStock)
	}
	v.Stock, v.Unlimited = stock, false
	return v, ""
}

// hasVariantNamed reports whether p has a variant named name (spaces
// folded, any case).
func hasVariantNamed(p lapak.Product, name string) bool {
	name = strings.Join(strings.Fields(name), " ")
	for _, v := range p.Variants {
		if strings.EqualFold(v.Name, name) {
			return true
		}
	}
	return false
}

// afterWords is s after its first n words, as typed.
func afterWords(s string, n int) string {
	s = strings.TrimSpace(s)
	for range n {
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			return ""
		}
		s = strings.TrimSpace(s[i:])
	}
	return s
}

// PhotoFailedNotice is the admin's notice that a product photo they sent
// could not be kept (storage.Store.SavePhotos): which product, why, and
// that its picture before is back. In the shop's language.
func (e *Engine) PhotoFailedNotice(u lapak.PhotoUpload, p lapak.Product, err error) []lapak.Envelope {
	l := e.shop.Language
	why := text.Get(l, text.PhotoReasonFetch, photoChannel(u.Source))
	switch {
	case errors.Is(err, lapak.ErrPhotoTooBig):
		why = text.Get(l, text.PhotoReasonTooBig, lapak.MaxPhotoBytes>>20)
	case errors.Is(err, lapak.ErrNotPhoto):
		why = text.Get(l, text.PhotoReasonNotImage)
	}
	sku := ""
	if len(p.Variants) > 0 {
		sku = p.Variants[0].SKU
	}
	return []lapak.Envelope{{To: u.By, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: text.Get(l, text.PhotoFailed, p.Name, sku, why)}}}
}

// photoChannel names the channel a photo was sent on ("telegram").
func photoChannel(source string) string {
	if ch, _, ok := lapak.ParseMediaRef(source); ok {
		return string(ch)
	}
	return "?"
}

package flows

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/text"
)

// action runs a choice: a pressed button or a typed pick from the last list.
// Choice IDs describe the action fully, so a button from an old message still
// does something sensible.
func (t *turn) action(id string) error {
	parts := strings.Split(id, ":")
	arg := func(i int) string {
		if i < len(parts) {
			return parts[i]
		}
		return ""
	}
	num := func(i int) int64 {
		n, err := strconv.ParseInt(arg(i), 10, 64)
		if err != nil || n < 0 {
			return -1
		}
		return n
	}
	switch parts[0] {
	case "menu":
		t.reset()
		return t.welcome()
	case "cats":
		t.reset()
		return t.categories()
	case "cat":
		t.reset()
		page := 1
		if p := arg(2); strings.HasPrefix(p, "p") {
			if n, err := strconv.Atoi(p[1:]); err == nil && n > 0 && n < 10000 {
				page = n
			}
		}
		return t.productsPage(num(1), page)
	case "prod":
		t.reset()
		return t.pickProduct(num(1))
	case "var":
		t.reset()
		return t.pickVariant(num(1))
	case "qty":
		t.reset()
		n := num(2)
		if n < 1 || n > lapak.MaxQuantity {
			return t.pickVariant(num(1))
		}
		return t.addVariant(num(1), int(n))
	case "search":
		t.reset()
		return t.askSearch()
	case "cart":
		t.reset()
		return t.showCart("")
	case "cartedit":
		t.reset()
		return t.askCartQty(num(1))
	case "cartset":
		t.reset()
		n := num(2)
		if n < 0 || n > lapak.MaxQuantity {
			return t.showCart("")
		}
		return t.setCartLine(num(1), int(n))
	case "cartdel":
		t.reset()
		return t.setCartLine(num(1), 0)
	case "cartclear":
		t.reset()
		return t.clearCart()
	case "checkout":
		if arg(1) == "cart" { // a cart reminder's button (cartreminder.go)
			return t.checkoutCart()
		}
		return t.startCheckout()
	case "dlv", "addr", "pay", "confirm", "edit", "co":
		if t.st.Checkout == nil {
			return t.staleCheckout()
		}
		return t.checkoutAction(parts[0], arg(1), arg(2))
	case "abort":
		return t.abort()
	case "orders":
		t.reset()
		return t.listOrders()
	case "order":
		t.reset()
		return t.orderDetail(arg(1))
	case "cancel":
		t.reset()
		return t.askCancelOrder(arg(1))
	case "cancelyes":
		t.reset()
		return t.cancelOrder(arg(1))
	case "desk":
		if done, err := t.deskAction(arg(1), arg(2)); done || err != nil {
			return err
		}
	case "cdesk":
		if done, err := t.catalogChoice(id); done || err != nil {
			return err
		}
	case "pdesk":
		if done, err := t.promoChoice(id); done || err != nil {
			return err
		}
	case "restock":
		t.reset()
		return t.watchRestock(num(1))
	case "help":
		return t.help()
	case "voucher":
		return t.voucherChoice(arg(1))
	case "rsl":
		return t.resellerChoice(arg(1), arg(2))
	case "admin":
		return t.human("")
	case "lang":
		if l, ok := lapak.ParseLanguage(arg(1)); ok {
			return t.setLanguage(l)
		}
		return t.askLanguage()
	}
	t.e.log.Info("flows: unknown choice", "customer", t.conv.Customer.ID, "choice", clip(id, 64))
	t.reset()
	t.send(t.msg(text.StaleChoice), mainMenu(t.lang)...)
	return nil
}

func mainMenu(lang lapak.Language) []lapak.Choice {
	return []lapak.Choice{
		{ID: "cats", Label: text.Get(lang, text.BtnCatalog)},
		{ID: "search", Label: text.Get(lang, text.BtnSearch)},
		{ID: "cart", Label: text.Get(lang, text.BtnCart)},
		{ID: "orders", Label: text.Get(lang, text.BtnOrders)},
		{ID: "help", Label: text.Get(lang, text.BtnHelp)},
		{ID: "admin", Label: text.Get(lang, text.BtnAdmin)},
		{ID: "lang", Label: text.Get(lang, text.BtnLanguage)},
	}
}

func (t *turn) welcome() error {
	t.send(t.msg(text.Welcome, t.e.shop.Name), mainMenu(t.lang)...)
	return nil
}

func (t *turn) help() error {
	t.send(t.msg(text.Help), mainMenu(t.lang)...)
	return nil
}

// abort leaves the current step (and checkout) and shows the menu.
func (t *turn) abort() error {
	key := text.Aborted
	if t.st.Step == stepIdle && t.st.Checkout == nil && t.st.Draft == nil {
		key = text.NothingToAbort
	}
	t.reset()
	t.st.Draft = nil
	t.send(t.msg(key), mainMenu(t.lang)...)
	return nil
}

var refCode = regexp.MustCompile(`^[A-Za-z0-9_-]{1,60}$`)

// start handles "/start" and its deep-link payloads: ref_CODE (a reseller's
// referral, see resellers.go), p_SKU (open a product) and both,
// ref_CODE-p_SKU.
func (t *turn) start(payload string) error {
	t.reset()
	code, sku := lapak.ParseStartPayload(payload)
	if code != "" {
		if err := t.startReferral(code); err != nil {
			return err
		}
	}
	switch {
	case sku != "":
		p, err := t.tx.ProductBySKU(t.ctx, sku)
		if err == nil {
			err = t.productDetail(p)
			for _, v := range p.Variants {
				if strings.EqualFold(v.SKU, sku) {
					t.st.TopicVariant = v.ID // "kalo 5 jadi brp" is about this variant
				}
			}
			return err
		}
		if !errors.Is(err, lapak.ErrNotFound) {
			return err
		}
	}
	return t.welcome()
}

func (t *turn) askLanguage() error {
	t.send(t.msg(text.AskLanguage),
		lapak.Choice{ID: "lang:id", Label: t.msg(text.LangIndonesian)},
		lapak.Choice{ID: "lang:en", Label: t.msg(text.LangEnglish)})
	return nil
}

func (t *turn) setLanguage(l lapak.Language) error {
	t.conv.Customer.Language = l
	t.lang = l
	t.send(t.msg(text.LanguageSet), mainMenu(t.lang)...)
	return nil
}

func (t *turn) optOut() error {
	c := &t.conv.Customer
	if !c.OptedOut {
		now := t.now()
		c.OptedOut, c.OptedOutAt = true, &now
	}
	t.send(t.msg(text.OptedOut))
	return nil
}

func (t *turn) optIn() error {
	c := &t.conv.Customer
	c.OptedOut, c.OptedOutAt = false, nil
	t.send(t.msg(text.OptedIn), mainMenu(t.lang)...)
	return nil
}

// human flags the customer for a person and tells the admins.
func (t *turn) human(said string) error {
	t.conv.Customer.NeedsHuman = true
	t.send(t.msg(text.HumanOk), lapak.Choice{ID: "menu", Label: t.msg(text.BtnMenu)})
	note := text.Get(t.e.shop.Language, text.AdminHuman, t.who())
	if said != "" {
		note += "\n" + text.Get(t.e.shop.Language, text.AdminLastMessage, quote(said))
	}
	t.notifyAdmins(note)
	return nil
}

// sharedPhone takes a phone number from a shared contact.
func (t *turn) sharedPhone(phone string) error {
	n, ok := understand.NormalizePhone(phone)
	if !ok {
		t.send(t.msg(text.PhoneBad))
		return nil
	}
	t.conv.Customer.Phone = n
	if t.st.Step == stepPhone && t.st.Checkout != nil {
		t.st.Checkout.EditPhone = false
		return t.checkoutNext()
	}
	if t.conv.Inbound.Text == "" && t.conv.Inbound.ChoiceID == "" {
		t.send(t.msg(text.PhoneSaved, "+"+n))
	}
	return nil
}

// findOrderNumber returns the order number in text ("K7M-4QP").
var findOrderNumber = understand.FindOrderNumber

// notFound reports whether err is lapak.ErrNotFound.
func notFound(err error) bool { return errors.Is(err, lapak.ErrNotFound) }

package flows

import (
	"fmt"
	"regexp"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/text"
)

// Share kits in chat (issue 13): a reseller's "/bagikan SKU", "bagikan
// nastar" or "/bagikan katalog" gets a square card to post on WhatsApp
// Status, Instagram or Facebook (the photo, name, price, shop, their code
// and a QR code of their link; drawn when it is sent, see
// lapak.ShareRef) and a caption to copy with the link.

// shareCommand reads "/bagikan ARG" and "bagikan ARG" (ARG optional with
// the slash).
var shareCommand = regexp.MustCompile(`(?i)^(/)?(?:bagikan|bagiin|share)(?:@\w+)?(?:\s+(.{1,80}))?$`)

// shareCatalogWords ask for the catalog card.
var shareCatalogWords = map[string]bool{"katalog": true, "catalog": true, "semua": true, "all": true}

// maxShareMatches is how many products a name matching several lists.
const maxShareMatches = 6

// shareText answers a reseller's share request; done is false for anyone
// else's words (a customer's "bagikan" is ordinary chat).
func (t *turn) shareText(raw string) (bool, error) {
	m := shareCommand.FindStringSubmatch(strings.TrimSpace(raw))
	if m == nil || m[1] == "" && m[2] == "" {
		return false, nil
	}
	r, mine, err := t.mine()
	if err != nil {
		return true, err
	}
	if !mine {
		if m[1] == "" {
			return false, nil
		}
		t.send(t.msg(text.ResellerNotYet), mainMenu(t.lang)...)
		return true, nil
	}
	if r.Status != lapak.ResellerApproved {
		return true, t.resellerState(r)
	}
	t.reset()
	arg := strings.TrimSpace(m[2])
	switch {
	case arg == "":
		t.send(t.msg(text.ShareHint))
		return true, nil
	case shareCatalogWords[strings.ToLower(arg)]:
		return true, t.shareCatalog(r)
	}
	return true, t.shareProduct(r, arg)
}

// shareKit is who shares, with the link the card's QR code opens.
func (t *turn) shareKit(r lapak.Reseller, sku, waText string) catalog.ShareKit {
	bot, number := t.e.linkTargets()
	return catalog.ShareKit{Shop: t.e.shop.Name, Code: r.Code, Link: lapak.ShareLink(bot, number, r.Code, sku, waText),
		Lang: t.lang, Price: t.e.shop.Price}
}

func (t *turn) shareProduct(r lapak.Reseller, arg string) error {
	p, err := t.tx.ProductBySKU(t.ctx, arg)
	sku := arg
	if notFound(err) {
		// Not a SKU: a name, as customers write it.
		ps, err := t.tx.AllProducts(t.ctx)
		if err != nil {
			return err
		}
		var found []lapak.Product
		want := strings.ToLower(arg)
		for _, q := range ps {
			if strings.Contains(strings.ToLower(q.Name+" "+q.Keywords), want) {
				found = append(found, q)
			}
		}
		switch len(found) {
		case 0:
			t.send(t.msg(text.ResellerProductUnknown, arg))
			return nil
		case 1:
			p, sku = found[0], ""
		default:
			var b strings.Builder
			b.WriteString(t.msg(text.ShareWhich, arg))
			for i, q := range found {
				if i == maxShareMatches {
					break
				}
				if len(q.Variants) > 0 {
					fmt.Fprintf(&b, "\n• /bagikan %s · %s", q.Variants[0].SKU, q.Name)
				}
			}
			t.send(b.String())
			return nil
		}
	} else if err != nil {
		return err
	}
	if p.Hidden {
		t.send(t.msg(text.ResellerProductUnknown, arg))
		return nil
	}
	v, ok := catalog.ShareVariant(p, sku)
	if !ok {
		t.send(t.msg(text.ShareSoldOut, lapak.ItemTitle(p.Name, v.Name)))
		return nil
	}
	kit := t.shareKit(r, v.SKU, text.Get(t.e.shop.Language, text.WAPrefillProduct, p.Name, r.Code))
	if kit.Link == "" {
		t.send(t.msg(text.ShareNoLink))
		return nil
	}
	t.sendOut(lapak.Outbound{Text: kit.Caption(catalog.ShareItemOf(p, v)), Image: lapak.ShareRef(r.Code, v.SKU)})
	t.send(t.msg(text.ShareHowTo))
	return nil
}

func (t *turn) shareCatalog(r lapak.Reseller) error {
	ps, err := t.tx.AllProducts(t.ctx)
	if err != nil {
		return err
	}
	shown, vs := catalog.ShareCatalogProducts(ps)
	if len(shown) == 0 {
		t.send(t.msg(text.ShareNothing))
		return nil
	}
	kit := t.shareKit(r, "", text.Get(t.e.shop.Language, text.WAPrefill, r.Code))
	if kit.Link == "" {
		t.send(t.msg(text.ShareNoLink))
		return nil
	}
	items := make([]catalog.ShareItem, len(shown))
	for i, p := range shown {
		items[i] = catalog.ShareItemOf(p, vs[i])
	}
	t.sendOut(lapak.Outbound{Text: kit.CatalogCaption(items), Image: lapak.ShareRef(r.Code, lapak.ShareCatalog)})
	t.send(t.msg(text.ShareHowTo))
	return nil
}

// resellerTag marks a cart line priced at the reseller price.
func (t *turn) resellerTag(l lapak.CartLine) string {
	if !l.ResellerPriced() {
		return ""
	}
	return " " + t.msg(text.ResellerPriceTag, t.price(l.RetailPrice))
}

package lapak

import "strings"

// Share images (issue 13): a reseller's card for one product or for the
// catalog, drawn when it is sent (so it shows today's price and photo),
// referenced as "share:CODE/SKU" or "share:CODE/*".

// ShareImagePrefix starts a share card's lapak.Outbound.Image reference.
const ShareImagePrefix = "share:"

// ShareCatalog is the SKU part of a catalog card's reference.
const ShareCatalog = "*"

// ShareRef is the image reference of reseller code's card for sku
// (ShareCatalog: the catalog card).
func ShareRef(code, sku string) string { return ShareImagePrefix + code + "/" + sku }

// ParseShareRef reads a ShareRef; ok is false for anything else.
func ParseShareRef(ref string) (code, sku string, ok bool) {
	rest, ok := strings.CutPrefix(ref, ShareImagePrefix)
	if !ok {
		return "", "", false
	}
	code, sku, ok = strings.Cut(rest, "/")
	return code, sku, ok && code != "" && sku != ""
}

// ShareLink is the link a share card's QR code opens: the Telegram bot's
// deep link for the reseller (and the product, when sku is given and the
// payload fits), else the WhatsApp link with waText; "" when neither
// channel is known.
func ShareLink(bot, number, code, sku, waText string) string {
	if bot != "" {
		if payload, ok := RefPayload(code, sku); ok {
			return TelegramLink(bot, payload)
		}
		if payload, ok := RefPayload(code, ""); ok {
			return TelegramLink(bot, payload)
		}
	}
	return WhatsAppLink(number, waText)
}

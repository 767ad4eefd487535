package flows

import (
	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// Sentences picked by a domain value. Every status and payment method has
// its key in each map (a test checks); one this code does not know shows
// its own name, never nothing.

// payLabelKeys are the payment methods as the checkout offers them.
var payLabelKeys = map[lapak.PaymentMethod]text.Key{
	lapak.PayTransfer: text.PayTransfer,
	lapak.PayCOD:      text.PayCOD,
	lapak.PayQRIS:     text.PayQRIS,
	lapak.PayGateway:  text.PayGateway,
}

// payNameKeys are the payment methods as a sentence names them.
var payNameKeys = map[lapak.PaymentMethod]text.Key{
	lapak.PayTransfer: text.PayTransferName,
	lapak.PayCOD:      text.PayCODName,
	lapak.PayQRIS:     text.PayQRISName,
	lapak.PayGateway:  text.PayGatewayName,
}

// statusWords is order status s in words, in lang.
func statusWords(lang lapak.Language, s lapak.OrderStatus) string {
	return text.Status(lang, s)
}

// payLabel is payment method m as the checkout offers it, in lang.
func payLabel(lang lapak.Language, m lapak.PaymentMethod) string {
	if k, ok := payLabelKeys[m]; ok {
		return text.Get(lang, k)
	}
	return string(m)
}

// payName is payment method m as a sentence names it, in lang.
func payName(lang lapak.Language, m lapak.PaymentMethod) string {
	if k, ok := payNameKeys[m]; ok {
		return text.Get(lang, k)
	}
	return string(m)
}

package flows

import (
	"context"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// Online payment through the payment gateway (Midtrans): the words of the
// link and the late-link apology. The gateway adapter queues them through
// storage; it words nothing itself. A payment's own notices are the
// shop's (shop.ConfirmGatewayPayment).

// gatewayText tells how to pay a gateway order: its link once made, else
// that the link is on its way.
func (t *turn) gatewayText(b *strings.Builder, o lapak.Order) {
	b.WriteString(t.msg(text.PayGatewayTotal, t.price(o.Total)))
	if o.PaymentURL == "" {
		b.WriteString("\n" + t.msg(text.GatewayPreparing))
		return
	}
	b.WriteString("\n" + t.msg(text.GatewayLink, o.PaymentURL))
	if o.ExpiresAt != nil {
		b.WriteString("\n\n" + t.msg(text.PayBefore, formatTime(t.lang, o.ExpiresAt.In(t.e.loc))))
	}
	b.WriteString("\n" + t.msg(text.GatewayAuto))
}

// adminEnvelopes is text to every admin of the shop, read in tx.
func (e *Engine) adminEnvelopes(ctx context.Context, tx lapak.AdminTx, text string) ([]lapak.Envelope, error) {
	admins, err := e.ops.Admins(ctx, tx)
	if err != nil {
		return nil, err
	}
	var out []lapak.Envelope
	for _, a := range admins {
		out = append(out, lapak.Envelope{To: a, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: text}})
	}
	return out, nil
}

// PaymentLinkNotice gives the customer the payment page of their order, as
// the rest of the answer to the order they just placed: reply pacing, so it
// follows at once. It has no choices of its own (a reply's list is not
// recorded as a notice's), so a typed "1" still picks from the order
// confirmation just above it.
func (e *Engine) PaymentLinkNotice(o lapak.Order, c lapak.Customer) []lapak.Envelope {
	t := &turn{e: e, lang: e.langOf(c)}
	var b strings.Builder
	b.WriteString(t.msg(text.GatewayLinkReady, o.Number) + "\n\n")
	t.gatewayText(&b, o)
	return []lapak.Envelope{{
		To:    c.Identity(),
		Class: lapak.PaceReply,
		Msg:   lapak.Outbound{Text: b.String()},
	}}
}

// PaymentLinkLateNotice tells the customer, once, that the link cannot be
// made yet and what they can do; the admins (read in tx) get the reason.
func (e *Engine) PaymentLinkLateNotice(ctx context.Context, tx lapak.AdminTx, o lapak.Order, c lapak.Customer, reason string) ([]lapak.Envelope, error) {
	t := &turn{e: e, lang: e.langOf(c)}
	out := []lapak.Envelope{{
		To:    c.Identity(),
		Class: lapak.PaceNotify,
		Msg: lapak.Outbound{Text: t.msg(text.GatewayLinkLate, o.Number), Choices: []lapak.Choice{
			{ID: "cancel:" + o.Number, Label: t.msg(text.BtnCancelOrder)},
			{ID: "admin", Label: t.msg(text.BtnAdmin)},
		}},
	}}
	admins, err := e.adminEnvelopes(ctx, tx, text.Get(e.shop.Language, text.AdminGatewayLate, o.Number, customerName(c), clip(reason, 300)))
	return append(out, admins...), err
}

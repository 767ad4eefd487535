package flows

import (
	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// outOfBand answers what is not a message the flows read: a channel's
// event, or something the person sent that cannot be read (a voice note).
// It reports whether it answered; the conversation's state is left as it
// was, so the customer keeps their place in a menu or checkout.
func (e *Engine) outOfBand(t *turn) bool {
	conv := t.conv
	in := conv.Inbound
	switch {
	case in.Event == lapak.EventWhatsAppLoggedOut:
		// WhatsApp cannot carry the news that WhatsApp is gone.
		for _, a := range t.admins() {
			if a.Channel != lapak.ChannelWhatsApp {
				conv.Notify(a, lapak.Outbound{Text: text.Get(e.shop.Language, text.WhatsAppLoggedOut)})
			}
		}
		return true
	case in.Event == lapak.EventPromosStopped:
		for _, a := range t.admins() {
			conv.Notify(a, lapak.Outbound{Text: text.Get(e.shop.Language, text.PromosStopped, in.ChatID)})
		}
		return true
	case in.Event != "":
		e.log.Warn("flows: unknown channel event ignored", "event", string(in.Event))
		return true
	case in.Unsupported && !(in.File != nil && t.isAdmin()):
		// A file from an admin goes on: it may be the product photo they
		// were asked for, sent as the wrong kind of file.
		conv.Reply(lapak.Outbound{Text: text.Get(e.langOf(conv.Customer), text.WhatsAppPleaseType)})
		return true
	}
	return false
}

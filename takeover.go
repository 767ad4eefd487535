package lapak

import (
	"context"
	"time"
)

// Takeover is a person answering a conversation instead of the bot: until
// Until, the customer's messages are recorded but the flows do not answer
// them. It is stored on the customer's row, so it survives a restart and
// every channel (and the dashboard) sees the same one.
type Takeover struct {
	// By says who took the chat over: TakeoverSellerPhone, or
	// TakeoverByAdmin(identity) for an admin's explicit command.
	By    string
	Until time.Time // zero: the bot answers
}

// TakeoverSellerPhone is the seller typing in a customer's WhatsApp chat
// from the phone: the bot steps back for LAPAK_WHATSAPP_STEP_BACK.
const TakeoverSellerPhone = "seller_phone"

// TakeoverByAdmin is By for an admin who took a chat over (the dashboard,
// a chat command).
func TakeoverByAdmin(admin Identity) string { return "admin:" + admin.String() }

// Active reports whether the bot stays out of the conversation at now.
func (t Takeover) Active(now time.Time) bool { return now.Before(t.Until) }

// TakeoverStore keeps takeovers on the conversations (storage.Store).
type TakeoverStore interface {
	// TakeOver keeps the bot out of id's conversation until until, creating
	// the conversation if the seller wrote first. A takeover that already
	// lasts longer is kept as it is: the seller typing on the phone does
	// not cut short an admin's longer one.
	TakeOver(ctx context.Context, id Identity, by string, until time.Time) error
	// HandBack ends id's takeover at once: the bot answers the next
	// message. ErrNotFound for an unknown conversation.
	HandBack(ctx context.Context, id Identity) error
}

package lapak

import "time"

// Limits on what a customer may send; longer input is cut before the flows see it.
const (
	MaxInboundText = 4096
	MaxAddressText = 300
	MaxNameText    = 80
)

// Identity is one account on one channel: a customer's chat or an admin's.
type Identity struct {
	Channel Channel
	ChatID  string
}

func (i Identity) String() string { return string(i.Channel) + ":" + i.ChatID }

// Inbound is one message from a person, channel-neutral.
type Inbound struct {
	Channel    Channel
	MessageID  string // the platform's id; (Channel, MessageID) is processed at most once
	ChatID     string // where replies go; identifies the customer on the channel
	SenderName string // display name given by the platform, if any
	Text       string
	ChoiceID   string      // a pressed button (Telegram callback data), if any
	Image      *Attachment // a photo the person sent, if any
	// File is a file that is not a picture (a PDF sent as a document), if
	// any: only what it is, so a product photo can be refused precisely.
	File *Attachment
	// ReplyText is the text (or caption) of the message this one replies
	// to, when the platform says it is a reply: an admin's photo in reply
	// to a product card sets that product's picture.
	ReplyText  string
	Phone      string // a shared contact's phone number, if any
	ReceivedAt time.Time
	// Truncated: the text was longer than MaxInboundText and was cut.
	Truncated bool
	// Unsupported: the person sent something the shop cannot read (a
	// voice note, a sticker); they are asked to type.
	Unsupported bool
	// Event, when set, is not a person's message but something that
	// happened to a channel, told to the shop as an inbound message so it
	// goes through the router and the flows (deduped, one transaction, the
	// outbox) like any other; see Event.
	Event Event
}

// Event is something that happened to one of the shop's own channels.
type Event string

// EventWhatsAppLoggedOut: the shop's WhatsApp number was unlinked; the
// flows tell the admins on the other channels. The adapter addresses it
// to one of those admins, with a message id of its own.
const EventWhatsAppLoggedOut Event = "whatsapp-logged-out"

// EventPromosStopped: the sender stopped promos on the channel named by
// the event's ChatID (a ban warning); the flows tell every admin. The app
// addresses it from "system".
const EventPromosStopped Event = "promos-stopped"

// From is the sender's identity.
func (in Inbound) From() Identity { return Identity{Channel: in.Channel, ChatID: in.ChatID} }

// Attachment is a file a person sent, as a channel reference (file id, path).
type Attachment struct {
	Ref  string
	MIME string
	Size int64 // bytes, when the platform says (0: unknown)
}

// Outbound is one message to a person: text, optional choices, optional image.
// Telegram renders choices as buttons; WhatsApp and the console as a numbered
// list where "2", "dua" or the label selects a choice.
type Outbound struct {
	Text    string   `json:"text"`
	Choices []Choice `json:"choices,omitempty"`
	// Image is a reference the adapters resolve: an http(s) URL, a file path,
	// "demo:NAME" for the built-in demo catalog pictures, "qris:PAYLOAD"
	// for a QR code drawn from the payload, or "media:CHANNEL:REF" for a
	// picture a person sent (MediaRef).
	Image string `json:"image,omitempty"`
	// NoImage is what replaces a picture that cannot be loaded (a proof on
	// a channel that is not running): added to Text on its own line, its
	// %s replaced by the reason. Empty: the text goes without the picture.
	NoImage string `json:"no_image,omitempty"`
	// Secret: the text must not be kept anywhere but the outbox (a login
	// link and code): the chat log keeps an empty text in its place.
	Secret bool `json:"-"`
}

// Choice is one selectable option; ID is what comes back in Inbound.ChoiceID
// (at most 64 bytes, Telegram's callback limit).
type Choice struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Pacing is the delivery class of an outbox message. Replies to someone who
// just wrote go fast; notifications and promos are paced more slowly.
type Pacing string

const (
	PaceReply  Pacing = "reply"
	PaceNotify Pacing = "notify"
	PaceBulk   Pacing = "bulk"
)

// Envelope is an outbound message addressed to an identity.
type Envelope struct {
	To    Identity
	Class Pacing
	Msg   Outbound
	// By is who wrote the message when a person did (a seller answering
	// as the shop, as ChatEntry.By names them); "" is the bot.
	By string
}

// OutboxMessage is an envelope waiting in the outbox for delivery.
type OutboxMessage struct {
	ID         int64
	CustomerID int64 // 0 when the recipient is not a customer (an admin)
	Envelope
	Attempts int
	// PartsSent is how many parts of a multi-part message earlier attempts
	// delivered (a photo before its long text): those are not sent again.
	PartsSent int
	CreatedAt time.Time
}

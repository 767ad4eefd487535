package lapak

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// The inbox: every message a customer sends and every message sent to
// them is kept in their conversation's chat log, so a person can read the
// chat in the dashboard, take it over from the bot, answer as the shop
// and hand it back. A conversation is the customer's row.

// ChatEntry is one message in a conversation's chat log.
type ChatEntry struct {
	ID         int64
	CustomerID int64
	Out        bool   // sent to the customer; false: the customer wrote it
	By         string // who wrote it: ChatByCustomer, ChatByBot, a TakeoverByAdmin, "dashboard:KEY", TakeoverSellerPhone
	Text       string // "" for a secret (Secret) or a picture alone
	Media      string // a picture's reference (an Outbound.Image or a MediaRef), if any
	// Secret: the text was a secret (a login link, an admin code) and was
	// not kept.
	Secret bool
	At     time.Time
}

// Who wrote a chat entry, besides the people who answer as the shop.
const (
	ChatByCustomer = "customer"
	ChatByBot      = "bot"
	ChatByPromo    = "promo" // a broadcast
)

// HandoverIdle is how long a chat a person took over stays theirs after
// their last message, unless LAPAK_HANDOVER_IDLE says otherwise.
const HandoverIdle = 30 * time.Minute

// InboxGroup is a part of the inbox.
type InboxGroup string

// The inbox's parts, in the order the page shows them.
const (
	// InboxHuman: the customer asked for a person, or a person has the chat.
	InboxHuman InboxGroup = "human"
	// InboxPayment: an order of theirs waits for payment (and the bot has the chat).
	InboxPayment InboxGroup = "payment"
	// InboxBot: every other conversation, the bot answering.
	InboxBot InboxGroup = "bot"
)

// InboxCursor is where a page of an inbox group ends: the last chat's
// activity time and id.
type InboxCursor struct {
	At time.Time
	ID int64
}

// Zero reports whether k is the start (no cursor).
func (k InboxCursor) Zero() bool { return k.ID == 0 }

// InboxChat is one conversation as the inbox lists it.
type InboxChat struct {
	Customer Customer
	// Last is the newest entry of the chat log (zero ID: none yet).
	Last ChatEntry
	// UpdatedAt is the conversation's last activity (the list's order).
	UpdatedAt time.Time
}

// QuickReply is a snippet the seller defines once and inserts into a
// reply ("ongkir" → the shipping rates, "rekening" → the bank account).
type QuickReply struct {
	ID   int64
	Name string
	Text string
}

// Limits on what a person answering as the shop types.
const (
	MaxQuickReplyName = 30
	MaxQuickReplyText = 2000
	MaxQuickReplies   = 100
)

// QuickReplyName is a quick reply's name as kept: lower case, without a
// leading slash, letters, digits, - and _ only; ok is false otherwise.
func QuickReplyName(s string) (string, bool) {
	s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "/"))
	if s == "" || utf8.RuneCountInString(s) > MaxQuickReplyName {
		return "", false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "", false
		}
	}
	return s, true
}

// InboxTx is what the inbox's operations read and change in a
// transaction: a conversation's takeover (the same one TakeoverStore
// keeps, for an operation inside a transaction) and the quick replies.
type InboxTx interface {
	// LockCustomer reads a customer by id and locks its row until the
	// transaction ends (ErrNotFound if unknown): a takeover and the
	// customer's message are serialised by the row.
	LockCustomer(ctx context.Context, id int64) (Customer, error)
	// CustomerByPhone is the customer with that phone (62…), the one who
	// wrote last when several have it (ErrNotFound if none).
	CustomerByPhone(ctx context.Context, phone string) (Customer, error)
	// SetTakeover stores a conversation's takeover (a zero Until: the bot
	// answers) and whether it still waits for a person.
	SetTakeover(ctx context.Context, customerID int64, t Takeover, needsHuman bool) error
	// QuickReplies lists the quick replies by name.
	QuickReplies(ctx context.Context) ([]QuickReply, error)
	// SaveQuickReply adds the quick reply or replaces the text of the one
	// with its name; it returns the one before (zero ID: it is new).
	SaveQuickReply(ctx context.Context, q QuickReply) (QuickReply, error)
	// DeleteQuickReply removes one by name and returns it (ErrNotFound if none).
	DeleteQuickReply(ctx context.Context, name string) (QuickReply, error)
}

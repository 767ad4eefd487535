package lapak

import "time"

// Channel names a chat platform.
type Channel string

const (
	ChannelConsole  Channel = "console"
	ChannelTelegram Channel = "telegram"
	ChannelWhatsApp Channel = "whatsapp"
)

// Language is a customer's chosen language.
type Language string

const (
	Indonesian Language = "id" // the default
	English    Language = "en"
)

// ParseLanguage accepts "id"/"en" and common spellings; ok is false otherwise.
func ParseLanguage(s string) (Language, bool) {
	switch s {
	case "id", "ID", "in", "indonesia", "Indonesia", "bahasa":
		return Indonesian, true
	case "en", "EN", "english", "English", "inggris":
		return English, true
	}
	return "", false
}

// Customer is one person on one channel. The same person on Telegram and on
// WhatsApp is two customers until a later feature links them.
type Customer struct {
	ID         int64
	Channel    Channel
	ExternalID string // the channel's chat id: where replies go
	Name       string
	// ChatName is the name the chat app shows for them (Telegram's first
	// name, WhatsApp's push name), from their latest message; Name is the
	// one they gave the shop.
	ChatName    string
	Phone       string
	Language    Language
	OptedOut    bool       // no marketing messages (STOP/BERHENTI)
	OptedOutAt  *time.Time // when, for the consent record
	NeedsHuman  bool       // asked for a person ("admin", "CS")
	Unreachable bool       // the platform said we cannot message them (blocked)
	Referrer    string     // referral code from the first deep link, kept for the reseller program
	CreatedAt   time.Time
	// Takeover is a person answering this chat instead of the bot; it is
	// read with the customer and changed only by TakeoverStore.
	Takeover Takeover
}

// Identity is where messages to the customer go.
func (c Customer) Identity() Identity { return Identity{Channel: c.Channel, ChatID: c.ExternalID} }

// Label names the customer for admin messages: name, identity, phone, as
// in "Siti (telegram:42, +6281234567890)".
func (c Customer) Label() string {
	name := c.Name
	if name == "" {
		name = "-"
	}
	s := name + " (" + c.Identity().String()
	if c.Phone != "" {
		s += ", +" + c.Phone
	}
	return s + ")"
}

// Address is a saved delivery address, offered again at the next checkout.
type Address struct {
	ID         int64
	CustomerID int64
	Text       string
	Zone       string // delivery zone name from the shop settings
	LastUsedAt time.Time
}

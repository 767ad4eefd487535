package lapak

import (
	"strings"
	"time"
)

// MediaPrefix starts the lapak.Outbound.Image reference of a picture a
// person sent: "media:CHANNEL:REF", where REF is the channel's own
// reference (a Telegram file id, a WhatsApp download reference, a console
// file path). The channel it came from is needed to fetch it again.
const MediaPrefix = "media:"

// MediaRef is the image reference of a picture sent on channel ch as ref.
func MediaRef(ch Channel, ref string) string { return MediaPrefix + string(ch) + ":" + ref }

// ParseMediaRef splits a MediaRef; ok is false for any other reference.
func ParseMediaRef(s string) (ch Channel, ref string, ok bool) {
	rest, ok := strings.CutPrefix(s, MediaPrefix)
	if !ok {
		return "", "", false
	}
	c, ref, ok := strings.Cut(rest, ":")
	if !ok || c == "" || ref == "" {
		return "", "", false
	}
	return Channel(c), ref, true
}

// Proof is a payment proof: a picture a customer sent for one of their
// unpaid orders, kept as the channel's reference, never as bytes. An
// order's proofs are append-only.
type Proof struct {
	ID         int64
	OrderID    int64
	Channel    Channel // where the picture was sent, and so where to fetch it
	Ref        string  // the channel's reference (Attachment.Ref)
	MIME       string
	ReceivedAt time.Time
}

// Image is the proof's picture as an Outbound.Image reference.
func (p Proof) Image() string { return MediaRef(p.Channel, p.Ref) }

package lapak

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// DeskTx lists orders for the seller's order desk; it is part of ShopTx, so
// an admin's command runs in its message's transaction like any other turn.
type DeskTx interface {
	// OrdersByStatus lists orders in any of statuses, newest first.
	OrdersByStatus(ctx context.Context, statuses []OrderStatus, limit int) ([]Order, error)
	// OrdersCreatedSince lists the orders created at or after since, with items.
	OrdersCreatedSince(ctx context.Context, since time.Time) ([]Order, error)
	// OpenTransfersWithTotal lists the unpaid bank-transfer orders whose
	// total is exactly total.
	OpenTransfersWithTotal(ctx context.Context, total Money) ([]Order, error)
}

// AuditTx appends to the audit log: every change an operation of the shop
// makes names who made it.
type AuditTx interface {
	Audit(ctx context.Context, e AuditEntry) error
}

// MaxStock bounds the stock an admin may set.
const MaxStock = 1_000_000

// OrderEvent is one status change of an order.
type OrderEvent struct {
	From, To OrderStatus
	At       time.Time
}

// SlipImagePrefix starts the lapak.Outbound.Image reference of an order's
// packing slip, drawn when it is sent ("slip:LPK-…"), so it shows the
// order as it is then (a tracking number added later is on it).
const SlipImagePrefix = "slip:"

// SlipRef is the image reference of order number's packing slip.
func SlipRef(number string) string { return SlipImagePrefix + number }

// Shipment is how a shipped order travels.
type Shipment struct {
	Courier  string // "JNE", "SiCepat"
	Tracking string // the courier's tracking number (resi)
}

// ErrInvalidShipment is wrapped by ParseShipment's errors.
var ErrInvalidShipment = errors.New("invalid shipment")

// ParseShipment reads a courier and a tracking number as an admin types
// them: upper-cased, letters, digits and - . & only, at most 30 and 50
// characters.
func ParseShipment(courier, tracking string) (Shipment, error) {
	s := Shipment{Courier: strings.ToUpper(strings.TrimSpace(courier)), Tracking: strings.ToUpper(strings.TrimSpace(tracking))}
	ok := func(v string, n int) bool {
		if v == "" || utf8.RuneCountInString(v) > n {
			return false
		}
		for _, r := range v {
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '&') {
				return false
			}
		}
		return true
	}
	if !ok(s.Courier, 30) || !ok(s.Tracking, 50) {
		return Shipment{}, fmt.Errorf("courier %q, tracking number %q: %w", courier, tracking, ErrInvalidShipment)
	}
	return s, nil
}

// AuditEntry is one change to the shop: who did what to which order or
// SKU, when, and the value before and after ("pending_payment" → "paid",
// "stock 20" → "stock 25"). Actor is an admin's identity, a gateway
// ("midtrans:<transaction id>") or the shop itself ("system:expiry").
type AuditEntry struct {
	Actor   Identity
	Command string // the operation, named like the desk command: "paid", "stock"
	Target  string // order number or SKU
	Before  string
	After   string
	At      time.Time
}

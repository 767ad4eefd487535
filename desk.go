package lapak

import (
	"context"
	"time"
)

// DeskTx is what the seller's order desk reads and changes; it is part of
// ShopTx, so an admin's command runs in its message's transaction like any
// other turn.
type DeskTx interface {
	// CustomerByID reads a customer (ErrNotFound if unknown): where to tell
	// them about their order, and in which language.
	CustomerByID(ctx context.Context, id int64) (Customer, error)
	// OrdersByStatus lists orders in any of statuses, newest first.
	OrdersByStatus(ctx context.Context, statuses []OrderStatus, limit int) ([]Order, error)
	// OrdersCreatedSince lists the orders created at or after since, with items.
	OrdersCreatedSince(ctx context.Context, since time.Time) ([]Order, error)
	// OpenTransfersWithTotal lists the unpaid bank-transfer orders whose
	// total is exactly total.
	OpenTransfersWithTotal(ctx context.Context, total Money) ([]Order, error)
	// OrderHistory lists an order's status changes, oldest first.
	OrderHistory(ctx context.Context, orderID int64) ([]OrderEvent, error)
	// Shipment reads the courier and tracking number stored for an order.
	Shipment(ctx context.Context, orderID int64) (Shipment, error)
	// SetShipment stores the courier and tracking number of an order.
	SetShipment(ctx context.Context, orderID int64, s Shipment) error
	// SetStock and SetPrice change a variant found by SKU (case-insensitive)
	// and return it as it was before (ErrNotFound for an unknown SKU).
	SetStock(ctx context.Context, sku string, stock int) (Variant, error)
	SetPrice(ctx context.Context, sku string, price Money) (Variant, error)
	// Audit appends an entry to the admin audit log.
	Audit(ctx context.Context, e AuditEntry) error
}

// MaxStock bounds the stock an admin may set.
const MaxStock = 1_000_000

// OrderEvent is one status change of an order.
type OrderEvent struct {
	From, To OrderStatus
	At       time.Time
}

// Shipment is how a shipped order travels.
type Shipment struct {
	Courier  string // "JNE", "SiCepat"
	Tracking string // the courier's tracking number (resi)
}

// AuditEntry is one admin action: who did what to which order or SKU, when,
// and the value before and after ("pending_payment" → "paid", "stock 20" →
// "stock 25").
type AuditEntry struct {
	Actor   Identity
	Command string // the desk command, e.g. "paid", "stock"
	Target  string // order number or SKU
	Before  string
	After   string
	At      time.Time
}

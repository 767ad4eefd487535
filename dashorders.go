package lapak

import "time"

// What the dashboard's orders pages read: a filtered list, one order with
// everything around it, and the day's work.

// OrderFilter narrows the dashboard's orders list; the zero value is every
// order. From and To are instants (the shop's days, converted by the
// caller): created at or after From and before To.
type OrderFilter struct {
	Status   OrderStatus
	From, To time.Time
	Payment  PaymentMethod
	Channel  Channel
	Reseller string // a reseller's code, any case
	// Query is an order's number (that order), else part of a customer's
	// name or phone number (digits, 08… or 628…).
	Query string
}

// OrderCursor is where a page of the orders list starts: the order just
// outside it (its creation time and id); the zero value is the newest.
type OrderCursor struct {
	At time.Time
	ID int64
}

// Zero reports whether c is no cursor.
func (c OrderCursor) Zero() bool { return c.ID == 0 }

// OrderLine is one row of the dashboard's orders list.
type OrderLine struct {
	ID            int64
	Number        string
	CreatedAt     time.Time
	CustomerID    int64
	CustomerName  string // the name the customer gave, else their chat name
	Recipient     string
	Phone         string
	Total         Money
	Status        OrderStatus
	PaymentMethod PaymentMethod
	Channel       Channel
	Proofs        int // payment proofs received
}

// OrderPage is one page of the orders list, newest first, with cursors
// to the older and newer pages (zero where there is none).
type OrderPage struct {
	Lines        []OrderLine
	Older, Newer OrderCursor
}

// OrderFile is one order with what its dashboard page shows around it.
type OrderFile struct {
	Order    Order
	Customer Customer
	History  []OrderEvent
	Proofs   []Proof
	Audit    []AuditEntry // entries whose target is the order, oldest first
	// ResellerName is the name of the reseller the order is attributed
	// to ("" for none).
	ResellerName string
}

// TodayWork is what needs the seller now (the dashboard's start page).
type TodayWork struct {
	ToCheck      []OrderLine // waiting for payment with a proof, newest first
	ToCheckCount int
	ToProcess    []OrderLine // paid
	ProcessCount int
	ToShip       []OrderLine // processing
	ShipCount    int
	Chats        []WaitingChat
	LowStock     []LowVariant
	Promos       []RunningPromo
	// SalesCount and SalesTotal are the orders paid today (still counted
	// as sales) and their totals.
	SalesCount int
	SalesTotal Money
}

// WaitingChat is a customer waiting for a person: they asked for one, or
// an admin took the chat over.
type WaitingChat struct {
	CustomerID int64
	Name       string
	Channel    Channel
	NeedsHuman bool
	TakenUntil *time.Time
	TakenBy    string
	UpdatedAt  time.Time
}

// LowVariant is a limited variant at or below the low-stock threshold.
type LowVariant struct {
	ProductID int64
	SKU       string
	Title     string
	Stock     int
}

// RunningPromo is a broadcast sending now or scheduled.
type RunningPromo struct {
	ID     int64
	Body   string
	SendAt time.Time
	Status BroadcastStatus
}

package lapak

import (
	"crypto/rand"
	"fmt"
	"strings"
	"time"
)

// OrderStatus is where an order is in its life.
type OrderStatus string

const (
	StatusPendingPayment OrderStatus = "pending_payment"
	StatusPaid           OrderStatus = "paid"
	StatusProcessing     OrderStatus = "processing"
	StatusShipped        OrderStatus = "shipped"
	StatusCompleted      OrderStatus = "completed"
	StatusCancelled      OrderStatus = "cancelled"
	StatusExpired        OrderStatus = "expired"
	// StatusRefunded is a shipped or completed order whose money the shop
	// gave back (a return, a complaint). Its stock is not put back by
	// itself: the seller sees what came back.
	StatusRefunded OrderStatus = "refunded"
)

// transitions is the order state machine. COD orders are paid on delivery,
// so they may go from pending_payment straight to processing.
var transitions = map[OrderStatus][]OrderStatus{
	StatusPendingPayment: {StatusPaid, StatusProcessing, StatusCancelled, StatusExpired},
	StatusPaid:           {StatusProcessing, StatusCancelled},
	StatusProcessing:     {StatusShipped, StatusCancelled},
	StatusShipped:        {StatusCompleted, StatusRefunded},
	StatusCompleted:      {StatusRefunded},
}

// Open reports whether the order is still under way: not yet completed,
// nor closed (a completed order can still be refunded, yet is done).
func (s OrderStatus) Open() bool { return s != StatusCompleted && len(transitions[s]) > 0 }

// Counts reports whether an order in status s counts as a sale: not
// cancelled, expired or refunded.
func (s OrderStatus) Counts() bool {
	return s != StatusCancelled && s != StatusExpired && s != StatusRefunded
}

// ReleasesStock reports whether entering s returns the reserved stock.
func (s OrderStatus) ReleasesStock() bool { return s == StatusCancelled || s == StatusExpired }

// DeliveryMethod is how the goods reach the customer.
type DeliveryMethod string

const (
	DeliveryPickup  DeliveryMethod = "pickup"
	DeliveryCourier DeliveryMethod = "courier"
)

// PaymentMethod is how the customer pays.
type PaymentMethod string

const (
	PayTransfer PaymentMethod = "transfer"
	PayCOD      PaymentMethod = "cod"
	PayQRIS     PaymentMethod = "qris"
	// PayGateway is paid online on the payment gateway's page (Midtrans
	// Snap), by link; the gateway's notification marks the order paid.
	PayGateway PaymentMethod = "gateway"
)

// Breakdown is the price of an order, part by part: the one place a total
// is made of its parts (Order.ComputeTotals), for the checkout's recap,
// the stored order, the desk and later vouchers and commissions.
type Breakdown struct {
	Subtotal    Money // the items
	Discount    Money
	ShippingFee Money
	UniqueCode  Money // 1–999 added to bank transfers so the seller can match them
	Total       Money
}

// Order is a confirmed purchase. Its price breakdown is stored, never
// recomputed, so later features (vouchers, commissions) work from facts.
type Order struct {
	ID         int64
	Number     string
	CustomerID int64
	Status     OrderStatus
	Items      []OrderItem
	Breakdown
	Delivery      DeliveryMethod
	Zone          string
	Address       string
	Recipient     string
	Phone         string
	PaymentMethod PaymentMethod
	Note          string
	Referrer      string
	Voucher       string // the code of the voucher used ("" for none); Discount is what it took off
	// Dropship: a reseller's order shipped to their buyer (Recipient,
	// Phone, Address) in the reseller's name: the packing slip names the
	// reseller as the sender.
	Dropship bool
	// Reseller is the reseller the order is attributed to, how and when
	// the customer came to them (zero for none).
	Reseller   OrderReseller
	CreatedAt  time.Time
	UpdatedAt  time.Time
	ExpiresAt  *time.Time // unpaid orders expire and release stock; nil never expires
	PaymentURL string     // the payment gateway's page for this order, once made ("" before)
	Shipment   Shipment   // the courier and tracking number, once shipped
}

// OrderItem is one line of an order, with the price at the time of the order.
type OrderItem struct {
	VariantID   int64
	SKU         string
	ProductName string
	VariantName string
	UnitPrice   Money
	Qty         int
}

// Title is the product name with its variant.
func (i OrderItem) Title() string { return ItemTitle(i.ProductName, i.VariantName) }

// Total is the line's price.
func (i OrderItem) Total() Money { return i.UnitPrice.Mul(i.Qty) }

// ComputeTotals fills Subtotal and Total from the items and the other parts
// of the breakdown. The shop computes totals; nothing the customer typed is
// trusted.
func (o *Order) ComputeTotals() {
	o.Subtotal = 0
	for _, it := range o.Items {
		o.Subtotal += it.Total()
	}
	o.Total = o.Subtotal - o.Discount + o.ShippingFee + o.UniqueCode
}

// CanTransition reports whether the order may move to status to.
func (o Order) CanTransition(to OrderStatus) bool {
	for _, s := range transitions[o.Status] {
		if s == to {
			return to != StatusProcessing || o.Status != StatusPendingPayment || o.PaymentMethod == PayCOD
		}
	}
	return false
}

// Transition moves the order to status to, or returns a *TransitionError.
func (o *Order) Transition(to OrderStatus, at time.Time) error {
	if !o.CanTransition(to) {
		return &TransitionError{Number: o.Number, From: o.Status, To: to}
	}
	o.Status = to
	o.UpdatedAt = at
	return nil
}

// TransitionError is an illegal order state change.
type TransitionError struct {
	Number   string
	From, To OrderStatus
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("order %s: cannot go from %s to %s", e.Number, e.From, e.To)
}

func (e *TransitionError) Unwrap() error { return ErrIllegalTransition }

// orderAlphabet has no letters or digits that sound or look alike
// (no 0/O, 1/I/L, 5/S, 8/B, 2/Z): easy to read aloud over the phone.
const orderAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// NewOrderNumber returns a random order number such as "K7M-4QP".
// Storage guarantees uniqueness and draws again on a clash. A number whose
// halves are the same ("67J-67J") or that is all digits is drawn again:
// people read those as a word or a phone number, and so does the parser.
func NewOrderNumber() string {
	for {
		if n := drawOrderNumber(); ReadableOrderNumber(n) {
			return n
		}
	}
}

// ReadableOrderNumber reports whether a drawn number "K7M-4QP" reads as an
// order number: its halves differ and it has a letter.
func ReadableOrderNumber(n string) bool {
	return len(n) == 7 && n[:3] != n[4:] && strings.ContainsAny(n, "ACDEFGHJKMNPQRTUVWXY")
}

func drawOrderNumber() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	out := make([]byte, 0, 7)
	for i, x := range b {
		if i == 3 {
			out = append(out, '-')
		}
		out = append(out, orderAlphabet[int(x)%len(orderAlphabet)])
	}
	return string(out)
}

package lapak

import (
	"context"
	"errors"
)

// Online payment through a payment gateway (Midtrans Snap): the customer
// gets a link to the gateway's payment page, pays there with an e-wallet, a
// bank virtual account or a card, and the gateway's signed notification
// marks the order paid. No unique code and no proof photo are needed.

// PaymentLinkJob is a gateway order that waits for its payment link, leased
// to one worker for one attempt. Attempt counts from 1 and is never reused
// for the order, so each attempt can ask the gateway with a fresh order id.
type PaymentLinkJob struct {
	Order   Order
	Attempt int
}

// GatewayPayment is a payment the gateway confirmed for one of our orders,
// after its signature was verified.
type GatewayPayment struct {
	Gateway string // "midtrans": names the actor in the audit log
	Number  string // our order number
	Ref     string // the gateway's transaction id
	Amount  Money  // what the gateway says was paid
	Method  string // how the customer paid at the gateway, e.g. "gopay", "bank_transfer"
}

// GatewayOutcome is what a confirmed gateway payment did to its order.
type GatewayOutcome string

const (
	// GatewayPaidNow: the order waited for payment and is now paid.
	GatewayPaidNow GatewayOutcome = "paid"
	// GatewayDuplicate: this payment was applied before; nothing changed.
	GatewayDuplicate GatewayOutcome = "duplicate"
	// GatewayAlreadyPaid: the order was paid another way (an admin's
	// /lunas) or is further along; nothing changed.
	GatewayAlreadyPaid GatewayOutcome = "already_paid"
	// GatewayLate: the order had expired or was cancelled when the money
	// came; the payment is recorded and the customer and admins are told,
	// so the seller can refund or restore it.
	GatewayLate GatewayOutcome = "late"
)

// ErrAmountMismatch: the gateway's amount is not the order's total.
var ErrAmountMismatch = errors.New("paid amount differs from the order total")

// GatewayTx records which gateway payment settled an order, so a
// notification the gateway repeats is applied once.
type GatewayTx interface {
	// PaymentRef is the gateway transaction id applied to an order ("" if none).
	PaymentRef(ctx context.Context, orderID int64) (string, error)
	SetPaymentRef(ctx context.Context, orderID int64, ref string) error
}

package lapak

import "time"

// RecipientLine is one recipient of a broadcast as its report exports it
// (the dashboard's report.csv): who, where their promo is, and what they
// did within AttributionWindow after it.
type RecipientLine struct {
	ID         int64 // the recipient row's, for paging
	CustomerID int64
	Name       string // the customer's name, else their chat name
	Channel    Channel
	Status     RecipientStatus
	Reason     SkipReason // for a skipped one
	SentAt     *time.Time
	// Replied: wrote within the window after their promo; Orders and
	// Revenue their non-cancelled orders placed in it; VoucherUses those
	// that used the broadcast's voucher.
	Replied     bool
	Orders      int
	Revenue     Money
	VoucherUses int
}

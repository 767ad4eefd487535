package lapak

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Vouchers: a code a customer types (or taps from a promo) that takes a
// percentage or a fixed amount off the items of their order. The seller
// creates one in chat (/voucher HEMAT10 10% min 50rb maks 20rb kuota 100
// sampai 31/12) or, later, from the dashboard: both through
// shop.Shop.CreateVoucher. A customer's code is attached to their cart
// (VoucherTx.SetCartVoucher); the recap shows what it takes off, and the
// order placed stores it in its price breakdown (Order.Voucher,
// Breakdown.Discount). The quota is a conditional update inside the
// order's transaction, as stock is; cancelling or expiring the order
// gives the use back.

// Bounds on a voucher.
const (
	MinVoucherCode = 3
	MaxVoucherCode = 20
	// MaxVoucherQuota bounds a voucher's quota and its uses per customer.
	MaxVoucherQuota = 1_000_000
	// MaxVoucherScope bounds the SKUs and categories a voucher names.
	MaxVoucherScope = 50
)

// Voucher is a discount code. Exactly one of Percent and Amount is set.
type Voucher struct {
	ID   int64
	Code string // upper-case letters and digits, with at least one letter
	// Percent (1–100) takes that share of the eligible items' subtotal,
	// at most MaxDiscount when that is not 0.
	Percent     int
	MaxDiscount Money
	// Amount takes a fixed amount off, at most the eligible subtotal.
	Amount Money
	// MinSpend is the eligible items' subtotal the order must reach; 0 for none.
	MinSpend Money
	// Quota is how many orders may use it in all; 0 for no limit. Used
	// counts the placed orders that hold a use (cancelled and expired
	// ones gave theirs back).
	Quota int
	Used  int
	// PerCustomer is how many of one customer's orders may use it (1 unless
	// the seller said otherwise).
	PerCustomer int
	// SKUs and Categories are the scope: with either, only the items of
	// those variants or categories count (and get the discount); with
	// neither, every item does.
	SKUs       []string
	Categories []Category // ID and Name
	// StartsAt is when it can first be used; EndsAt when it can no longer
	// be (exclusive: "sampai 31/12" ends at the start of 1 January in the
	// shop's time zone); nil for never.
	StartsAt time.Time
	EndsAt   *time.Time
	// EndedAt is when an admin ended it early (/voucher off), nil if not.
	EndedAt   *time.Time
	CreatedAt time.Time
	CreatedBy Identity
}

// VoucherTx keeps the vouchers, the codes customers attached to their
// carts and the uses.
type VoucherTx interface {
	// Voucher finds a voucher by its code, case-insensitive (ErrNotFound
	// when there is none).
	Voucher(ctx context.Context, code string) (Voucher, error)
	// Vouchers lists every voucher, newest first.
	Vouchers(ctx context.Context) ([]Voucher, error)
	// AddVoucher stores v and assigns its ID; a code already taken (by a
	// voucher live or ended) is an *ExistsError and nothing is written.
	AddVoucher(ctx context.Context, v *Voucher) error
	// EndVoucher ends a voucher at at, under its row lock, and returns it
	// as it was before (ErrNotFound for an unknown code).
	EndVoucher(ctx context.Context, code string, at time.Time) (Voucher, error)
	// VoucherUses counts the customer's orders with the voucher that are
	// neither cancelled nor expired.
	VoucherUses(ctx context.Context, voucherID, customerID int64) (int, error)
	// CartVoucher is the voucher attached to the customer's cart
	// (ErrNotFound when none is); SetCartVoucher attaches one by ID,
	// replacing any other, and 0 detaches it.
	CartVoucher(ctx context.Context, customerID int64) (Voucher, error)
	SetCartVoucher(ctx context.Context, customerID, voucherID int64) error
}

// NormalizeVoucherCode upper-cases a code as typed ("hemat10" is HEMAT10);
// ok is false unless it is MinVoucherCode to MaxVoucherCode letters A–Z
// and digits with at least one letter (no spaces, no emoji, no
// punctuation: a code is read out of free text).
func NormalizeVoucherCode(s string) (string, bool) {
	c := strings.ToUpper(strings.TrimSpace(s))
	n := utf8.RuneCountInString(c)
	if n < MinVoucherCode || n > MaxVoucherCode {
		return c, false
	}
	letter := false
	for _, r := range c {
		switch {
		case r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9':
		default:
			return c, false
		}
	}
	return c, letter
}

// VoucherChoiceID is the choice a message carries for a one-tap "use this
// code" (a promo's "Pakai HEMAT10"): the conversation applies the code as
// if it was typed.
func VoucherChoiceID(code string) string { return "voucher:" + code }

// VoucherState is where a voucher is in its life at a moment.
type VoucherState string

const (
	VoucherActive    VoucherState = "active"
	VoucherScheduled VoucherState = "scheduled" // not started yet
	VoucherExpired   VoucherState = "expired"   // past its end date
	VoucherEnded     VoucherState = "ended"     // ended early by an admin
	VoucherUsedUp    VoucherState = "used_up"   // its quota is used
)

// State is the voucher's state at now.
func (v Voucher) State(now time.Time) VoucherState {
	switch {
	case v.EndedAt != nil && !now.Before(*v.EndedAt):
		return VoucherEnded
	case v.EndsAt != nil && !now.Before(*v.EndsAt):
		return VoucherExpired
	case now.Before(v.StartsAt):
		return VoucherScheduled
	case v.Quota > 0 && v.Used >= v.Quota:
		return VoucherUsedUp
	}
	return VoucherActive
}

// Scoped reports whether only some items count.
func (v Voucher) Scoped() bool { return len(v.SKUs) > 0 || len(v.Categories) > 0 }

// VoucherLine is an item as a voucher sees it: which variant, in which
// category, for how much.
type VoucherLine struct {
	SKU        string
	CategoryID int64
	Total      Money
}

// Eligible reports whether the voucher is for line.
func (v Voucher) Eligible(l VoucherLine) bool {
	if !v.Scoped() {
		return true
	}
	for _, s := range v.SKUs {
		if strings.EqualFold(s, l.SKU) {
			return true
		}
	}
	for _, c := range v.Categories {
		if c.ID == l.CategoryID {
			return true
		}
	}
	return false
}

// Off is what the voucher takes off an eligible subtotal: the percentage
// rounded down to the rupiah and capped by MaxDiscount, or the fixed
// amount; never more than the subtotal.
func (v Voucher) Off(eligible Money) Money {
	if eligible <= 0 {
		return 0
	}
	var d Money
	if v.Percent > 0 {
		d = eligible * Money(v.Percent) / 100
		if v.MaxDiscount > 0 && d > v.MaxDiscount {
			d = v.MaxDiscount
		}
	} else {
		d = v.Amount
	}
	return min(d, eligible)
}

// Apply is what the voucher takes off lines for a customer who already
// has uses orders with it, at now: the discount, or a *VoucherError saying
// why it does not apply (the first reason in the order a customer would
// want to hear them: ended, not started, expired, used up, already used by
// them, not for these items, minimum not reached). Shipping and the
// transfer's unique code are never in lines: they are never discounted.
func (v Voucher) Apply(now time.Time, uses int, lines []VoucherLine) (Money, error) {
	fail := func(r VoucherReason) (Money, error) { return 0, &VoucherError{Code: v.Code, Reason: r} }
	if err := v.Check(now); err != nil {
		return 0, err
	}
	if per := max(v.PerCustomer, 1); uses >= per {
		return 0, &VoucherError{Code: v.Code, Reason: VoucherReasonAlreadyUsed, Limit: per}
	}
	var eligible Money
	found := false
	for _, l := range lines {
		if v.Eligible(l) {
			eligible += l.Total
			found = true
		}
	}
	if !found {
		return fail(VoucherReasonNotForItems)
	}
	if eligible < v.MinSpend {
		return 0, &VoucherError{Code: v.Code, Reason: VoucherReasonMinSpend, Short: v.MinSpend - eligible}
	}
	return v.Off(eligible), nil
}

// Check is nil when the voucher can be used at now, else a *VoucherError
// saying why not: ended, not started, expired or used up.
func (v Voucher) Check(now time.Time) error {
	r := VoucherReason("")
	switch v.State(now) {
	case VoucherEnded:
		r = VoucherReasonEnded
	case VoucherScheduled:
		r = VoucherReasonNotStarted
	case VoucherExpired:
		r = VoucherReasonExpired
	case VoucherUsedUp:
		r = VoucherReasonUsedUp
	default:
		return nil
	}
	return &VoucherError{Code: v.Code, Reason: r}
}

// VoucherReason says why a voucher does not apply.
type VoucherReason string

const (
	VoucherReasonUnknown     VoucherReason = "unknown" // no voucher has the code
	VoucherReasonEnded       VoucherReason = "ended"
	VoucherReasonNotStarted  VoucherReason = "not_started"
	VoucherReasonExpired     VoucherReason = "expired"
	VoucherReasonUsedUp      VoucherReason = "used_up"
	VoucherReasonAlreadyUsed VoucherReason = "already_used"
	VoucherReasonNotForItems VoucherReason = "not_for_items"
	VoucherReasonMinSpend    VoucherReason = "min_spend"
	// VoucherReasonChanged: the discount is no longer the one the
	// customer was shown (the cart or the voucher changed meanwhile).
	VoucherReasonChanged VoucherReason = "changed"
)

// ErrVoucher is wrapped by every *VoucherError.
var ErrVoucher = errors.New("voucher does not apply")

// VoucherError says why a voucher does not apply to an order.
type VoucherError struct {
	Code   string
	Reason VoucherReason
	Short  Money // VoucherReasonMinSpend: how much more the eligible items must cost
	Limit  int   // VoucherReasonAlreadyUsed: the uses per customer
}

func (e *VoucherError) Error() string {
	switch e.Reason {
	case VoucherReasonMinSpend:
		return fmt.Sprintf("voucher %s: %s short of the minimum", e.Code, e.Short)
	case VoucherReasonAlreadyUsed:
		return fmt.Sprintf("voucher %s: already used %d time(s) by this customer", e.Code, e.Limit)
	}
	return fmt.Sprintf("voucher %s: %s", e.Code, e.Reason)
}

func (e *VoucherError) Unwrap() error { return ErrVoucher }

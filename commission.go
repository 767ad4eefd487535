package lapak

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Commission for resellers: a rate by the reseller's tier, reached by
// their confirmed sales over the last 90 days, taken of an attributed
// order's items after discounts (shipping and the unique code are not the
// reseller's doing). Amounts are whole rupiah, rounded down.

// Rate is a commission rate in basis points: 5% is 500, 7,5% is 750.
type Rate int

// MaxRate is 100%.
const MaxRate Rate = 10000

// ErrInvalidRate is a rate that is not a percentage from 0 to 100.
var ErrInvalidRate = errors.New("not a percentage from 0% to 100%")

// ParseRate reads a percentage as sellers write it: "8%", "8", "7,5%",
// "7.5 %", with at most two decimals.
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	s = strings.ReplaceAll(s, ",", ".")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || len(whole) > 3 || len(frac) > 2 || !allDigits(frac) {
		return 0, ErrInvalidRate
	}
	w, _ := strconv.Atoi(whole)
	f := 0
	if frac != "" {
		f, _ = strconv.Atoi(frac)
		if len(frac) == 1 {
			f *= 10
		}
	}
	r := Rate(w*100 + f)
	if r > MaxRate {
		return 0, ErrInvalidRate
	}
	return r, nil
}

// Of is the rate's share of m, rounded down to the rupiah.
func (r Rate) Of(m Money) Money { return m * Money(r) / Money(MaxRate) }

// String writes the rate the Indonesian way: "8%", "7,5%", "12,25%".
func (r Rate) String() string {
	s := strconv.Itoa(int(r) / 100)
	if f := int(r) % 100; f != 0 {
		s += "," + strings.TrimSuffix(fmt.Sprintf("%02d", f), "0")
	}
	return s + "%"
}

// Tier is a reseller level: its commission rate, and the confirmed sales
// over the last 90 days that reach it.
type Tier struct {
	Name string
	Rate Rate
	From Money
}

// Tiers are a shop's reseller levels, lowest first; the first starts at 0.
type Tiers []Tier

// DefaultTiers is one level for everyone, when the seller names none.
var DefaultTiers = Tiers{{Name: "Reseller", Rate: 500}}

// TierError is a tier list that could not be read: which part and why.
type TierError struct{ Part, Problem string }

func (e *TierError) Error() string {
	if e.Part == "" {
		return e.Problem
	}
	return fmt.Sprintf("%q: %s", e.Part, e.Problem)
}

// ParseTiers reads levels separated by ";": "Bronze=5%; Silver=8% dari 2jt;
// Gold=12% dari 5jt" ("from" works too). The lowest starts at 0 (it needs
// no "dari"); names are unique; a higher level needs more sales and gives
// no lower rate. Amounts are read by ParsePrice.
func ParseTiers(s string) (Tiers, error) {
	var ts Tiers
	for part := range strings.SplitSeq(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, rest, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, &TierError{part, `write a level as NAME=RATE, e.g. "Silver=8% dari 2jt"`}
		}
		if utf8.RuneCountInString(name) > 30 {
			return nil, &TierError{part, "a level's name is at most 30 characters"}
		}
		rate, from := strings.TrimSpace(rest), ""
		for _, sep := range []string{" dari ", " from ", " mulai "} {
			if i := strings.Index(strings.ToLower(rate), sep); i >= 0 {
				rate, from = strings.TrimSpace(rate[:i]), strings.TrimSpace(rate[i+len(sep):])
				break
			}
		}
		t := Tier{Name: name}
		var err error
		if t.Rate, err = ParseRate(rate); err != nil {
			return nil, &TierError{part, fmt.Sprintf("%q is %s", rate, err)}
		}
		if from != "" {
			if t.From, err = ParsePrice(from); err != nil {
				return nil, &TierError{part, fmt.Sprintf("%q is not an amount (e.g. 2jt or 2.000.000)", from)}
			}
		}
		for _, o := range ts {
			if strings.EqualFold(o.Name, t.Name) {
				return nil, &TierError{part, "the name " + t.Name + " is used twice"}
			}
		}
		ts = append(ts, t)
	}
	if len(ts) == 0 {
		return nil, &TierError{"", `no level (e.g. "Bronze=5%; Silver=8% dari 2jt")`}
	}
	slices.SortStableFunc(ts, func(a, b Tier) int { return int(a.From - b.From) })
	if ts[0].From != 0 {
		return nil, &TierError{ts[0].Name, "the lowest level starts at 0: leave out its \"dari\""}
	}
	for i := 1; i < len(ts); i++ {
		if ts[i].From == ts[i-1].From {
			return nil, &TierError{ts[i].Name, "two levels start at " + ts[i].From.String()}
		}
		if ts[i].Rate < ts[i-1].Rate {
			return nil, &TierError{ts[i].Name, "a higher level gives a lower rate than " + ts[i-1].Name}
		}
	}
	return ts, nil
}

// For is the highest level sales reach.
func (ts Tiers) For(sales Money) Tier {
	t := ts[0]
	for _, o := range ts[1:] {
		if sales >= o.From {
			t = o
		}
	}
	return t
}

// Named is the level of that name, in any case.
func (ts Tiers) Named(name string) (Tier, bool) {
	for _, t := range ts {
		if strings.EqualFold(t.Name, strings.TrimSpace(name)) {
			return t, true
		}
	}
	return Tier{}, false
}

// String writes the levels as ParseTiers reads them.
func (ts Tiers) String() string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.Name + "=" + t.Rate.String()
		if t.From > 0 {
			parts[i] += " dari " + strings.TrimPrefix(t.From.String(), "Rp")
		}
	}
	return strings.Join(parts, "; ")
}

// CommissionLine is one item of an attributed order, as the commission
// sees it: what it sells for after its share of the discount, and a rate
// of its own (a product's or category's) if it has one (0: the tier's).
type CommissionLine struct {
	Amount Money
	Rate   Rate
}

// CommissionBase is the part of an order a commission is taken of: the
// items' subtotal less the discount. Shipping and the unique code are
// left out.
func CommissionBase(b Breakdown) Money { return max(b.Subtotal-b.Discount, 0) }

// Commission is what an order earns at tier rate: lines with a rate of
// their own earn that; the discount is shared over the lines by their
// amounts. Rounded down once, on the sum of each line's exact share.
func Commission(lines []CommissionLine, discount Money, rate Rate) Money {
	var subtotal Money
	for _, l := range lines {
		subtotal += l.Amount
	}
	if subtotal <= 0 {
		return 0
	}
	discount = min(max(discount, 0), subtotal)
	// Σ amount × rate × (subtotal − discount) / (subtotal × MaxRate), exact
	// in 128 bits until the one division: the quotient is at most the
	// net, so it fits.
	var num Money
	for _, l := range lines {
		r := rate
		if l.Rate > 0 {
			r = l.Rate
		}
		num += max(l.Amount, 0) * Money(r)
	}
	hi, lo := bits.Mul64(uint64(num), uint64(subtotal-discount))
	q, _ := bits.Div64(hi, lo, uint64(subtotal)*uint64(MaxRate))
	return Money(q)
}

// CommissionKind is what a ledger entry records. The ledger is
// append-only: an entry is never changed; what undoes one is another.
type CommissionKind string

const (
	// CommissionPending: an attributed order was paid (a cash-on-delivery
	// one completed); the amount waits for the hold after completion.
	CommissionPending CommissionKind = "pending"
	// CommissionConfirmed: the hold passed; the order's pending amount
	// moves to the confirmed balance.
	CommissionConfirmed CommissionKind = "confirmed"
	// CommissionVoid: the order was cancelled or refunded before it was
	// confirmed; its pending amount is gone.
	CommissionVoid CommissionKind = "void"
	// CommissionReversal: the order was cancelled or refunded after it was
	// confirmed; the amount is taken back from the confirmed balance.
	CommissionReversal CommissionKind = "reversal"
	// CommissionPayout: money paid to the reseller, out of the confirmed
	// balance.
	CommissionPayout CommissionKind = "payout"
)

// CommissionEntry is one line of a reseller's ledger. Amount is never
// negative; the kind says which way it moves the balance.
type CommissionEntry struct {
	ID          int64
	ResellerID  int64
	OrderID     int64  // 0 for a payout
	OrderNumber string // read with it
	Kind        CommissionKind
	Amount      Money
	// Base and Rate are what a pending entry was computed from: the
	// order's items after discount and the tier's rate then.
	Base      Money
	Rate      Rate
	Reference string // a payout's bank reference
	Actor     string // who made the entry ("system:commission" for the jobs)
	At        time.Time
}

// CommissionBalance is a reseller's ledger summed.
type CommissionBalance struct {
	Pending   Money // paid orders still in their hold
	Confirmed Money // confirmed, less what was reversed
	Paid      Money // paid out
}

// Balance is what the shop owes the reseller now: confirmed less paid out.
func (b CommissionBalance) Balance() Money { return b.Confirmed - b.Paid }

// Add sums one entry into the balance.
func (b *CommissionBalance) Add(e CommissionEntry) {
	switch e.Kind {
	case CommissionPending:
		b.Pending += e.Amount
	case CommissionConfirmed:
		b.Pending -= e.Amount
		b.Confirmed += e.Amount
	case CommissionVoid:
		b.Pending -= e.Amount
	case CommissionReversal:
		b.Confirmed -= e.Amount
	case CommissionPayout:
		b.Paid += e.Amount
	}
}

// CommissionTx keeps the commission ledger.
type CommissionTx interface {
	// AddCommission appends an entry and assigns its ID. An order has at
	// most one entry of each kind: a second is not written (added false),
	// so an operation run twice accrues once.
	AddCommission(ctx context.Context, e *CommissionEntry) (added bool, err error)
	// OrderCommissions is an order's entries, oldest first.
	OrderCommissions(ctx context.Context, orderID int64) ([]CommissionEntry, error)
	// CommissionBalance sums a reseller's ledger; with lock it also locks
	// the reseller's row until the transaction ends (a payout checks the
	// balance it pays from).
	CommissionBalance(ctx context.Context, resellerID int64, lock bool) (CommissionBalance, error)
	// CommissionStatement is a reseller's latest entries, newest first.
	CommissionStatement(ctx context.Context, resellerID int64, limit int) ([]CommissionEntry, error)
	// ResellerTier is the level stored for a reseller ("" before the first
	// tier job) and whether an admin pinned it; SetResellerTier stores one.
	ResellerTier(ctx context.Context, resellerID int64) (name string, pinned bool, err error)
	SetResellerTier(ctx context.Context, resellerID int64, name string, pinned bool) error
	// ResellerStandings is every approved or suspended reseller with their
	// stored tier, whether it is pinned, their confirmed sales (the base of
	// their orders confirmed since salesSince and not reversed) and their
	// balance: what the daily tier job, the payout list and /reseller read.
	ResellerStandings(ctx context.Context, salesSince time.Time) ([]ResellerStanding, error)
	// ResellerCustomers is up to limit customers whose orders were
	// attributed to the reseller, the latest order first.
	ResellerCustomers(ctx context.Context, resellerID int64, limit int) ([]ResellerCustomer, error)
}

// CommissionJobTx is what the commission jobs need besides an operation's
// transaction.
type CommissionJobTx interface {
	// DueCommissions is up to limit pending entries of completed orders
	// whose completion is at or before completedBy and that are neither
	// confirmed nor void, oldest first.
	DueCommissions(ctx context.Context, completedBy time.Time, limit int) ([]CommissionEntry, error)
	// MarkPayoutList records that the payout list of day (the shop's
	// date, "2006-01-02") went out; false if it already had.
	MarkPayoutList(ctx context.Context, day string) (bool, error)
}

// ResellerStanding is one reseller as the commission jobs see them.
type ResellerStanding struct {
	Reseller
	Tier    string
	Pinned  bool
	Sales   Money // confirmed over SalesWindow
	Balance CommissionBalance
}

// ResellerCustomer is a customer a reseller brought, as the reseller may
// see them: first name and area only.
type ResellerCustomer struct {
	FirstName string
	Area      string // the delivery zone of their last order ("" for pickup)
	Orders    int    // orders that count (not cancelled, expired or refunded)
}

// CommissionPlan is how the shop pays its resellers (config builds it).
type CommissionPlan struct {
	// Tiers are the levels (LAPAK_RESELLER_TIERS); DefaultTiers when none.
	Tiers Tiers
	// Hold is how long after an order is completed its commission waits
	// before it is confirmed (LAPAK_COMMISSION_HOLD): a return or a
	// complaint in that time cancels it without taking money back.
	Hold time.Duration
	// PayoutDays are the days of the month the admins get the list of
	// balances to pay (LAPAK_PAYOUT_DAYS), PayoutMin the least balance
	// listed (LAPAK_PAYOUT_MIN).
	PayoutDays []int
	PayoutMin  Money
}

// DefaultCommissionHold is LAPAK_COMMISSION_HOLD's default.
const DefaultCommissionHold = 7 * 24 * time.Hour

// SalesWindow is how far back a reseller's confirmed sales count for
// their tier.
const SalesWindow = 90 * 24 * time.Hour

// Levels are the plan's tiers, DefaultTiers when it names none.
func (p CommissionPlan) Levels() Tiers {
	if len(p.Tiers) == 0 {
		return DefaultTiers
	}
	return p.Tiers
}

// Tier is the level named name (a reseller's stored tier), the lowest
// when there is no such level (the seller renamed or removed it).
func (p CommissionPlan) Tier(name string) Tier {
	ts := p.Levels()
	if t, ok := ts.Named(name); ok {
		return t
	}
	return ts[0]
}

// HoldFor is the plan's hold, DefaultCommissionHold when unset.
func (p CommissionPlan) HoldFor() time.Duration {
	if p.Hold <= 0 {
		return DefaultCommissionHold
	}
	return p.Hold
}

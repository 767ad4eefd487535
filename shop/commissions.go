package shop

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// The resellers' commission. An order attributed to a reseller earns a
// pending entry when it is paid (a cash-on-delivery order when it is
// completed: that is when the money comes), at the reseller's tier rate
// then, on the items after discount; the hold after completion confirms it
// (ConfirmCommissions); a cancel before that voids it, after it reverses
// it. A reseller's own orders earn nothing: they bought at their price.

// CommissionActor names the jobs in the ledger and the audit log.
var CommissionActor = Actor{Identity: lapak.Identity{Channel: "system", ChatID: "commission"}}

// ledger writes what the order's new status means for its reseller.
func (s *Shop) ledger(ctx context.Context, tx OrderTx, o lapak.Order) error {
	if o.Reseller.ID == 0 {
		return nil
	}
	switch o.Status {
	case lapak.StatusPaid:
		return s.accrue(ctx, tx, o)
	case lapak.StatusCompleted:
		if o.PaymentMethod == lapak.PayCOD {
			return s.accrue(ctx, tx, o)
		}
	case lapak.StatusCancelled, lapak.StatusExpired, lapak.StatusRefunded:
		return s.unwind(ctx, tx, o)
	}
	return nil
}

// accrue writes the order's pending commission, once: each item at its
// product's own rate, if the catalog gives it one, else at the tier's.
func (s *Shop) accrue(ctx context.Context, tx OrderTx, o lapak.Order) error {
	r, err := tx.Reseller(ctx, o.Reseller.ID)
	if err != nil {
		return fmt.Errorf("shop: reseller of order %s: %w", o.Number, err)
	}
	if r.CustomerID == o.CustomerID {
		return nil
	}
	name, _, err := tx.ResellerTier(ctx, r.ID)
	if err != nil {
		return fmt.Errorf("shop: reseller of order %s: %w", o.Number, err)
	}
	tier := s.shop.Commission.Tier(name)
	lines := make([]lapak.CommissionLine, len(o.Items))
	for i, it := range o.Items {
		p, err := tx.ProductOfVariant(ctx, it.VariantID)
		if err != nil && !errors.Is(err, lapak.ErrNotFound) {
			return fmt.Errorf("shop: product of order %s: %w", o.Number, err)
		}
		lines[i] = lapak.CommissionLine{Amount: it.Total(), Rate: p.CommissionRate}
	}
	amount := lapak.Commission(lines, o.Discount, tier.Rate)
	if amount <= 0 {
		return nil
	}
	e := lapak.CommissionEntry{ResellerID: r.ID, OrderID: o.ID, Kind: lapak.CommissionPending, Amount: amount,
		Base: lapak.CommissionBase(o.Breakdown), Rate: tier.Rate, Actor: CommissionActor.String(), At: tx.Now()}
	if _, err := tx.AddCommission(ctx, &e); err != nil {
		return fmt.Errorf("shop: commission of order %s: %w", o.Number, err)
	}
	return nil
}

// unwind voids a cancelled or expired order's pending commission, or
// reverses it when it was confirmed already, and tells the reseller.
func (s *Shop) unwind(ctx context.Context, tx OrderTx, o lapak.Order) error {
	es, err := tx.OrderCommissions(ctx, o.ID)
	if err != nil {
		return fmt.Errorf("shop: commission of order %s: %w", o.Number, err)
	}
	has := map[lapak.CommissionKind]lapak.CommissionEntry{}
	for _, e := range es {
		has[e.Kind] = e
	}
	p, pending := has[lapak.CommissionPending]
	_, confirmed := has[lapak.CommissionConfirmed]
	_, void := has[lapak.CommissionVoid]
	_, reversed := has[lapak.CommissionReversal]
	var kind lapak.CommissionKind
	var notice text.Key
	switch {
	case !pending || void || reversed:
		return nil
	case confirmed:
		kind, notice = lapak.CommissionReversal, text.CommissionReversed
	default:
		kind, notice = lapak.CommissionVoid, text.CommissionVoided
	}
	e := lapak.CommissionEntry{ResellerID: p.ResellerID, OrderID: o.ID, Kind: kind, Amount: p.Amount,
		Actor: CommissionActor.String(), At: tx.Now()}
	added, err := tx.AddCommission(ctx, &e)
	if err != nil || !added {
		return err
	}
	r, err := tx.Reseller(ctx, p.ResellerID)
	if err != nil {
		return fmt.Errorf("shop: reseller of order %s: %w", o.Number, err)
	}
	return tx.Queue(ctx, s.toReseller(r, notice, o.Number, s.Price(p.Amount)))
}

// toReseller is a notice to a reseller, in their language.
func (s *Shop) toReseller(r lapak.Reseller, k text.Key, args ...any) lapak.Envelope {
	lang := r.Language
	if lang != lapak.Indonesian && lang != lapak.English {
		lang = s.shop.Language
	}
	return lapak.Envelope{To: r.Identity, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: text.Get(lang, k, args...)}}
}

// CommissionJobsTx is what the commission jobs need.
type CommissionJobsTx interface {
	Tx
	lapak.ResellerTx
	lapak.CommissionTx
	lapak.CommissionJobTx
}

// ConfirmCommissions confirms up to limit pending commissions whose
// order was completed at least the plan's hold ago, in tx, and tells each
// reseller with their balance. It returns how many it confirmed. Run
// twice, or by two processes, it confirms each once (one entry of a kind
// per order).
func (s *Shop) ConfirmCommissions(ctx context.Context, tx CommissionJobsTx, limit int) (int, error) {
	due, err := tx.DueCommissions(ctx, tx.Now().Add(-s.shop.Commission.HoldFor()), limit)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range due {
		e := lapak.CommissionEntry{ResellerID: p.ResellerID, OrderID: p.OrderID, Kind: lapak.CommissionConfirmed, Amount: p.Amount,
			Actor: CommissionActor.String(), At: tx.Now()}
		added, err := tx.AddCommission(ctx, &e)
		if err != nil {
			return n, err
		}
		if !added {
			continue
		}
		n++
		r, err := tx.Reseller(ctx, p.ResellerID)
		if err != nil {
			return n, fmt.Errorf("shop: reseller %d: %w", p.ResellerID, err)
		}
		b, err := tx.CommissionBalance(ctx, r.ID, false)
		if err != nil {
			return n, err
		}
		if err := tx.Queue(ctx, s.toReseller(r, text.CommissionConfirmedNotice, p.OrderNumber, s.Price(p.Amount), s.Price(b.Balance()))); err != nil {
			return n, err
		}
	}
	return n, nil
}

// ConfirmDueCommissions runs ConfirmCommissions in transactions of its
// own until nothing is due.
func (s *Shop) ConfirmDueCommissions(ctx context.Context) (int, error) {
	const limit = 200
	total := 0
	for {
		var n int
		err := s.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			var err error
			n, err = s.ConfirmCommissions(ctx, tx, limit)
			return err
		})
		total += n
		if err != nil || n < limit {
			return total, err
		}
	}
}

// ErrOverBalance is a payout above the reseller's confirmed balance.
var ErrOverBalance = errors.New("more than the reseller's confirmed balance")

// Payout is a payout recorded: the entry and the balance after it.
type Payout struct {
	Reseller lapak.Reseller
	Entry    lapak.CommissionEntry
	Balance  lapak.CommissionBalance
}

// MaxPayoutReference bounds a payout's bank reference.
const MaxPayoutReference = 100

// RecordPayout records money paid to a reseller (amount 0: the whole
// confirmed balance) with the bank's reference, under the reseller's row
// lock so two admins paying at once cannot pay one balance twice; never
// more than the confirmed balance (ErrOverBalance), never nothing. The
// reseller is told, with the reference, and the payout is audited.
func (s *Shop) RecordPayout(ctx context.Context, tx OrderTx, by Actor, resellerID int64, amount lapak.Money, reference string) (Payout, error) {
	reference, ok := cleanText(reference)
	if !ok || reference == "" || len([]rune(reference)) > MaxPayoutReference {
		return Payout{}, fmt.Errorf("shop: payout reference: %w", ErrInvalid)
	}
	if amount < 0 || amount > lapak.MaxMoney {
		return Payout{}, fmt.Errorf("shop: payout of %s: %w", amount, ErrInvalid)
	}
	r, err := tx.Reseller(ctx, resellerID)
	if err != nil {
		return Payout{}, fmt.Errorf("shop: reseller %d: %w", resellerID, err)
	}
	b, err := tx.CommissionBalance(ctx, r.ID, true)
	if err != nil {
		return Payout{}, err
	}
	if amount == 0 {
		amount = b.Balance()
	}
	if amount <= 0 || amount > b.Balance() {
		return Payout{Reseller: r, Balance: b}, fmt.Errorf("shop: paying %s %s of %s: %w", r.Code, amount, b.Balance(), ErrOverBalance)
	}
	e := lapak.CommissionEntry{ResellerID: r.ID, Kind: lapak.CommissionPayout, Amount: amount, Reference: reference,
		Actor: by.String(), At: tx.Now()}
	if _, err := tx.AddCommission(ctx, &e); err != nil {
		return Payout{}, err
	}
	b.Add(e)
	if err := s.audit(ctx, tx, by, "payout", r.Code, "", amount.Digits()+" ref "+reference); err != nil {
		return Payout{}, err
	}
	bank := r.Bank.Name + " " + r.Bank.Number
	if err := tx.Queue(ctx, s.toReseller(r, text.PayoutNotice, s.Price(amount), bank, r.Bank.Holder, reference, s.Price(b.Balance()))); err != nil {
		return Payout{}, err
	}
	return Payout{Reseller: r, Entry: e, Balance: b}, nil
}

// RecomputeTiers sets each reseller's tier from their confirmed sales over
// lapak.SalesWindow, unless an admin pinned it, and tells those who moved
// up. It returns how many moved.
func (s *Shop) RecomputeTiers(ctx context.Context, tx CommissionJobsTx) (int, error) {
	standings, err := tx.ResellerStandings(ctx, tx.Now().Add(-lapak.SalesWindow))
	if err != nil {
		return 0, err
	}
	levels := s.shop.Commission.Levels()
	moved := 0
	for _, st := range standings {
		if st.Pinned {
			continue
		}
		cur, now := s.shop.Commission.Tier(st.Tier), levels.For(st.Sales)
		if st.Tier == now.Name {
			continue
		}
		if err := tx.SetResellerTier(ctx, st.ID, now.Name, false); err != nil {
			return moved, err
		}
		moved++
		// Told only of a move up (a first tier is no news), and only if
		// they can still bring customers.
		if st.Tier != "" && now.From > cur.From && st.Status == lapak.ResellerApproved {
			if err := tx.Queue(ctx, s.toReseller(st.Reseller, text.TierUp, now.Name, now.Rate.String())); err != nil {
				return moved, err
			}
		}
	}
	return moved, nil
}

// PinTier pins a reseller's tier (an admin's choice the daily job keeps);
// name "" unpins it, and the next job sets it from their sales.
func (s *Shop) PinTier(ctx context.Context, tx OrderTx, by Actor, resellerID int64, name string) (lapak.Tier, error) {
	r, err := tx.Reseller(ctx, resellerID)
	if err != nil {
		return lapak.Tier{}, fmt.Errorf("shop: reseller %d: %w", resellerID, err)
	}
	before, _, err := tx.ResellerTier(ctx, r.ID)
	if err != nil {
		return lapak.Tier{}, err
	}
	var t lapak.Tier
	if name != "" {
		var ok bool
		if t, ok = s.shop.Commission.Levels().Named(name); !ok {
			return lapak.Tier{}, fmt.Errorf("shop: tier %q: %w", name, ErrInvalid)
		}
	}
	if err := tx.SetResellerTier(ctx, r.ID, t.Name, name != ""); err != nil {
		return lapak.Tier{}, err
	}
	return t, s.audit(ctx, tx, by, "pin-tier", r.Code, before, t.Name)
}

// PayoutList is the resellers whose confirmed balance at now is positive
// and at least min, with their bank accounts, for the admins to pay.
func (s *Shop) PayoutList(ctx context.Context, tx lapak.CommissionTx, now time.Time, min lapak.Money) ([]lapak.ResellerStanding, error) {
	standings, err := tx.ResellerStandings(ctx, now.Add(-lapak.SalesWindow))
	if err != nil {
		return nil, err
	}
	var due []lapak.ResellerStanding
	for _, st := range standings {
		if b := st.Balance.Balance(); b > 0 && b >= min {
			due = append(due, st)
		}
	}
	return due, nil
}

// SendPayoutList tells the admins, once on each of the plan's payout days
// from 09:00 in the shop's time zone, the balances to pay and the
// accounts to pay them to (nothing when no balance reaches the minimum).
// It reports whether it sent today's.
func (s *Shop) SendPayoutList(ctx context.Context, tx CommissionJobsTx) (bool, error) {
	loc := s.shop.Location
	if loc == nil {
		loc = time.UTC
	}
	now := tx.Now().In(loc)
	if now.Hour() < 9 || !slices.Contains(s.shop.Commission.PayoutDays, now.Day()) {
		return false, nil
	}
	due, err := s.PayoutList(ctx, tx, tx.Now(), s.shop.Commission.PayoutMin)
	if err != nil || len(due) == 0 {
		return false, err
	}
	first, err := tx.MarkPayoutList(ctx, now.Format(time.DateOnly))
	if err != nil || !first {
		return false, err
	}
	var b strings.Builder
	b.WriteString(text.Get(s.shop.Language, text.PayoutListTitle, len(due)))
	var total lapak.Money
	for _, st := range due {
		total += st.Balance.Balance()
		b.WriteString("\n" + text.Get(s.shop.Language, text.PayoutListLine, st.Code, st.Name, s.Price(st.Balance.Balance()),
			st.Bank.Name, st.Bank.Number, st.Bank.Holder))
	}
	b.WriteString("\n" + text.Get(s.shop.Language, text.PayoutListHint, s.Price(total), due[0].Code))
	admins, err := s.Admins(ctx, tx)
	if err != nil {
		return false, err
	}
	envs := make([]lapak.Envelope, len(admins))
	for i, a := range admins {
		envs[i] = lapak.Envelope{To: a, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: b.String()}}
	}
	return true, tx.Queue(ctx, envs...)
}

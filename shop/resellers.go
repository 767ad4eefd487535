package shop

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// Resellers: an application, an admin's decision (approve, reject,
// suspend, approve again) and the one change of a reseller's code, each
// one operation in the caller's transaction with an audit entry. The chat
// desk's /reseller and its buttons call them, later the dashboard too.
// The caller tells the reseller (their links depend on the channels).

// ResellersTx is what a reseller operation needs.
type ResellersTx interface {
	Tx
	lapak.ResellerTx
}

// ResellerFieldError says which part of an application is refused: "name",
// "phone", "city", "bank", "number" (not digits) or "holder".
type ResellerFieldError struct {
	Field string
	Value string
}

func (e *ResellerFieldError) Error() string {
	return fmt.Sprintf("shop: reseller %s %q is not valid", e.Field, e.Value)
}

func (e *ResellerFieldError) Unwrap() error { return ErrInvalid }

// ErrSignupOff: the shop takes no new resellers (LAPAK_RESELLER_SIGNUP=off).
var ErrSignupOff = errors.New("reseller sign-up is closed")

// CheckReseller checks and tidies an application's details in place.
func CheckReseller(r *lapak.Reseller) error {
	tidy := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	r.Name, r.City, r.Bank.Name, r.Bank.Holder = tidy(r.Name), tidy(r.City), strings.ToUpper(tidy(r.Bank.Name)), tidy(r.Bank.Holder)
	n, ok := lapak.NormalizeBankNumber(r.Bank.Number)
	switch {
	case r.Name == "" || utf8.RuneCountInString(r.Name) > lapak.MaxResellerName:
		return &ResellerFieldError{Field: "name", Value: r.Name}
	case r.Phone == "":
		return &ResellerFieldError{Field: "phone", Value: r.Phone}
	case r.City == "" || utf8.RuneCountInString(r.City) > lapak.MaxResellerCity:
		return &ResellerFieldError{Field: "city", Value: r.City}
	case r.Bank.Name == "" || utf8.RuneCountInString(r.Bank.Name) > lapak.MaxBankName:
		return &ResellerFieldError{Field: "bank", Value: r.Bank.Name}
	case !ok:
		return &ResellerFieldError{Field: "number", Value: r.Bank.Number}
	case r.Bank.Holder == "" || utf8.RuneCountInString(r.Bank.Holder) > lapak.MaxResellerName:
		return &ResellerFieldError{Field: "holder", Value: r.Bank.Holder}
	}
	r.Bank.Number = n
	return nil
}

// ApplyReseller stores an application made under signup: approved at once
// when the sign-up is open, an applicant otherwise; ErrSignupOff when it
// is off. A customer who already has a reseller row gets an
// *lapak.ExistsError.
func (s *Shop) ApplyReseller(ctx context.Context, tx ResellersTx, signup lapak.ResellerSignup, r lapak.Reseller) (lapak.Reseller, error) {
	if signup == lapak.SignupOff {
		return lapak.Reseller{}, ErrSignupOff
	}
	if err := CheckReseller(&r); err != nil {
		return lapak.Reseller{}, err
	}
	r.Status = lapak.ResellerApplicant
	if signup == lapak.SignupOpen {
		r.Status, r.DecidedBy = lapak.ResellerApproved, "system:open"
	}
	if err := tx.AddReseller(ctx, &r); err != nil {
		return lapak.Reseller{}, fmt.Errorf("shop: reseller application: %w", err)
	}
	if err := s.audit(ctx, tx, Actor{r.Identity}, "reseller apply", r.Code, "", string(r.Status)); err != nil {
		return lapak.Reseller{}, err
	}
	return r, nil
}

// DecideReseller moves the reseller with code to status to (approve,
// reject, suspend) as by: ErrNotFound for an unknown code, a
// *lapak.ResellerMoveError for a move the program does not allow.
func (s *Shop) DecideReseller(ctx context.Context, tx ResellersTx, by Actor, id int64, to lapak.ResellerStatus) (lapak.Reseller, error) {
	before, err := tx.Reseller(ctx, id)
	if err != nil {
		return lapak.Reseller{}, fmt.Errorf("shop: reseller %d: %w", id, err)
	}
	after, err := tx.SetResellerStatus(ctx, id, to, by.String(), tx.Now())
	if err != nil {
		return before, fmt.Errorf("shop: reseller %s to %s: %w", before.Code, to, err)
	}
	if err := s.audit(ctx, tx, by, "reseller "+string(to), after.Code, string(before.Status), string(after.Status)); err != nil {
		return lapak.Reseller{}, err
	}
	return after, nil
}

// ChangeResellerCode gives the reseller a new code, once: a
// *ResellerCodeError for a code that is not one, lapak.ErrCodeChanged
// when it was changed before, *lapak.ExistsError when taken.
func (s *Shop) ChangeResellerCode(ctx context.Context, tx ResellersTx, by Actor, id int64, code string) (lapak.Reseller, error) {
	c, problem := lapak.CheckResellerCode(code)
	if problem != lapak.CodeOK {
		return lapak.Reseller{}, &ResellerCodeError{Code: code, Problem: problem}
	}
	before, err := tx.Reseller(ctx, id)
	if err != nil {
		return lapak.Reseller{}, fmt.Errorf("shop: reseller %d: %w", id, err)
	}
	after, err := tx.ChangeResellerCode(ctx, id, c, tx.Now())
	if err != nil {
		return before, fmt.Errorf("shop: reseller %s code: %w", before.Code, err)
	}
	if err := s.audit(ctx, tx, by, "reseller code", after.Code, before.Code, after.Code); err != nil {
		return lapak.Reseller{}, err
	}
	return after, nil
}

// ResellerCodeError is a code that is not one, and why.
type ResellerCodeError struct {
	Code    string
	Problem lapak.CodeProblem
}

func (e *ResellerCodeError) Error() string {
	return fmt.Sprintf("shop: reseller code %q: %s", e.Code, e.Problem)
}

func (e *ResellerCodeError) Unwrap() error { return ErrInvalid }

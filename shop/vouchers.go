package shop

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// Vouchers: creating one and ending one, each one operation in the
// caller's transaction with an audit entry. The chat desk's /voucher and
// later the dashboard call them alike.

// VouchersTx is what a voucher operation needs: the vouchers, and the
// catalog to check a scope against.
type VouchersTx interface {
	Tx
	lapak.VoucherTx
	lapak.CatalogTx
}

// VoucherFieldError says which part of a voucher CreateVoucher refuses,
// and why: the desk tells the admin exactly that.
type VoucherFieldError struct {
	// Field is "code", "discount" (neither or both of percent and amount),
	// "percent", "amount", "max", "min", "quota", "per_customer", "end"
	// (in the past, or not after the start), "scope" (too many), "sku" or
	// "category" (not in the catalog).
	Field string
	Value string // as given
	Err   error  // what is wrong, for the log
}

func (e *VoucherFieldError) Error() string {
	return fmt.Sprintf("shop: voucher %s %q: %v", e.Field, e.Value, e.Err)
}

func (e *VoucherFieldError) Unwrap() []error { return []error{ErrInvalid, e.Err} }

func voucherErr(field, value, why string) error {
	return &VoucherFieldError{Field: field, Value: value, Err: errors.New(why)}
}

// ErrVoucherOver: the voucher being ended already ended (early or at its
// end date).
var ErrVoucherOver = errors.New("voucher already over")

// CheckVoucher checks a voucher before it is created at now, tidying it
// in place (the code upper-cased, a start before now moved to now,
// PerCustomer 0 made 1): what CreateVoucher refuses, told before anything
// is asked of the store (SKUs and categories are checked against the
// catalog there). A bad part is a *VoucherFieldError.
func CheckVoucher(v *lapak.Voucher, now time.Time) error {
	code, ok := lapak.NormalizeVoucherCode(v.Code)
	if !ok {
		return voucherErr("code", v.Code, fmt.Sprintf("%d to %d letters and digits, with a letter, no spaces", lapak.MinVoucherCode, lapak.MaxVoucherCode))
	}
	v.Code = code
	switch {
	case v.Percent == 0 && v.Amount == 0 || v.Percent != 0 && v.Amount != 0:
		return voucherErr("discount", fmt.Sprintf("%d%% %s", v.Percent, v.Amount), "a percentage or an amount, one of the two")
	case v.Percent < 0 || v.Percent > 100:
		return voucherErr("percent", strconv.Itoa(v.Percent), "1 to 100")
	case v.Amount < 0 || v.Amount > lapak.MaxMoney:
		return voucherErr("amount", v.Amount.Digits(), "more than zero")
	case v.MaxDiscount < 0 || v.MaxDiscount > lapak.MaxMoney:
		return voucherErr("max", v.MaxDiscount.Digits(), "zero (no cap) or more")
	case v.MaxDiscount > 0 && v.Percent == 0:
		return voucherErr("max", v.MaxDiscount.Digits(), "a cap is for a percentage")
	case v.MinSpend < 0 || v.MinSpend > lapak.MaxMoney:
		return voucherErr("min", v.MinSpend.Digits(), "zero (none) or more")
	case v.Quota < 0 || v.Quota > lapak.MaxVoucherQuota:
		return voucherErr("quota", strconv.Itoa(v.Quota), fmt.Sprintf("0 (no limit) to %d", lapak.MaxVoucherQuota))
	case v.PerCustomer < 0 || v.PerCustomer > lapak.MaxVoucherQuota:
		return voucherErr("per_customer", strconv.Itoa(v.PerCustomer), fmt.Sprintf("1 to %d", lapak.MaxVoucherQuota))
	case len(v.SKUs)+len(v.Categories) > lapak.MaxVoucherScope:
		return voucherErr("scope", strconv.Itoa(len(v.SKUs)+len(v.Categories)), fmt.Sprintf("at most %d SKUs and categories", lapak.MaxVoucherScope))
	}
	v.PerCustomer = max(v.PerCustomer, 1)
	if v.StartsAt.Before(now) {
		v.StartsAt = now
	}
	if v.EndsAt != nil && !v.EndsAt.After(v.StartsAt) {
		return voucherErr("end", v.EndsAt.UTC().String(), "after the start and not in the past")
	}
	return nil
}

// CreateVoucher adds a voucher: a percentage (with an optional cap) or a
// fixed amount off, an optional minimum spend, quota, uses per customer
// (default one), validity window and scope (SKUs, and categories named by
// Name, case-insensitive). It returns the voucher as stored. A bad part is
// a *VoucherFieldError, a code already taken a *lapak.ExistsError.
func (s *Shop) CreateVoucher(ctx context.Context, tx VouchersTx, by Actor, v lapak.Voucher) (lapak.Voucher, error) {
	if err := CheckVoucher(&v, tx.Now()); err != nil {
		return lapak.Voucher{}, err
	}
	skus := make([]string, 0, len(v.SKUs))
	for _, sku := range v.SKUs {
		p, err := tx.ProductBySKU(ctx, sku)
		if errors.Is(err, lapak.ErrNotFound) {
			return lapak.Voucher{}, &VoucherFieldError{Field: "sku", Value: sku, Err: err}
		}
		if err != nil {
			return lapak.Voucher{}, fmt.Errorf("shop: voucher scope: %w", err)
		}
		for _, pv := range p.Variants {
			if strings.EqualFold(pv.SKU, sku) && !containsFold(skus, pv.SKU) {
				skus = append(skus, pv.SKU)
			}
		}
	}
	v.SKUs = skus
	if len(v.Categories) > 0 {
		all, err := tx.Categories(ctx)
		if err != nil {
			return lapak.Voucher{}, fmt.Errorf("shop: voucher scope: %w", err)
		}
		var cats []lapak.Category
	next:
		for _, want := range v.Categories {
			for _, c := range all {
				if strings.EqualFold(strings.Join(strings.Fields(c.Name), " "), strings.Join(strings.Fields(want.Name), " ")) {
					for _, have := range cats {
						if have.ID == c.ID {
							continue next
						}
					}
					cats = append(cats, lapak.Category{ID: c.ID, Name: c.Name})
					continue next
				}
			}
			return lapak.Voucher{}, &VoucherFieldError{Field: "category", Value: want.Name, Err: lapak.ErrNotFound}
		}
		v.Categories = cats
	}
	v.CreatedBy = by.Identity
	if err := tx.AddVoucher(ctx, &v); err != nil {
		return lapak.Voucher{}, fmt.Errorf("shop: %w", err)
	}
	if err := s.audit(ctx, tx, by, "voucher", v.Code, "", VoucherSummary(v)); err != nil {
		return lapak.Voucher{}, err
	}
	return v, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// EndVoucher ends a voucher now (/voucher off CODE): no order placed after
// it can use it; orders placed before keep their discount. It returns the
// voucher as it was before. lapak.ErrNotFound for an unknown code,
// ErrVoucherOver (with the voucher) when it already ended.
func (s *Shop) EndVoucher(ctx context.Context, tx VouchersTx, by Actor, code string) (lapak.Voucher, error) {
	v, err := tx.Voucher(ctx, code)
	if err != nil {
		return lapak.Voucher{}, fmt.Errorf("shop: voucher %s: %w", code, err)
	}
	switch st := v.State(tx.Now()); st {
	case lapak.VoucherEnded, lapak.VoucherExpired:
		return v, fmt.Errorf("shop: voucher %s is %s: %w", v.Code, st, ErrVoucherOver)
	}
	before, err := tx.EndVoucher(ctx, v.Code, tx.Now())
	if err != nil {
		return lapak.Voucher{}, fmt.Errorf("shop: ending voucher %s: %w", v.Code, err)
	}
	if err := s.audit(ctx, tx, by, "voucher off", before.Code, string(before.State(tx.Now()))+" "+strconv.Itoa(before.Used)+" used",
		string(lapak.VoucherEnded)); err != nil {
		return lapak.Voucher{}, err
	}
	return before, nil
}

// VoucherSummary is a voucher in one line for the audit log, in plain
// English and digits: "10% max 20000, min 50000, quota 100, 1 per
// customer, from … until …, sku NST-500, category Kue & Roti".
func VoucherSummary(v lapak.Voucher) string {
	var parts []string
	if v.Percent > 0 {
		p := strconv.Itoa(v.Percent) + "%"
		if v.MaxDiscount > 0 {
			p += " max " + v.MaxDiscount.Digits()
		}
		parts = append(parts, p)
	} else {
		parts = append(parts, v.Amount.Digits()+" off")
	}
	if v.MinSpend > 0 {
		parts = append(parts, "min "+v.MinSpend.Digits())
	}
	quota := "no quota"
	if v.Quota > 0 {
		quota = "quota " + strconv.Itoa(v.Quota)
	}
	parts = append(parts, quota, strconv.Itoa(max(v.PerCustomer, 1))+" per customer")
	window := "from " + v.StartsAt.UTC().Format("2006-01-02 15:04Z")
	if v.EndsAt != nil {
		window += " until " + v.EndsAt.UTC().Format("2006-01-02 15:04Z")
	}
	parts = append(parts, window)
	if len(v.SKUs) > 0 {
		parts = append(parts, "sku "+strings.Join(v.SKUs, ","))
	}
	if len(v.Categories) > 0 {
		names := make([]string, len(v.Categories))
		for i, c := range v.Categories {
			names[i] = c.Name
		}
		parts = append(parts, "category "+strings.Join(names, ","))
	}
	return strings.Join(parts, ", ")
}

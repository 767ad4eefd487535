package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lapak-id/lapak"
)

// Vouchers, the codes attached to carts and the uses orders take
// (migration 0018). A use is taken in PlaceOrder with a conditional update
// on the voucher's row, as stock is reserved, and given back in the
// transition that cancels or expires the order.

var _ lapak.VoucherTx = (*tx)(nil)

type voucherRow struct {
	ID          int64        `db:"id"`
	Code        string       `db:"code"`
	Percent     int          `db:"percent"`
	MaxDiscount int64        `db:"max_discount"`
	Amount      int64        `db:"amount"`
	MinSpend    int64        `db:"min_spend"`
	Quota       int          `db:"quota"`
	Used        int          `db:"used"`
	PerCustomer int          `db:"per_customer"`
	StartsAt    time.Time    `db:"starts_at"`
	EndsAt      sql.NullTime `db:"ends_at"`
	EndedAt     sql.NullTime `db:"ended_at"`
	CreatedAt   time.Time    `db:"created_at"`
	CreatedBy   string       `db:"created_by"`
}

const selectVouchers = `SELECT id, code, percent, max_discount, amount, min_spend, quota, used, per_customer,
	starts_at, ends_at, ended_at, created_at, created_by FROM lapak_vouchers`

func (r voucherRow) voucher() lapak.Voucher {
	v := lapak.Voucher{ID: r.ID, Code: r.Code, Percent: r.Percent, MaxDiscount: lapak.Money(r.MaxDiscount),
		Amount: lapak.Money(r.Amount), MinSpend: lapak.Money(r.MinSpend), Quota: r.Quota, Used: r.Used,
		PerCustomer: r.PerCustomer, StartsAt: utc(r.StartsAt), EndsAt: utcPtr(r.EndsAt), EndedAt: utcPtr(r.EndedAt),
		CreatedAt: utc(r.CreatedAt)}
	if ch, id, ok := strings.Cut(r.CreatedBy, ":"); ok {
		v.CreatedBy = lapak.Identity{Channel: lapak.Channel(ch), ChatID: id}
	}
	return v
}

// withScope reads the vouchers' SKUs and categories.
func (t *tx) withScope(ctx context.Context, vs []lapak.Voucher) error {
	for i := range vs {
		var rows []struct {
			SKU      string         `db:"sku"`
			Category sql.NullInt64  `db:"category_id"`
			Name     sql.NullString `db:"name"`
		}
		if err := t.sel(ctx, &rows, `SELECT s.sku, s.category_id, c.name FROM lapak_voucher_scope s
			LEFT JOIN lapak_categories c ON c.id = s.category_id WHERE s.voucher_id = ? ORDER BY s.sku, c.position, c.id`, vs[i].ID); err != nil {
			return fmt.Errorf("storage: reading the scope of voucher %s: %w", vs[i].Code, err)
		}
		for _, r := range rows {
			if r.Category.Valid {
				vs[i].Categories = append(vs[i].Categories, lapak.Category{ID: r.Category.Int64, Name: r.Name.String})
			} else if r.SKU != "" {
				vs[i].SKUs = append(vs[i].SKUs, r.SKU)
			}
		}
	}
	return nil
}

func (t *tx) voucherWhere(ctx context.Context, where, lock string, arg any) (lapak.Voucher, error) {
	var r voucherRow
	err := t.get(ctx, &r, selectVouchers+` WHERE `+where+lock, arg) // where and lock are our constants
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Voucher{}, fmt.Errorf("storage: voucher %v: %w", arg, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Voucher{}, fmt.Errorf("storage: voucher %v: %w", arg, err)
	}
	vs := []lapak.Voucher{r.voucher()}
	if err := t.withScope(ctx, vs); err != nil {
		return lapak.Voucher{}, err
	}
	return vs[0], nil
}

// Voucher: see lapak.VoucherTx.
func (t *tx) Voucher(ctx context.Context, code string) (lapak.Voucher, error) {
	return t.voucherWhere(ctx, `code = ?`, "", strings.ToUpper(strings.TrimSpace(code)))
}

// Vouchers: see lapak.VoucherTx.
func (t *tx) Vouchers(ctx context.Context) ([]lapak.Voucher, error) {
	var rows []voucherRow
	if err := t.sel(ctx, &rows, selectVouchers+` ORDER BY created_at DESC, id DESC`); err != nil {
		return nil, fmt.Errorf("storage: listing vouchers: %w", err)
	}
	out := make([]lapak.Voucher, len(rows))
	for i, r := range rows {
		out[i] = r.voucher()
	}
	return out, t.withScope(ctx, out)
}

// AddVoucher: see lapak.VoucherTx.
func (t *tx) AddVoucher(ctx context.Context, v *lapak.Voucher) error {
	code := strings.ToUpper(strings.TrimSpace(v.Code))
	var n int
	// A reseller's code is taken too: "kode X" must mean one thing.
	if err := t.get(ctx, &n, `SELECT (SELECT COUNT(*) FROM lapak_vouchers WHERE code = ?) + (SELECT COUNT(*) FROM lapak_resellers WHERE code = ?)`,
		code, code); err != nil {
		return fmt.Errorf("storage: adding voucher: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("storage: adding voucher: %w", &lapak.ExistsError{What: "voucher", Value: code})
	}
	by := ""
	if v.CreatedBy != (lapak.Identity{}) {
		by = v.CreatedBy.String()
	}
	created := t.now
	var id int64
	err := t.get(ctx, &id, `INSERT INTO lapak_vouchers
		(code, percent, max_discount, amount, min_spend, quota, used, per_customer, starts_at, ends_at, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) RETURNING id`,
		code, v.Percent, int64(v.MaxDiscount), int64(v.Amount), int64(v.MinSpend), v.Quota, max(v.PerCustomer, 1),
		v.StartsAt.UTC().Truncate(time.Microsecond), nullTime(v.EndsAt), created, by)
	if isUniqueViolation(err) {
		return fmt.Errorf("storage: adding voucher: %w", &lapak.ExistsError{What: "voucher", Value: code})
	}
	if err != nil {
		return fmt.Errorf("storage: adding voucher: %w", err)
	}
	for _, sku := range v.SKUs {
		if _, err := t.exec(ctx, `INSERT INTO lapak_voucher_scope (voucher_id, sku) VALUES (?, ?)`, id, strings.ToUpper(sku)); err != nil {
			return fmt.Errorf("storage: adding voucher scope: %w", err)
		}
	}
	for _, c := range v.Categories {
		if _, err := t.exec(ctx, `INSERT INTO lapak_voucher_scope (voucher_id, category_id) VALUES (?, ?)`, id, c.ID); err != nil {
			return fmt.Errorf("storage: adding voucher scope: %w", err)
		}
	}
	v.ID, v.Code, v.Used, v.PerCustomer, v.CreatedAt = id, code, 0, max(v.PerCustomer, 1), created
	v.StartsAt = v.StartsAt.UTC().Truncate(time.Microsecond)
	if v.EndsAt != nil {
		e := v.EndsAt.UTC().Truncate(time.Microsecond)
		v.EndsAt = &e
	}
	return nil
}

// EndVoucher: see lapak.VoucherTx.
func (t *tx) EndVoucher(ctx context.Context, code string, at time.Time) (lapak.Voucher, error) {
	before, err := t.voucherWhere(ctx, `code = ?`, t.s.forUpdate(), strings.ToUpper(strings.TrimSpace(code)))
	if err != nil {
		return lapak.Voucher{}, err
	}
	if _, err := t.exec(ctx, `UPDATE lapak_vouchers SET ended_at = ? WHERE id = ?`, at.UTC().Truncate(time.Microsecond), before.ID); err != nil {
		return lapak.Voucher{}, fmt.Errorf("storage: ending voucher %s: %w", before.Code, err)
	}
	return before, nil
}

// VoucherUses: see lapak.VoucherTx.
func (t *tx) VoucherUses(ctx context.Context, voucherID, customerID int64) (int, error) {
	var n int
	if err := t.get(ctx, &n, `SELECT COUNT(*) FROM lapak_orders WHERE voucher_id = ? AND customer_id = ?
		AND status NOT IN ('cancelled', 'expired')`, voucherID, customerID); err != nil {
		return 0, fmt.Errorf("storage: counting voucher uses: %w", err)
	}
	return n, nil
}

// CartVoucher: see lapak.VoucherTx.
func (t *tx) CartVoucher(ctx context.Context, customerID int64) (lapak.Voucher, error) {
	return t.voucherWhere(ctx, `id = (SELECT voucher_id FROM lapak_cart_vouchers WHERE customer_id = ?)`, "", customerID)
}

// SetCartVoucher: see lapak.VoucherTx.
func (t *tx) SetCartVoucher(ctx context.Context, customerID, voucherID int64) error {
	if _, err := t.exec(ctx, `DELETE FROM lapak_cart_vouchers WHERE customer_id = ?`, customerID); err != nil {
		return fmt.Errorf("storage: detaching a voucher: %w", err)
	}
	if voucherID == 0 {
		return nil
	}
	if _, err := t.exec(ctx, `INSERT INTO lapak_cart_vouchers (customer_id, voucher_id, applied_at) VALUES (?, ?, ?)`,
		customerID, voucherID, t.now); err != nil {
		return fmt.Errorf("storage: attaching a voucher: %w", err)
	}
	return nil
}

// takeVoucher takes one use of the voucher o names for o's customer, with
// a conditional update (the quota holds however many orders race for it),
// and checks o.Discount is what the voucher takes off o's items now. The
// items' SKUs and prices are the catalog's (placeOrder read them). It
// returns the voucher's id.
func (t *tx) takeVoucher(ctx context.Context, o *lapak.Order) (int64, error) {
	v, err := t.Voucher(ctx, o.Voucher)
	if errors.Is(err, lapak.ErrNotFound) {
		return 0, &lapak.VoucherError{Code: strings.ToUpper(o.Voucher), Reason: lapak.VoucherReasonUnknown}
	}
	if err != nil {
		return 0, err
	}
	res, err := t.exec(ctx, `UPDATE lapak_vouchers SET used = used + 1
		WHERE id = ? AND ended_at IS NULL AND starts_at <= ? AND (ends_at IS NULL OR ends_at > ?) AND (quota = 0 OR used < quota)`,
		v.ID, t.now, t.now)
	if err != nil {
		return 0, fmt.Errorf("storage: taking a use of voucher %s: %w", v.Code, err)
	}
	// Read it again: after the update it is locked (PostgreSQL) and current.
	if v, err = t.Voucher(ctx, v.Code); err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if err := v.Check(t.now); err != nil {
			return 0, err
		}
		return 0, &lapak.VoucherError{Code: v.Code, Reason: lapak.VoucherReasonUsedUp}
	}
	v.Used-- // this order's use: what the others left
	uses, err := t.VoucherUses(ctx, v.ID, o.CustomerID)
	if err != nil {
		return 0, err
	}
	lines := make([]lapak.VoucherLine, len(o.Items))
	for i, it := range o.Items {
		var cat int64
		if err := t.get(ctx, &cat, `SELECT p.category_id FROM lapak_variants v JOIN lapak_products p ON p.id = v.product_id
			WHERE v.id = ?`, it.VariantID); err != nil {
			return 0, fmt.Errorf("storage: the category of %s: %w", it.SKU, err)
		}
		lines[i] = lapak.VoucherLine{SKU: it.SKU, CategoryID: cat, Total: it.Total()}
	}
	off, err := v.Apply(t.now, uses, lines)
	if err != nil {
		return 0, err
	}
	if off != o.Discount {
		return 0, &lapak.VoucherError{Code: v.Code, Reason: lapak.VoucherReasonChanged}
	}
	o.Voucher = v.Code
	return v.ID, nil
}

// orderVoucher records the voucher a placed order used, and detaches it
// from the customer's cart: it is spent.
func (t *tx) orderVoucher(ctx context.Context, o *lapak.Order, voucherID int64) error {
	if _, err := t.exec(ctx, `UPDATE lapak_orders SET voucher_id = ?, voucher_code = ? WHERE id = ?`, voucherID, o.Voucher, o.ID); err != nil {
		return fmt.Errorf("storage: recording the order's voucher: %w", err)
	}
	if _, err := t.exec(ctx, `DELETE FROM lapak_cart_vouchers WHERE customer_id = ? AND voucher_id = ?`, o.CustomerID, voucherID); err != nil {
		return fmt.Errorf("storage: detaching a used voucher: %w", err)
	}
	return nil
}

// releaseVoucher gives back the use a cancelled or expired order held.
func (t *tx) releaseVoucher(ctx context.Context, orderID int64) error {
	if _, err := t.exec(ctx, `UPDATE lapak_vouchers SET used = used - 1
		WHERE id = (SELECT voucher_id FROM lapak_orders WHERE id = ?) AND used > 0`, orderID); err != nil {
		return fmt.Errorf("storage: giving a voucher's use back: %w", err)
	}
	return nil
}

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

// Resellers and the customers' attributions (migration 0023). An order's
// reseller is written by PlaceOrder (insertOrderRow) from Order.Reseller,
// which also moves the attribution's last order time.

var _ lapak.ResellerTx = (*tx)(nil)

type resellerRow struct {
	ID          int64        `db:"id"`
	CustomerID  int64        `db:"customer_id"`
	Channel     string       `db:"channel"`
	ChatID      string       `db:"chat_id"`
	Language    string       `db:"language"`
	Name        string       `db:"name"`
	Phone       string       `db:"phone"`
	City        string       `db:"city"`
	BankName    string       `db:"bank_name"`
	BankNumber  string       `db:"bank_number"`
	BankHolder  string       `db:"bank_holder"`
	Status      string       `db:"status"`
	Code        string       `db:"code"`
	CodeChanged bool         `db:"code_changed"`
	AgreedAt    time.Time    `db:"agreed_at"`
	CreatedAt   time.Time    `db:"created_at"`
	UpdatedAt   time.Time    `db:"updated_at"`
	DecidedAt   sql.NullTime `db:"decided_at"`
	DecidedBy   string       `db:"decided_by"`
}

const selectResellers = `SELECT r.id, r.customer_id, c.channel, c.chat_id, c.language, r.name, r.phone, r.city,
	r.bank_name, r.bank_number, r.bank_holder, r.status, r.code, r.code_changed, r.agreed_at, r.created_at,
	r.updated_at, r.decided_at, r.decided_by
	FROM lapak_resellers r JOIN lapak_customers c ON c.id = r.customer_id`

func (r resellerRow) reseller() lapak.Reseller {
	return lapak.Reseller{ID: r.ID, CustomerID: r.CustomerID,
		Identity: lapak.Identity{Channel: lapak.Channel(r.Channel), ChatID: r.ChatID}, Language: lapak.Language(r.Language),
		Name: r.Name, Phone: r.Phone, City: r.City,
		Bank:   lapak.ResellerBank{Name: r.BankName, Number: r.BankNumber, Holder: r.BankHolder},
		Status: lapak.ResellerStatus(r.Status), Code: r.Code, CodeChanged: r.CodeChanged,
		AgreedAt: utc(r.AgreedAt), CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt),
		DecidedAt: utcPtr(r.DecidedAt), DecidedBy: r.DecidedBy}
}

func (t *tx) resellerWhere(ctx context.Context, where, lock string, arg any) (lapak.Reseller, error) {
	var r resellerRow
	// The row lock is on the reseller's row only (PostgreSQL: OF r).
	if lock != "" {
		lock = " FOR UPDATE OF r"
		if t.s.dialect != Postgres {
			lock = ""
		}
	}
	err := t.get(ctx, &r, selectResellers+" WHERE "+where+lock, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Reseller{}, lapak.ErrNotFound
	}
	if err != nil {
		return lapak.Reseller{}, fmt.Errorf("storage: reading reseller: %w", err)
	}
	return r.reseller(), nil
}

// Reseller: see lapak.ResellerTx.
func (t *tx) Reseller(ctx context.Context, id int64) (lapak.Reseller, error) {
	return t.resellerWhere(ctx, "r.id = ?", "", id)
}

// ResellerByCode: see lapak.ResellerTx.
func (t *tx) ResellerByCode(ctx context.Context, code string) (lapak.Reseller, error) {
	return t.resellerWhere(ctx, "r.code = ?", "", strings.ToUpper(strings.TrimSpace(code)))
}

// ResellerOfCustomer: see lapak.ResellerTx.
func (t *tx) ResellerOfCustomer(ctx context.Context, customerID int64) (lapak.Reseller, error) {
	return t.resellerWhere(ctx, "r.customer_id = ?", "", customerID)
}

// codeTaken reports whether a reseller or a voucher has code: a code
// typed as "kode X" must mean one thing.
func (t *tx) codeTaken(ctx context.Context, code string) (bool, error) {
	var n int
	err := t.get(ctx, &n, `SELECT (SELECT COUNT(*) FROM lapak_resellers WHERE code = ?) + (SELECT COUNT(*) FROM lapak_vouchers WHERE code = ?)`,
		code, code)
	return n > 0, err
}

// AddReseller: see lapak.ResellerTx.
func (t *tx) AddReseller(ctx context.Context, r *lapak.Reseller) error {
	var n int
	if err := t.get(ctx, &n, `SELECT COUNT(*) FROM lapak_resellers WHERE customer_id = ?`, r.CustomerID); err != nil {
		return fmt.Errorf("storage: adding reseller: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("storage: adding reseller: %w", &lapak.ExistsError{What: "reseller", Value: fmt.Sprint(r.CustomerID)})
	}
	base := lapak.ResellerCodeBase(r.Name)
	code := ""
	for i := 1; i <= lapak.MaxCodeCandidates && code == ""; i++ {
		c := lapak.ResellerCodeCandidate(base, i)
		taken, err := t.codeTaken(ctx, c)
		if err != nil {
			return fmt.Errorf("storage: adding reseller: %w", err)
		}
		if !taken {
			code = c
		}
	}
	if code == "" {
		return fmt.Errorf("storage: adding reseller: no free code from %s", base)
	}
	if r.Status == "" {
		r.Status = lapak.ResellerApplicant
	}
	now := t.now
	var decided *time.Time
	if r.Status != lapak.ResellerApplicant {
		decided = &now
	}
	agreed := r.AgreedAt.UTC().Truncate(time.Microsecond)
	if r.AgreedAt.IsZero() {
		agreed = now
	}
	err := t.get(ctx, &r.ID, `INSERT INTO lapak_resellers (customer_id, name, phone, city, bank_name, bank_number, bank_holder,
		status, code, agreed_at, created_at, updated_at, decided_at, decided_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.CustomerID, r.Name, r.Phone, r.City, r.Bank.Name, r.Bank.Number, r.Bank.Holder, string(r.Status), code,
		agreed, now, now, nullTime(decided), r.DecidedBy)
	if isUniqueViolation(err) {
		return fmt.Errorf("storage: adding reseller: %w", &lapak.ExistsError{What: "reseller", Value: code})
	}
	if err != nil {
		return fmt.Errorf("storage: adding reseller: %w", err)
	}
	got, err := t.Reseller(ctx, r.ID)
	if err != nil {
		return err
	}
	*r = got
	return nil
}

// Resellers: see lapak.ResellerTx.
func (t *tx) Resellers(ctx context.Context) ([]lapak.ResellerListing, error) {
	var rows []struct {
		resellerRow
		Orders int `db:"orders"`
	}
	err := t.sel(ctx, &rows, `SELECT q.*, (SELECT COUNT(*) FROM lapak_orders o WHERE o.reseller_id = q.id
		AND o.status NOT IN ('cancelled', 'expired', 'refunded')) AS orders FROM (`+selectResellers+`) q
		ORDER BY CASE WHEN q.status = 'applicant' THEN 0 ELSE 1 END, q.name, q.id`)
	if err != nil {
		return nil, fmt.Errorf("storage: listing resellers: %w", err)
	}
	out := make([]lapak.ResellerListing, len(rows))
	for i, r := range rows {
		out[i] = lapak.ResellerListing{Reseller: r.reseller(), Orders: r.Orders}
	}
	return out, nil
}

// SetResellerStatus: see lapak.ResellerTx.
func (t *tx) SetResellerStatus(ctx context.Context, id int64, to lapak.ResellerStatus, by string, at time.Time) (lapak.Reseller, error) {
	r, err := t.resellerWhere(ctx, "r.id = ?", "lock", id)
	if err != nil {
		return lapak.Reseller{}, err
	}
	if !r.Status.CanMove(to) {
		return r, &lapak.ResellerMoveError{From: r.Status, To: to}
	}
	at = at.UTC().Truncate(time.Microsecond)
	if _, err := t.exec(ctx, `UPDATE lapak_resellers SET status = ?, decided_at = ?, decided_by = ?, updated_at = ? WHERE id = ?`,
		string(to), at, by, at, id); err != nil {
		return lapak.Reseller{}, fmt.Errorf("storage: setting reseller status: %w", err)
	}
	return t.Reseller(ctx, id)
}

// ChangeResellerCode: see lapak.ResellerTx.
func (t *tx) ChangeResellerCode(ctx context.Context, id int64, code string, at time.Time) (lapak.Reseller, error) {
	r, err := t.resellerWhere(ctx, "r.id = ?", "lock", id)
	if err != nil {
		return lapak.Reseller{}, err
	}
	if r.CodeChanged {
		return r, lapak.ErrCodeChanged
	}
	code = strings.ToUpper(code)
	taken, err := t.codeTaken(ctx, code)
	if err != nil {
		return lapak.Reseller{}, fmt.Errorf("storage: changing reseller code: %w", err)
	}
	if taken {
		return r, &lapak.ExistsError{What: "code", Value: code}
	}
	_, err = t.exec(ctx, `UPDATE lapak_resellers SET code = ?, code_changed = ?, updated_at = ? WHERE id = ?`,
		code, true, at.UTC().Truncate(time.Microsecond), id)
	if isUniqueViolation(err) {
		return r, &lapak.ExistsError{What: "code", Value: code}
	}
	if err != nil {
		return lapak.Reseller{}, fmt.Errorf("storage: changing reseller code: %w", err)
	}
	return t.Reseller(ctx, id)
}

// Attribution: see lapak.ResellerTx.
func (t *tx) Attribution(ctx context.Context, customerID int64) (lapak.Attribution, error) {
	var r struct {
		ResellerID  int64        `db:"reseller_id"`
		Code        string       `db:"code"`
		Source      string       `db:"source"`
		At          time.Time    `db:"attributed_at"`
		LastOrderAt sql.NullTime `db:"last_order_at"`
	}
	err := t.get(ctx, &r, `SELECT a.reseller_id, r.code, a.source, a.attributed_at, a.last_order_at
		FROM lapak_attributions a JOIN lapak_resellers r ON r.id = a.reseller_id WHERE a.customer_id = ?`, customerID)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Attribution{}, lapak.ErrNotFound
	}
	if err != nil {
		return lapak.Attribution{}, fmt.Errorf("storage: reading attribution: %w", err)
	}
	return lapak.Attribution{CustomerID: customerID, ResellerID: r.ResellerID, Code: r.Code,
		Source: lapak.AttributionSource(r.Source), At: utc(r.At), LastOrderAt: utcPtr(r.LastOrderAt)}, nil
}

// SetAttribution: see lapak.ResellerTx.
func (t *tx) SetAttribution(ctx context.Context, a lapak.Attribution) error {
	at := a.At.UTC().Truncate(time.Microsecond)
	if a.At.IsZero() {
		at = t.now
	}
	if _, err := t.exec(ctx, `INSERT INTO lapak_attributions (customer_id, reseller_id, source, attributed_at, last_order_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (customer_id) DO UPDATE SET reseller_id = excluded.reseller_id, source = excluded.source,
			attributed_at = excluded.attributed_at, last_order_at = excluded.last_order_at`,
		a.CustomerID, a.ResellerID, string(a.Source), at, nullTime(a.LastOrderAt)); err != nil {
		return fmt.Errorf("storage: setting attribution: %w", err)
	}
	return nil
}

// orderReseller stamps the attribution's last order when an attributed
// order is placed: the attribution holds from then.
func (t *tx) orderReseller(ctx context.Context, o *lapak.Order) error {
	if o.Reseller.ID == 0 {
		return nil
	}
	if _, err := t.exec(ctx, `UPDATE lapak_attributions SET last_order_at = ? WHERE customer_id = ? AND reseller_id = ?`,
		t.now, o.CustomerID, o.Reseller.ID); err != nil {
		return fmt.Errorf("storage: stamping attribution: %w", err)
	}
	return nil
}

// nullID is an id column that may be empty: 0 is NULL.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

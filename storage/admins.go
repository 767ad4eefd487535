package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/lapak-id/lapak"
)

// Admins added in chat, their one-time codes and the throttle on wrong
// codes (migration 0016).

var _ lapak.AdminTx = (*tx)(nil)

type adminRow struct {
	Channel string    `db:"channel"`
	ChatID  string    `db:"chat_id"`
	Name    string    `db:"name"`
	AddedAt time.Time `db:"added_at"`
	Role    string    `db:"role"`
}

const selectAdmins = `SELECT channel, chat_id, name, added_at, role FROM lapak_admins ORDER BY added_at, channel, chat_id`

func admins(ctx context.Context, sel func(ctx context.Context, dest any, query string, args ...any) error) ([]lapak.Admin, error) {
	var rows []adminRow
	if err := sel(ctx, &rows, selectAdmins); err != nil {
		return nil, fmt.Errorf("storage: listing admins: %w", err)
	}
	out := make([]lapak.Admin, len(rows))
	for i, r := range rows {
		out[i] = lapak.Admin{Identity: lapak.Identity{Channel: lapak.Channel(r.Channel), ChatID: r.ChatID}, Name: r.Name, AddedAt: utc(r.AddedAt), Role: lapak.Role(r.Role)}
	}
	return out, nil
}

// Admins lists the admins stored in the database, oldest first.
func (t *tx) Admins(ctx context.Context) ([]lapak.Admin, error) { return admins(ctx, t.sel) }

// Admins lists the admins stored in the database, oldest first (for
// `lapak serve`'s start-up checks).
func (s *Store) Admins(ctx context.Context) ([]lapak.Admin, error) {
	return admins(ctx, func(ctx context.Context, dest any, query string, args ...any) error {
		return s.db.SelectContext(ctx, dest, s.db.Rebind(query), args...)
	})
}

func (t *tx) bumpAdmins(ctx context.Context) error {
	if _, err := t.exec(ctx, `UPDATE lapak_admin_revision SET revision = revision + 1`); err != nil {
		return fmt.Errorf("storage: bumping the admins' revision: %w", err)
	}
	return nil
}

// RedeemAdminCode: see lapak.AdminTx.
func (t *tx) RedeemAdminCode(ctx context.Context, who lapak.Admin, code string) error {
	now := t.now.UTC().Truncate(time.Microsecond)
	ch, id := string(who.Channel), who.ChatID
	var tries []time.Time
	if err := t.sel(ctx, &tries, `SELECT at FROM lapak_admin_tries WHERE channel = ? AND chat_id = ? AND at > ? ORDER BY at`,
		ch, id, now.Add(-lapak.AdminCodeWindow)); err != nil {
		return fmt.Errorf("storage: reading admin code tries: %w", err)
	}
	if len(tries) >= lapak.AdminCodeTries {
		// The window slides: the account may try again once enough of
		// its tries are older than the window.
		return &lapak.AdminThrottleError{Until: utc(tries[len(tries)-lapak.AdminCodeTries]).Add(lapak.AdminCodeWindow)}
	}
	var live []struct {
		ID   int64  `db:"id"`
		Salt []byte `db:"salt"`
		Hash []byte `db:"hash"`
		Role string `db:"role"`
	}
	if err := t.sel(ctx, &live, `SELECT id, salt, hash, role FROM lapak_admin_codes WHERE used_at IS NULL AND expires_at > ?`, now); err != nil {
		return fmt.Errorf("storage: reading admin codes: %w", err)
	}
	for _, c := range live {
		if !lapak.AdminCodeMatches(code, c.Salt, c.Hash) {
			continue
		}
		// Used up under its row lock: of two accounts redeeming one code
		// at once, one becomes admin.
		res, err := t.exec(ctx, `UPDATE lapak_admin_codes SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL`,
			now, who.Identity.String(), c.ID)
		if err != nil {
			return fmt.Errorf("storage: using an admin code: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			break // used meanwhile: a wrong try like any other
		}
		if _, err := t.exec(ctx, `INSERT INTO lapak_admins (channel, chat_id, name, added_at, role) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (channel, chat_id) DO NOTHING`, ch, id, clip(who.Name, 100), now, c.Role); err != nil {
			return fmt.Errorf("storage: adding admin %s: %w", who.Identity, err)
		}
		if _, err := t.exec(ctx, `DELETE FROM lapak_admin_tries WHERE channel = ? AND chat_id = ?`, ch, id); err != nil {
			return fmt.Errorf("storage: clearing admin code tries: %w", err)
		}
		return t.bumpAdmins(ctx)
	}
	if _, err := t.exec(ctx, `DELETE FROM lapak_admin_tries WHERE channel = ? AND chat_id = ? AND at <= ?`,
		ch, id, now.Add(-lapak.AdminCodeWindow)); err != nil {
		return fmt.Errorf("storage: pruning admin code tries: %w", err)
	}
	if _, err := t.exec(ctx, `INSERT INTO lapak_admin_tries (channel, chat_id, at) VALUES (?, ?, ?)`, ch, id, now); err != nil {
		return fmt.Errorf("storage: recording a wrong admin code: %w", err)
	}
	return lapak.ErrAdminCode
}

// RemoveAdmin: see lapak.AdminTx.
func (t *tx) RemoveAdmin(ctx context.Context, id lapak.Identity) error {
	res, err := t.exec(ctx, `DELETE FROM lapak_admins WHERE channel = ? AND chat_id = ?`, string(id.Channel), id.ChatID)
	if err != nil {
		return fmt.Errorf("storage: removing admin %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: removing admin %s: %w", id, lapak.ErrNotFound)
	}
	return t.bumpAdmins(ctx)
}

// NewAdminCode stores a new one-time admin code drawn from rand
// (crypto/rand.Reader in production), live for lapak.AdminCodeTTL, and
// returns it: the only time the code itself exists. Older codes not yet
// used stop working, so only the newest printed code is live. The code
// makes an owner; NewAdminCodeFor makes staff too.
func (s *Store) NewAdminCode(ctx context.Context, rand io.Reader) (lapak.AdminCode, error) {
	return s.NewAdminCodeFor(ctx, rand, lapak.RoleOwner)
}

// NewAdminCodeFor is NewAdminCode for an admin with role.
func (s *Store) NewAdminCodeFor(ctx context.Context, rand io.Reader, role lapak.Role) (lapak.AdminCode, error) {
	code, err := lapak.NewAdminCode(rand)
	if err != nil {
		return lapak.AdminCode{}, err
	}
	err = s.InTx(ctx, func(ctx context.Context, otx lapak.OpsTx) error {
		return otx.(opTx).tx.CreateAdminCode(ctx, code, role)
	})
	if err != nil {
		return lapak.AdminCode{}, fmt.Errorf("storage: storing an admin code: %w", err)
	}
	return code, nil
}

var (
	_ lapak.AdminRoleTx        = (*tx)(nil)
	_ lapak.AdminCodeTx        = (*tx)(nil)
	_ lapak.DashboardSessionTx = (*tx)(nil)
)

// CreateAdminCode: see lapak.AdminCodeTx.
func (t *tx) CreateAdminCode(ctx context.Context, code lapak.AdminCode, role lapak.Role) error {
	now := t.now.UTC().Truncate(time.Microsecond)
	if _, err := t.exec(ctx, `UPDATE lapak_admin_codes SET expires_at = ? WHERE used_at IS NULL AND expires_at > ?`, now, now); err != nil {
		return err
	}
	// Codes of the day before are of no use to anyone.
	if _, err := t.exec(ctx, `DELETE FROM lapak_admin_codes WHERE expires_at < ?`, now.Add(-24*time.Hour)); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO lapak_admin_codes (salt, hash, created_at, expires_at, role) VALUES (?, ?, ?, ?, ?)`,
		code.Salt, code.Hash, now, now.Add(lapak.AdminCodeTTL), string(role))
	return err
}

// SetAdminRole: see lapak.AdminRoleTx.
func (t *tx) SetAdminRole(ctx context.Context, id lapak.Identity, role lapak.Role) error {
	res, err := t.exec(ctx, `UPDATE lapak_admins SET role = ? WHERE channel = ? AND chat_id = ?`, string(role), string(id.Channel), id.ChatID)
	if err != nil {
		return fmt.Errorf("storage: setting the role of admin %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: setting the role of admin %s: %w", id, lapak.ErrNotFound)
	}
	return t.bumpAdmins(ctx)
}

// EndDashboardSessions: see lapak.DashboardSessionTx.
func (t *tx) EndDashboardSessions(ctx context.Context, userKey string) (int, error) {
	res, err := t.exec(ctx, `DELETE FROM lapak_dashboard_sessions WHERE user_key = ?`, userKey)
	if err != nil {
		return 0, fmt.Errorf("storage: ending the dashboard sessions of %s: %w", userKey, err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// EndDashboardSession: see lapak.DashboardSessionTx.
func (t *tx) EndDashboardSession(ctx context.Context, tokenHash string) (lapak.DashboardSession, error) {
	var r dashSessionRow
	err := t.get(ctx, &r, `DELETE FROM lapak_dashboard_sessions WHERE token_hash = ? AND expires_at > ?
		RETURNING token_hash, user_key, name, role, csrf, flash, created_at, last_seen_at, expires_at`, tokenHash, t.now)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.DashboardSession{}, fmt.Errorf("storage: dashboard session: %w", lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.DashboardSession{}, fmt.Errorf("storage: ending a dashboard session: %w", err)
	}
	return r.session(), nil
}

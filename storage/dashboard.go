package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lapak-id/lapak"
)

// The dashboard's logins, sessions, passwords and failed tries (migration
// 0031). Tokens and codes arrive hashed: the store never sees a secret.

var _ lapak.DashboardTx = (*tx)(nil)

// CreateDashboardLogin: see lapak.DashboardTx.
func (t *tx) CreateDashboardLogin(ctx context.Context, l lapak.DashboardLogin) error {
	if _, err := t.exec(ctx, `INSERT INTO lapak_dashboard_logins
		(token_hash, code_hash, user_key, name, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		l.TokenHash, l.CodeHash, l.User.Key, clip(l.User.Name, 200), string(l.User.Role), t.now, l.Expires.UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("storage: recording a dashboard login: %w", err)
	}
	return nil
}

type dashLoginRow struct {
	TokenHash string    `db:"token_hash"`
	CodeHash  string    `db:"code_hash"`
	UserKey   string    `db:"user_key"`
	Name      string    `db:"name"`
	Role      string    `db:"role"`
	ExpiresAt time.Time `db:"expires_at"`
}

func (r dashLoginRow) login() lapak.DashboardLogin {
	return lapak.DashboardLogin{TokenHash: r.TokenHash, CodeHash: r.CodeHash,
		User: lapak.DashboardUser{Key: r.UserKey, Name: r.Name, Role: lapak.Role(r.Role)}, Expires: utc(r.ExpiresAt)}
}

// DashboardLogin finds the live login link with tokenHash without spending
// it (the confirm page a link previewer may open too); lapak.ErrLoginSpent
// when it was used, has expired or never existed.
func (s *Store) DashboardLogin(ctx context.Context, tokenHash string) (lapak.DashboardLogin, error) {
	var r dashLoginRow
	err := s.db.GetContext(ctx, &r, s.db.Rebind(`SELECT token_hash, code_hash, user_key, name, role, expires_at
		FROM lapak_dashboard_logins WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`), tokenHash, s.now())
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.DashboardLogin{}, lapak.ErrLoginSpent
	}
	if err != nil {
		return lapak.DashboardLogin{}, fmt.Errorf("storage: finding a dashboard login: %w", err)
	}
	return r.login(), nil
}

// SpendDashboardLogin uses the live login whose link token (byCode false)
// or 6-digit code (byCode true) hashes to hash, once: of two browsers
// spending it at once one gets lapak.ErrLoginSpent. It returns who logs in.
func (s *Store) SpendDashboardLogin(ctx context.Context, hash string, byCode bool) (lapak.DashboardUser, error) {
	col := "token_hash"
	if byCode {
		col = "code_hash"
	}
	now := s.now()
	// The newest live login with that code wins; codes are drawn unique among live ones.
	var r dashLoginRow
	err := s.db.GetContext(ctx, &r, s.db.Rebind(`UPDATE lapak_dashboard_logins SET used_at = ?
		WHERE id = (SELECT id FROM lapak_dashboard_logins WHERE `+col+` = ? AND used_at IS NULL AND expires_at > ?
			ORDER BY id DESC LIMIT 1) AND used_at IS NULL
		RETURNING token_hash, code_hash, user_key, name, role, expires_at`), now, hash, now)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.DashboardUser{}, lapak.ErrLoginSpent
	}
	if err != nil {
		return lapak.DashboardUser{}, fmt.Errorf("storage: spending a dashboard login: %w", err)
	}
	return r.login().User, nil
}

// LiveDashboardCode: see lapak.DashboardTx.
func (t *tx) LiveDashboardCode(ctx context.Context, codeHash string) (bool, error) {
	var n int
	err := t.get(ctx, &n, `SELECT COUNT(*) FROM lapak_dashboard_logins
		WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`, codeHash, t.now)
	if err != nil {
		return false, fmt.Errorf("storage: checking a dashboard code: %w", err)
	}
	return n > 0, nil
}

type dashSessionRow struct {
	TokenHash  string    `db:"token_hash"`
	UserKey    string    `db:"user_key"`
	Name       string    `db:"name"`
	Role       string    `db:"role"`
	CSRF       string    `db:"csrf"`
	Flash      string    `db:"flash"`
	CreatedAt  time.Time `db:"created_at"`
	LastSeenAt time.Time `db:"last_seen_at"`
	ExpiresAt  time.Time `db:"expires_at"`
}

// CreateDashboardSession stores a new logged-in browser.
func (s *Store) CreateDashboardSession(ctx context.Context, ses lapak.DashboardSession) error {
	now := s.now()
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`INSERT INTO lapak_dashboard_sessions
		(token_hash, user_key, name, role, csrf, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
		ses.TokenHash, ses.User.Key, clip(ses.User.Name, 200), string(ses.User.Role), ses.CSRF, now, now,
		ses.Expires.UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("storage: creating a dashboard session: %w", err)
	}
	return nil
}

// DashboardSession finds the live session with tokenHash; lapak.ErrNotFound
// when there is none or it has expired.
func (s *Store) DashboardSession(ctx context.Context, tokenHash string) (lapak.DashboardSession, error) {
	var r dashSessionRow
	err := s.db.GetContext(ctx, &r, s.db.Rebind(`SELECT token_hash, user_key, name, role, csrf, flash, created_at, last_seen_at, expires_at
		FROM lapak_dashboard_sessions WHERE token_hash = ? AND expires_at > ?`), tokenHash, s.now())
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.DashboardSession{}, fmt.Errorf("storage: dashboard session: %w", lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.DashboardSession{}, fmt.Errorf("storage: finding a dashboard session: %w", err)
	}
	return r.session(), nil
}

func (r dashSessionRow) session() lapak.DashboardSession {
	return lapak.DashboardSession{TokenHash: r.TokenHash, User: lapak.DashboardUser{Key: r.UserKey, Name: r.Name, Role: lapak.Role(r.Role)},
		CSRF: r.CSRF, Flash: r.Flash, Created: utc(r.CreatedAt), LastSeen: utc(r.LastSeenAt), Expires: utc(r.ExpiresAt)}
}

// DashboardSessions lists the live sessions, the last used first (the
// settings page: who is logged in).
func (s *Store) DashboardSessions(ctx context.Context) ([]lapak.DashboardSession, error) {
	var rows []dashSessionRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT token_hash, user_key, name, role, csrf, flash, created_at, last_seen_at, expires_at
		FROM lapak_dashboard_sessions WHERE expires_at > ? ORDER BY last_seen_at DESC, token_hash LIMIT 200`), s.now()); err != nil {
		return nil, fmt.Errorf("storage: listing dashboard sessions: %w", err)
	}
	out := make([]lapak.DashboardSession, len(rows))
	for i, r := range rows {
		out[i] = r.session()
	}
	return out, nil
}

// TouchDashboardSession records that the session was used and moves its
// expiry to expires (a sliding idle timeout); flash "" clears the message
// the page just showed.
func (s *Store) TouchDashboardSession(ctx context.Context, tokenHash string, expires time.Time, clearFlash bool) error {
	q := `UPDATE lapak_dashboard_sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`
	if clearFlash {
		q = `UPDATE lapak_dashboard_sessions SET last_seen_at = ?, expires_at = ?, flash = '' WHERE token_hash = ?`
	}
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(q), s.now(), expires.UTC().Truncate(time.Microsecond), tokenHash); err != nil {
		return fmt.Errorf("storage: touching a dashboard session: %w", err)
	}
	return nil
}

// SetDashboardFlash keeps msg for the session's next page.
func (s *Store) SetDashboardFlash(ctx context.Context, tokenHash, msg string) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`UPDATE lapak_dashboard_sessions SET flash = ? WHERE token_hash = ?`),
		clip(msg, 2000), tokenHash); err != nil {
		return fmt.Errorf("storage: keeping a dashboard message: %w", err)
	}
	return nil
}

// DeleteDashboardSession logs a browser out.
func (s *Store) DeleteDashboardSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM lapak_dashboard_sessions WHERE token_hash = ?`), tokenHash); err != nil {
		return fmt.Errorf("storage: ending a dashboard session: %w", err)
	}
	return nil
}

// DeleteDashboardSessionsOf logs every browser of userKey out (an admin removed).
func (s *Store) DeleteDashboardSessionsOf(ctx context.Context, userKey string) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM lapak_dashboard_sessions WHERE user_key = ?`), userKey); err != nil {
		return fmt.Errorf("storage: ending the dashboard sessions of %s: %w", userKey, err)
	}
	return nil
}

// DashboardTries counts the failed logins under key since since.
func (s *Store) DashboardTries(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, s.db.Rebind(`SELECT COUNT(*) FROM lapak_dashboard_tries WHERE key = ? AND at >= ?`),
		key, since.UTC().Truncate(time.Microsecond)); err != nil {
		return 0, fmt.Errorf("storage: counting failed dashboard logins: %w", err)
	}
	return n, nil
}

// AddDashboardTry records a failed login under key, and forgets tries
// older than before (they no longer count).
func (s *Store) AddDashboardTry(ctx context.Context, key string, before time.Time) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`INSERT INTO lapak_dashboard_tries (key, at) VALUES (?, ?)`), key, s.now()); err != nil {
		return fmt.Errorf("storage: recording a failed dashboard login: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM lapak_dashboard_tries WHERE at < ?`),
		before.UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("storage: forgetting old failed dashboard logins: %w", err)
	}
	return nil
}

// SetDashboardPassword sets (or replaces) username's password hash and role.
func (s *Store) SetDashboardPassword(ctx context.Context, username string, role lapak.Role, hash string) error {
	now := s.now()
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`INSERT INTO lapak_dashboard_passwords (username, role, hash, updated_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET role = excluded.role, hash = excluded.hash, updated_at = excluded.updated_at`),
		username, string(role), hash, now); err != nil {
		return fmt.Errorf("storage: setting a dashboard password: %w", err)
	}
	return nil
}

// DashboardPassword is username's password hash and role; lapak.ErrNotFound
// when the user has none.
func (s *Store) DashboardPassword(ctx context.Context, username string) (hash string, role lapak.Role, err error) {
	var r struct {
		Hash string `db:"hash"`
		Role string `db:"role"`
	}
	err = s.db.GetContext(ctx, &r, s.db.Rebind(`SELECT hash, role FROM lapak_dashboard_passwords WHERE username = ?`), username)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("storage: dashboard password of %q: %w", username, lapak.ErrNotFound)
	}
	if err != nil {
		return "", "", fmt.Errorf("storage: finding a dashboard password: %w", err)
	}
	return r.Hash, lapak.Role(r.Role), nil
}

package lapak

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Role is what a dashboard user (an admin) may do: an owner everything,
// staff the day's work (orders, chats, catalog, promos) but not the
// shop's settings, its admins or payouts to resellers.
type Role string

// The roles.
const (
	RoleOwner Role = "owner"
	RoleStaff Role = "staff"
)

// ParseRole reads a role as stored or typed ("owner", "staff", "pemilik",
// "staf"); ok is false for anything else.
func ParseRole(s string) (Role, bool) {
	switch s {
	case "owner", "pemilik":
		return RoleOwner, true
	case "staff", "staf":
		return RoleStaff, true
	}
	return "", false
}

// DashboardUser is who is logged in to the dashboard: an admin who asked
// for a login in chat (Key is their identity, "telegram:123") or a
// password login (Key "password:NAME").
type DashboardUser struct {
	Key  string
	Name string
	Role Role
}

// Owner reports whether u may change settings, admins and payouts.
func (u DashboardUser) Owner() bool { return u.Role == RoleOwner }

// DashboardLoginTTL is how long a login link or code from chat stays usable.
const DashboardLoginTTL = 10 * time.Minute

// ErrLoginSpent is a login link or code that was used, has expired or
// never existed: the person is told the same in each case.
var ErrLoginSpent = errors.New("login link spent, expired or unknown")

// DashboardLogin is a one-time login an admin asked for in chat: only the
// hashes of the link's token and of the 6-digit code are stored.
type DashboardLogin struct {
	TokenHash string
	CodeHash  string
	User      DashboardUser
	Expires   time.Time
}

// DashboardTx records a login asked for in chat, in that message's
// transaction (the link is only sent if the turn commits).
type DashboardTx interface {
	CreateDashboardLogin(ctx context.Context, l DashboardLogin) error
	// LiveDashboardCode reports whether a live login has the code whose
	// hash is codeHash (a new code is drawn unique among live ones).
	LiveDashboardCode(ctx context.Context, codeHash string) (bool, error)
}

// DashboardHash is what the store keeps of a login token, a code or a
// session token: never the secret itself.
func DashboardHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// DashboardLoginPath starts a login link's path; the token follows.
const DashboardLoginPath = "/dashboard/login/t/"

// DashboardCodeDigits is how long the typed login code is.
const DashboardCodeDigits = 6

// NewDashboardLogin draws a one-time login for u in tx: the link's token
// (32 random bytes), the typed 6-digit code (unique among live logins)
// and what the store keeps of them, already recorded.
func NewDashboardLogin(ctx context.Context, tx DashboardTx, u DashboardUser, now time.Time) (token, code string, err error) {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	token = base64.RawURLEncoding.EncodeToString(b)
	for range 20 {
		n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
		code = fmt.Sprintf("%06d", n.Int64())
		taken, err := tx.LiveDashboardCode(ctx, DashboardHash(code))
		if err != nil {
			return "", "", err
		}
		if taken {
			continue
		}
		l := DashboardLogin{TokenHash: DashboardHash(token), CodeHash: DashboardHash(code), User: u, Expires: now.Add(DashboardLoginTTL)}
		if err := tx.CreateDashboardLogin(ctx, l); err != nil {
			return "", "", err
		}
		return token, code, nil
	}
	return "", "", errors.New("lapak: no free dashboard login code (too many live logins)")
}

// DashboardLoginLink is the login link for token on a dashboard reached at
// base ("https://toko.example.com").
func DashboardLoginLink(base, token string) string {
	return strings.TrimRight(base, "/") + DashboardLoginPath + token
}

// DashboardSession is one logged-in browser: the cookie holds a random
// token and the store only its hash.
type DashboardSession struct {
	TokenHash string
	User      DashboardUser
	CSRF      string // the token every form of this session carries
	Flash     string // the message the next page shows, once
	Created   time.Time
	LastSeen  time.Time
	Expires   time.Time
}

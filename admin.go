package lapak

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Admins are the accounts that run the shop from chat: the ones the
// configuration names (LAPAK_ADMINS) and the ones stored in the database,
// added in chat with a one-time admin code (/admin CODE). The shop's
// admins are both together (shop.Shop.Admins).

// Admin is an admin stored in the database.
type Admin struct {
	Identity
	Name    string    // the name the platform gave when they became admin
	AddedAt time.Time // when the code was redeemed
	Role    Role      // what the code gave: owner, or staff (`lapak admin-code --staff`)
}

// AdminTx reads and changes the admins stored in the database and redeems
// admin codes, inside a chat turn's (or an operation's) transaction.
type AdminTx interface {
	// Admins lists the admins stored in the database, oldest first.
	Admins(ctx context.Context) ([]Admin, error)
	// RedeemAdminCode makes who an admin when code is a live admin code
	// (not expired, not used), and uses it up. A wrong, expired or used
	// code gives ErrAdminCode and counts as a wrong try of who; after
	// AdminCodeTries wrong tries within AdminCodeWindow every try gives an
	// *AdminThrottleError without looking at the code. Nothing tells a
	// wrong code from an expired or a used one.
	RedeemAdminCode(ctx context.Context, who Admin, code string) error
	// RemoveAdmin removes an admin stored in the database (ErrNotFound
	// when id is not one).
	RemoveAdmin(ctx context.Context, id Identity) error
}

// Admin codes: what the seller types to their own bot to become an admin.
const (
	// AdminCodeTTL is how long a new admin code can be redeemed.
	AdminCodeTTL = 30 * time.Minute
	// AdminCodeDigits is how long a code is: eight digits, so that even
	// many accounts guessing at the throttled rate are unlikely to hit it
	// in its half hour.
	AdminCodeDigits = 8
	// AdminCodeTries wrong tries within AdminCodeWindow throttle an account.
	AdminCodeTries  = 5
	AdminCodeWindow = 15 * time.Minute
)

// ErrAdminCode is a code that does not make anyone an admin: wrong,
// expired or already used (on purpose one error for all three).
var ErrAdminCode = errors.New("admin code refused")

// AdminThrottleError says an account tried too many wrong codes: no code
// is looked at until Until.
type AdminThrottleError struct{ Until time.Time }

func (e *AdminThrottleError) Error() string {
	return "too many wrong admin codes, wait until " + e.Until.UTC().Format(time.RFC3339)
}

// AdminCode is a new one-time admin code: Plain is shown once to the
// seller, Salt and Hash are what the database keeps.
type AdminCode struct {
	Plain string // AdminCodeDigits digits
	Salt  []byte
	Hash  []byte
}

// NewAdminCode draws a code from rand (crypto/rand.Reader in production).
func NewAdminCode(rand io.Reader) (AdminCode, error) {
	buf := make([]byte, AdminCodeDigits+16)
	if _, err := io.ReadFull(rand, buf); err != nil {
		return AdminCode{}, fmt.Errorf("lapak: drawing an admin code: %w", err)
	}
	digits := make([]byte, AdminCodeDigits)
	for i := range digits {
		// 250 is the largest multiple of 10 below 256: redraw above it so
		// every digit is equally likely.
		for buf[i] >= 250 {
			var b [1]byte
			if _, err := io.ReadFull(rand, b[:]); err != nil {
				return AdminCode{}, fmt.Errorf("lapak: drawing an admin code: %w", err)
			}
			buf[i] = b[0]
		}
		digits[i] = '0' + buf[i]%10
	}
	salt := buf[AdminCodeDigits:]
	return AdminCode{Plain: string(digits), Salt: salt, Hash: HashAdminCode(string(digits), salt)}, nil
}

// Grouped writes the code as people read it: "4829-1375".
func (c AdminCode) Grouped() string {
	h := len(c.Plain) / 2
	return c.Plain[:h] + "-" + c.Plain[h:]
}

// HashAdminCode is what the database keeps of a code: never the code.
func HashAdminCode(code string, salt []byte) []byte {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(code))
	return h.Sum(nil)
}

// AdminCodeMatches reports whether code hashes to hash with salt, in
// constant time.
func AdminCodeMatches(code string, salt, hash []byte) bool {
	return subtle.ConstantTimeCompare(HashAdminCode(code, salt), hash) == 1
}

// NormalizeAdminCode keeps the digits of what was typed ("4829-1375",
// "4829 1375"); ok is false when it does not look like a code at all.
func NormalizeAdminCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-' || r == ' ' || r == '.':
		default:
			return "", false
		}
	}
	if b.Len() < 4 || b.Len() > 16 {
		return "", false
	}
	return b.String(), true
}

// AdminRoleTx changes the role of an admin stored in the database (the
// dashboard's settings, by an owner).
type AdminRoleTx interface {
	// SetAdminRole gives admin id role (ErrNotFound when id is not an
	// admin stored in the database).
	SetAdminRole(ctx context.Context, id Identity, role Role) error
}

// AdminCodeTx stores a new one-time admin code in an operation's
// transaction (the dashboard's invitation; `lapak admin-code` does the
// same outside one).
type AdminCodeTx interface {
	// CreateAdminCode stores code's salt and hash for an admin with role,
	// live for AdminCodeTTL; older codes not yet used stop working.
	CreateAdminCode(ctx context.Context, code AdminCode, role Role) error
}

// DashboardSessionTx ends dashboard sessions in an operation's
// transaction: an admin removed or given another role is logged out at once.
type DashboardSessionTx interface {
	// EndDashboardSessions ends every session of userKey ("telegram:42").
	EndDashboardSessions(ctx context.Context, userKey string) (int, error)
	// EndDashboardSession ends the session whose token hashes to
	// tokenHash (ErrNotFound when none is live).
	EndDashboardSession(ctx context.Context, tokenHash string) (DashboardSession, error)
}

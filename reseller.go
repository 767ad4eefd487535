package lapak

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Resellers: people who sell for the shop by sharing a code and links. A
// customer signs up in chat ("daftar reseller"); an admin approves (or the
// shop's LAPAK_RESELLER_SIGNUP=open approves at once); the reseller gets a
// code made from their name and ready-to-share links. A customer who comes
// through a link, writes the prefilled text or types "kode SARI" is
// attributed to that reseller (Attribution), and the orders they place
// store the reseller, the source and the time (Order.Reseller): the
// commission ledger (later) works from those stored facts.

// ResellerStatus is where a reseller is in the program.
type ResellerStatus string

const (
	ResellerApplicant ResellerStatus = "applicant" // signed up, waiting for an admin
	ResellerApproved  ResellerStatus = "approved"  // their code and links attribute
	ResellerRejected  ResellerStatus = "rejected"  // an admin said no to the application
	ResellerSuspended ResellerStatus = "suspended" // links and code stop attributing
)

// resellerMoves is what an admin may do to a reseller in each status.
var resellerMoves = map[ResellerStatus][]ResellerStatus{
	ResellerApplicant: {ResellerApproved, ResellerRejected},
	ResellerApproved:  {ResellerSuspended},
	ResellerSuspended: {ResellerApproved},
	ResellerRejected:  {ResellerApproved},
}

// CanMove reports whether a reseller in status s may be moved to to.
func (s ResellerStatus) CanMove(to ResellerStatus) bool {
	for _, m := range resellerMoves[s] {
		if m == to {
			return true
		}
	}
	return false
}

// Bounds on a reseller's details and code.
const (
	MinResellerCode = 3
	MaxResellerCode = 12
	MaxResellerName = 60
	MaxResellerCity = 60
	MaxBankName     = 30
	MinBankNumber   = 5
	MaxBankNumber   = 20
	// MaxStartPayload is Telegram's limit on a /start deep-link payload.
	MaxStartPayload = 64
)

// Reseller is one person in the reseller program.
type Reseller struct {
	ID         int64
	CustomerID int64    // the chat account that signed up
	Identity   Identity // where their messages go (read with the customer)
	Language   Language // theirs, for the messages they get
	Name       string
	Phone      string // digits, country code first (6281234567890)
	City       string
	Bank       ResellerBank
	Status     ResellerStatus
	// Code is upper-case A–Z and 0–9; unique. CodeChanged says an admin
	// already changed it once (it can be changed only once).
	Code        string
	CodeChanged bool
	AgreedAt    time.Time // when they agreed to the shop's terms
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// DecidedAt and DecidedBy are the last approval, rejection or
	// suspension and who made it ("" and zero for none).
	DecidedAt *time.Time
	DecidedBy string
}

// ResellerBank is where the reseller's commission is paid.
type ResellerBank struct {
	Name   string // "BCA"
	Number string // digits only
	Holder string
}

// Attributing reports whether customers coming with the reseller's code
// are attributed to them.
func (r Reseller) Attributing() bool { return r.Status == ResellerApproved }

// ResellerListing is a reseller as /reseller lists them.
type ResellerListing struct {
	Reseller
	// Orders counts the orders attributed to them that were neither
	// cancelled nor expired.
	Orders int
}

// AttributionSource is how a customer came to a reseller.
type AttributionSource string

const (
	SourceLink          AttributionSource = "link"           // a t.me deep link (/start ref_CODE)
	SourcePrefilledText AttributionSource = "prefilled_text" // the wa.me link's text "(kode SARI)"
	SourceTyped         AttributionSource = "typed"          // "kode SARI" typed
	SourceCheckout      AttributionSource = "checkout"       // the code typed during checkout
)

// Explicit reports whether the customer typed the code themselves: such a
// code overrides an attribution still holding.
func (s AttributionSource) Explicit() bool { return s == SourceTyped || s == SourceCheckout }

// Attribution is the reseller a customer is attributed to now.
type Attribution struct {
	CustomerID int64
	ResellerID int64
	Code       string // the reseller's code, read with it
	Source     AttributionSource
	At         time.Time
	// LastOrderAt is the customer's last order placed through this
	// reseller (nil for none yet): the attribution holds from then.
	LastOrderAt *time.Time
}

// DefaultReferralDays is LAPAK_REFERRAL_DAYS's default.
const DefaultReferralDays = 30

// Holds reports whether the attribution still holds at now: for window
// after the customer's last order through the reseller, or after the
// attribution itself when there was no order yet.
func (a Attribution) Holds(now time.Time, window time.Duration) bool {
	from := a.At
	if a.LastOrderAt != nil && a.LastOrderAt.After(from) {
		from = *a.LastOrderAt
	}
	return now.Before(from.Add(window))
}

// Replaces decides whether a new touch of source with a reseller replaces
// the attribution cur (ok false: the customer has none) at now: a code
// typed explicitly always does, a link or prefilled text only when cur no
// longer holds (first touch wins).
func (cur Attribution) Replaces(ok bool, source AttributionSource, now time.Time, window time.Duration) bool {
	return !ok || source.Explicit() || !cur.Holds(now, window)
}

// OrderReseller is the reseller an order is attributed to, with how and
// when the customer came (zero ID for none).
type OrderReseller struct {
	ID     int64
	Code   string
	Source AttributionSource
	At     *time.Time
}

// ResellerTx keeps the resellers and the customers' attributions.
type ResellerTx interface {
	// AddReseller stores a new reseller and assigns its ID and Code: the
	// first of ResellerCodeCandidates(ResellerCodeBase(r.Name)) that no
	// reseller and no voucher has. A customer who already has a reseller
	// row gets an *ExistsError and nothing is written.
	AddReseller(ctx context.Context, r *Reseller) error
	// Reseller, ResellerByCode (case-insensitive) and ResellerOfCustomer
	// find one reseller (ErrNotFound when there is none).
	Reseller(ctx context.Context, id int64) (Reseller, error)
	ResellerByCode(ctx context.Context, code string) (Reseller, error)
	ResellerOfCustomer(ctx context.Context, customerID int64) (Reseller, error)
	// Resellers lists every reseller, applicants first, then by name.
	Resellers(ctx context.Context) ([]ResellerListing, error)
	// SetResellerStatus moves a reseller under its row lock, checked by
	// ResellerStatus.CanMove (a *ResellerMoveError otherwise), and
	// returns it as it is after.
	SetResellerStatus(ctx context.Context, id int64, to ResellerStatus, by string, at time.Time) (Reseller, error)
	// ChangeResellerCode gives a reseller a new code, once: ErrCodeChanged
	// when it was changed before, an *ExistsError when a reseller or a
	// voucher has the code.
	ChangeResellerCode(ctx context.Context, id int64, code string, at time.Time) (Reseller, error)
	// Attribution is the customer's attribution (ErrNotFound for none).
	Attribution(ctx context.Context, customerID int64) (Attribution, error)
	// SetAttribution makes a the customer's attribution (replacing any).
	SetAttribution(ctx context.Context, a Attribution) error
}

// ErrCodeChanged: a reseller's code can be changed only once.
var ErrCodeChanged = errors.New("reseller code already changed once")

// ResellerMoveError is a status change the program does not allow.
type ResellerMoveError struct{ From, To ResellerStatus }

func (e *ResellerMoveError) Error() string {
	return fmt.Sprintf("reseller cannot go from %s to %s", e.From, e.To)
}

// CodeProblem says why a typed code is not one.
type CodeProblem string

const (
	CodeOK        CodeProblem = ""
	CodeSpace     CodeProblem = "space"     // "SARI KUE"
	CodeSymbol    CodeProblem = "symbol"    // an emoji, punctuation, a letter outside A–Z
	CodeTooShort  CodeProblem = "too_short" // fewer than MinResellerCode
	CodeTooLong   CodeProblem = "too_long"  // more than MaxResellerCode
	CodeNoLetters CodeProblem = "no_letter" // digits only: reads as a number
)

// CheckResellerCode upper-cases a typed code and says what is wrong with
// it, if anything.
func CheckResellerCode(s string) (string, CodeProblem) {
	s = strings.TrimSpace(s)
	c := strings.ToUpper(s)
	if strings.IndexFunc(c, unicode.IsSpace) >= 0 {
		return c, CodeSpace
	}
	letter := false
	for _, r := range c {
		switch {
		case r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9':
		default:
			return c, CodeSymbol
		}
	}
	switch n := utf8.RuneCountInString(c); {
	case n < MinResellerCode:
		return c, CodeTooShort
	case n > MaxResellerCode:
		return c, CodeTooLong
	case !letter:
		return c, CodeNoLetters
	}
	return c, CodeOK
}

// ResellerCodeBase makes a readable code from a name: its first word's
// letters A–Z (accents dropped), upper-cased, "SARI" for "Sari Dewi";
// padded from the next words or with "RSL" when short.
func ResellerCodeBase(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			r = unicode.ToUpper(foldAccent(r))
			if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' && b.Len() > 0 {
				b.WriteRune(r)
			}
		}
		if b.Len() >= MinResellerCode+1 {
			break
		}
	}
	s := b.String()
	if len(s) < MinResellerCode {
		s += "RSL"
	}
	if len(s) > MaxResellerCode-2 {
		s = s[:MaxResellerCode-2] // room for a number on a clash
	}
	return s
}

// foldAccent maps the accented Latin letters people write in names to
// their plain letter.
func foldAccent(r rune) rune {
	switch {
	case strings.ContainsRune("àáâãäåÀÁÂÃÄÅ", r):
		return 'a'
	case strings.ContainsRune("èéêëÈÉÊË", r):
		return 'e'
	case strings.ContainsRune("ìíîïÌÍÎÏ", r):
		return 'i'
	case strings.ContainsRune("òóôõöÒÓÔÕÖ", r):
		return 'o'
	case strings.ContainsRune("ùúûüÙÚÛÜ", r):
		return 'u'
	case r == 'ñ' || r == 'Ñ':
		return 'n'
	case r == 'ç' || r == 'Ç':
		return 'c'
	}
	return r
}

// ResellerCodeCandidate is the n-th code tried for base (n from 1):
// SARI, SARI2, SARI3, …
func ResellerCodeCandidate(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + strconv.Itoa(n)
}

// MaxCodeCandidates bounds the clashes AddReseller tries past.
const MaxCodeCandidates = 99

// NormalizeBankNumber keeps a bank account number as digits; spaces, dots
// and dashes between digit groups are allowed, letters are not.
func NormalizeBankNumber(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.':
		default:
			return "", false
		}
	}
	n := b.Len()
	return b.String(), n >= MinBankNumber && n <= MaxBankNumber
}

// Start payloads of Telegram deep links (t.me/BOT?start=PAYLOAD): ref_CODE,
// p_SKU and ref_CODE-p_SKU.

// RefPayload is the start payload for a reseller's code, and one product
// of theirs when sku is not "": ok is false when it would be longer than
// Telegram allows or has characters Telegram does not (A-Z a-z 0-9 _ -).
func RefPayload(code, sku string) (string, bool) {
	p := "ref_" + code
	if sku != "" {
		p += "-p_" + sku
	}
	if len(p) > MaxStartPayload {
		return "", false
	}
	for _, r := range p {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return "", false
		}
	}
	return p, true
}

// ParseStartPayload reads a start payload: the reseller's code (ref_) and
// the product SKU (p_), either or both.
func ParseStartPayload(p string) (code, sku string) {
	if len(p) > MaxStartPayload {
		return "", ""
	}
	if rest, ok := strings.CutPrefix(p, "ref_"); ok {
		code, sku, _ = strings.Cut(rest, "-p_")
		return code, sku
	}
	if rest, ok := strings.CutPrefix(p, "p_"); ok {
		return "", rest
	}
	return "", ""
}

// TelegramLink is the deep link t.me/BOT?start=PAYLOAD ("" without a bot
// username).
func TelegramLink(bot, payload string) string {
	if bot == "" || payload == "" {
		return ""
	}
	return "https://t.me/" + bot + "?start=" + payload
}

// WhatsAppLink is the wa.me link that opens a chat with number with text
// written in ("" without a number).
func WhatsAppLink(number, text string) string {
	if number == "" {
		return ""
	}
	return "https://wa.me/" + number + "?text=" + url.QueryEscape(text)
}

// ResellerSignup is LAPAK_RESELLER_SIGNUP: how people join the program.
type ResellerSignup string

const (
	SignupApproval ResellerSignup = "approval" // an admin approves each application (the default)
	SignupOpen     ResellerSignup = "open"     // approved at once
	SignupOff      ResellerSignup = "off"      // no new applications
)

// ResellerProgram is the reseller program's settings (config builds it).
type ResellerProgram struct {
	Signup ResellerSignup
	// Terms is the text an applicant agrees to; "" uses the catalog's
	// default terms.
	Terms string
	// ReferralDays is how long an attribution holds (LAPAK_REFERRAL_DAYS).
	ReferralDays int
}

// Window is how long an attribution holds.
func (p ResellerProgram) Window() time.Duration {
	d := p.ReferralDays
	if d <= 0 {
		d = DefaultReferralDays
	}
	return time.Duration(d) * 24 * time.Hour
}

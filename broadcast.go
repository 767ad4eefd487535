package lapak

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Promo broadcasts: a seller's message to a segment of the customers, one
// frozen row per recipient, delivered through the outbox's bulk lane.

// ConsentRecord is one opt-out or opt-in of marketing messages: when, on
// which channel and the customer's message that did it.
type ConsentRecord struct {
	CustomerID  int64
	OptedOut    bool // true: opted out; false: opted back in
	Channel     Channel
	MessageID   string
	MessageText string
	At          time.Time
}

// CondKind is one kind of segment condition.
type CondKind string

const (
	CondOrdered      CondKind = "order"         // ordered in the last Days days
	CondProduct      CondKind = "product"       // ordered the product of SKU Value (ever, or in the last Days days)
	CondCategory     CondKind = "category"      // ordered from category Value (ever, or in the last Days days)
	CondLapsed       CondKind = "lapsed"        // ordered before, but not in the last Days days
	CondNeverOrdered CondKind = "never-ordered" // chatted, never ordered
	CondSpent        CondKind = "spent"         // non-cancelled orders total at least Amount
	CondChannel      CondKind = "channel"       // on channel Value
	CondZone         CondKind = "zone"          // the last address's delivery zone is Value
	CondCity         CondKind = "city"          // the last address names Value
	// Reseller conditions ("resellers", "customers of reseller X") come
	// with the reseller program.
)

// Cond is one condition of a segment. Orders that were cancelled or
// expired do not count for any of them.
type Cond struct {
	Kind   CondKind
	Days   int // 0: ever (product, category)
	Value  string
	Amount Money
}

// Segment is a set of conditions combined with AND, always on top of
// "did not opt out" (and, for sending, "not unreachable"). No conditions
// is everyone who did not opt out. Name is set for a saved segment.
type Segment struct {
	Name  string
	Conds []Cond
}

// MaxSegmentDays bounds the days of a condition (ten years).
const MaxSegmentDays = 3650

// String writes the segment in the syntax ParseSegment reads; "all" for
// no conditions.
func (s Segment) String() string {
	if len(s.Conds) == 0 {
		return "all"
	}
	parts := make([]string, len(s.Conds))
	for i, c := range s.Conds {
		parts[i] = c.String()
	}
	return strings.Join(parts, " ")
}

func (c Cond) String() string {
	days := ""
	if c.Days > 0 {
		days = ":" + strconv.Itoa(c.Days) + "d"
	}
	switch c.Kind {
	case CondNeverOrdered:
		return string(c.Kind)
	case CondOrdered, CondLapsed:
		return string(c.Kind) + days
	case CondSpent:
		return string(c.Kind) + ":" + strconv.FormatInt(int64(c.Amount), 10)
	}
	return string(c.Kind) + ":" + quoteValue(c.Value) + days
}

func quoteValue(v string) string {
	if strings.ContainsAny(v, " :\"") {
		return `"` + v + `"`
	}
	return v
}

// SegmentError is a segment text that could not be read: which word and why.
type SegmentError struct {
	Word   int // 1-based
	Text   string
	Reason string
}

func (e *SegmentError) Error() string {
	if e.Word == 0 {
		return "segment: " + e.Reason
	}
	return fmt.Sprintf("segment: word %d %q: %s", e.Word, e.Text, e.Reason)
}

var daysRe = regexp.MustCompile(`^([0-9]{1,5})\s*(d|hari)?$`)

// ParseSegment reads conditions joined with spaces (AND):
//
//	all                      everyone who did not opt out
//	order:30d                ordered in the last 30 days
//	product:NST-KJ[:90d]     ordered that product (any of its variants), ever or in the last 90 days
//	category:"Kue Kering"[:90d]
//	lapsed:60d               ordered before, not in the last 60 days
//	never-ordered            chatted but never ordered
//	spent:500rb              non-cancelled orders total at least Rp500.000
//	channel:telegram         on that channel
//	zone:"Dalam kota"        the last address's delivery zone
//	city:Depok               the last address names that city
//
// Values with spaces are quoted. An error is a *SegmentError naming the word.
func ParseSegment(s string) (Segment, error) {
	words, err := segmentWords(s)
	if err != nil {
		return Segment{}, err
	}
	if len(words) == 0 {
		return Segment{}, &SegmentError{Reason: `empty: write conditions such as order:30d, or "all" for everyone who did not opt out`}
	}
	var seg Segment
	seen := map[string]bool{}
	for i, w := range words {
		bad := func(reason string) error { return &SegmentError{Word: i + 1, Text: w.raw, Reason: reason} }
		key := strings.ToLower(w.parts[0])
		args := w.parts[1:]
		days := func(a string) (int, error) {
			m := daysRe.FindStringSubmatch(strings.ToLower(strings.TrimSpace(a)))
			if m == nil {
				return 0, bad(fmt.Sprintf("%q is not a number of days: write it like %s:30d", a, key))
			}
			n, _ := strconv.Atoi(m[1])
			if n < 1 || n > MaxSegmentDays {
				return 0, bad(fmt.Sprintf("days must be 1 to %d", MaxSegmentDays))
			}
			return n, nil
		}
		var c Cond
		switch key {
		case "all", "semua":
			if len(args) > 0 {
				return Segment{}, bad("all takes nothing after it")
			}
			if len(words) > 1 {
				return Segment{}, bad("all cannot be combined with other conditions (leave it out)")
			}
			return Segment{}, nil
		case "order", "ordered":
			if len(args) != 1 {
				return Segment{}, bad("write order:30d (ordered in the last 30 days)")
			}
			n, err := days(args[0])
			if err != nil {
				return Segment{}, err
			}
			c = Cond{Kind: CondOrdered, Days: n}
		case "lapsed":
			if len(args) != 1 {
				return Segment{}, bad("write lapsed:60d (no order in the last 60 days)")
			}
			n, err := days(args[0])
			if err != nil {
				return Segment{}, err
			}
			c = Cond{Kind: CondLapsed, Days: n}
		case "never-ordered", "never_ordered", "neverordered":
			if len(args) > 0 {
				return Segment{}, bad("never-ordered takes nothing after it")
			}
			c = Cond{Kind: CondNeverOrdered}
		case "product", "sku", "category", "kategori":
			kind := CondProduct
			if key == "category" || key == "kategori" {
				kind = CondCategory
			}
			if len(args) < 1 || len(args) > 2 || strings.TrimSpace(args[0]) == "" {
				return Segment{}, bad(fmt.Sprintf("write %s:NAME or %s:NAME:90d", kind, kind))
			}
			c = Cond{Kind: kind, Value: strings.TrimSpace(args[0])}
			if len(args) == 2 {
				n, err := days(args[1])
				if err != nil {
					return Segment{}, err
				}
				c.Days = n
			}
		case "spent":
			if len(args) != 1 {
				return Segment{}, bad("write spent:500rb (orders totalling at least Rp500.000)")
			}
			m, err := ParsePrice(args[0])
			if err != nil || m <= 0 {
				return Segment{}, bad(fmt.Sprintf("%q is not an amount: write it like spent:500rb or spent:250000", args[0]))
			}
			c = Cond{Kind: CondSpent, Amount: m}
		case "channel", "kanal":
			if len(args) != 1 {
				return Segment{}, bad("write channel:telegram or channel:whatsapp")
			}
			ch := Channel(strings.ToLower(strings.TrimSpace(args[0])))
			switch ch {
			case ChannelTelegram, ChannelWhatsApp, ChannelConsole:
			case "wa":
				ch = ChannelWhatsApp
			case "tg":
				ch = ChannelTelegram
			default:
				return Segment{}, bad(fmt.Sprintf("unknown channel %q: telegram, whatsapp or console", args[0]))
			}
			c = Cond{Kind: CondChannel, Value: string(ch)}
		case "zone", "zona", "city", "kota":
			kind := CondZone
			if key == "city" || key == "kota" {
				kind = CondCity
			}
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return Segment{}, bad(fmt.Sprintf(`write %s:NAME (quote a name with spaces: %s:"Dalam kota")`, kind, kind))
			}
			c = Cond{Kind: kind, Value: strings.TrimSpace(args[0])}
		default:
			return Segment{}, bad("unknown condition: use order, product, category, lapsed, never-ordered, spent, channel, zone, city or all")
		}
		if utf8.RuneCountInString(c.Value) > 100 {
			return Segment{}, bad("the name is too long (at most 100 characters)")
		}
		k := c.String()
		if seen[k] {
			return Segment{}, bad("the same condition twice")
		}
		seen[k] = true
		seg.Conds = append(seg.Conds, c)
	}
	return seg, nil
}

type segmentWord struct {
	raw   string
	parts []string // split at ':' outside quotes, quotes removed
}

// segmentWords splits at spaces and colons outside double quotes.
func segmentWords(s string) ([]segmentWord, error) {
	var words []segmentWord
	var raw, part strings.Builder
	var parts []string
	inQuote, started := false, false
	flush := func() {
		if !started {
			return
		}
		parts = append(parts, part.String())
		words = append(words, segmentWord{raw: raw.String(), parts: parts})
		raw.Reset()
		part.Reset()
		parts, started = nil, false
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '“' || r == '”':
			inQuote = !inQuote
			started = true
			raw.WriteRune(r)
		case inQuote:
			part.WriteRune(r)
			raw.WriteRune(r)
		case unicode.IsSpace(r):
			flush()
		case r == ':':
			parts = append(parts, part.String())
			part.Reset()
			raw.WriteRune(r)
			started = true
		default:
			part.WriteRune(r)
			raw.WriteRune(r)
			started = true
		}
	}
	if inQuote {
		return nil, &SegmentError{Word: len(words) + 1, Text: raw.String(), Reason: "a quote is not closed"}
	}
	flush()
	return words, nil
}

// BroadcastStatus is where a broadcast is.
type BroadcastStatus string

const (
	BroadcastActive    BroadcastStatus = "active" // sends from SendAt
	BroadcastPaused    BroadcastStatus = "paused"
	BroadcastCancelled BroadcastStatus = "cancelled"
	BroadcastDone      BroadcastStatus = "done"
)

// RecipientStatus is where one recipient's promo is; it only moves forward.
type RecipientStatus string

const (
	RecipientPlanned RecipientStatus = "planned"
	RecipientSending RecipientStatus = "sending" // handed to the outbox's bulk lane
	RecipientSent    RecipientStatus = "sent"
	RecipientFailed  RecipientStatus = "failed"
	RecipientSkipped RecipientStatus = "skipped"
	// RecipientUnknown: the sender stopped during the platform call; the
	// promo may or may not have arrived and is never sent again.
	RecipientUnknown RecipientStatus = "unknown"
)

// SkipReason says why a recipient was skipped.
type SkipReason string

const (
	SkipOptedOut  SkipReason = "opted_out" // opted out after planning
	SkipBlocked   SkipReason = "blocked"   // found unreachable after planning
	SkipDeadline  SkipReason = "deadline"  // past the broadcast's "don't send after"
	SkipCancelled SkipReason = "cancelled"
)

// Broadcast is one promo to a segment.
type Broadcast struct {
	ID        int64
	Status    BroadcastStatus
	Text      string // as the seller wrote it, with its placeholders
	Image     string // a media reference (stored:ID, a URL), or ""
	Voucher   string
	Segment   string // the conditions as planned (Segment.String)
	SendAt    time.Time
	Until     *time.Time // "don't send after"; nil: no deadline
	CreatedBy string
	CreatedAt time.Time
	// HeldBack and Blocked are the customers of the segment left out at
	// planning: by the frequency cap, and because they blocked the shop.
	HeldBack, Blocked int
	FinishedAt        *time.Time
}

// Audience is a segment counted for a broadcast at a time.
type Audience struct {
	// Recipients would get it; HeldBack already got the weekly maximum of
	// promos; Blocked are unreachable (they blocked the shop).
	Recipients, HeldBack, Blocked int
	ByChannel                     map[Channel]int
	// Sample is one of the recipients, with a name when any has one (zero
	// when there are none).
	Sample Customer
}

// BroadcastReport is what became of a broadcast.
type BroadcastReport struct {
	Broadcast
	Planned, Waiting, Sending, Sent, Failed, Unknown int
	Skipped                                          map[SkipReason]int
	// Replies are recipients who wrote within AttributionWindow after
	// their promo; Orders and Revenue their non-cancelled orders placed in
	// that window.
	Replies, Orders int
	Revenue         Money
	// VoucherUses are those orders that used the broadcast's voucher.
	VoucherUses int
}

// SkippedTotal sums the skipped recipients.
func (r BroadcastReport) SkippedTotal() int {
	n := 0
	for _, v := range r.Skipped {
		n += v
	}
	return n
}

// AttributionWindow is how long after a promo a reply or an order counts for it.
const AttributionWindow = 3 * 24 * time.Hour

// BroadcastStore keeps broadcasts and their recipients (storage.Store).
// Each method is a transaction of its own; planning writes every recipient
// in one.
type BroadcastStore interface {
	// Audience counts seg at time at: recipients, and those held back by
	// the frequency cap (maxPerWeek promos in 7 days around at; 0: no cap)
	// or blocked.
	Audience(ctx context.Context, seg Segment, at time.Time, maxPerWeek int) (Audience, error)
	// PlanBroadcast stores b (assigning ID, Status, CreatedAt) and one row
	// per recipient of seg at b.SendAt, each with render(customer) frozen,
	// and returns the audience it planned for; ErrNoRecipients (and
	// nothing stored) when the segment has no recipient.
	PlanBroadcast(ctx context.Context, b *Broadcast, seg Segment, maxPerWeek int, render func(Customer) Outbound) (Audience, error)
	Broadcast(ctx context.Context, id int64) (Broadcast, error)
	// SetBroadcastStatus moves a broadcast from one of from to to
	// (*BroadcastStateError when it is elsewhere); cancelling skips its
	// planned recipients and takes back those still waiting in the outbox.
	SetBroadcastStatus(ctx context.Context, id int64, from []BroadcastStatus, to BroadcastStatus) (Broadcast, error)
	BroadcastReport(ctx context.Context, id int64) (BroadcastReport, error)
	// Broadcasts lists the newest broadcasts, newest first.
	Broadcasts(ctx context.Context, limit int) ([]Broadcast, error)
	// SaveSegment stores seg under its Name (replacing one of that name);
	// Segments lists them by name; SegmentByName finds one (ErrNotFound).
	SaveSegment(ctx context.Context, seg Segment) error
	Segments(ctx context.Context) ([]Segment, error)
	SegmentByName(ctx context.Context, name string) (Segment, error)
}

// BroadcastTx is the promo operations of BroadcastStore inside a
// transaction that is already open (a chat turn's: the desk's /promo), at
// that transaction's time.
type BroadcastTx interface {
	BroadcastStore
}

// DueBroadcast is an active broadcast whose time has come, and where its
// recipients are, per channel.
type DueBroadcast struct {
	Broadcast
	Waiting  map[Channel]int // planned, not yet handed to the outbox
	InFlight map[Channel]int // in the outbox, not yet settled
}

// ErrNoRecipients: a broadcast's segment matches no one who can get it.
var ErrNoRecipients = errors.New("lapak: the segment matches no recipient")

// BroadcastStateError is an operation the broadcast's status does not allow.
type BroadcastStateError struct {
	ID     int64
	Status BroadcastStatus
}

func (e *BroadcastStateError) Error() string {
	return fmt.Sprintf("broadcast %d is %s", e.ID, e.Status)
}

// Package promo holds the operations of promo broadcasts: previewing and
// planning a promo to a segment, pausing, resuming and cancelling it, its
// report, and the background pass that hands due recipients to the
// outbox's bulk lane. The CLI (`lapak broadcast`), the chat desk's /promo
// and later the dashboard call the same functions.
//
// Planning freezes one row per recipient (the rendered text, the voucher,
// the channel identity). Sending moves each row to the outbox in the same
// transaction that marks it 'sending', so it is queued once; the outbox
// delivers bulk rows at most once (a row found mid-delivery after a crash
// becomes 'unknown'), and the recipient ends as its outbox row does.
package promo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// MaxText bounds a promo's text as the seller writes it (in characters):
// with the name, the voucher and the stop line it stays within one
// Telegram message (4,096).
const MaxText = 3500

// DefaultRate is the bulk pace assumed for a channel Options.Rates does
// not name, in messages per second.
const DefaultRate = 25

// Window is how far ahead a pass fills the outbox: at most a channel's
// pace times Window recipients of a broadcast wait there at once, so a
// pause, a cancel, an opt-out or the start of the quiet hours holds back
// everything else.
const Window = 20 * time.Second

// Store is what the operations need of the database (storage.Store).
type Store interface {
	lapak.BroadcastStore
	DueBroadcasts(ctx context.Context) ([]lapak.DueBroadcast, error)
	SettleRecipients(ctx context.Context, limit int) (int, error)
	QueueRecipients(ctx context.Context, id int64, ch lapak.Channel, limit int) (queued, skipped int, err error)
	SkipLate(ctx context.Context, id int64) (int, error)
	FinishBroadcasts(ctx context.Context, notice func(ctx context.Context, tx lapak.AdminTx, r lapak.BroadcastReport) ([]lapak.Envelope, error)) (int, error)
	KeepBroadcastPhoto(ctx context.Context, id int64, from string, data []byte) (string, error)
}

// Options configures the promo operations.
type Options struct {
	Shop  lapak.Shop
	Store Store
	// MaxPerWeek is the frequency cap (LAPAK_PROMO_MAX_PER_WEEK): a
	// customer with that many promos within 7 days is held back; 0 is no cap.
	MaxPerWeek int
	// Rates is each channel's bulk pace in messages per second, for the
	// estimate and for how much a pass queues (DefaultRate otherwise).
	Rates map[lapak.Channel]float64
	// Admins are who get a finished broadcast's report (shop.Shop.Admins).
	Admins func(ctx context.Context, tx lapak.AdminTx) ([]lapak.Identity, error)
	// Queued is called after a pass queued messages (wakes the sender).
	Queued func()
	// Fetch gets the bytes of a photo the admin sent in chat ("media:"
	// reference: bot.Media.Load), so a pass keeps a copy before the
	// broadcast's first message (KeepBroadcastPhoto). Nil: the reference
	// is sent as it is, and only its own channel may be able to send it.
	Fetch  func(ctx context.Context, ref string) ([]byte, error)
	Logger *slog.Logger
	Now    func() time.Time
}

// Promo runs the promo operations.
type Promo struct {
	opt Options
	// unkept are the broadcasts whose photo could not be fetched: tried
	// once per process, not every pass.
	mu     sync.Mutex
	unkept map[int64]bool
}

// New makes the promo operations.
func New(opt Options) *Promo {
	opt.MaxPerWeek = max(opt.MaxPerWeek, 0)
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Shop.Location == nil {
		opt.Shop.Location = time.UTC
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	return &Promo{opt: opt}
}

// Draft is a promo being composed.
type Draft struct {
	// Text may hold {nama} (the customer's first name, "kak" when unknown)
	// and {toko} (the shop's name); any other {placeholder} is refused.
	Text string
	// Image is a media reference (stored:ID as product photos use, a photo
	// sent in chat as media:CHANNEL:REF, or an http(s) URL); "" for none.
	Image string
	// Voucher is a code shown in the promo and frozen on each recipient.
	Voucher string
	Segment lapak.Segment
	// SendAt is when it goes (zero: now); Until, if set, is the "don't
	// send after" time: what is not sent by then is skipped.
	SendAt time.Time
	Until  *time.Time
	By     string // who planned it (an admin's identity, "cli")
}

// DraftError is a draft the shop refuses, as a sentence in the catalogs
// (Error is the English one: the CLI's).
type DraftError struct {
	Key  text.Key
	Args []any
}

func (e *DraftError) Error() string { return "promo: " + text.Get(lapak.English, e.Key, e.Args...) }

// Text is the refusal in lang, for a chat.
func (e *DraftError) Text(lang lapak.Language) string { return text.Get(lang, e.Key, e.Args...) }

func refuse(k text.Key, args ...any) error { return &DraftError{Key: k, Args: args} }

// Preview is what a draft would do, counted now.
type Preview struct {
	lapak.Audience
	SendAt time.Time
	// Rendered is the promo as one real recipient (Audience.Sample) would
	// get it.
	Rendered lapak.Outbound
	// Estimate is how long the sending takes at the channels' bulk pace
	// (the channels go in parallel); Ends is when it would end, the quiet
	// hours it runs into included.
	Estimate time.Duration
	Ends     time.Time
}

var (
	placeholder = regexp.MustCompile(`\{[^{}\n]{0,40}\}`)
	voucherRe   = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_-]{2,31}$`)
)

// check refuses what cannot be a promo and fills in the send time.
func (p *Promo) check(d *Draft) error {
	body, err := CheckText(d.Text)
	if err != nil {
		return err
	}
	d.Text = body
	d.Voucher = strings.ToUpper(strings.TrimSpace(d.Voucher))
	if d.Voucher != "" && !voucherRe.MatchString(d.Voucher) {
		return refuse(text.PromoVoucherBad, d.Voucher)
	}
	if d.Image != "" {
		_, stored := lapak.ParseStoredRef(d.Image)
		_, _, sent := lapak.ParseMediaRef(d.Image) // a photo sent in chat (/promo)
		if !stored && !sent && !strings.HasPrefix(d.Image, "https://") && !strings.HasPrefix(d.Image, "http://") {
			return refuse(text.PromoPhotoBad, d.Image)
		}
	}
	now := p.opt.Now()
	if d.SendAt.IsZero() {
		d.SendAt = now
	}
	if d.SendAt.Before(now.Add(-time.Minute)) {
		return refuse(text.PromoPastTime, p.when(d.SendAt))
	}
	if d.SendAt.Before(now) {
		d.SendAt = now
	}
	if d.Until != nil && !d.Until.After(d.SendAt) {
		return refuse(text.PromoUntilBeforeStart, p.when(*d.Until), p.when(d.SendAt))
	}
	return nil
}

// CheckText refuses a promo text that is empty, too long or has a
// placeholder other than {nama} and {toko} (a *DraftError); it returns the
// text trimmed.
func CheckText(s string) (string, error) {
	body := strings.TrimSpace(s)
	if body == "" {
		return "", refuse(text.PromoEmpty)
	}
	if n := utf8.RuneCountInString(body); n > MaxText {
		return "", refuse(text.PromoTooLong, n, MaxText)
	}
	for _, ph := range placeholder.FindAllString(body, -1) {
		switch strings.ToLower(ph) {
		case "{nama}", "{toko}":
		default:
			return "", refuse(text.PromoUnknownPlaceholder, ph)
		}
	}
	return body, nil
}

func (p *Promo) when(t time.Time) string {
	return t.In(p.opt.Shop.Location).Format("2006-01-02 15:04")
}

// Render is the promo text as customer c gets it: the placeholders filled
// in, the voucher line and the stop line in c's language.
func (p *Promo) Render(d Draft, c lapak.Customer) lapak.Outbound {
	lang := c.Language
	if lang == "" {
		lang = p.opt.Shop.Language
	}
	name := firstName(c.Name)
	if name == "" {
		name = firstName(c.ChatName)
	}
	if name == "" {
		name = text.Get(lang, text.PromoNameFallback)
	}
	body := placeholder.ReplaceAllStringFunc(d.Text, func(ph string) string {
		switch strings.ToLower(ph) {
		case "{nama}":
			return name
		case "{toko}":
			return p.opt.Shop.Name
		}
		return ph // check refused any other
	})
	if d.Voucher != "" {
		body += "\n\n" + text.Get(lang, text.PromoVoucher, d.Voucher)
	}
	body += "\n\n" + text.Get(lang, text.PromoStop)
	out := lapak.Outbound{Text: body, Image: d.Image}
	if d.Voucher != "" {
		// One tap puts the code on the customer's cart.
		out.Choices = []lapak.Choice{{ID: lapak.VoucherChoiceID(d.Voucher), Label: text.Get(lang, text.BtnUseVoucher, d.Voucher)}}
	}
	return out
}

func firstName(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	n := f[0]
	if utf8.RuneCountInString(n) > lapak.MaxNameText {
		n = string([]rune(n)[:lapak.MaxNameText])
	}
	return n
}

// Preview counts who a draft would reach now, and how long it would take;
// nothing changes.
func (p *Promo) Preview(ctx context.Context, d Draft) (Preview, error) {
	if err := p.check(&d); err != nil {
		return Preview{}, err
	}
	a, err := p.opt.Store.Audience(ctx, d.Segment, d.SendAt, p.opt.MaxPerWeek)
	if err != nil {
		return Preview{}, err
	}
	return p.preview(d, a), nil
}

func (p *Promo) preview(d Draft, a lapak.Audience) Preview {
	pv := Preview{Audience: a, SendAt: d.SendAt, Rendered: p.Render(d, a.Sample)}
	for ch, n := range a.ByChannel {
		if e := time.Duration(float64(n) / p.rate(ch) * float64(time.Second)); e > pv.Estimate {
			pv.Estimate = e
		}
	}
	pv.Ends = p.ends(d.SendAt, pv.Estimate)
	return pv
}

func (p *Promo) rate(ch lapak.Channel) float64 {
	if r := p.opt.Rates[ch]; r > 0 {
		return r
	}
	return DefaultRate
}

// ends is when sending for d from start ends, not sending in quiet hours.
func (p *Promo) ends(start time.Time, d time.Duration) time.Time {
	q, loc := p.opt.Shop.Quiet, p.opt.Shop.Location
	t := q.Next(start, loc)
	for range 400 { // a day's span each: more than a year of sending
		qs := p.quietStart(t)
		if !t.Add(d).After(qs) {
			return t.Add(d)
		}
		d -= qs.Sub(t)
		t = q.Next(qs, loc)
	}
	return t.Add(d)
}

// quietStart is when the quiet hours next begin after t (which is outside
// them); far away when there are none.
func (p *Promo) quietStart(t time.Time) time.Time {
	q, loc := p.opt.Shop.Quiet, p.opt.Shop.Location
	if q.Off() {
		return t.Add(100 * 365 * 24 * time.Hour)
	}
	l := t.In(loc)
	s := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc).Add(q.From)
	for !s.After(t) {
		l = l.AddDate(0, 0, 1)
		s = time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc).Add(q.From)
	}
	return s
}

// Plan stores the broadcast with one frozen row per recipient. A segment
// matching no one is refused (nothing is stored).
func (p *Promo) Plan(ctx context.Context, d Draft) (lapak.Broadcast, Preview, error) {
	if err := p.check(&d); err != nil {
		return lapak.Broadcast{}, Preview{}, err
	}
	b := lapak.Broadcast{Text: d.Text, Image: d.Image, Voucher: d.Voucher, SendAt: d.SendAt, Until: d.Until, CreatedBy: d.By}
	planned, err := p.opt.Store.PlanBroadcast(ctx, &b, d.Segment, p.opt.MaxPerWeek, func(c lapak.Customer) lapak.Outbound { return p.Render(d, c) })
	if errors.Is(err, lapak.ErrNoRecipients) {
		return lapak.Broadcast{}, p.preview(d, planned), refuse(text.PromoNoRecipients)
	}
	if err != nil {
		return lapak.Broadcast{}, Preview{}, err
	}
	return b, p.preview(d, planned), nil
}

// Pause stops an active broadcast from queueing more (what is already in
// the outbox, at most Window's worth, still goes).
func (p *Promo) Pause(ctx context.Context, id int64) (lapak.Broadcast, error) {
	return p.opt.Store.SetBroadcastStatus(ctx, id, []lapak.BroadcastStatus{lapak.BroadcastActive}, lapak.BroadcastPaused)
}

// Resume lets a paused broadcast go on (quiet hours and its "don't send
// after" still apply).
func (p *Promo) Resume(ctx context.Context, id int64) (lapak.Broadcast, error) {
	return p.opt.Store.SetBroadcastStatus(ctx, id, []lapak.BroadcastStatus{lapak.BroadcastPaused}, lapak.BroadcastActive)
}

// Cancel ends a broadcast: its planned recipients, and those still
// waiting in the outbox, are skipped.
func (p *Promo) Cancel(ctx context.Context, id int64) (lapak.Broadcast, error) {
	return p.opt.Store.SetBroadcastStatus(ctx, id, []lapak.BroadcastStatus{lapak.BroadcastActive, lapak.BroadcastPaused}, lapak.BroadcastCancelled)
}

// Report is what became of a broadcast so far.
func (p *Promo) Report(ctx context.Context, id int64) (lapak.BroadcastReport, error) {
	return p.opt.Store.BroadcastReport(ctx, id)
}

// List is the newest broadcasts, newest first.
func (p *Promo) List(ctx context.Context, limit int) ([]lapak.Broadcast, error) {
	return p.opt.Store.Broadcasts(ctx, limit)
}

// SaveSegment keeps a segment under a name; a saved segment is counted
// again each time a broadcast is planned to it.
func (p *Promo) SaveSegment(ctx context.Context, name string, seg lapak.Segment) error {
	seg.Name = strings.TrimSpace(name)
	if seg.Name == "" || utf8.RuneCountInString(seg.Name) > 60 {
		return errors.New("promo: a segment's name is 1 to 60 characters")
	}
	return p.opt.Store.SaveSegment(ctx, seg)
}

// Segment reads a segment: a saved one by name, else conditions
// (lapak.ParseSegment).
func (p *Promo) Segment(ctx context.Context, s string) (lapak.Segment, error) {
	if saved, err := p.opt.Store.SegmentByName(ctx, s); err == nil {
		return saved, nil
	} else if !errors.Is(err, lapak.ErrNotFound) {
		return lapak.Segment{}, err
	}
	return lapak.ParseSegment(s)
}

// ReportText is the admins' short report of a broadcast.
func (p *Promo) ReportText(lang lapak.Language, r lapak.BroadcastReport) string {
	s := text.Get(lang, text.PromoReport, r.ID, r.Sent, r.Failed, r.SkippedTotal(), r.Unknown, r.Replies, r.Orders,
		p.opt.Shop.Price.Format(r.Revenue))
	if r.Voucher != "" {
		s += "\n" + text.Get(lang, text.PromoReportVoucher, r.Voucher, r.VoucherUses)
	}
	return s
}

// maxQueue bounds what one pass queues per broadcast and channel.
const maxQueue = 2000

// Send is one pass of the broadcast job: recipients whose outbox row
// ended take its outcome; each due broadcast outside the quiet hours
// queues what its channels can send within Window (a broadcast past its
// "don't send after" skips the rest); finished broadcasts are reported to
// the admins. It returns how many recipients moved.
func (p *Promo) Send(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := p.opt.Store.SettleRecipients(ctx, 1000)
		total += n
		if err != nil {
			return total, err
		}
		if n < 1000 {
			break
		}
	}
	due, err := p.opt.Store.DueBroadcasts(ctx)
	if err != nil {
		return total, err
	}
	now := p.opt.Now()
	queued := 0
	for _, b := range due {
		if b.Until != nil && !now.Before(*b.Until) {
			n, err := p.opt.Store.SkipLate(ctx, b.ID)
			total += n
			if err != nil {
				return total, err
			}
			continue
		}
		if p.opt.Shop.Quiet.Quiet(now, p.opt.Shop.Location) {
			continue // resumes when they end
		}
		p.keepPhoto(ctx, b.Broadcast)
		window := min(Window, p.quietStart(now).Sub(now))
		if b.Until != nil {
			window = min(window, b.Until.Sub(now))
		}
		for ch, waiting := range b.Waiting {
			n := int(math.Floor(p.rate(ch)*window.Seconds())) - b.InFlight[ch]
			n = min(n, waiting, maxQueue)
			if n <= 0 {
				continue
			}
			q, s, err := p.opt.Store.QueueRecipients(ctx, b.ID, ch, n)
			total += q + s
			queued += q
			if err != nil {
				return total, err
			}
		}
	}
	if queued > 0 && p.opt.Queued != nil {
		p.opt.Queued()
	}
	n, err := p.opt.Store.FinishBroadcasts(ctx, p.notice)
	if n > 0 && p.opt.Queued != nil {
		p.opt.Queued()
	}
	return total + n, err
}

// keepPhoto copies a broadcast's photo sent in chat into the store before
// its recipients are queued. A photo that cannot be fetched (its channel
// runs elsewhere, or refused it) is left as it is: the promo still goes,
// with the picture wherever it can be sent.
func (p *Promo) keepPhoto(ctx context.Context, b lapak.Broadcast) {
	if p.opt.Fetch == nil {
		return
	}
	if _, _, ok := lapak.ParseMediaRef(b.Image); !ok {
		return
	}
	p.mu.Lock()
	tried := p.unkept[b.ID]
	p.mu.Unlock()
	if tried {
		return
	}
	data, err := p.opt.Fetch(ctx, b.Image)
	if err == nil {
		_, err = p.opt.Store.KeepBroadcastPhoto(ctx, b.ID, b.Image, data)
	}
	if err != nil && ctx.Err() == nil {
		p.opt.Logger.Warn("promo: the photo stays with the channel it was sent on", "broadcast", b.ID, "err", err)
		p.mu.Lock()
		if p.unkept == nil {
			p.unkept = map[int64]bool{}
		}
		p.unkept[b.ID] = true
		p.mu.Unlock()
	}
}

func (p *Promo) notice(ctx context.Context, tx lapak.AdminTx, r lapak.BroadcastReport) ([]lapak.Envelope, error) {
	if p.opt.Admins == nil {
		return nil, nil
	}
	admins, err := p.opt.Admins(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("promo: reporting broadcast %d: %w", r.ID, err)
	}
	msg := lapak.Outbound{Text: p.ReportText(p.opt.Shop.Language, r)}
	out := make([]lapak.Envelope, 0, len(admins))
	for _, a := range admins {
		out = append(out, lapak.Envelope{To: a, Class: lapak.PaceNotify, Msg: msg})
	}
	return out, nil
}

// In is the same operations reading and writing through tx instead of
// their own transactions: a chat turn's (lapak.BroadcastTx), so the desk's
// /promo plans, pauses, resumes and cancels inside the message's
// transaction (on SQLite, a second write transaction would wait behind
// the turn's), at the turn's time now. Send, the background pass, stays on the store.
func (p *Promo) In(tx lapak.BroadcastStore, now time.Time) *Promo {
	opt := p.opt
	opt.Now = func() time.Time { return now }
	opt.Store = inTx{BroadcastStore: tx, jobs: p.opt.Store}
	return &Promo{opt: opt}
}

type inTx struct {
	lapak.BroadcastStore
	jobs Store
}

func (s inTx) DueBroadcasts(ctx context.Context) ([]lapak.DueBroadcast, error) {
	return s.jobs.DueBroadcasts(ctx)
}

func (s inTx) SettleRecipients(ctx context.Context, limit int) (int, error) {
	return s.jobs.SettleRecipients(ctx, limit)
}

func (s inTx) QueueRecipients(ctx context.Context, id int64, ch lapak.Channel, limit int) (int, int, error) {
	return s.jobs.QueueRecipients(ctx, id, ch, limit)
}

func (s inTx) KeepBroadcastPhoto(ctx context.Context, id int64, from string, data []byte) (string, error) {
	return s.jobs.KeepBroadcastPhoto(ctx, id, from, data)
}

func (s inTx) SkipLate(ctx context.Context, id int64) (int, error) { return s.jobs.SkipLate(ctx, id) }

func (s inTx) FinishBroadcasts(ctx context.Context, notice func(ctx context.Context, tx lapak.AdminTx, r lapak.BroadcastReport) ([]lapak.Envelope, error)) (int, error) {
	return s.jobs.FinishBroadcasts(ctx, notice)
}

// MaxPerWeek is the frequency cap the operations count with (0: none).
func (p *Promo) MaxPerWeek() int { return p.opt.MaxPerWeek }

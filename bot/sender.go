package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lapak-id/lapak"
)

// Channel delivers outbound messages on one platform.
type Channel interface {
	Name() lapak.Channel
	// Deliver sends d.Msg to d.To.ChatID. A message the channel sends in
	// several parts skips the d.PartsSent parts earlier attempts sent, and
	// calls d.PartSent after each part but the last.
	Deliver(ctx context.Context, d *Delivery) error
}

// Delivery is one outbox message being delivered: the row as claimed, and
// a way to record how far a multi-part message got, on the row itself, so
// a retry or a restarted process sends only the parts still missing.
type Delivery struct {
	lapak.OutboxMessage
	record func(ctx context.Context, parts int) error
	log    *slog.Logger
}

// NewDelivery is a delivery outside the outbox (tests, a one-off send):
// its progress lives only in the value, so delivering it again resumes.
func NewDelivery(chatID string, msg lapak.Outbound) *Delivery {
	return &Delivery{OutboxMessage: lapak.OutboxMessage{Envelope: lapak.Envelope{To: lapak.Identity{ChatID: chatID}, Msg: msg}}}
}

// ChatID is the recipient's chat on the channel.
func (d *Delivery) ChatID() string { return d.To.ChatID }

// Key names this message stably across retries and restarts, and uniquely
// in the database: a channel that sends with its own message ids derives
// them from it, so a part sent again is deduplicated by the platform.
func (d *Delivery) Key() string {
	if d.ID == 0 {
		return fmt.Sprintf("mem/%p", d)
	}
	return fmt.Sprintf("outbox/%d/%d", d.ID, d.CreatedAt.UnixNano())
}

// PartSent records that one more part went out. A failure to record is
// logged, not returned: the rest of the message still goes, and the worst
// case, a crash before the next record, repeats one part.
func (d *Delivery) PartSent(ctx context.Context) {
	d.PartsSent++
	if d.record == nil {
		return
	}
	if err := d.record(ctx, d.PartsSent); err != nil && d.log != nil {
		d.log.Error("bot: recording a part delivered", "outbox", d.ID, "parts", d.PartsSent, "err", err)
	}
}

// RetryAfterError asks the sender to wait exactly After before retrying
// (Telegram's 429 with retry_after).
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("retry after %s", e.After)
	}
	return fmt.Sprintf("%v (retry after %s)", e.Err, e.After)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// OutboxStore is the storage side the sender needs (storage.Store implements it).
type OutboxStore interface {
	ClaimOutbox(ctx context.Context, channels []lapak.Channel, limit int, lease time.Duration) ([]lapak.OutboxMessage, error)
	// RenewClaims extends the lease of rows still being delivered.
	RenewClaims(ctx context.Context, ids []int64, lease time.Duration) error
	MarkSent(ctx context.Context, id int64, class lapak.Pacing) error
	// MarkSending durably records that a bulk row's platform call starts.
	MarkSending(ctx context.Context, id int64) error
	// RecordParts records how many parts of a message went out.
	RecordParts(ctx context.Context, id int64, class lapak.Pacing, parts int) error
	MarkRetry(ctx context.Context, id int64, next time.Time, reason string) error
	// Postpone puts a claimed message back until next without counting an
	// attempt (its pacing budget had no slot free).
	Postpone(ctx context.Context, id int64, next time.Time) error
	MarkFailed(ctx context.Context, id int64, reason string) error
	MarkUnreachable(ctx context.Context, to lapak.Identity, reason string) error
}

// DailyBudget is implemented by a channel that caps how many promos
// (lapak.PaceBulk) it sends a day: WhatsApp, whose new numbers are banned
// for a burst of messages to people who did not just write. It returns the
// cap for the day now falls in (0: no cap) and when that day began and
// ends, in the shop's time zone.
type DailyBudget interface {
	BulkPerDay(now time.Time) (limit int, dayStart, dayEnd time.Time)
}

// BulkCounter is implemented by a store that can count the promos a
// channel sent since a moment: the daily budget's count survives a
// restart.
type BulkCounter interface {
	BulkSentSince(ctx context.Context, ch lapak.Channel, since time.Time) (int, error)
}

// Pace limits delivery on one channel; zero fields mean unlimited.
type Pace struct {
	PerSecond  float64       // messages per second over the whole channel
	PerChatGap time.Duration // minimum gap between two messages to one chat
	// Jitter adds a random extra of up to this much after each message, so
	// a rate limit does not read as a machine's metronome.
	Jitter time.Duration
}

// SenderOptions configures a Sender.
type SenderOptions struct {
	Store    OutboxStore
	Channels []Channel
	Pacing   map[lapak.Channel]Pace
	// ClassPacing adds a budget for messages the recipient did not just ask
	// for (classes other than lapak.PaceReply), on top of Pacing. Classes of
	// one channel given the same Pace share one budget. A message whose
	// budget has no slot free right now is not waited for: it goes back to
	// the outbox until its slot, so other chats' replies never queue behind it.
	ClassPacing map[lapak.Channel]map[lapak.Pacing]Pace
	MaxAttempts int                             // default 8
	Backoff     func(attempt int) time.Duration // default exponential 1s..5m with jitter
	// Lease is how long a claim holds without renewal; the sender renews
	// its claims every Lease/3 while it delivers, so a short lease only
	// matters when a sender dies: its rows come back within Lease.
	Lease time.Duration // default 6s
	// DeliverTimeout bounds one platform call (default 30s).
	DeliverTimeout time.Duration
	Batch          int // default 100
	Parallel       int // chats delivered at once per channel; default 32
	Workers        int // drain loops per channel in Run; default 1
	Logger         *slog.Logger
	Now            func() time.Time
	// BulkStopped is told when a channel stopped sending promos because
	// the platform warned of a ban (ErrStopBulk): the promos are paused
	// and the admins told there.
	BulkStopped func(ch lapak.Channel, err error)
}

// ErrStopBulk is wrapped by a channel's delivery error when the platform
// answered a promo with a ban warning (WhatsApp's 463 to a promo): the
// lane sends no more promos until the process restarts, and
// SenderOptions.BulkStopped is told. Replies and notices go on.
var ErrStopBulk = errors.New("the platform warned of a ban: promos stopped")

// Sender delivers the outbox. Each channel is drained on its own, so a slow
// channel does not hold up the others.
type Sender struct {
	opt   SenderOptions
	lanes []*lane
}

// lane is one channel's delivery state.
type lane struct {
	ch    Channel
	pace  *pacer
	class map[lapak.Pacing]*pacer // budgets of the non-reply classes
	wake  chan struct{}
	sem   chan struct{}
	daily dailyCount // promos sent today, when the channel has a DailyBudget
	// bulkStopped: a promo got a ban warning (ErrStopBulk); no more promos.
	bulkStopped atomic.Bool
}

// dailyCount is a lane's promos sent in the current day of its budget.
type dailyCount struct {
	mu    sync.Mutex
	day   time.Time // the day's start; zero until loaded from the store
	sent  int
	noted bool // the cap was logged today
}

// NewSender returns a Sender for the given channels.
func NewSender(opt SenderOptions) *Sender {
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 8
	}
	if opt.Backoff == nil {
		opt.Backoff = DefaultBackoff
	}
	if opt.Lease <= 0 {
		opt.Lease = 6 * time.Second
	}
	if opt.DeliverTimeout <= 0 {
		opt.DeliverTimeout = 30 * time.Second
	}
	if opt.Batch <= 0 {
		opt.Batch = 100
	}
	if opt.Parallel <= 0 {
		opt.Parallel = 32
	}
	if opt.Workers <= 0 {
		opt.Workers = 1
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &Sender{opt: opt}
	for _, ch := range opt.Channels {
		l := &lane{
			ch: ch,
			// The lane's pacer sleeps, so it measures real time; class
			// budgets put rows back in the outbox, on the outbox's clock.
			pace: newPacer(opt.Pacing[ch.Name()], time.Now),
			wake: make(chan struct{}, opt.Workers),
			sem:  make(chan struct{}, opt.Parallel),
		}
		shared := map[Pace]*pacer{}
		for class, p := range opt.ClassPacing[ch.Name()] {
			if class == lapak.PaceReply || p == (Pace{}) {
				continue
			}
			if shared[p] == nil {
				shared[p] = newPacer(p, opt.Now)
			}
			if l.class == nil {
				l.class = map[lapak.Pacing]*pacer{}
			}
			l.class[class] = shared[p]
		}
		s.lanes = append(s.lanes, l)
	}
	return s
}

// DefaultBackoff waits 1s, 2s, 4s, … up to 5m, each with ±20% jitter so
// many failed messages do not retry in lockstep.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Second
	for i := 1; i < attempt && d < 5*time.Minute; i++ {
		d *= 2
	}
	d = min(d, 5*time.Minute)
	jitter := time.Duration(rand.Int64N(int64(d)/5*2+1)) - d/5
	return d + jitter
}

// Notify wakes the Run loop now; it never blocks.
func (s *Sender) Notify() {
	for _, l := range s.lanes {
		l.notify()
	}
}

// notify wakes one of the lane's drain loops; it never blocks.
func (l *lane) notify() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Drain delivers everything due now on every channel and returns the
// number delivered once nothing is due.
func (s *Sender) Drain(ctx context.Context) (int, error) {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
		errs  []error
	)
	for _, l := range s.lanes {
		wg.Go(func() {
			n, err := s.drainLane(ctx, l)
			mu.Lock()
			defer mu.Unlock()
			total += n
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	return total, errors.Join(errs...)
}

// Run drains, then waits for Notify or a 1s tick, until ctx is done. Each
// channel has several drain loops, so claiming, delivering and marking
// overlap; the store hands them disjoint rows (one per chat), and they share
// the channel's pacing.
func (s *Sender) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, l := range s.lanes {
		for range s.opt.Workers {
			wg.Go(func() {
				tick := time.NewTicker(time.Second)
				defer tick.Stop()
				for {
					if _, err := s.drainLane(ctx, l); err != nil && ctx.Err() == nil {
						s.opt.Logger.Error("bot: outbox drain failed", "channel", string(l.ch.Name()), "err", err)
					}
					select {
					case <-ctx.Done():
						return
					case <-l.wake:
					case <-tick.C:
					}
				}
			})
		}
	}
	wg.Wait()
	return nil
}

func (s *Sender) drainLane(ctx context.Context, l *lane) (int, error) {
	total := 0
	for ctx.Err() == nil {
		msgs, err := s.opt.Store.ClaimOutbox(ctx, []lapak.Channel{l.ch.Name()}, s.opt.Batch, s.opt.Lease)
		if err != nil {
			return total, fmt.Errorf("bot: claiming %s outbox: %w", l.ch.Name(), err)
		}
		if len(msgs) == 0 {
			return total, nil
		}
		total += s.deliverBatch(ctx, l, msgs)
	}
	return total, ctx.Err()
}

// deliverBatch sends a claimed batch (at most one message per chat and
// lane, so the chats' order is kept by the store) in parallel, bounded.
// Each message is marked sent right after its own delivery, and the claims
// of those not yet settled are renewed meanwhile. It returns the number
// delivered.
func (s *Sender) deliverBatch(ctx context.Context, l *lane, msgs []lapak.OutboxMessage) int {
	held := newClaims(msgs)
	stopRenew := s.renew(ctx, l, held)
	defer stopRenew()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		sent int
	)
	for _, m := range msgs {
		l.sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-l.sem }()
			defer held.drop(m.ID)
			if s.deliver(ctx, l, m) {
				mu.Lock()
				sent++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return sent
}

// claims is the set of a batch's rows not yet settled.
type claims struct {
	mu  sync.Mutex
	ids map[int64]bool
}

func newClaims(msgs []lapak.OutboxMessage) *claims {
	c := &claims{ids: make(map[int64]bool, len(msgs))}
	for _, m := range msgs {
		c.ids[m.ID] = true
	}
	return c
}

func (c *claims) drop(id int64) {
	c.mu.Lock()
	delete(c.ids, id)
	c.mu.Unlock()
}

func (c *claims) list() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]int64, 0, len(c.ids))
	for id := range c.ids {
		ids = append(ids, id)
	}
	return ids
}

// renew keeps the batch's unsettled claims leased every Lease/3 until the
// returned stop is called.
func (s *Sender) renew(ctx context.Context, l *lane, held *claims) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(s.opt.Lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			ids := held.list()
			if len(ids) == 0 {
				continue
			}
			// Renewed during shutdown too: deliveries under way finish.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opt.Lease/3)
			err := s.opt.Store.RenewClaims(rctx, ids, s.opt.Lease)
			cancel()
			if err != nil {
				s.opt.Logger.Error("bot: renewing outbox claims", "channel", string(l.ch.Name()), "count", len(ids), "err", err)
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// deliver sends one message after its pacing slot, marks it sent and
// reports whether it went out; a failure is recorded for retry.
func (s *Sender) deliver(ctx context.Context, l *lane, m lapak.OutboxMessage) (sent bool) {
	if m.Class == lapak.PaceBulk && l.bulkStopped.Load() {
		// Held, not failed: they go when someone restarts Lapak after
		// looking into the warning (the broadcast is paused meanwhile).
		mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := s.opt.Store.Postpone(mctx, m.ID, s.opt.Now().Add(time.Hour)); err != nil {
			s.opt.Logger.Error("bot: holding a promo back", "outbox", m.ID, "err", err)
		}
		return false
	}
	if m.Class == lapak.PaceBulk {
		reserved, ok := s.reserveDaily(ctx, l, m)
		if !ok {
			return false
		}
		if reserved {
			// The reservation is the send's: given back unless it went out.
			defer func() {
				if !sent {
					l.daily.mu.Lock()
					l.daily.sent--
					l.daily.mu.Unlock()
				}
			}()
		}
	}
	if cp := l.class[m.Class]; cp != nil {
		if at, ok := cp.take(m.To.ChatID, s.opt.Now()); !ok {
			s.opt.Logger.Debug("bot: message paced, back at its slot", "channel", string(m.To.Channel),
				"outbox", m.ID, "class", string(m.Class), "slot", at)
			mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if err := s.opt.Store.Postpone(mctx, m.ID, at); err != nil {
				// The lease still brings it back, only later.
				s.opt.Logger.Error("bot: postponing a paced message", "outbox", m.ID, "err", err)
				return false
			}
			// Claimed again at its slot, not at the next tick: the slots
			// of a backlog are an interval apart.
			time.AfterFunc(at.Sub(s.opt.Now()), l.notify)
			return false
		}
	}
	if err := l.pace.wait(ctx, m.To.ChatID); err != nil {
		return false // shutting down: the lease returns the message
	}
	// Records are written even during shutdown: a delivered message not
	// marked would be sent again after the restart.
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if m.Class == lapak.PaceBulk {
		if err := s.opt.Store.MarkSending(mctx, m.ID); err != nil {
			s.opt.Logger.Error("bot: marking a bulk message sending", "outbox", m.ID, "err", err)
			return false // not tried: the lease returns it
		}
	}
	d := &Delivery{OutboxMessage: m, log: s.opt.Logger, record: func(ctx context.Context, parts int) error {
		return s.opt.Store.RecordParts(ctx, m.ID, m.Class, parts)
	}}
	// A send already started finishes during shutdown too: cut off, it may
	// have reached the person yet be sent again after the restart.
	dctx, dcancel := context.WithTimeout(context.WithoutCancel(ctx), s.opt.DeliverTimeout)
	err := l.ch.Deliver(dctx, d)
	dcancel()
	if err != nil {
		if m.Class == lapak.PaceBulk && errors.Is(err, ErrStopBulk) && l.bulkStopped.CompareAndSwap(false, true) {
			s.opt.Logger.Error("bot: promos stopped on this channel: the platform warned of a ban",
				"channel", string(l.ch.Name()), "reason", reason(err))
			if s.opt.BulkStopped != nil {
				s.opt.BulkStopped(l.ch.Name(), err)
			}
		}
		s.settle(ctx, m, err)
		return false
	}
	if err := s.opt.Store.MarkSent(mctx, m.ID, m.Class); err != nil {
		s.opt.Logger.Error("bot: recording a delivered message", "channel", string(l.ch.Name()), "outbox", m.ID, "err", err)
	}
	return true
}

// reserveDaily takes one of today's promos on a channel with a
// DailyBudget (reserved) and reports whether the promo may go (ok); one
// over the cap goes back to the outbox until the next day begins. The
// day's count is read from the store when the day starts, so a restart
// does not reset it.
func (s *Sender) reserveDaily(ctx context.Context, l *lane, m lapak.OutboxMessage) (reserved, ok bool) {
	b, has := l.ch.(DailyBudget)
	if !has {
		return false, true
	}
	now := s.opt.Now()
	limit, start, end := b.BulkPerDay(now)
	if limit <= 0 {
		return false, true
	}
	d := &l.daily
	d.mu.Lock()
	if !d.day.Equal(start) {
		n := 0
		if c, ok := s.opt.Store.(BulkCounter); ok {
			var err error
			if n, err = c.BulkSentSince(ctx, l.ch.Name(), start); err != nil {
				d.mu.Unlock()
				s.opt.Logger.Error("bot: counting today's promos", "channel", string(l.ch.Name()), "err", err)
				return false, false // not tried: the lease returns it
			}
		}
		d.day, d.sent, d.noted = start, n, false
	}
	within := d.sent < limit
	if within {
		d.sent++
	}
	note := !within && !d.noted
	if note {
		d.noted = true
	}
	sent := d.sent
	d.mu.Unlock()
	if within {
		return true, true
	}
	if note {
		s.opt.Logger.Info("bot: today's promo budget is used up, the rest waits for tomorrow",
			"channel", string(l.ch.Name()), "sent", sent, "limit", limit, "until", end)
	}
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := s.opt.Store.Postpone(mctx, m.ID, end); err != nil {
		s.opt.Logger.Error("bot: postponing a promo to tomorrow", "outbox", m.ID, "err", err)
	}
	return false, false
}

// settle records a failed delivery.
func (s *Sender) settle(ctx context.Context, m lapak.OutboxMessage, err error) {
	// The outcome is recorded even during shutdown.
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	log := s.opt.Logger.With("channel", string(m.To.Channel), "chat", m.To.ChatID, "outbox", m.ID)

	var ra *RetryAfterError
	var merr error
	switch {
	case errors.As(err, &ra):
		log.Info("bot: channel asked to wait", "after", ra.After)
		merr = s.opt.Store.MarkRetry(mctx, m.ID, s.opt.Now().Add(ra.After), reason(err))
	case errors.Is(err, lapak.ErrUnreachable):
		log.Info("bot: recipient unreachable", "reason", reason(err))
		merr = s.opt.Store.MarkUnreachable(mctx, m.To, reason(err))
		// the store also fails the chat's other pending rows
	case m.Attempts+1 >= s.opt.MaxAttempts:
		log.Warn("bot: giving up on message", "attempts", m.Attempts+1, "reason", reason(err))
		merr = s.opt.Store.MarkFailed(mctx, m.ID, reason(err))
	default:
		delay := s.opt.Backoff(m.Attempts + 1)
		log.Debug("bot: delivery failed, will retry", "attempt", m.Attempts+1, "in", delay, "reason", reason(err))
		merr = s.opt.Store.MarkRetry(mctx, m.ID, s.opt.Now().Add(delay), reason(err))
	}
	if merr != nil {
		log.Error("bot: recording delivery outcome", "err", merr)
	}
}

// reason is err as stored and logged: URLs (which may carry a bot token)
// are dropped and the text is bounded.
func reason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	s := err.Error()
	if len(s) > 500 {
		s = cutBytes(s, 500)
	}
	return s
}

// pacer spaces deliveries on one channel: a global interval from PerSecond
// and a gap per chat. A slot is reserved under the lock and waited for
// outside it; a chat waiting for its gap holds no global slot, so it does not
// delay other chats. Reserved slots alone can bunch up when a goroutine
// wakes late for its slot and the next one is on time, so the sends that
// actually start are also counted in a sliding window of a bit over one
// second: never more than PerSecond of them in it.
type pacer struct {
	interval time.Duration
	gap      time.Duration
	jitter   time.Duration
	limit    int           // sends per span; 0 = no window (rates under 1/s)
	span     time.Duration // the window, a second and a margin
	now      func() time.Time

	mu       sync.Mutex
	next     time.Time
	chatNext map[string]time.Time
	reserved map[string]time.Time // slots take reserved for chats it put back
	starts   []time.Time          // start times of the last sends, oldest first, at most limit
}

func newPacer(p Pace, now func() time.Time) *pacer {
	// The window is a little longer than a second, so that requests which
	// travel unevenly still arrive at most PerSecond in any second.
	pc := &pacer{gap: p.PerChatGap, jitter: p.Jitter, span: time.Second + 20*time.Millisecond, now: now, chatNext: make(map[string]time.Time), reserved: make(map[string]time.Time)}
	if p.PerSecond > 0 {
		pc.interval = time.Duration(float64(time.Second) / p.PerSecond)
		pc.limit = int(p.PerSecond)
	}
	return pc
}

// admit returns when starting a send keeps the sliding window within limit,
// and records the start.
func (p *pacer) admit(ctx context.Context) error {
	if p.limit <= 0 {
		return nil
	}
	for {
		p.mu.Lock()
		now := p.now()
		if len(p.starts) < p.limit || now.Sub(p.starts[0]) >= p.span {
			if len(p.starts) == p.limit {
				p.starts = p.starts[1:]
			}
			p.starts = append(p.starts, now)
			p.mu.Unlock()
			return nil
		}
		free := p.starts[0].Add(p.span)
		p.mu.Unlock()
		if err := sleepUntil(ctx, p.now, free); err != nil {
			return err
		}
	}
}

// wait returns when a message to chat may be sent.
func (p *pacer) wait(ctx context.Context, chat string) error {
	if p.interval <= 0 && p.gap <= 0 && p.jitter <= 0 {
		return nil
	}
	if err := sleepUntil(ctx, p.now, p.chatSlot(chat, p.now())); err != nil {
		return err
	}
	if err := sleepUntil(ctx, p.now, p.slot(chat, p.now())); err != nil {
		return err
	}
	return p.admit(ctx)
}

// chatSlot is when chat's gap since its last message is over.
func (p *pacer) chatSlot(chat string, now time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := p.chatNext[chat]; t.After(now) {
		return t
	}
	return now
}

// slot books the channel's next free slot at or after now for chat.
func (p *pacer) slot(chat string, now time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	at := now
	if p.next.After(at) {
		at = p.next
	}
	p.book(chat, at, now)
	return at
}

// take books a slot for chat if one is free at now (both the budget and
// the chat's gap) or the slot reserved for chat has come. Otherwise it
// reserves chat the next free slot and reports it: the message goes back
// to the outbox until then and finds the slot its own when it returns.
// Without the reservation every message put back came back for the same
// next slot: one got it, the rest were claimed and put back again, a write
// each for every message sent (a broadcast's 500 queued promos went out at
// 2 or 3 a second instead of 25). A reservation whose message does not
// come back (cancelled, or taken by another process) holds its slot idle:
// at most the outbox's backlog of the class, as before.
func (p *pacer) take(chat string, now time.Time) (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r, ok := p.reserved[chat]; ok {
		if r.After(now) {
			return r, false
		}
		delete(p.reserved, chat)
		return now, true
	}
	at := now
	if p.next.After(at) {
		at = p.next
	}
	if t := p.chatNext[chat]; t.After(at) {
		at = t
	}
	p.book(chat, at, now)
	if !at.After(now) {
		return now, true
	}
	p.reserved[chat] = at
	if len(p.reserved) > 4096 {
		for c, t := range p.reserved {
			if t.Before(now.Add(-time.Minute)) {
				delete(p.reserved, c)
			}
		}
	}
	return at, false
}

// book records a message to chat at at; p.mu is held.
func (p *pacer) book(chat string, at, now time.Time) {
	var jitter time.Duration
	if p.jitter > 0 {
		jitter = time.Duration(rand.Int64N(int64(p.jitter) + 1))
	}
	if p.interval > 0 || jitter > 0 {
		p.next = at.Add(p.interval + jitter)
	}
	if p.gap > 0 {
		p.chatNext[chat] = at.Add(p.gap + jitter)
		if len(p.chatNext) > 4096 {
			for c, t := range p.chatNext {
				if t.Before(now) {
					delete(p.chatNext, c)
				}
			}
		}
	}
}

func sleepUntil(ctx context.Context, now func() time.Time, at time.Time) error {
	d := at.Sub(now())
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

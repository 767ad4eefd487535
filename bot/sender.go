package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"sync"
	"time"

	"github.com/lapak-id/lapak"
)

// Channel delivers outbound messages on one platform.
type Channel interface {
	Name() lapak.Channel
	Deliver(ctx context.Context, chatID string, msg lapak.Outbound) error
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
	MarkSent(ctx context.Context, ids ...int64) error
	MarkRetry(ctx context.Context, id int64, next time.Time, reason string) error
	// Postpone puts a claimed message back until next without counting an
	// attempt (its pacing budget had no slot free).
	Postpone(ctx context.Context, id int64, next time.Time) error
	MarkFailed(ctx context.Context, id int64, reason string) error
	MarkUnreachable(ctx context.Context, to lapak.Identity, reason string) error
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
	Lease       time.Duration                   // default 1m
	Batch       int                             // default 100
	Parallel    int                             // chats delivered at once per channel; default 32
	Workers     int                             // drain loops per channel in Run; default 1
	Logger      *slog.Logger
	Now         func() time.Time
}

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
		opt.Lease = time.Minute
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
			ch:   ch,
			pace: newPacer(opt.Pacing[ch.Name()], opt.Now),
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
		select {
		case l.wake <- struct{}{}:
		default:
		}
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

// deliverBatch sends a claimed batch (at most one message per chat, so the
// chats' order is kept by the store) in parallel, bounded, then marks the
// delivered ones sent in one statement, still inside their lease. It returns
// the number delivered.
func (s *Sender) deliverBatch(ctx context.Context, l *lane, msgs []lapak.OutboxMessage) int {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		sent []int64
	)
	for _, m := range msgs {
		l.sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-l.sem }()
			if s.deliver(ctx, l, m) {
				mu.Lock()
				sent = append(sent, m.ID)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	// Delivered messages must be marked even during shutdown, or they are sent twice.
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := s.opt.Store.MarkSent(mctx, sent...); err != nil {
		s.opt.Logger.Error("bot: recording delivered messages", "channel", string(l.ch.Name()), "count", len(sent), "err", err)
	}
	return len(sent)
}

// deliver sends one message after its pacing slot and reports whether it
// went out; a failure is recorded for retry.
func (s *Sender) deliver(ctx context.Context, l *lane, m lapak.OutboxMessage) bool {
	if cp := l.class[m.Class]; cp != nil {
		if at, ok := cp.take(m.To.ChatID, s.opt.Now()); !ok {
			s.opt.Logger.Debug("bot: message paced, back at its slot", "channel", string(m.To.Channel),
				"outbox", m.ID, "class", string(m.Class), "slot", at)
			mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if err := s.opt.Store.Postpone(mctx, m.ID, at); err != nil {
				// The lease still brings it back, only later.
				s.opt.Logger.Error("bot: postponing a paced message", "outbox", m.ID, "err", err)
			}
			return false
		}
	}
	if err := l.pace.wait(ctx, m.To.ChatID); err != nil {
		return false // shutting down: the lease returns the message
	}
	// Finish well inside the lease, or another sender may claim the row
	// again. A send already started finishes during shutdown too: cut off,
	// it may have reached the person yet be sent again after the restart.
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opt.Lease/2)
	err := l.ch.Deliver(dctx, m.To.ChatID, m.Msg)
	cancel()
	if err != nil {
		s.settle(ctx, m, err)
		return false
	}
	return true
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
	starts   []time.Time // start times of the last sends, oldest first, at most limit
}

func newPacer(p Pace, now func() time.Time) *pacer {
	// The window is a little longer than a second, so that requests which
	// travel unevenly still arrive at most PerSecond in any second.
	pc := &pacer{gap: p.PerChatGap, jitter: p.Jitter, span: time.Second + 20*time.Millisecond, now: now, chatNext: make(map[string]time.Time)}
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

// take books a slot for chat only if one is free at now (both the budget
// and the chat's gap); otherwise it reports when the next one is.
func (p *pacer) take(chat string, now time.Time) (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	at := now
	if p.next.After(at) {
		at = p.next
	}
	if t := p.chatNext[chat]; t.After(at) {
		at = t
	}
	if at.After(now) {
		return at, false
	}
	p.book(chat, now, now)
	return now, true
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

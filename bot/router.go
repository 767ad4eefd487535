// Package bot connects chat channels to the shop: the Router hands each
// inbound message to storage and the flows, one at a time per customer, and
// the Sender delivers the outbox the flows filled, after commit, with
// retries and per-channel pacing.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lapak-id/lapak"
)

// InboundStore is the storage side the router needs (storage.Store
// implements it): one transaction per inbound message, and the takeovers
// that keep the flows out of a conversation.
type InboundStore interface {
	HandleInbound(ctx context.Context, in lapak.Inbound, fn lapak.HandleFunc) error
	lapak.TakeoverStore
}

// RouterOptions configures a Router.
type RouterOptions struct {
	Store    InboundStore
	Handle   lapak.HandleFunc               // flows.Engine.Handle
	Apology  func(conv *lapak.Conversation) // flows.Engine.Apology: queued after a recovered panic
	OnCommit func(lapak.Inbound)            // after in's transaction committed, e.g. to notify the sender
	Logger   *slog.Logger
	Now      func() time.Time
	// Parallel bounds how many customers are handled at once; default 64.
	Parallel int
}

// Limits on the small fields next to the text.
const (
	maxChoiceID = 64 // Telegram's callback_data limit
	maxPhone    = 32
	maxRef      = 1024
)

// Router feeds inbound messages to the store: messages of one customer
// strictly in order, one at a time; different customers in parallel.
type Router struct {
	opt RouterOptions
	sem chan struct{}
	wg  sync.WaitGroup

	mu     sync.Mutex
	queues map[lapak.Identity][]*job // a key is present while its drainer runs
}

type job struct {
	ctx  context.Context
	in   lapak.Inbound
	done chan error
	out  Outcome // set before done is sent
}

// Outcome is what became of a handled message.
type Outcome int

const (
	Answered  Outcome = iota // the flows handled it (their replies are queued)
	Duplicate                // handled before: nothing changed
	TakenOver                // recorded; a person has the chat, the flows stayed out
)

func (o Outcome) String() string {
	switch o {
	case Answered:
		return "answered"
	case Duplicate:
		return "duplicate"
	case TakenOver:
		return "taken over"
	}
	return "outcome(" + strconv.Itoa(int(o)) + ")"
}

// NewRouter returns a Router; Store and Handle are required.
func NewRouter(opt RouterOptions) *Router {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Parallel <= 0 {
		opt.Parallel = 64
	}
	return &Router{
		opt:    opt,
		sem:    make(chan struct{}, opt.Parallel),
		queues: make(map[lapak.Identity][]*job),
	}
}

// Submit queues in. Messages of one customer (channel+chat) are handled
// strictly in submission order; the returned channel yields the result once
// the message is committed (nil also for a duplicate, which is ignored).
func (r *Router) Submit(ctx context.Context, in lapak.Inbound) <-chan error {
	return r.submit(ctx, in).done
}

func (r *Router) submit(ctx context.Context, in lapak.Inbound) *job {
	in = r.bound(in)
	j := &job{ctx: ctx, in: in, done: make(chan error, 1)}
	key := in.From()

	r.wg.Add(1)
	r.mu.Lock()
	q, running := r.queues[key]
	r.queues[key] = append(q, j)
	r.mu.Unlock()
	if !running {
		go r.drain(key)
	}
	return j
}

// Handle submits in and waits for its result.
func (r *Router) Handle(ctx context.Context, in lapak.Inbound) error {
	_, err := r.Route(ctx, in)
	return err
}

// Route is Handle that also says what became of the message (an adapter
// that showed "typing…" takes it back when the flows will not answer).
func (r *Router) Route(ctx context.Context, in lapak.Inbound) (Outcome, error) {
	j := r.submit(ctx, in)
	select {
	case err := <-j.done:
		return j.out, err
	case <-ctx.Done():
		return Answered, ctx.Err()
	}
}

// TakeOver keeps the flows out of id's conversation until until: its
// messages are still recorded, and a person answers them (see
// lapak.TakeoverStore). The check is the router's, in the message's own
// transaction, so it is the same for every channel.
func (r *Router) TakeOver(ctx context.Context, id lapak.Identity, by string, until time.Time) error {
	if err := r.opt.Store.TakeOver(ctx, id, by, until); err != nil {
		return fmt.Errorf("bot: taking over %s: %w", id, err)
	}
	return nil
}

// HandBack lets the flows answer id's next message again.
func (r *Router) HandBack(ctx context.Context, id lapak.Identity) error {
	if err := r.opt.Store.HandBack(ctx, id); err != nil {
		return fmt.Errorf("bot: handing back %s: %w", id, err)
	}
	return nil
}

// Wait blocks until every submitted message has been handled (for shutdown).
func (r *Router) Wait() { r.wg.Wait() }

// drain handles key's queue until it is empty, then exits: one goroutine per
// busy customer, none when idle.
func (r *Router) drain(key lapak.Identity) {
	for {
		r.mu.Lock()
		q := r.queues[key]
		if len(q) == 0 {
			delete(r.queues, key)
			r.mu.Unlock()
			return
		}
		j := q[0]
		q[0] = nil
		r.queues[key] = q[1:]
		r.mu.Unlock()

		j.done <- r.run(j)
		r.wg.Done()
	}
}

func (r *Router) run(j *job) error {
	select {
	case r.sem <- struct{}{}:
	case <-j.ctx.Done():
		return j.ctx.Err()
	}
	defer func() { <-r.sem }()
	if err := j.ctx.Err(); err != nil {
		return err
	}
	var err error
	j.out, err = r.process(j.ctx, j.in)
	return err
}

// panicError carries a recovered panic out of the handler so the
// transaction is rolled back.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("bot: handler panic: %v", p.value) }

func (r *Router) process(ctx context.Context, in lapak.Inbound) (out Outcome, err error) {
	log := r.opt.Logger.With("channel", string(in.Channel), "chat", in.ChatID, "message", in.MessageID)
	// A panic in the store itself must not kill the customer's drainer.
	defer func() {
		if v := recover(); v != nil {
			log.Error("bot: panic while storing message", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			err = fmt.Errorf("bot: store panic: %v", v)
		}
	}()

	out, err = r.commit(ctx, in, log, r.opt.Handle)
	var pe *panicError
	switch {
	case err == nil:
		return out, nil
	case errors.As(err, &pe):
		// The stack goes to the seller's log; the message text stays out of it.
		log.Error("bot: flow panic recovered", "panic", fmt.Sprint(pe.value), "stack", string(pe.stack))
		return Answered, r.apologise(ctx, in, log)
	default:
		return out, fmt.Errorf("bot: handling %s message %s: %w", in.Channel, in.MessageID, err)
	}
}

// apologise records the message (so a re-delivery is a duplicate) and
// queues the flows' apology in a fresh transaction.
func (r *Router) apologise(ctx context.Context, in lapak.Inbound, log *slog.Logger) error {
	_, err := r.commit(ctx, in, log, func(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
		if r.opt.Apology != nil {
			r.opt.Apology(conv)
		}
		return nil
	})
	var pe *panicError
	if errors.As(err, &pe) {
		log.Error("bot: apology panic recovered", "panic", fmt.Sprint(pe.value), "stack", string(pe.stack))
	}
	if err != nil {
		return fmt.Errorf("bot: apology for %s message %s: %w", in.Channel, in.MessageID, err)
	}
	return nil
}

// commit stores in and runs fn on its conversation in one transaction,
// unless a person has taken the conversation over: then the message is
// only recorded. A panic in fn becomes a *panicError (the transaction
// rolls back); a duplicate is no error.
func (r *Router) commit(ctx context.Context, in lapak.Inbound, log *slog.Logger, fn lapak.HandleFunc) (Outcome, error) {
	out := Answered
	err := r.opt.Store.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) (ferr error) {
		if in.Event == "" && conv.Customer.Takeover.Active(conv.Now) {
			out = TakenOver
			return nil
		}
		defer func() {
			if v := recover(); v != nil {
				ferr = &panicError{value: v, stack: debug.Stack()}
			}
		}()
		return fn(ctx, tx, conv)
	})
	switch {
	case err == nil:
		if out == TakenOver {
			log.Debug("bot: chat taken over, the flows stay out")
			return out, nil // nothing queued
		}
		r.committed(in)
		return out, nil
	case errors.Is(err, lapak.ErrDuplicate):
		log.Debug("bot: duplicate message ignored")
		return Duplicate, nil
	default:
		return out, err
	}
}

func (r *Router) committed(in lapak.Inbound) {
	if r.opt.OnCommit != nil {
		r.opt.OnCommit(in)
	}
}

// bound is the one place where inbound input is limited before the flows
// see it.
func (r *Router) bound(in lapak.Inbound) lapak.Inbound {
	in.Truncated = in.Truncated || utf8.RuneCountInString(in.Text) > lapak.MaxInboundText
	in.Text = cleanText(in.Text, lapak.MaxInboundText, true)
	in.SenderName = cleanText(in.SenderName, lapak.MaxNameText, false)
	in.ChoiceID = cutBytes(cleanText(in.ChoiceID, maxChoiceID, false), maxChoiceID)
	in.Phone = cleanText(in.Phone, maxPhone, false)
	if in.Image != nil {
		img := *in.Image
		img.Ref = cleanText(img.Ref, maxRef, false)
		img.MIME = cleanText(img.MIME, 100, false)
		in.Image = &img
	}
	if in.File != nil {
		f := *in.File
		f.Ref = cleanText(f.Ref, maxRef, false)
		f.MIME = cleanText(f.MIME, 100, false)
		in.File = &f
	}
	in.ReplyText = cleanText(in.ReplyText, lapak.MaxInboundText, true)
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = r.opt.Now()
	}
	return in
}

// cleanText repairs invalid UTF-8, drops control characters (keeping
// newlines when multiline; a tab becomes a space so words stay apart) and
// invisible format characters (zero-width spaces, direction overrides: a
// reply quoting the text never carries an unbalanced right-to-left
// override), cuts to max runes and trims surrounding space.
func cleanText(s string, max int, multiline bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(min(len(s), max*utf8.UTFMax))
	n := 0
	for _, c := range s {
		if n >= max {
			break
		}
		switch {
		case c == '\n' && multiline:
		case c == '\t' || c == '\n':
			c = ' '
		case unicode.IsControl(c), c > 0x7f && unicode.Is(unicode.Cf, c):
			continue
		}
		b.WriteRune(c)
		n++
	}
	return strings.TrimSpace(b.String())
}

// cutBytes shortens s to at most n bytes without splitting a rune.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Package jobs runs the shop's periodic background work (expiring unpaid
// orders, reminders, payment links, pruning, …) on one runner. A job is a
// name, an interval and a pass that does what is due and says how much it
// did. Before each pass the runner claims the job's lease in the database,
// so several processes sharing one database never run the same job at the
// same time; the passes themselves claim their rows too (SKIP LOCKED), so
// even two processes whose leases overlapped never do one thing twice.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
)

// Job is one kind of periodic work.
type Job struct {
	// Name keys the job's lease and is in every log line ("job").
	Name string
	// Interval is the time between passes; 0 runs the job only when it is
	// woken (Runner.Wake) or run (Runner.RunJob), after a first pass.
	Interval time.Duration
	// Timeout bounds one pass; 0 is the runner's.
	Timeout time.Duration
	// Run does one pass: it claims what is due, handles it and returns how
	// much it handled.
	Run func(ctx context.Context) (int, error)
	// Did is the log line of a pass that did something, with its count
	// ("unpaid orders expired"); Doing words a failure ("expiring unpaid
	// orders"). Both default to generic lines.
	Did, Doing string
}

// LeaseStore keeps the jobs' leases (storage.Store implements it). Times
// come from the runner's clock.
type LeaseStore interface {
	// ClaimJob takes the job's lease for owner until until when it is free
	// or lapsed at now; false when another owner holds it.
	ClaimJob(ctx context.Context, name, owner string, now, until time.Time) (bool, error)
	// RenewJob extends owner's lease; false when owner lost it.
	RenewJob(ctx context.Context, name, owner string, until time.Time) (bool, error)
	// FinishJob releases owner's lease and records the pass; false when
	// owner had lost it.
	FinishJob(ctx context.Context, name, owner string, at time.Time, count int, errText string) (bool, error)
}

// Defaults of Options.
const (
	DefaultTimeout = 30 * time.Second
	DefaultLease   = time.Minute
)

// releaseTimeout bounds releasing a lease after a pass, shutdown or not.
const releaseTimeout = 10 * time.Second

// Options configures a Runner.
type Options struct {
	Jobs []Job
	// Leases keeps the leases; nil runs without (one process only).
	Leases LeaseStore
	// Owner names this process in the leases; it must be unique per
	// process (and per runner). Empty gets NewOwner().
	Owner string
	// Now is the clock of the leases and After the one the intervals are
	// waited on; default time.Now and time.After. A test moving a fake
	// clock past an interval makes the job's next pass start.
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger
	// Timeout bounds one pass (DefaultTimeout); a job may set its own.
	Timeout time.Duration
	// Lease is how long a claim lasts (DefaultLease); it is renewed every
	// third of it while a pass runs, so a process that died holds a job
	// at most this long.
	Lease time.Duration
}

// ErrUnknownJob is returned by RunJob for a name no job has.
var ErrUnknownJob = errors.New("jobs: unknown job")

// Runner runs jobs.
type Runner struct {
	opt  Options
	log  *slog.Logger
	jobs []*job
	byID map[string]*job
}

type job struct {
	Job
	wake chan struct{} // one pending wake-up; more coalesce
	mu   sync.Mutex    // one pass of a job at a time in this process
}

// Result is what one pass did.
type Result struct {
	// Ran is false when the pass was skipped: another process held the
	// job's lease.
	Ran   bool
	Count int
}

// NewOwner returns an owner id unique to this call: host, process id and
// a random part (so two runners in one process differ too).
func NewOwner() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "lapak"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return host + ":" + strconv.Itoa(os.Getpid()) + ":" + hex.EncodeToString(b[:])
}

// New returns a runner of opt.Jobs. A job without a name or a pass, or two
// jobs of one name, are programming errors: New panics.
func New(opt Options) *Runner {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.After == nil {
		opt.After = time.After
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.Lease <= 0 {
		opt.Lease = DefaultLease
	}
	if opt.Owner == "" {
		opt.Owner = NewOwner()
	}
	r := &Runner{opt: opt, log: opt.Logger, byID: map[string]*job{}}
	for _, j := range opt.Jobs {
		switch {
		case j.Name == "" || j.Run == nil:
			panic(fmt.Sprintf("jobs: job %q needs a name and a Run function", j.Name))
		case r.byID[j.Name] != nil:
			panic(fmt.Sprintf("jobs: two jobs named %q", j.Name))
		}
		if j.Timeout <= 0 {
			j.Timeout = opt.Timeout
		}
		if j.Did == "" {
			j.Did = "jobs: pass done"
		}
		if j.Doing == "" {
			j.Doing = "jobs: pass failed"
		}
		jj := &job{Job: j, wake: make(chan struct{}, 1)}
		r.jobs = append(r.jobs, jj)
		r.byID[j.Name] = jj
	}
	return r
}

// Owner is the id this runner claims leases with.
func (r *Runner) Owner() string { return r.opt.Owner }

// Wake asks for another pass of the named job soon (after the one running,
// if any); wake-ups before that pass coalesce into one. It never blocks;
// an unknown name is ignored.
func (r *Runner) Wake(name string) {
	j := r.byID[name]
	if j == nil {
		return
	}
	select {
	case j.wake <- struct{}{}:
	default:
	}
}

// Run runs every job on its own goroutine, a pass now and then every
// interval or when woken, until ctx is done. It returns once the passes in
// flight have finished: a pass started before ctx ended runs to its end
// (bounded by its timeout).
func (r *Runner) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, j := range r.jobs {
		wg.Go(func() { r.loop(ctx, j) })
	}
	wg.Wait()
}

func (r *Runner) loop(ctx context.Context, j *job) {
	for ctx.Err() == nil {
		_, _ = r.pass(ctx, j)
		var tick <-chan time.Time // nil: only a wake-up runs the job again
		if j.Interval > 0 {
			tick = r.opt.After(j.Interval) // the interval counts from the end of a pass
		}
		select {
		case <-ctx.Done():
			return
		case <-j.wake:
		case <-tick:
		}
	}
}

// RunJob runs one pass of the named job now and waits for it (after a
// pass of it already running in this process). The error is the pass's,
// already logged.
func (r *Runner) RunJob(ctx context.Context, name string) (Result, error) {
	j := r.byID[name]
	if j == nil {
		return Result{}, fmt.Errorf("%w %q", ErrUnknownJob, name)
	}
	return r.pass(ctx, j)
}

// RunOnce runs one pass of every job, one after another in their order,
// and returns their errors (already logged).
func (r *Runner) RunOnce(ctx context.Context) error {
	var errs []error
	for _, j := range r.jobs {
		if _, err := r.pass(ctx, j); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// pass claims the job's lease, runs one pass under it and releases it. Its
// context outlives ctx's cancellation, bounded by the job's timeout.
func (r *Runner) pass(ctx context.Context, j *job) (res Result, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	work, cancel := context.WithTimeout(context.WithoutCancel(ctx), j.Timeout)
	defer cancel()
	if r.opt.Leases != nil {
		now := r.opt.Now()
		ok, cerr := r.opt.Leases.ClaimJob(work, j.Name, r.opt.Owner, now, now.Add(r.opt.Lease))
		if cerr != nil {
			r.log.Error("jobs: claiming a job", "job", j.Name, "err", cerr)
			return Result{}, cerr
		}
		if !ok {
			r.log.Debug("jobs: held by another process, pass skipped", "job", j.Name)
			return Result{}, nil
		}
		stop := r.renew(work, cancel, j)
		defer func() { // err and res are the pass's, set by the return below
			stop()
			r.release(ctx, j, res.Count, err)
		}()
	}
	n, err := r.call(work, j)
	return Result{Ran: true, Count: n}, err
}

// call runs the pass, recovers its panic and logs the outcome.
func (r *Runner) call(ctx context.Context, j *job) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("jobs: pass panicked", "job", j.Name, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("jobs: %s: panic: %v", j.Name, p)
		}
	}()
	n, err = j.Run(ctx)
	switch {
	case err != nil:
		r.log.Error(j.Doing, "job", j.Name, "count", n, "err", err)
	case n > 0:
		r.log.Info(j.Did, "job", j.Name, "count", n)
	}
	return n, err
}

// renew extends the lease every third of it until stop is called. A lease
// found lost (it lapsed and another process took it) cancels the pass:
// its rows are claimed on their own, but it should not go on as if alone.
func (r *Runner) renew(ctx context.Context, cancel context.CancelFunc, j *job) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(r.opt.Lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			ok, err := r.opt.Leases.RenewJob(ctx, j.Name, r.opt.Owner, r.opt.Now().Add(r.opt.Lease))
			switch {
			case err != nil:
				r.log.Warn("jobs: renewing a lease", "job", j.Name, "err", err)
			case !ok:
				r.log.Warn("jobs: lease lost to another process, pass stopped", "job", j.Name)
				cancel()
				return
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// release ends the lease and records the pass, also on shutdown.
func (r *Runner) release(ctx context.Context, j *job, n int, passErr error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer cancel()
	errText := ""
	if passErr != nil {
		errText = passErr.Error()
	}
	ok, err := r.opt.Leases.FinishJob(rctx, j.Name, r.opt.Owner, r.opt.Now(), n, errText)
	switch {
	case err != nil:
		r.log.Error("jobs: releasing a lease", "job", j.Name, "err", err)
	case !ok:
		r.log.Warn("jobs: lease lost before the pass ended", "job", j.Name)
	}
}

package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lapak-id/lapak/jobs"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// logBuf is a logger's output, safe to read while jobs write.
type logBuf struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuf) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuf) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuf) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// eventually waits until cond holds, polling; it fails the test after 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// gate is a pass that blocks until the test lets it go: started receives
// its context once per pass.
type gate struct {
	started chan context.Context
	release chan struct{}
	passes  atomic.Int32
}

func newGate() *gate {
	return &gate{started: make(chan context.Context, 16), release: make(chan struct{})}
}

func (g *gate) run(ctx context.Context) (int, error) {
	g.passes.Add(1)
	g.started <- ctx
	select {
	case <-g.release:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return 1, nil
}

func (g *gate) waitStart(t *testing.T) context.Context {
	t.Helper()
	select {
	case ctx := <-g.started:
		return ctx
	case <-time.After(10 * time.Second):
		t.Fatal("no pass started")
		return nil
	}
}

func state(t *testing.T, s *storage.Store, name string) storage.JobState {
	t.Helper()
	st, err := s.Job(context.Background(), name)
	if err != nil {
		t.Fatalf("job %s: %v", name, err)
	}
	return st
}

// runs is how many passes of the job finished, 0 before its first claim.
func runs(s *storage.Store, name string) int {
	st, _ := s.Job(context.Background(), name)
	return st.Runs
}

// A runner runs a pass at once, and another soon after Wake, long before
// its interval; a panic in a pass is logged and the job goes on.
func TestRunWakePanic(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		var logs logBuf
		var calls atomic.Int32
		r := jobs.New(jobs.Options{Leases: s, Owner: "a", Logger: logs.logger(), Jobs: []jobs.Job{{
			Name: "tick", Interval: time.Hour, Did: "things done", Doing: "doing things",
			Run: func(context.Context) (int, error) {
				switch calls.Add(1) {
				case 2:
					panic("kaboom")
				case 3:
					return 0, errors.New("database away")
				}
				return 3, nil
			},
		}}})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { r.Run(ctx); close(done) }()
		eventually(t, "the first pass", func() bool { return runs(s, "tick") == 1 })
		for want := int32(2); want <= 4; want++ {
			r.Wake("tick")
			eventually(t, "a pass after Wake", func() bool { return runs(s, "tick") == int(want) })
		}
		cancel()
		<-done
		out := logs.String()
		for _, want := range []string{
			`msg="things done" job=tick count=3`,
			`msg="jobs: pass panicked" job=tick panic=kaboom stack=`,
			`msg="doing things" job=tick count=0 err="database away"`,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %s:\n%s", want, out)
			}
		}
		if st := state(t, s, "tick"); st.ClaimedUntil != nil || st.LastCount != 3 || st.LastError != "" {
			t.Errorf("after the last pass: %+v", st)
		}
		r.Wake("no-such-job") // ignored, never blocks
	})
}

// A pass's panic comes back from RunJob as an error and releases the
// lease, recording the panic.
func TestRunJobPanic(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		r := jobs.New(jobs.Options{Leases: s, Owner: "a", Jobs: []jobs.Job{{Name: "bad",
			Run: func(context.Context) (int, error) { panic("kaboom") }}}})
		res, err := r.RunJob(context.Background(), "bad")
		if err == nil || !strings.Contains(err.Error(), "jobs: bad: panic: kaboom") || !res.Ran {
			t.Fatalf("RunJob = %+v, %v", res, err)
		}
		if st := state(t, s, "bad"); st.ClaimedUntil != nil || !strings.Contains(st.LastError, "kaboom") {
			t.Errorf("after the panic: %+v", st)
		}
		if _, err := r.RunJob(context.Background(), "nope"); !errors.Is(err, jobs.ErrUnknownJob) {
			t.Errorf("unknown job: %v", err)
		}
	})
}

// While one process runs a job, another's pass of it is skipped without
// running; once the first is done, the second runs.
func TestClaimedJobIsSkipped(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		var logs logBuf
		g := newGate()
		a := jobs.New(jobs.Options{Leases: s, Owner: "a", Jobs: []jobs.Job{{Name: "expire", Run: g.run}}})
		var bCalls atomic.Int32
		b := jobs.New(jobs.Options{Leases: s, Owner: "b", Logger: logs.logger(), Jobs: []jobs.Job{{Name: "expire",
			Run: func(context.Context) (int, error) { bCalls.Add(1); return 0, nil }}}})

		resA := make(chan jobs.Result, 1)
		go func() {
			res, _ := a.RunJob(context.Background(), "expire")
			resA <- res
		}()
		g.waitStart(t)
		if res, err := b.RunJob(context.Background(), "expire"); res.Ran || err != nil || bCalls.Load() != 0 {
			t.Errorf("b ran a job a holds: %+v %v, %d calls", res, err, bCalls.Load())
		}
		if !strings.Contains(logs.String(), `level=DEBUG msg="jobs: held by another process, pass skipped" job=expire`) {
			t.Errorf("the skip is not logged at debug:\n%s", logs.String())
		}
		if err := b.RunOnce(context.Background()); err != nil || bCalls.Load() != 0 {
			t.Errorf("b's RunOnce ran a job a holds: %v", err)
		}
		close(g.release)
		if res := <-resA; !res.Ran || res.Count != 1 {
			t.Errorf("a's pass: %+v", res)
		}
		if res, err := b.RunJob(context.Background(), "expire"); !res.Ran || err != nil || bCalls.Load() != 1 {
			t.Errorf("b after a was done: %+v %v", res, err)
		}
		if st := state(t, s, "expire"); st.Owner != "b" || st.Runs != 2 {
			t.Errorf("state: %+v", st)
		}
	})
}

// The lease of a process that died lapses: another takes the job over then,
// not before.
func TestLapsedLeaseIsTakenOver(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		ctx := context.Background()
		if ok, err := s.ClaimJob(ctx, "expire", "dead", t0, t0.Add(time.Minute)); !ok || err != nil {
			t.Fatalf("claim for the dead process: %v %v", ok, err)
		}
		var calls atomic.Int32
		b := jobs.New(jobs.Options{Leases: s, Owner: "b", Now: clock.Now, Jobs: []jobs.Job{{Name: "expire",
			Run: func(context.Context) (int, error) { calls.Add(1); return 2, nil }}}})
		clock.Advance(59 * time.Second)
		if res, _ := b.RunJob(ctx, "expire"); res.Ran || calls.Load() != 0 {
			t.Fatalf("b ran before the lease lapsed: %+v", res)
		}
		clock.Advance(time.Second)
		if res, err := b.RunJob(ctx, "expire"); !res.Ran || res.Count != 2 || err != nil {
			t.Fatalf("b did not take over: %+v %v", res, err)
		}
		if st := state(t, s, "expire"); st.Owner != "b" || st.Runs != 1 || st.ClaimedUntil != nil || !st.FinishedAt.Equal(t0.Add(time.Minute)) {
			t.Errorf("state: %+v", st)
		}
	})
}

// A long pass keeps renewing its lease, so no one takes it over; a pass
// whose lease was taken anyway (it could not renew in time) is stopped.
func TestLeaseRenewedWhileAPassRuns(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		ctx := context.Background()
		const lease = 150 * time.Millisecond // renewed every 50 ms
		g := newGate()
		a := jobs.New(jobs.Options{Leases: s, Owner: "a", Now: clock.Now, Lease: lease, Timeout: time.Minute,
			Jobs: []jobs.Job{{Name: "links", Run: g.run}}})
		done := make(chan error, 1)
		go func() { _, err := a.RunJob(ctx, "links"); done <- err }()
		pass := g.waitStart(t)
		clock.Advance(time.Hour) // far past the first claim
		eventually(t, "the lease renewed", func() bool {
			st := state(t, s, "links")
			return st.ClaimedUntil != nil && !st.ClaimedUntil.Before(t0.Add(time.Hour+lease))
		})
		if ok, _ := s.ClaimJob(ctx, "links", "b", clock.Now(), clock.Now().Add(time.Minute)); ok {
			t.Fatal("b took a lease that is being renewed")
		}
		// A stalls past its lease and b takes the job: a's next renewal
		// finds it lost and stops a's pass.
		clock.Advance(time.Hour)
		if ok, err := s.ClaimJob(ctx, "links", "b", clock.Now(), clock.Now().Add(time.Hour)); !ok || err != nil {
			t.Fatalf("b could not take a lapsed lease: %v %v", ok, err)
		}
		select {
		case <-pass.Done():
		case <-time.After(10 * time.Second):
			t.Fatal("a's pass went on after its lease was lost")
		}
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("a's pass: %v", err)
		}
		if st := state(t, s, "links"); st.Owner != "b" || st.ClaimedUntil == nil || st.Runs != 0 {
			t.Errorf("a touched b's lease: %+v", st)
		}
	})
}

// Shutdown lets a pass in flight finish (its context outlives the cancel)
// and releases its lease; Run returns only after that. A pass that does not
// finish is bounded by its timeout.
func TestShutdownWaitsForAPassInFlight(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		g := newGate()
		var finished atomic.Bool
		stuckStarted := make(chan struct{})
		r := jobs.New(jobs.Options{Leases: s, Owner: "a", Jobs: []jobs.Job{
			{Name: "expire", Interval: time.Hour, Run: func(ctx context.Context) (int, error) {
				n, err := g.run(ctx)
				finished.Store(err == nil)
				return n, err
			}},
			{Name: "stuck", Interval: time.Hour, Timeout: 50 * time.Millisecond, Run: func(ctx context.Context) (int, error) {
				close(stuckStarted)
				<-ctx.Done() // never done by itself
				return 0, ctx.Err()
			}},
		}})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { r.Run(ctx); close(done) }()
		pass := g.waitStart(t)
		<-stuckStarted // both passes are in flight
		cancel()
		select {
		case <-done:
			t.Fatal("Run returned with a pass in flight")
		case <-pass.Done():
			t.Fatal("the pass in flight was cancelled with Run's context")
		default:
		}
		close(g.release)
		<-done
		if !finished.Load() {
			t.Error("Run returned before the pass in flight finished")
		}
		if st := state(t, s, "expire"); st.ClaimedUntil != nil || st.Runs != 1 || st.LastCount != 1 {
			t.Errorf("after shutdown: %+v", st)
		}
		if st := state(t, s, "stuck"); st.ClaimedUntil != nil || !strings.Contains(st.LastError, "deadline exceeded") {
			t.Errorf("the stuck pass: %+v", st)
		}
		if g.passes.Load() != 1 {
			t.Errorf("%d passes after shutdown, want 1", g.passes.Load())
		}
	})
}

// Without leases (one process) a job still runs; an interval of 0 runs it
// only when woken.
func TestWithoutLeasesAndWakeOnly(t *testing.T) {
	var calls atomic.Int32
	r := jobs.New(jobs.Options{Jobs: []jobs.Job{{Name: "links",
		Run: func(context.Context) (int, error) { return int(calls.Add(1)), nil }}}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	eventually(t, "the first pass", func() bool { return calls.Load() == 1 })
	r.Wake("links")
	eventually(t, "a pass after Wake", func() bool { return calls.Load() == 2 })
	cancel()
	<-done
	if res, err := r.RunJob(context.Background(), "links"); !res.Ran || res.Count != 3 || err != nil {
		t.Errorf("RunJob: %+v %v", res, err)
	}
}

func TestNewRefusesBadJobs(t *testing.T) {
	run := func(context.Context) (int, error) { return 0, nil }
	for name, js := range map[string][]jobs.Job{
		"no name":  {{Run: run}},
		"no Run":   {{Name: "x"}},
		"two of x": {{Name: "x", Run: run}, {Name: "x", Run: run}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: New did not panic", name)
				}
			}()
			jobs.New(jobs.Options{Jobs: js})
		}()
	}
	a, b := jobs.New(jobs.Options{}), jobs.New(jobs.Options{})
	if a.Owner() == "" || a.Owner() == b.Owner() {
		t.Errorf("owners %q and %q: want unique", a.Owner(), b.Owner())
	}
}

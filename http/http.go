// Package http is Lapak's one HTTP server: the Telegram webhook, Midtrans's
// payment notifications and, later, the seller dashboard are mounted on it
// next to GET /healthz (the process is up) and GET /readyz (the database,
// the schema and every running chat channel are fine). It knows nothing of
// what it serves: the app mounts handlers and registers readiness checks.
package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The health endpoints.
const (
	HealthPath = "/healthz"
	ReadyPath  = "/readyz"
)

// CheckTimeout bounds one readiness check: a health probe must answer fast
// even when the database hangs.
const CheckTimeout = 2 * time.Second

// ShutdownTimeout is how long requests in flight (a webhook whose commit is
// under way) may take to finish after the stop signal.
const ShutdownTimeout = 30 * time.Second

// maxErrorText bounds a failing check's error in /readyz.
const maxErrorText = 200

// CheckFunc reports whether one part of the program is ready; a non-nil
// error says in a few words what is wrong. It must not contain secrets.
type CheckFunc func(ctx context.Context) error

type check struct {
	name string
	fn   CheckFunc
}

// Server is the routes and the readiness checks. Mount and register before
// serving; it may then serve on several listeners at once.
type Server struct {
	mux *nethttp.ServeMux

	mu         sync.Mutex
	checks     []check
	onShutdown []func()
}

// OnShutdown registers f to run when a graceful shutdown starts: a handler
// that never ends by itself (a stream of server-sent events) ends when f
// tells it to, so the shutdown does not wait ShutdownTimeout for it.
func (s *Server) OnShutdown(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onShutdown = append(s.onShutdown, f)
}

// New returns a server that answers /healthz and /readyz.
func New() *Server {
	s := &Server{mux: nethttp.NewServeMux()}
	// GET patterns answer HEAD too; other methods get 405 with Allow.
	s.mux.HandleFunc("GET "+HealthPath, s.healthz)
	s.mux.HandleFunc("GET "+ReadyPath, s.readyz)
	return s
}

// Handle mounts h at pattern (net/http.ServeMux syntax, e.g.
// "/midtrans/notification" or "GET /dashboard/"). Like the ServeMux it
// panics on a pattern that conflicts with one already mounted.
func (s *Server) Handle(pattern string, h nethttp.Handler) { s.mux.Handle(pattern, h) }

// Check registers a readiness check under name ("database", "telegram"); a
// name registered again replaces the earlier check.
func (s *Server) Check(name string, fn CheckFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.checks {
		if s.checks[i].name == name {
			s.checks[i].fn = fn
			return
		}
	}
	s.checks = append(s.checks, check{name, fn})
}

// ServeHTTP routes one request (for httptest and for tests of mounted handlers).
func (s *Server) ServeHTTP(w nethttp.ResponseWriter, r *nethttp.Request) { s.mux.ServeHTTP(w, r) }

// Serve serves on ln until ctx is done, then shuts down gracefully: requests
// in flight keep their context and finish, for at most ShutdownTimeout.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &nethttp.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// A request in flight keeps its context through shutdown.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	s.mu.Lock()
	for _, f := range s.onShutdown {
		srv.RegisterOnShutdown(f)
	}
	s.mu.Unlock()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http: serving on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("http: shutting down on %s: %w", ln.Addr(), err)
	}
	return nil
}

// Status is one part's state, or the whole, in /readyz.
type Status struct {
	Status string `json:"status"` // "ok" or "fail"
	Error  string `json:"error,omitempty"`
}

// Readiness is the body of /readyz.
type Readiness struct {
	Status string            `json:"status"` // "ok" when every check is
	Checks map[string]Status `json:"checks"`
}

// The values of Status.Status.
const (
	StatusOK   = "ok"
	StatusFail = "fail"
)

func (s *Server) healthz(w nethttp.ResponseWriter, _ *nethttp.Request) {
	writeJSON(w, nethttp.StatusOK, Status{Status: StatusOK})
}

func (s *Server) readyz(w nethttp.ResponseWriter, r *nethttp.Request) {
	res := s.Ready(r.Context())
	code := nethttp.StatusOK
	if res.Status != StatusOK {
		code = nethttp.StatusServiceUnavailable
	}
	writeJSON(w, code, res)
}

// Ready runs every check at once, each bounded by CheckTimeout, and says
// which failed.
func (s *Server) Ready(ctx context.Context) Readiness {
	s.mu.Lock()
	checks := append([]check(nil), s.checks...)
	s.mu.Unlock()
	errs := make([]error, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Go(func() { errs[i] = run(ctx, c.fn) })
	}
	wg.Wait()
	res := Readiness{Status: StatusOK, Checks: make(map[string]Status, len(checks))}
	for i, c := range checks {
		if errs[i] == nil {
			res.Checks[c.name] = Status{Status: StatusOK}
			continue
		}
		res.Status = StatusFail
		res.Checks[c.name] = Status{Status: StatusFail, Error: short(errs[i].Error())}
	}
	return res
}

// run calls fn with a deadline and gives up on it at the deadline even if
// fn ignores its context.
func run(ctx context.Context, fn CheckFunc) error {
	ctx, cancel := context.WithTimeout(ctx, CheckTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("check panicked: %v", p)
			}
		}()
		done <- fn(ctx)
	}()
	select {
	case err := <-done:
		if err != nil && errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no answer within %s", CheckTimeout)
		}
		return err
	case <-ctx.Done():
		return fmt.Errorf("no answer within %s", CheckTimeout)
	}
}

// short makes an error one line of at most maxErrorText characters.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxErrorText {
		return s
	}
	r := []rune(s)
	return string(r[:maxErrorText-1]) + "…"
}

func writeJSON(w nethttp.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		nethttp.Error(w, "internal error", nethttp.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

// ReadBody reads a webhook request's body of at most limit bytes. On failure
// it has answered (413 when too large, 400 otherwise) and reports false.
func ReadBody(w nethttp.ResponseWriter, r *nethttp.Request, limit int64) ([]byte, bool) {
	body, err := io.ReadAll(nethttp.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *nethttp.MaxBytesError
		if errors.As(err, &mbe) {
			nethttp.Error(w, "request too large", nethttp.StatusRequestEntityTooLarge)
		} else {
			nethttp.Error(w, "bad request", nethttp.StatusBadRequest)
		}
		return nil, false
	}
	return body, true
}

package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	lapakhttp "github.com/lapak-id/lapak/http"
)

func get(t *testing.T, h nethttp.Handler, method, path string) (int, string, nethttp.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Code, rec.Body.String(), rec.Header()
}

func TestHealthz(t *testing.T) {
	s := lapakhttp.New()
	s.Check("database", func(context.Context) error { return errors.New("down") })
	// Up means up: a failing part does not fail liveness.
	code, body, h := get(t, s, nethttp.MethodGet, "/healthz")
	if code != nethttp.StatusOK || body != `{"status":"ok"}`+"\n" || h.Get("Content-Type") != "application/json" {
		t.Errorf("GET /healthz: %d %q %v", code, body, h)
	}
	if code, _, _ := get(t, s, nethttp.MethodHead, "/healthz"); code != nethttp.StatusOK {
		t.Errorf("HEAD /healthz: %d", code)
	}
}

func TestReadyz(t *testing.T) {
	s := lapakhttp.New()
	var dbErr error
	s.Check("database", func(ctx context.Context) error { return dbErr })
	s.Check("migrations", func(context.Context) error { return nil })
	s.Check("telegram", func(context.Context) error { return nil })

	code, body, _ := get(t, s, nethttp.MethodGet, "/readyz")
	want := `{"status":"ok","checks":{"database":{"status":"ok"},"migrations":{"status":"ok"},"telegram":{"status":"ok"}}}` + "\n"
	if code != nethttp.StatusOK || body != want {
		t.Errorf("all ok: %d\n got %s\nwant %s", code, body, want)
	}

	dbErr = errors.New("storage: ping: dial tcp 127.0.0.1:5432: connect: connection refused")
	code, body, _ = get(t, s, nethttp.MethodGet, "/readyz")
	var got lapakhttp.Readiness
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if code != nethttp.StatusServiceUnavailable || got.Status != "fail" ||
		got.Checks["database"] != (lapakhttp.Status{Status: "fail", Error: dbErr.Error()}) ||
		got.Checks["telegram"].Status != "ok" || got.Checks["migrations"].Status != "ok" {
		t.Errorf("database down: %d %s", code, body)
	}
}

// A check that hangs is reported as failing, within the timeout.
func TestReadyzHangingCheck(t *testing.T) {
	s := lapakhttp.New()
	release := make(chan struct{})
	defer close(release)
	s.Check("whatsapp", func(context.Context) error { <-release; return nil }) // ignores its context
	s.Check("long", func(context.Context) error { return errors.New(strings.Repeat("very long\nerror ", 100)) })
	start := time.Now()
	code, body, _ := get(t, s, nethttp.MethodGet, "/readyz")
	if d := time.Since(start); d > lapakhttp.CheckTimeout+time.Second {
		t.Errorf("took %s", d)
	}
	var got lapakhttp.Readiness
	json.Unmarshal([]byte(body), &got)
	if code != nethttp.StatusServiceUnavailable || got.Checks["whatsapp"].Error != "no answer within 2s" {
		t.Errorf("%d %s", code, body)
	}
	if e := got.Checks["long"].Error; len([]rune(e)) > 200 || strings.Contains(e, "\n") || !strings.HasPrefix(e, "very long error very long") {
		t.Errorf("long error not made short: %q", e)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	s := lapakhttp.New()
	for _, path := range []string{"/healthz", "/readyz"} {
		for _, m := range []string{nethttp.MethodPost, nethttp.MethodPut, nethttp.MethodDelete} {
			code, _, h := get(t, s, m, path)
			if code != nethttp.StatusMethodNotAllowed || !strings.Contains(h.Get("Allow"), "GET") {
				t.Errorf("%s %s: %d, Allow %q", m, path, code, h.Get("Allow"))
			}
		}
	}
	if code, _, _ := get(t, s, nethttp.MethodGet, "/nope"); code != nethttp.StatusNotFound {
		t.Errorf("GET /nope: %d", code)
	}
}

// A handler that never ends by itself (a stream) ends when the shutdown
// starts, through OnShutdown: Serve returns at once, not after
// ShutdownTimeout.
func TestServeEndsStreamsOnShutdown(t *testing.T) {
	s := lapakhttp.New()
	closing := make(chan struct{})
	var once sync.Once
	s.OnShutdown(func() { once.Do(func() { close(closing) }) })
	entered := make(chan struct{})
	s.Handle("/events", nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(nethttp.StatusOK)
		nethttp.NewResponseController(w).Flush()
		close(entered)
		select {
		case <-closing:
		case <-r.Context().Done():
		}
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	resp, err := nethttp.Get("http://" + ln.Addr().String() + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	<-entered
	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the shutdown waits for a stream")
	}
}

// Mounted handlers share the port with the health endpoints; a request in
// flight at shutdown finishes with its context intact.
func TestServeMountsAndShutsDownGracefully(t *testing.T) {
	s := lapakhttp.New()
	entered := make(chan struct{})
	finish := make(chan struct{})
	s.Handle("/hook", nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		body, ok := lapakhttp.ReadBody(w, r, 8)
		if !ok {
			return
		}
		if string(body) == "slow" {
			close(entered)
			<-finish
			if r.Context().Err() != nil {
				nethttp.Error(w, "context cancelled", nethttp.StatusInternalServerError)
				return
			}
		}
		io.WriteString(w, "got "+string(body))
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	post := func(body string) (int, string) {
		resp, err := nethttp.Post(base+"/hook", "text/plain", strings.NewReader(body))
		if err != nil {
			t.Error(err)
			return 0, ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post("hi"); code != nethttp.StatusOK || body != "got hi" {
		t.Errorf("POST /hook: %d %q", code, body)
	}
	if code, _ := post("too long!"); code != nethttp.StatusRequestEntityTooLarge {
		t.Errorf("too long: %d", code)
	}
	resp, err := nethttp.Get(base + "/healthz")
	if err != nil || resp.StatusCode != nethttp.StatusOK {
		t.Fatalf("GET /healthz: %v %v", resp, err)
	}
	resp.Body.Close()

	slow := make(chan string, 1)
	go func() {
		code, body := post("slow")
		slow <- fmt.Sprintf("%d %s", code, body)
	}()
	<-entered
	stop()
	close(finish)
	if got := <-slow; got != "200 got slow" {
		t.Errorf("request in flight at shutdown: %q", got)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := nethttp.Post(base+"/hook", "text/plain", bytes.NewReader(nil)); err == nil {
		t.Error("still serving after shutdown")
	}
}

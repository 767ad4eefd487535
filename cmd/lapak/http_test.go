package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
)

const webhookSecret = "webhook_Secret-42"

// webhookShop is a shop with Telegram in webhook mode and Midtrans on.
func webhookShop(t *testing.T) (*shop, *telegramtest.Server) {
	s := newShop(t)
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = telegramtest.Token
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	s.env["LAPAK_TELEGRAM_WEBHOOK_URL"] = "https://toko.example.com/telegram/webhook"
	s.env["LAPAK_TELEGRAM_WEBHOOK_SECRET"] = webhookSecret
	s.env["LAPAK_MIDTRANS_SERVER_KEY"] = midtransKey
	s.env["LAPAK_MIDTRANS_API_URL"] = fakeSnap(t).URL
	return s, tg
}

// startServe runs `lapak serve` until the test ends and returns the address
// of its HTTP server; stopServe stops it and checks it exited cleanly.
func startServe(t *testing.T, s *shop, logs *logWatch) (addr string, stopServe func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, strings.NewReader(""), &bytes.Buffer{}, logs, func(k string) string { return s.env[k] })
	}()
	stopped := false
	stopServe = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exit %d:\n%s", code, logs)
		}
	}
	t.Cleanup(stopServe)
	select {
	case addr = <-logs.addr:
	case code := <-done:
		stopped = true
		t.Fatalf("serve exited %d before serving HTTP:\n%s", code, logs)
	case <-time.After(30 * time.Second):
		t.Fatalf("the HTTP server never came up:\n%s", logs)
	}
	return addr, stopServe
}

// get fetches a URL and returns the status and the body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitReady asks /readyz until it answers 200 and returns the body.
func waitReady(t *testing.T, base string, logs *logWatch) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, body := get(t, base+"/readyz")
		if code == http.StatusOK {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d %s\n%s", code, body, logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// `lapak serve` runs one HTTP server: /healthz and /readyz answer on the
// same port as the Telegram webhook and Midtrans's notifications, and
// `lapak health` reads /readyz there.
func TestServeOneHTTPServer(t *testing.T) {
	s, tg := webhookShop(t)
	logs := &logWatch{addr: make(chan string, 1)}
	addr, stopServe := startServe(t, s, logs)
	base := "http://" + addr

	if code, body := get(t, base+"/healthz"); code != http.StatusOK || body != `{"status":"ok"}`+"\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	// Ready once the webhook is registered with Telegram.
	var ready struct {
		Status string
		Checks map[string]struct{ Status, Error string }
	}
	if err := json.Unmarshal([]byte(waitReady(t, base, logs)), &ready); err != nil {
		t.Fatal(err)
	}
	if ready.Status != "ok" || len(ready.Checks) != 3 || ready.Checks["database"].Status != "ok" ||
		ready.Checks["migrations"].Status != "ok" || ready.Checks["telegram"].Status != "ok" {
		t.Errorf("/readyz: %+v", ready)
	}
	if reg := tg.Webhook(); reg.Get("url") != "https://toko.example.com/telegram/webhook" || reg.Get("secret_token") != webhookSecret {
		t.Errorf("setWebhook: %v", reg)
	}
	resp, err := http.Post(base+"/readyz", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /readyz: %d", resp.StatusCode)
	}

	// The webhook path takes a customer's message on the same port.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	budi := telegramtest.User{ID: 4242, FirstName: "Budi"}
	if code, err := telegramtest.PostUpdate(ctx, base+"/telegram/webhook", webhookSecret, tg.TextUpdate(budi, "/start")); err != nil || code != http.StatusOK {
		t.Fatalf("webhook: %d %v\n%s", code, err, logs)
	}
	waitText(ctx, t, tg, budi.ID, "selamat datang di Toko Lapak Demo")
	if code, err := telegramtest.PostUpdate(ctx, base+"/telegram/webhook", "wrong", tg.TextUpdate(budi, "halo")); err != nil || code != http.StatusUnauthorized {
		t.Errorf("webhook with a wrong secret: %d %v", code, err)
	}
	// So does Midtrans's notification path: a forgery is refused there.
	forged := bytes.Replace(signedNotification("K7M-4QP-1", "settlement", "49000.00"), []byte(`"signature_key":"`), []byte(`"signature_key":"00`), 1)
	resp, err = http.Post(base+"/midtrans/notification", "application/json", bytes.NewReader(forged))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged notification: %d", resp.StatusCode)
	}

	// `lapak health` finds serve through LAPAK_HTTP_LISTEN, or --url.
	for _, args := range [][]string{{"health"}, {"health", "--url", base + "/readyz"}} {
		env := map[string]string{"LAPAK_HTTP_LISTEN": addr}
		var out, errOut bytes.Buffer
		code := run(ctx, args, strings.NewReader(""), &out, &errOut, func(k string) string { return env[k] })
		if code != exitOK || out.String() != "ready: database ok, migrations ok, telegram ok\n" {
			t.Errorf("lapak %s: exit %d\nstdout %q\nstderr %q", strings.Join(args, " "), code, out.String(), errOut.String())
		}
	}

	stopServe()
	out := logs.String()
	for _, secret := range []string{telegramtest.Token, webhookSecret, midtransKey} {
		if strings.Contains(out, secret) {
			t.Errorf("a secret was logged:\n%s", out)
		}
	}
	if strings.Contains(out, "deprecated") {
		t.Errorf("a deprecation line without a deprecated setting:\n%s", out)
	}
}

// LAPAK_TELEGRAM_LISTEN still works for one release: the same server also
// listens there, and serve says once that it is deprecated.
func TestServeDeprecatedTelegramListen(t *testing.T) {
	s, tg := webhookShop(t)
	s.env["LAPAK_TELEGRAM_LISTEN"] = "localhost:0" // another address than 127.0.0.1:0
	logs := &logWatch{addr: make(chan string, 1), legacy: make(chan string, 1)}
	addr, stopServe := startServe(t, s, logs)
	var legacy string
	select { // logged right after the main address
	case legacy = <-logs.legacy:
	case <-time.After(30 * time.Second):
		t.Fatalf("no second address:\n%s", logs)
	}
	if legacy == addr {
		t.Fatalf("one address %s", addr)
	}
	waitReady(t, "http://"+addr, logs)
	if code, body := get(t, "http://"+legacy+"/healthz"); code != http.StatusOK || body != `{"status":"ok"}`+"\n" {
		t.Errorf("/healthz on the old address: %d %q", code, body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	budi := telegramtest.User{ID: 4242, FirstName: "Budi"}
	if code, err := telegramtest.PostUpdate(ctx, "http://"+legacy+"/telegram/webhook", webhookSecret, tg.TextUpdate(budi, "/start")); err != nil || code != http.StatusOK {
		t.Fatalf("webhook on the old address: %d %v", code, err)
	}
	waitText(ctx, t, tg, budi.ID, "selamat datang di Toko Lapak Demo")
	stopServe()
	if n := strings.Count(logs.String(), "LAPAK_TELEGRAM_LISTEN is deprecated: use LAPAK_HTTP_LISTEN"); n != 1 {
		t.Errorf("%d deprecation lines, want 1:\n%s", n, logs)
	}
}

// `lapak health` with nothing listening, or a serve that is not ready,
// exits 1 with one clear line; a bad flag is a usage error.
func TestHealthFailures(t *testing.T) {
	s := newShop(t)
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := free.Addr().String()
	free.Close()
	s.env["LAPAK_HTTP_LISTEN"] = addr
	r := s.run("", "health")
	want := "lapak: health: nothing listens at http://" + addr + "/readyz: is `lapak serve` running? ("
	if r.code != exitError || !strings.HasPrefix(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
		t.Errorf("nothing listening: exit %d\nstdout %q\nstderr %q\nwant %q…", r.code, r.stdout, r.stderr, want)
	}

	// Port only: the loopback is asked.
	s.env["LAPAK_HTTP_LISTEN"] = ":" + strings.Split(addr, ":")[1]
	if r := s.run("", "health"); r.code != exitError || !strings.Contains(r.stderr, "http://"+addr+"/readyz") {
		t.Errorf("port only: exit %d %q", r.code, r.stderr)
	}

	notReady := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"status":"fail","checks":{"database":{"status":"ok"},"migrations":{"status":"ok"},"telegram":{"status":"fail","error":"telegram: getUpdates: 502 Bad Gateway"}}}`)
	}))
	defer notReady.Close()
	r = s.run("", "health", "--url", notReady.URL+"/readyz")
	if r.code != exitError || r.stdout != "not ready: database ok, migrations ok, telegram fail (telegram: getUpdates: 502 Bad Gateway)\n" {
		t.Errorf("not ready: exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}

	notLapak := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html>hello</html>") }))
	defer notLapak.Close()
	if r := s.run("", "health", "--url", notLapak.URL); r.code != exitError || !strings.Contains(r.stderr, "answered 200 OK, not Lapak's readiness report") {
		t.Errorf("not Lapak: exit %d %q", r.code, r.stderr)
	}

	for _, args := range [][]string{{"health", "--url", "ftp://x/readyz"}, {"health", "--url", "127.0.0.1:8080"}, {"health", "now"}, {"health", "--bogus"}} {
		if r := s.run("", args...); r.code != exitUsage {
			t.Errorf("lapak %s: exit %d, want 2\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}

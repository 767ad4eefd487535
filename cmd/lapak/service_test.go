package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
)

// Telegram out of reach when serve starts (a 5xx, then a dropped call):
// serve stays up, /readyz says telegram is down and why, and once getMe
// answers the bot polls and a customer is answered.
func TestServeStartsWhileTelegramIsDown(t *testing.T) {
	s := newShop(t)
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = telegramtest.Token
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	hang := make(chan struct{})
	tg.Fail("getMe", 1, telegramtest.ServerError())
	tg.Fail("getMe", 1, telegramtest.Failure{Hang: hang})
	logs := &logWatch{addr: make(chan string, 1)}
	addr, _ := startServe(t, s, logs)
	base := "http://" + addr

	code, body := get(t, base+"/readyz")
	var ready struct {
		Status string
		Checks map[string]struct{ Status, Error string }
	}
	if err := json.Unmarshal([]byte(body), &ready); err != nil {
		t.Fatal(err)
	}
	if code != http.StatusServiceUnavailable || ready.Checks["telegram"].Status != "fail" ||
		!strings.Contains(ready.Checks["telegram"].Error, "502") || ready.Checks["database"].Status != "ok" {
		t.Errorf("/readyz while Telegram is down: %d %s", code, body)
	}
	if !strings.Contains(logs.String(), "cannot reach Telegram at start") {
		t.Errorf("no log line for the failed start:\n%s", logs)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := tg.WaitCalls(ctx, "getMe", 2); err != nil { // the first retry, held by the network
		t.Fatal(err)
	}
	close(hang)
	waitReady(t, base, logs)
	if n := strings.Count(logs.String(), "cannot reach Telegram, will retry"); n != 1 {
		t.Errorf("%d retry log lines, want 1 (for the dropped call):\n%s", n, logs)
	}
	budi := telegramtest.User{ID: 5151, FirstName: "Budi"}
	tg.SendText(budi, "halo")
	waitText(ctx, t, tg, budi.ID, "Halo kak")
}

// A refused token still stops serve at the start, saying what to do.
func TestServeRefusedTokenFailsFast(t *testing.T) {
	s := newShop(t)
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = "4242:" + strings.Repeat("y", 35)
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	r := s.run("", "serve")
	if r.code != 1 || !strings.Contains(r.stderr, "lapak: telegram: the bot token was rejected (401 Unauthorized)") || strings.Contains(r.stderr, "yyyy") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// LAPAK_LOG_FORMAT=json writes one JSON object a line.
func TestJSONLogs(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_LOG_FORMAT"] = "json"
	s.env["LAPAK_LOG_LEVEL"] = "info"
	r := s.ok("", "chat")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	found := false
	for _, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		if strings.HasPrefix(rec["msg"].(string), "demo catalog added") && rec["level"] == "INFO" && rec["variants"] != nil {
			found = true
		}
	}
	if !found {
		t.Errorf("no demo catalog line in:\n%s", r.stderr)
	}
}

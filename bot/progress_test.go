package bot_test

import (
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
)

func TestProgressRemembersPartialDeliveriesForAnHour(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	p := bot.NewProgress[int](func() time.Time { return now })
	key := bot.ProgressKey("42", lapak.Outbound{Text: "halo", Image: "demo:x"})
	if key == bot.ProgressKey("43", lapak.Outbound{Text: "halo", Image: "demo:x"}) ||
		key == bot.ProgressKey("42", lapak.Outbound{Text: "halo"}) {
		t.Fatal("different chats or messages share a key")
	}
	if got := p.Get(key); got != 0 {
		t.Fatalf("fresh key = %d", got)
	}
	p.Save(key, 1)
	now = now.Add(59 * time.Minute)
	if got := p.Get(key); got != 1 {
		t.Fatalf("after 59m = %d, want 1", got)
	}
	now = now.Add(2 * time.Minute)
	if got := p.Get(key); got != 0 {
		t.Fatalf("after 61m = %d, want 0: a stale entry would skip parts of a new delivery", got)
	}
	p.Save(key, 2)
	p.Done(key)
	if got := p.Get(key); got != 0 {
		t.Fatalf("after Done = %d", got)
	}
}

package bot

import (
	"context"
	"testing"
	"time"
)

func TestPacerNeverExceedsTheRate(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	p := newPacer(Pace{PerSecond: 2}, nil)
	var got []time.Duration
	for _, chat := range []string{"a", "b", "a", "c"} {
		got = append(got, p.slot(chat, t0).Sub(t0))
	}
	want := []time.Duration{0, 500 * time.Millisecond, time.Second, 1500 * time.Millisecond}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("slots %v, want %v", got, want)
		}
	}
}

func TestPacerKeepsTheChatGapWithoutDelayingOthers(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	p := newPacer(Pace{PerSecond: 10, PerChatGap: 3 * time.Second}, nil)
	if at := p.slot("a", t0); !at.Equal(t0) {
		t.Fatalf("first message delayed to %v", at)
	}
	if at := p.chatSlot("a", t0); at.Sub(t0) != 3*time.Second {
		t.Fatalf("chat a may write again after %v, want 3s", at.Sub(t0))
	}
	// Chat b is not held up by a's gap, only by the channel rate.
	if at := p.chatSlot("b", t0); !at.Equal(t0) {
		t.Fatalf("chat b waits for a's gap")
	}
	if at := p.slot("b", t0); at.Sub(t0) != 100*time.Millisecond {
		t.Fatalf("chat b slot after %v, want 100ms", at.Sub(t0))
	}
}

func TestZeroPaceIsUnlimited(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	p := newPacer(Pace{}, nil)
	for range 3 {
		if at := p.slot("a", t0); !at.Equal(t0) {
			t.Fatalf("unlimited pace delayed a message to %v", at)
		}
	}
}

func TestPacerTakeNeverWaits(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	p := newPacer(Pace{PerSecond: 5.0 / 60, PerChatGap: time.Minute}, nil)
	if _, ok := p.take("a", t0); !ok {
		t.Fatal("first message held back")
	}
	if at, ok := p.take("b", t0.Add(time.Second)); ok || at.Sub(t0) != 12*time.Second {
		t.Fatalf("second message within the budget's 12s: ok=%v next=%v", ok, at.Sub(t0))
	}
	if _, ok := p.take("b", t0.Add(12*time.Second)); !ok {
		t.Fatal("b held back after the budget's interval")
	}
	// a's own gap is longer than the budget's interval.
	if at, ok := p.take("a", t0.Add(30*time.Second)); ok || at.Sub(t0) != time.Minute {
		t.Fatalf("a again after 30s: ok=%v next=%v, want the 1m chat gap", ok, at.Sub(t0))
	}
}

func TestJitterOnlyAddsDelay(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	p := newPacer(Pace{PerSecond: 1, Jitter: 500 * time.Millisecond}, nil)
	prev := p.slot("a", t0)
	for range 20 {
		at := p.slot("a", t0)
		if d := at.Sub(prev); d < time.Second || d > 1500*time.Millisecond {
			t.Fatalf("gap %v between slots, want 1s..1.5s", d)
		}
		prev = at
	}
}

// Sends that actually start are counted in a sliding window, so a late
// wake-up followed by an on-time slot cannot put more than the limit into
// any one window.
func TestPacerWindowHoldsEvenWhenSlotsBunch(t *testing.T) {
	p := newPacer(Pace{PerSecond: 5}, time.Now)
	p.span = 50 * time.Millisecond // five sends per 50ms window keeps the test short
	ctx := context.Background()
	var starts []time.Time
	for range 20 {
		// No slot waits: as if every goroutine woke at once for its slot.
		if err := p.admit(ctx); err != nil {
			t.Fatal(err)
		}
		// The time the pacer counted the send at: a clock read here, after
		// admit returned, could lag by a scheduling delay.
		p.mu.Lock()
		starts = append(starts, p.starts[len(p.starts)-1])
		p.mu.Unlock()
	}
	for i := 5; i < len(starts); i++ {
		if d := starts[i].Sub(starts[i-5]); d < p.span {
			t.Fatalf("sends %d and %d started %v apart: six in one %v window", i-5, i, d, p.span)
		}
	}
}

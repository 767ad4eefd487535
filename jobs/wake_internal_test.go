package jobs

import (
	"context"
	"testing"
)

// Wake-ups before a pass coalesce into one, and Wake never blocks.
func TestWakeCoalesces(t *testing.T) {
	r := New(Options{Jobs: []Job{{Name: "links", Run: func(context.Context) (int, error) { return 0, nil }}}})
	for range 5 {
		r.Wake("links")
	}
	if n := len(r.byID["links"].wake); n != 1 {
		t.Errorf("%d pending wake-ups, want 1", n)
	}
}

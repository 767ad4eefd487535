package lapak

import "time"

// Clock is the program's time. Production runs on the system clock; tests
// inject one they move, and whatever waits for a moment (the background
// jobs) waits on the same clock, so moving it is all a test does to let an
// order expire.
type Clock interface {
	Now() time.Time
	// After delivers the time once the clock has moved d past now.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real time.
var SystemClock Clock = systemClock{}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

package lapak

import (
	"testing"
	"time"
)

func TestQuietHours(t *testing.T) {
	jkt, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	q, err := ParseQuietHours("21:00-08:00")
	if err != nil || q.String() != "21:00-08:00" {
		t.Fatalf("%v %v", q, err)
	}
	at := func(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, jkt) }
	for _, c := range []struct {
		t     time.Time
		quiet bool
		next  time.Time
	}{
		{at(2, 20, 59), false, at(2, 20, 59)},
		{at(2, 21, 0), true, at(3, 8, 0)},
		{at(2, 23, 59), true, at(3, 8, 0)},
		{at(3, 0, 0), true, at(3, 8, 0)},
		{at(3, 7, 59), true, at(3, 8, 0)},
		{at(3, 8, 0), false, at(3, 8, 0)},
	} {
		// The same instant in UTC: quiet hours are read in the shop's zone.
		if got := q.Quiet(c.t.UTC(), jkt); got != c.quiet {
			t.Errorf("%v quiet = %v", c.t, got)
		}
		if got := q.Next(c.t.UTC(), jkt); !got.Equal(c.next) {
			t.Errorf("%v next = %v, want %v", c.t, got, c.next)
		}
	}
	day, _ := ParseQuietHours("12.00-13.30")
	if !day.Quiet(at(2, 13, 29), jkt) || day.Quiet(at(2, 13, 30), jkt) || !day.Next(at(2, 12, 0), jkt).Equal(at(2, 13, 30)) {
		t.Errorf("a span within one day: %v", day)
	}
	off, err := ParseQuietHours("off")
	if err != nil || !off.Off() || off.Quiet(at(2, 23, 0), jkt) {
		t.Errorf("off: %v %v", off, err)
	}
	for _, bad := range []string{"21-08", "25:00-08:00", "21:00", "21:00-21:00", "malam"} {
		if _, err := ParseQuietHours(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

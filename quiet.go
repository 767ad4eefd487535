package lapak

import (
	"fmt"
	"strings"
	"time"
)

// QuietHours is a daily span of wall-clock time in the shop's time zone in
// which nothing promotional goes out (promos, cart reminders, restock
// notices): LAPAK_QUIET_HOURS, "21:00-08:00" by default. The span may
// cross midnight. The zero value is no quiet hours.
type QuietHours struct {
	From, To time.Duration // since midnight; equal means none
}

// ParseQuietHours reads "HH:MM-HH:MM" (also "21.00-08.00"), or "off" /
// "none" for no quiet hours.
func ParseQuietHours(s string) (QuietHours, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "off", "none", "tidak", "-":
		return QuietHours{}, nil
	}
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return QuietHours{}, fmt.Errorf("%q: write the span as HH:MM-HH:MM, e.g. 21:00-08:00, or off", s)
	}
	f, err1 := clockTime(from)
	t, err2 := clockTime(to)
	if err1 != nil || err2 != nil {
		return QuietHours{}, fmt.Errorf("%q: write the span as HH:MM-HH:MM, e.g. 21:00-08:00, or off", s)
	}
	if f == t {
		return QuietHours{}, fmt.Errorf("%q: the span starts and ends at the same time (write off for no quiet hours)", s)
	}
	return QuietHours{From: f, To: t}, nil
}

// clockTime reads "21:00", "21.00" or "8:30" as the time since midnight.
func clockTime(s string) (time.Duration, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", ":")
	var h, m int
	if n, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil || n != 2 || len(s) > 5 {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	if h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// Off reports that there are no quiet hours.
func (q QuietHours) Off() bool { return q.From == q.To }

// String is the span as configured: "21:00-08:00", or "off".
func (q QuietHours) String() string {
	if q.Off() {
		return "off"
	}
	hm := func(d time.Duration) string { return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60) }
	return hm(q.From) + "-" + hm(q.To)
}

// Quiet reports whether t, read in loc, falls inside the quiet hours.
func (q QuietHours) Quiet(t time.Time, loc *time.Location) bool {
	if q.Off() {
		return false
	}
	d := sinceMidnight(t.In(loc))
	if q.From < q.To {
		return d >= q.From && d < q.To
	}
	return d >= q.From || d < q.To
}

// Next is the first moment at or after t outside the quiet hours: t itself
// when t is not quiet, else when the quiet span ends.
func (q QuietHours) Next(t time.Time, loc *time.Location) time.Time {
	if !q.Quiet(t, loc) {
		return t
	}
	local := t.In(loc)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	end := midnight.Add(q.To)
	if sinceMidnight(local) >= q.To { // in the evening part of a span crossing midnight
		end = time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, loc).Add(q.To)
	}
	return end
}

func sinceMidnight(t time.Time) time.Duration {
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
}

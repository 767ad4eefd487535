package lapak

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Errors of ParseWhen, for the reply that says what to write instead.
var (
	ErrWhenFormat = errors.New("not a time")
	ErrWhenPast   = errors.New("in the past")
	ErrWhenNoHour = errors.New("no time of day")
)

// ParseWhen reads when something should happen, as a seller writes it in
// chat or on the command line, in the shop's time zone loc, relative to
// now: "sekarang" / "now", "besok 09.00", "lusa jam 10", "hari ini 19:30",
// a weekday ("Sabtu 10.00", "sabtu depan jam 8", "saturday 10:00": the next
// one, a week ahead when today's hour has passed), a date ("24/12 09.00",
// "24/12/2026 9:00", "24 Des 09.00", "2026-12-24 09:00"). A day needs a time
// of day (ErrWhenNoHour: "besok" typed at 23:59 would be a minute away); a
// moment before now is ErrWhenPast. "sekarang" is now itself.
func ParseWhen(s string, now time.Time, loc *time.Location) (time.Time, error) {
	raw := s
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch s {
	case "sekarang", "now", "skrg", "langsung", "saat ini":
		return now, nil
	case "":
		return time.Time{}, fmt.Errorf("%q: %w", raw, ErrWhenFormat)
	}
	local := now.In(loc)
	var words []string
	for _, w := range strings.Fields(strings.ReplaceAll(s, ",", " ")) {
		switch w {
		case "pukul", "jam", "at", "@", "pkl":
		default:
			words = append(words, w)
		}
	}

	// The time of day: the last word that reads as one.
	hour, minute, haveTime := 0, 0, false
	if n := len(words); n > 0 {
		if h, m, ok := readClock(words[n-1]); ok {
			hour, minute, haveTime = h, m, true
			words = words[:n-1]
		}
	}
	// Words that only decorate: "depan" (next), "ini" (this), "tgl".
	var rest []string
	next := false
	for _, w := range words {
		switch w {
		case "depan", "next":
			next = true
		case "ini", "this", "tgl", "tanggal", "hari", "on", "pada":
		default:
			rest = append(rest, w)
		}
	}
	day, ok := time.Time{}, false
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	switch {
	case len(rest) == 0 && haveTime: // "hari ini 19.00", "jam 19"
		day, ok = today, true
	case len(rest) == 1 && (rest[0] == "besok" || rest[0] == "tomorrow" || rest[0] == "bsk" || rest[0] == "besuk"):
		day, ok = today.AddDate(0, 0, 1), true
	case len(rest) == 1 && (rest[0] == "lusa"):
		day, ok = today.AddDate(0, 0, 2), true
	case len(rest) == 1 && weekday(rest[0]) >= 0:
		d := (int(weekday(rest[0])) - int(today.Weekday()) + 7) % 7
		if next && d == 0 {
			d = 7
		}
		day, ok = today.AddDate(0, 0, d), true
		if haveTime && d == 0 && !day.Add(time.Duration(hour)*time.Hour+time.Duration(minute)*time.Minute).After(now) {
			day = day.AddDate(0, 0, 7) // "Sabtu 10.00" on Saturday at noon: next Saturday
		}
	default:
		day, ok = readDate(rest, today)
	}
	if !ok {
		return time.Time{}, fmt.Errorf("%q: %w", raw, ErrWhenFormat)
	}
	if !haveTime {
		return time.Time{}, fmt.Errorf("%q: %w", raw, ErrWhenNoHour)
	}
	at := time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, loc)
	if at.Before(now.Truncate(time.Minute)) {
		return time.Time{}, fmt.Errorf("%q: %w", raw, ErrWhenPast)
	}
	return at, nil
}

// readClock reads "09.00", "9:30", "9", "19", "9am", "7pm", "09.00wib".
func readClock(w string) (int, int, bool) {
	w = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(w, "wib"), "wita"), "wit")
	pm, am := strings.HasSuffix(w, "pm"), strings.HasSuffix(w, "am")
	if pm || am {
		w = w[:len(w)-2]
	}
	hs, ms, hasMin := strings.Cut(strings.ReplaceAll(w, ".", ":"), ":")
	h, err := strconv.Atoi(hs)
	if err != nil || len(hs) > 2 {
		return 0, 0, false
	}
	m := 0
	if hasMin {
		if m, err = strconv.Atoi(ms); err != nil || len(ms) != 2 || m > 59 {
			return 0, 0, false
		}
	}
	switch {
	case pm && h >= 1 && h <= 11:
		h += 12
	case am && h == 12:
		h = 0
	case (pm || am) && (h < 1 || h > 12):
		return 0, 0, false
	}
	if h > 23 {
		return 0, 0, false
	}
	return h, m, true
}

var weekdays = map[string]time.Weekday{
	"minggu": time.Sunday, "ahad": time.Sunday, "sunday": time.Sunday,
	"senin": time.Monday, "monday": time.Monday,
	"selasa": time.Tuesday, "tuesday": time.Tuesday,
	"rabu": time.Wednesday, "wednesday": time.Wednesday,
	"kamis": time.Thursday, "thursday": time.Thursday,
	"jumat": time.Friday, "jum'at": time.Friday, "friday": time.Friday,
	"sabtu": time.Saturday, "saturday": time.Saturday,
}

func weekday(w string) time.Weekday {
	if d, ok := weekdays[w]; ok {
		return d
	}
	return -1
}

var months = map[string]time.Month{
	"jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "mar": 3, "maret": 3, "march": 3,
	"apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7,
	"agu": 8, "agt": 8, "ags": 8, "agustus": 8, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"okt": 10, "oktober": 10, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"des": 12, "desember": 12, "dec": 12, "december": 12,
}

// readDate reads "24/12", "24/12/2026", "24-12-26", "2026-12-24", "24 des",
// "24 desember 2026". A date without a year is the next such day (this
// year, or next year once it has passed).
func readDate(words []string, today time.Time) (time.Time, bool) {
	var d, y int
	var m time.Month
	switch len(words) {
	case 1:
		w := strings.ReplaceAll(words[0], "-", "/")
		parts := strings.Split(w, "/")
		nums := make([]int, len(parts))
		for i, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil {
				return time.Time{}, false
			}
			nums[i] = n
		}
		switch {
		case len(nums) == 3 && len(parts[0]) == 4: // 2026-12-24
			y, m, d = nums[0], time.Month(nums[1]), nums[2]
		case len(nums) == 3:
			d, m, y = nums[0], time.Month(nums[1]), nums[2]
		case len(nums) == 2:
			d, m = nums[0], time.Month(nums[1])
		default:
			return time.Time{}, false
		}
	case 2, 3:
		n, err := strconv.Atoi(words[0])
		mo, okm := months[words[1]]
		if err != nil || !okm {
			return time.Time{}, false
		}
		d, m = n, mo
		if len(words) == 3 {
			if y, err = strconv.Atoi(words[2]); err != nil {
				return time.Time{}, false
			}
		}
	default:
		return time.Time{}, false
	}
	if y > 0 && y < 100 {
		y += 2000
	}
	explicitYear := y != 0
	if !explicitYear {
		y = today.Year()
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, today.Location())
	if t.Day() != d { // 31/2
		return time.Time{}, false
	}
	if !explicitYear && t.Before(today) {
		t = t.AddDate(1, 0, 0)
	}
	return t, true
}

package lapak

import (
	"errors"
	"testing"
	"time"
)

func TestParseWhen(t *testing.T) {
	jkt, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	// Wednesday 2 December 2026, 14:20 in Jakarta.
	now := time.Date(2026, 12, 2, 14, 20, 30, 0, jkt).UTC()
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, jkt) }
	for in, want := range map[string]time.Time{
		"sekarang":            now,
		"Now":                 now,
		"besok 09.00":         at(2026, 12, 3, 9, 0),
		"besok jam 9":         at(2026, 12, 3, 9, 0),
		"Besok pukul 19:30":   at(2026, 12, 3, 19, 30),
		"lusa 10:00":          at(2026, 12, 4, 10, 0),
		"hari ini 19.00":      at(2026, 12, 2, 19, 0),
		"jam 16":              at(2026, 12, 2, 16, 0),
		"Sabtu 10.00":         at(2026, 12, 5, 10, 0),
		"sabtu depan jam 8":   at(2026, 12, 5, 8, 0),
		"rabu 15.00":          at(2026, 12, 2, 15, 0), // today, later
		"rabu 10.00":          at(2026, 12, 9, 10, 0), // today's hour passed: next week
		"rabu depan 15.00":    at(2026, 12, 9, 15, 0),
		"saturday 10am":       at(2026, 12, 5, 10, 0),
		"tomorrow 7pm":        at(2026, 12, 3, 19, 0),
		"24/12 09.00":         at(2026, 12, 24, 9, 0),
		"24/12/2026 9:00":     at(2026, 12, 24, 9, 0),
		"24-12-26 09.00":      at(2026, 12, 24, 9, 0),
		"2026-12-24 09:00":    at(2026, 12, 24, 9, 0),
		"24 Des 09.00":        at(2026, 12, 24, 9, 0),
		"tgl 5 januari 08.00": at(2027, 1, 5, 8, 0), // no year: the next 5 January
		"1/12 10.00":          at(2027, 12, 1, 10, 0),
	} {
		got, err := ParseWhen(in, now, jkt)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseWhen(%q) = %v, %v; want %v", in, got.In(jkt), err, want)
		}
	}
	for in, want := range map[string]error{
		"besok":            ErrWhenNoHour, // at 23:59 it would be a minute away
		"sabtu":            ErrWhenNoHour,
		"24/12":            ErrWhenNoHour,
		"hari ini 09.00":   ErrWhenPast,
		"1/12/2026 10.00":  ErrWhenPast,
		"kapan-kapan":      ErrWhenFormat,
		"besok 25.00":      ErrWhenFormat,
		"31/2 09.00":       ErrWhenFormat,
		"":                 ErrWhenFormat,
		"besok 9.5":        ErrWhenFormat,
		"minggu ini 13pm":  ErrWhenFormat,
		"2026-13-01 09:00": ErrWhenFormat,
	} {
		if _, err := ParseWhen(in, now, jkt); !errors.Is(err, want) {
			t.Errorf("ParseWhen(%q) error %v, want %v", in, err, want)
		}
	}
}

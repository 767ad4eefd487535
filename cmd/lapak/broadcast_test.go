package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	pngenc "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// advanceUntil moves the clock a broadcast pass at a time until fn is true.
func advanceUntil(ctx context.Context, t *testing.T, clock *storagetest.Clock, what string, fn func() bool) {
	t.Helper()
	for !fn() {
		select {
		case <-ctx.Done():
			t.Fatalf("never: %s", what)
		case <-time.After(50 * time.Millisecond):
		}
		clock.Advance(broadcastInterval)
	}
}

func promoTo(tg *telegramtest.Server, chat int64) []string {
	var out []string
	for _, m := range tg.Sent(chat) {
		if strings.Contains(m.Text, "Nastar Keju diskon") {
			out = append(out, m.Text)
		}
	}
	return out
}

// A promo planned from the CLI reaches the customers who chatted, not one
// who typed BERHENTI before it and not one who typed it after it was
// planned; planned for 21:30 it waits out the quiet hours until 08:00; the
// admin gets the report; `--status` shows what became of it.
func TestBroadcastFromCLI(t *testing.T) {
	s, tg := realShop(t)
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	s.clock = storagetest.NewClock(time.Date(2026, 12, 1, 20, 0, 0, 0, jakarta))
	s.env["LAPAK_ADMINS"] = "telegram:9000"
	siti := telegramtest.User{ID: 5001, FirstName: "Siti"}
	budi := telegramtest.User{ID: 5002, FirstName: "Budi"}
	ani := telegramtest.User{ID: 5003, FirstName: "Ani"}
	promoFile := filepath.Join(s.dir, "promo.txt")
	if err := os.WriteFile(promoFile, []byte("Halo {nama}! Nastar Keju diskon 20% di {toko}, cuma minggu ini.\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	var png bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(s.dir, "nastar.png")
	if err := os.WriteFile(photo, png.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	notPhoto := filepath.Join(s.dir, "nastar.pdf")
	if err := os.WriteFile(notPhoto, []byte("%PDF-1.4 not a picture"), 0o600); err != nil {
		t.Fatal(err)
	}

	logs := newWatchedLog()
	stop := s.startServeArgs(logs)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, u := range []telegramtest.User{siti, budi, ani} {
		tg.SendText(u, "halo")
		waitText(ctx, t, tg, u.ID, "selamat datang")
	}
	tg.SendText(ani, "BERHENTI")
	waitText(ctx, t, tg, ani.ID, "tidak akan dapat pesan promo")

	// A look first changes nothing.
	dry := s.ok("", "broadcast", "--segment", "all", "--at", "2026-12-01 21:30", "--voucher", "nastar20", "--dry-run", promoFile)
	for _, want := range []string{"penerima / recipients: 2 (telegram 2)", "held back by the weekly cap: 0",
		"| Halo Siti! Nastar Keju diskon 20% di Dapur Bu Sari", "| 🎟 Pakai kode voucher: NASTAR20",
		"| Ketik BERHENTI kalau tidak mau dapat promo lagi.", "done by 2026-12-02 08:00", "dry run: nothing changed"} {
		if !strings.Contains(dry.stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, dry.stdout)
		}
	}
	if r := s.run("", "broadcast", "--segment", "all"); r.code != 2 || !strings.Contains(r.stderr, "give the promo's text file") {
		t.Errorf("no file: exit %d\n%s", r.code, r.stderr)
	}
	if r := s.run("", "broadcast", promoFile); r.code != 2 || !strings.Contains(r.stderr, "--segment is required") {
		t.Errorf("no segment: exit %d\n%s", r.code, r.stderr)
	}
	if r := s.run("", "broadcast", "--segment", "all", promoFile); r.code != 1 || !strings.Contains(r.stderr, "--yes") {
		t.Errorf("without a terminal or --yes: exit %d\n%s", r.code, r.stderr)
	}
	if r := s.run("", "broadcast", "--segment", "order:abc", "--yes", promoFile); r.code != 1 ||
		!strings.Contains(r.stderr, `segment: word 1 "order:abc": "abc" is not a number of days`) {
		t.Errorf("bad segment: exit %d\n%s", r.code, r.stderr)
	}
	if r := s.run("", "broadcast", "--segment", "all", "--at", "2026-12-01 09:00", "--yes", promoFile); r.code != 1 ||
		!strings.Contains(r.stderr, "has passed") {
		t.Errorf("a time in the past: exit %d\n%s", r.code, r.stderr)
	}
	if r := s.run("", "broadcast", "--segment", "all", "--photo", notPhoto, "--yes", promoFile); r.code != 1 || !strings.Contains(r.stderr, "not a picture") {
		t.Errorf("a PDF as the photo: exit %d\n%s", r.code, r.stderr)
	}
	planned := s.ok("", "broadcast", "--segment", "all", "--at", "2026-12-01 21:30", "--voucher", "nastar20", "--photo", photo, "--yes", promoFile)
	if !strings.Contains(planned.stdout, "broadcast 1 planned: 2 recipients") {
		t.Fatalf("planned:\n%s", planned.stdout)
	}
	// Budi opts out after the planning: he is skipped when it goes.
	tg.SendText(budi, "stop")
	waitText(ctx, t, tg, budi.ID, "tidak akan dapat pesan promo")

	// 21:30 is inside the quiet hours: nothing goes until 08:00.
	db, err := storage.Open(ctx, s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs := func() int {
		j, err := db.Job(ctx, jobBroadcasts)
		if err != nil {
			return 0
		}
		return j.Runs
	}
	before := runs()
	s.clock.Set(time.Date(2026, 12, 1, 21, 30, 0, 0, jakarta))
	// Two more passes of the broadcast job: at least one ran wholly inside
	// the quiet hours.
	advanceUntil(ctx, t, s.clock, "two passes of the broadcast job in the quiet hours", func() bool { return runs() >= before+2 })
	if got := promoTo(tg, siti.ID); len(got) != 0 {
		t.Fatalf("a promo went out in the quiet hours: %q", got)
	}
	if st := s.ok("", "broadcast", "--status", "1"); !strings.Contains(st.stdout, "waiting: 2") {
		t.Errorf("status in the quiet hours:\n%s", st.stdout)
	}
	s.clock.Set(time.Date(2026, 12, 2, 8, 0, 0, 0, jakarta))
	advanceUntil(ctx, t, s.clock, "the admin's report", func() bool {
		for _, m := range tg.Sent(9000) {
			if strings.Contains(m.Text, "📣 Promo #1 selesai") {
				return true
			}
		}
		return false
	})
	stop()
	if got := promoTo(tg, siti.ID); len(got) != 1 || !strings.Contains(got[0], "NASTAR20") {
		t.Errorf("Siti got %q, want the promo once, with its voucher", got)
	}
	photos := 0
	for _, m := range tg.Sent(siti.ID) {
		if m.Method == "sendPhoto" && bytes.Equal(m.Photo, png.Bytes()) {
			photos++
		}
	}
	if photos != 1 {
		t.Errorf("Siti got the promo's photo %d times, want once", photos)
	}
	for _, u := range []telegramtest.User{budi, ani} {
		if got := promoTo(tg, u.ID); len(got) != 0 {
			t.Errorf("%s opted out, yet got %q", u.FirstName, got)
		}
	}
	var report string
	for _, m := range tg.Sent(9000) {
		if strings.Contains(m.Text, "📣 Promo #1") {
			report = m.Text
		}
	}
	if !strings.Contains(report, "1 terkirim, 0 gagal, 1 dilewati, 0 tidak pasti") {
		t.Errorf("admin report %q", report)
	}
	st := s.ok("", "broadcast", "--status", "1")
	for _, want := range []string{"broadcast 1: done", "voucher: NASTAR20", "sent: 1, failed: 0", "skipped: 1 (opted out since 1)"} {
		if !strings.Contains(st.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, st.stdout)
		}
	}
	list := s.ok("", "broadcast", "--status")
	if !strings.Contains(list.stdout, "done") || !strings.Contains(list.stdout, "all") {
		t.Errorf("list:\n%s", list.stdout)
	}
	if r := s.run("", "broadcast", "--cancel", "1"); r.code != 1 || !strings.Contains(r.stderr, "broadcast 1 is done: nothing changed") {
		t.Errorf("cancelling a finished broadcast: exit %d\n%s", r.code, r.stderr)
	}
}

package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// waitJob waits until the named job has started a pass at or after at (by
// the shop's clock) and finished it: what it would send by then is queued.
// Like waitTextAt it moves the clock a minute at a time while it waits (a
// job's next pass is due an interval after its last one ended, which may
// be after the clock was set), so at should leave a few minutes' room.
func waitJob(ctx context.Context, t *testing.T, st *storage.Store, clock *storagetest.Clock, name string, at time.Time) {
	t.Helper()
	for {
		j, err := st.Job(ctx, name)
		if err == nil && j.StartedAt != nil && !j.StartedAt.Before(at) && j.FinishedAt != nil && !j.FinishedAt.Before(*j.StartedAt) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("job %s did not run at %s (last: %+v, %v)", name, at, j, err)
		case <-time.After(100 * time.Millisecond):
			clock.Advance(time.Minute)
		}
	}
}

// sentWith counts the messages to chat containing want.
func sentWith(tg *telegramtest.Server, chat int64, want string) int {
	n := 0
	for _, m := range tg.Sent(chat) {
		if strings.Contains(m.Text, want) {
			n++
		}
	}
	return n
}

// `lapak serve` reminds a forgotten cart once, three hours after the
// customer went quiet, with a Checkout button that checks out; a reminder
// due in the quiet hours waits for the morning, as does a restock notice
// asked for and restocked at night; a customer who typed BERHENTI gets none.
func TestServeRemindsForgottenCartsAndRestocksOutsideQuietHours(t *testing.T) {
	eachDB(t, remindsOutsideQuietHours)
}

func remindsOutsideQuietHours(t *testing.T, s *shop) {
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	s.clock = storagetest.NewClock(time.Date(2026, 12, 2, 10, 0, 0, 0, jakarta))
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = telegramtest.Token
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	s.env["LAPAK_ADMINS"] = "telegram:999"
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	budi := telegramtest.User{ID: 4242, FirstName: "Budi"}
	sari := telegramtest.User{ID: 4343, FirstName: "Sari"}
	dewi := telegramtest.User{ID: 4444, FirstName: "Dewi"}
	rina := telegramtest.User{ID: 4545, FirstName: "Rina"}
	admin := telegramtest.User{ID: 999, FirstName: "Admin"}
	const reminded = "keranjang belanjanya masih aku simpan"

	s.serveFor(func(ctx context.Context) {
		// 10:00: Budi fills a cart and goes quiet; Sari too, after BERHENTI.
		tg.SendText(budi, "pesan keripik singkong pedas 2")
		waitText(ctx, t, tg, budi.ID, "masuk keranjang")
		tg.SendText(sari, "pesan kacang bawang 1")
		waitText(ctx, t, tg, sari.ID, "masuk keranjang")
		tg.SendText(sari, "BERHENTI")
		waitText(ctx, t, tg, sari.ID, "tidak akan dapat pesan promo lagi")

		// 12:50: not yet.
		s.clock.Advance(2*time.Hour + 50*time.Minute)
		waitJob(ctx, t, st, s.clock, jobCartRemind, s.clock.Now())
		if n := sentWith(tg, budi.ID, reminded); n != 0 {
			t.Fatalf("reminded before three hours")
		}
		// 13:00: the reminder, with a Checkout button.
		s.clock.Set(time.Date(2026, 12, 2, 13, 0, 0, 0, jakarta))
		r := waitTextAt(ctx, t, tg, s.clock, budi.ID, reminded)
		if !strings.Contains(r.Text, "Keripik Singkong (Pedas) × 2 = Rp26.000") {
			t.Errorf("reminder lacks the cart:\n%s", r.Text)
		}
		checkout := ""
		for _, b := range r.Buttons() {
			if b.Text == "Checkout" {
				checkout = b.Data
			}
		}
		if checkout == "" {
			t.Fatalf("no Checkout button under the reminder: %+v", r.Keyboard)
		}
		// One tap, and the checkout runs to an order.
		tg.Press(budi, checkout)
		waitText(ctx, t, tg, budi.ID, "nama penerimanya")
		// Each answer a second after the question before it, as people type:
		// a typed "2" picks from the newest list, the question's, not the
		// reminder's.
		for _, line := range []string{"Budi Santoso", "0812-3456-7890", "2", "Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok", "transfer"} {
			n := len(tg.Sent(budi.ID))
			s.clock.Advance(time.Second)
			tg.SendText(budi, line)
			if _, err := tg.WaitSent(ctx, budi.ID, n+1); err != nil {
				t.Fatalf("no answer to %q: %v", line, err)
			}
		}
		s.clock.Advance(time.Second)
		tg.SendText(budi, "ya")
		waitText(ctx, t, tg, budi.ID, "No. pesanan")

		// 19:00: Dewi fills a cart (due at 22:00, in the quiet hours).
		s.clock.Set(time.Date(2026, 12, 2, 19, 0, 0, 0, jakarta))
		tg.SendText(dewi, "pesan nastar nanas 1")
		waitText(ctx, t, tg, dewi.ID, "masuk keranjang")
		// 21:30, at night: Rina asks to hear when the sold-out rempeyek is
		// back (her replies are not held: she just wrote).
		s.clock.Set(time.Date(2026, 12, 2, 21, 30, 0, 0, jakarta))
		tg.SendText(rina, "/start p_RMP-KCG")
		waitText(ctx, t, tg, rina.ID, "Rempeyek Kacang")
		tg.SendText(rina, "kabari kalau ready ya kak")
		waitText(ctx, t, tg, rina.ID, "aku kabari")

		// 22:30: the seller restocks; neither message goes out at night.
		s.clock.Set(time.Date(2026, 12, 2, 22, 30, 0, 0, jakarta))
		tg.SendText(admin, "/stok RMP-KCG 10")
		waitText(ctx, t, tg, admin.ID, "RMP-KCG")
		for _, at := range []time.Time{time.Date(2026, 12, 2, 22, 31, 0, 0, jakarta), time.Date(2026, 12, 3, 7, 30, 0, 0, jakarta)} {
			s.clock.Set(at)
			waitJob(ctx, t, st, s.clock, jobCartRemind, at)
			waitJob(ctx, t, st, s.clock, jobRestock, at)
		}
		if morning := time.Date(2026, 12, 3, 8, 0, 0, 0, jakarta); !s.clock.Now().Before(morning) {
			t.Fatalf("the clock ran to %s waiting for the jobs", s.clock.Now())
		}
		if n := sentWith(tg, dewi.ID, reminded) + sentWith(tg, rina.ID, "sudah ready lagi"); n != 0 {
			t.Fatalf("%d promotional messages in the quiet hours", n)
		}
		// 08:00: both, in the morning.
		s.clock.Set(time.Date(2026, 12, 3, 8, 0, 0, 0, jakarta))
		waitTextAt(ctx, t, tg, s.clock, dewi.ID, reminded)
		waitTextAt(ctx, t, tg, s.clock, rina.ID, "Rempeyek Kacang sudah ready lagi")
	})
	if n := sentWith(tg, budi.ID, reminded); n != 1 {
		t.Errorf("Budi got %d cart reminders, want 1", n)
	}
	if n := sentWith(tg, sari.ID, reminded); n != 0 {
		t.Errorf("Sari, who typed BERHENTI, got %d cart reminders", n)
	}
}

package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// waitText waits until a message to chat contains want and returns it.
func waitText(ctx context.Context, t *testing.T, tg *telegramtest.Server, chat int64, want string) telegramtest.Sent {
	t.Helper()
	for n := 1; ; n++ {
		sent, err := tg.WaitSent(ctx, chat, n)
		if err != nil {
			var got []string
			for _, m := range tg.Sent(chat) {
				got = append(got, m.Text)
			}
			t.Fatalf("no message with %q to %d: %v\nsent:\n%s", want, chat, err, strings.Join(got, "\n---\n"))
		}
		if strings.Contains(sent[n-1].Text, want) {
			return sent[n-1]
		}
	}
}

// serveFor runs `lapak serve` until fn returns, then stops it and checks it
// exited cleanly.
func (s *shop) serveFor(fn func(ctx context.Context)) {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() { done <- s.runCtx(ctx, "", "serve") }()
	wait, stop := context.WithTimeout(ctx, 30*time.Second)
	fn(wait)
	stop()
	cancel()
	if r := <-done; r.code != 0 {
		s.t.Fatalf("serve exit %d:\n%s", r.code, r.stderr)
	}
}

// setExpiry moves an order's payment deadline (rather than waiting for it).
func (s *shop) setExpiry(number string, at time.Time) {
	s.t.Helper()
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		s.t.Fatal(err)
	}
	defer st.Close()
	if _, err := storagetest.RawDB(st).Exec(`UPDATE lapak_orders SET expires_at = ? WHERE number = ?`, at.UTC(), number); err != nil {
		s.t.Fatal(err)
	}
}

// `lapak serve` reminds an unpaid order once and later expires it, telling
// the customer on their channel each time; the stock comes back.
func TestServeRemindsThenExpiresUnpaidOrders(t *testing.T) {
	s := newShop(t)
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = telegramtest.Token
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	budi := telegramtest.User{ID: 4242, FirstName: "Budi"}

	var number string
	s.serveFor(func(ctx context.Context) {
		// Replies to one chat are paced a second apart: order in few words.
		for _, line := range []string{"pesan keripik singkong pedas 3", "checkout", "Budi Santoso", "0812-3456-7890",
			"2", "Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok", "transfer", "ya"} {
			tg.SendText(budi, line)
		}
		placed := waitText(ctx, t, tg, budi.ID, "No. pesanan")
		m := orderNumber.FindStringSubmatch(placed.Text)
		if m == nil {
			t.Fatalf("no order number in %q", placed.Text)
		}
		number = m[1]
	})

	// An hour before the deadline the order is past its reminder point
	// (halfway by default): serve reminds at once, with how to pay.
	s.setExpiry(number, time.Now().Add(time.Hour))
	s.serveFor(func(ctx context.Context) {
		r := waitText(ctx, t, tg, budi.ID, "Pengingat kak: pesanan "+number+" belum dibayar")
		if !strings.Contains(r.Text, "BCA 1234567890") || !strings.Contains(r.Text, "Rp49.") {
			t.Errorf("reminder lacks how to pay:\n%s", r.Text)
		}
	})

	// Past the deadline: expired, the customer told, the stock back; the
	// reminder is not sent again.
	s.setExpiry(number, time.Now().Add(-time.Minute))
	s.serveFor(func(ctx context.Context) {
		waitText(ctx, t, tg, budi.ID, fmt.Sprintf("pesanan %s (", number))
	})
	reminders := 0
	for _, m := range tg.Sent(budi.ID) {
		if strings.Contains(m.Text, "Pengingat") {
			reminders++
		}
	}
	if reminders != 1 {
		t.Errorf("%d reminders, want exactly 1", reminders)
	}
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o, err := st.OrderByNumber(context.Background(), number)
	if err != nil || o.Status != "expired" {
		t.Errorf("order %s status %q (%v), want expired", number, o.Status, err)
	}
	if v, err := st.VariantBySKU(context.Background(), "KRP-SGK-PDS"); err != nil || v.Stock != 20 {
		t.Errorf("stock %d (%v), want 20 again after the order expired", v.Stock, err)
	}
}

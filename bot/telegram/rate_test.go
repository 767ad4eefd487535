package telegram_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// TestSenderRate measures the outbound rate the sender holds for a burst of
// 10,000 messages to 1,000 chats against the fake Bot API. It takes
// 10,000/rate seconds, so it runs only when asked:
//
//	LAPAK_TELEGRAM_BENCH=1 [LAPAK_TELEGRAM_BENCH_RATE=30] go test -run SenderRate -v ./bot/telegram/
func TestSenderRate(t *testing.T) {
	if os.Getenv("LAPAK_TELEGRAM_BENCH") == "" {
		t.Skip("set LAPAK_TELEGRAM_BENCH=1 to measure the sender's rate (takes 10,000/rate seconds)")
	}
	pace := telegram.DefaultPace()
	if v := os.Getenv("LAPAK_TELEGRAM_BENCH_RATE"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r <= 0 {
			t.Fatalf("LAPAK_TELEGRAM_BENCH_RATE=%q", v)
		}
		pace.PerSecond = r
	}
	const chats, perChat = 1000, 10
	dialect := storage.SQLite
	if storagetest.PostgresURL() != "" {
		dialect = storage.Postgres
	}
	s := storagetest.Open(t, dialect)
	ctx := context.Background()
	for c := range chats {
		in := lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: fmt.Sprint("bench", c), ChatID: strconv.Itoa(10000 + c)}
		err := s.HandleInbound(ctx, in, func(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
			for i := range perChat {
				conv.Reply(lapak.Outbound{Text: fmt.Sprintf("promo %d", i)})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	b, srv := deliverer(t)
	sender := bot.NewSender(bot.SenderOptions{
		Store: s, Channels: []bot.Channel{b}, Logger: discard(),
		Pacing: map[lapak.Channel]bot.Pace{lapak.ChannelTelegram: pace},
	})
	// Bounded, so a sender slower than the limit reports its rate instead of hanging.
	budget := 3 * time.Duration(float64(chats*perChat)/pace.PerSecond*float64(time.Second))
	if v := os.Getenv("LAPAK_TELEGRAM_BENCH_MAX"); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			budget = d
		}
	}
	dctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	start := time.Now()
	for dctx.Err() == nil {
		if _, err := sender.Drain(dctx); err != nil && dctx.Err() == nil {
			t.Fatal(err)
		}
		n, err := s.PendingOutbox(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	elapsed := time.Since(start)
	sent := srv.Sent(0)
	if len(sent) != chats*perChat {
		t.Errorf("only %d of %d sent in %s (%.2f msg/s, limit %.0f)", len(sent), chats*perChat, budget,
			float64(len(sent))/elapsed.Seconds(), pace.PerSecond)
	}
	if len(sent) < 2 {
		return
	}
	at := make([]time.Time, len(sent))
	lastByChat := map[string]time.Time{}
	minGap := time.Hour
	for i, m := range sent {
		at[i] = m.At
		if p, ok := lastByChat[m.ChatID]; ok && m.At.Sub(p) < minGap {
			minGap = m.At.Sub(p)
		}
		lastByChat[m.ChatID] = m.At
	}
	sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
	avg := float64(len(at)-1) / at[len(at)-1].Sub(at[0]).Seconds()
	// The busiest one-second window.
	peak, j := 0, 0
	for i := range at {
		for at[i].Sub(at[j]) >= time.Second {
			j++
		}
		peak = max(peak, i-j+1)
	}
	t.Logf("%s: %d messages to %d chats in %s: average %.2f msg/s (limit %.0f), busiest second %d, smallest gap in one chat %s",
		dialect, len(at), chats, elapsed.Round(time.Millisecond), avg, pace.PerSecond, peak, minGap.Round(time.Millisecond))
	if avg > pace.PerSecond*1.001 || float64(peak) > pace.PerSecond+1 {
		t.Errorf("above the limit: average %.2f, peak %d", avg, peak)
	}
	if avg < pace.PerSecond*0.95 {
		t.Errorf("more than 5%% below the limit: %.2f msg/s", avg)
	}
	if minGap < pace.PerChatGap*99/100 {
		t.Errorf("two messages to one chat %s apart", minGap)
	}
}

// Promos (the bulk class) keep to their share of Telegram's limit,
// measured at the fake server: at most BulkPerSecond in any one second.
func TestBulkPace(t *testing.T) {
	s := storagetest.Open(t, storage.SQLite)
	ctx := context.Background()
	const chats = 3 * telegram.BulkPerSecond
	err := s.HandleInbound(ctx, lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: "m1", ChatID: "1"},
		func(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
			for c := range chats {
				conv.Outbox = append(conv.Outbox, lapak.Envelope{To: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: strconv.Itoa(100 + c)},
					Class: lapak.PaceBulk, Msg: lapak.Outbound{Text: "Promo akhir tahun"}})
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	b, srv := deliverer(t)
	sender := bot.NewSender(bot.SenderOptions{
		Store: s, Channels: []bot.Channel{b}, Logger: discard(),
		Pacing:      map[lapak.Channel]bot.Pace{lapak.ChannelTelegram: telegram.DefaultPace()},
		ClassPacing: map[lapak.Channel]map[lapak.Pacing]bot.Pace{lapak.ChannelTelegram: b.ClassPacing()},
	})
	dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for dctx.Err() == nil && len(srv.Sent(0)) < chats {
		if _, err := sender.Drain(dctx); err != nil && dctx.Err() == nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	sent := srv.Sent(0)
	if len(sent) != chats {
		t.Fatalf("%d of %d promos sent", len(sent), chats)
	}
	at := make([]time.Time, len(sent))
	for i, m := range sent {
		at[i] = m.At
	}
	sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
	peak, j := 0, 0
	for i := range at {
		for at[i].Sub(at[j]) >= time.Second {
			j++
		}
		peak = max(peak, i-j+1)
	}
	// One of slack: the server stamps a send when it arrives, a little
	// after the sender counted it.
	if peak > telegram.BulkPerSecond+1 {
		t.Errorf("%d promos in one second, the bulk share is %d", peak, telegram.BulkPerSecond)
	}
}

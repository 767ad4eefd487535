package telegram_test

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// busiestSecond is the most sends in any one-second window.
func busiestSecond(sent []telegramtest.Sent) int {
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
	return peak
}

// pipeline is the whole bot as cmd/lapak wires it for Telegram: polling →
// router → store → outbox → sender (Telegram's pace, the bulk class's
// budget) → the fake Bot API.
type pipeline struct {
	srv    *telegramtest.Server
	store  *storage.Store
	router *bot.Router
	sender *bot.Sender
	bot    *telegram.Bot
}

func newPipeline(tb testing.TB, s *storage.Store, srv *telegramtest.Server, handle lapak.HandleFunc) *pipeline {
	p := &pipeline{srv: srv, store: s}
	p.router = bot.NewRouter(bot.RouterOptions{
		Store: s, Handle: handle, Logger: discard(),
		Apology:  func(c *lapak.Conversation) { c.Reply(lapak.Outbound{Text: "maaf"}) },
		OnCommit: func(lapak.Inbound) { p.sender.Notify() },
		Parallel: max(1, s.Conns()-2),
	})
	b, err := telegram.New(context.Background(), telegram.Options{
		Token: telegramtest.Token, APIURL: srv.URL, PollTimeout: time.Second,
		Router: p.router, Offsets: s, Logger: discard(),
	})
	if err != nil {
		tb.Fatal(err)
	}
	p.bot = b
	p.sender = bot.NewSender(bot.SenderOptions{
		Store: s, Channels: []bot.Channel{b}, Logger: discard(),
		Pacing:      map[lapak.Channel]bot.Pace{lapak.ChannelTelegram: telegram.DefaultPace()},
		ClassPacing: map[lapak.Channel]map[lapak.Pacing]bot.Pace{lapak.ChannelTelegram: b.ClassPacing()},
		Workers:     max(1, s.Conns()/8),
		Backoff:     func(int) time.Duration { return 100 * time.Millisecond },
	})
	return p
}

// run starts polling and sending until the test ends.
func (p *pipeline) run(tb testing.TB) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = p.bot.Run(ctx) })
	wg.Go(func() { _ = p.sender.Run(ctx) })
	tb.Cleanup(func() { cancel(); wg.Wait(); p.router.Wait() })
}

// queueBulk queues one promo to each of n chats from first on, as a broadcast does.
func queueBulk(tb testing.TB, s *storage.Store, first, n int, text string) {
	tb.Helper()
	for from := 0; from < n; from += 500 { // one statement holds so many rows
		err := s.HandleInbound(context.Background(), lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: fmt.Sprint("seed-", text, from), ChatID: "1"},
			func(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
				for c := from; c < min(n, from+500); c++ {
					conv.Outbox = append(conv.Outbox, lapak.Envelope{To: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: strconv.Itoa(first + c)},
						Class: lapak.PaceBulk, Msg: lapak.Outbound{Text: text}})
				}
				return nil
			})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// A retry_after storm: while promos go out and customers chat, the fake
// Bot API answers every send with 429 for two seconds. Only the sends
// already on their way then get a 429; the whole bot (every chat, replies
// and promos alike) sends nothing more until the retry_after is over, then
// delivers every message exactly once, the promos within their pace.
func TestRetryAfterStorm(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		const promos, customers, perCustomer = 100, 8, 4
		const storm = 2 * time.Second
		srv := telegramtest.NewServer(t)
		queueBulk(t, s, 5000, promos, "Promo akhir tahun")
		p := newPipeline(t, s, srv, echo)
		p.run(t)
		users := make([]telegramtest.User, customers)
		for i := range users {
			users[i] = telegramtest.User{ID: int64(2001 + i), FirstName: fmt.Sprint("Pelanggan", i)}
		}
		// Customers write every 1.2 s (Telegram's gap per chat is 1 s),
		// before, during and after the storm.
		var chat sync.WaitGroup
		chat.Go(func() {
			for k := range perCustomer {
				for _, u := range users {
					srv.SendText(u, fmt.Sprint("halo ", k))
				}
				time.Sleep(1200 * time.Millisecond)
			}
		})
		time.Sleep(800 * time.Millisecond)
		stormAt := time.Now()
		srv.Flood(storm)
		stormEnd := stormAt.Add(storm) // the server's own end is a moment later
		chat.Wait()

		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := srv.WaitSent(ctx, 0, promos+customers*perCustomer); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // a duplicate would arrive now

		var flooded []telegramtest.Call
		for _, c := range srv.Calls("sendMessage", "sendPhoto") {
			if c.Failed == 429 {
				flooded = append(flooded, c)
			}
		}
		if len(flooded) == 0 {
			t.Fatal("no send met the storm: the test no longer tests it")
		}
		// At 30 messages a second, a send or two is on its way when the
		// first 429 comes back; a sender that ignored it would meet ~60.
		first, last := flooded[0].At, flooded[len(flooded)-1].At
		if len(flooded) > 4 || last.Sub(first) > 250*time.Millisecond {
			t.Errorf("%d sends answered 429 over %s: the bot kept sending in the storm", len(flooded), last.Sub(first))
		}
		sent := srv.Sent(0)
		var bulk []telegramtest.Sent
		count := map[string]int{}
		resumed := time.Time{}
		for _, m := range sent {
			count[m.ChatID+": "+m.Text]++
			if m.Text == "Promo akhir tahun" {
				bulk = append(bulk, m)
			}
			if m.At.After(stormAt) && (resumed.IsZero() || m.At.Before(resumed)) {
				resumed = m.At
			}
			if m.At.After(first) && m.At.Before(stormEnd) {
				t.Errorf("sent to %s %s after the first 429, inside the storm", m.ChatID, m.At.Sub(first))
			}
		}
		for k, n := range count {
			if n != 1 {
				t.Errorf("%q delivered %d times", k, n)
			}
		}
		for c := range promos {
			if count[strconv.Itoa(5000+c)+": Promo akhir tahun"] != 1 {
				t.Errorf("chat %d: no promo", 5000+c)
			}
		}
		for _, u := range users {
			var got []string
			for _, m := range srv.Sent(u.ID) {
				got = append(got, m.Text)
			}
			var want []string
			for k := range perCustomer {
				want = append(want, fmt.Sprintf("#%d echo halo %d", k+1, k))
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("%s got %q, want %q", u.FirstName, got, want)
			}
		}
		if wait := resumed.Sub(stormEnd); wait > 1500*time.Millisecond {
			t.Errorf("the bot resumed %s after the storm", wait)
		}
		if peak := busiestSecond(bulk); peak > telegram.BulkPerSecond+1 {
			t.Errorf("%d promos in one second, the bulk share is %d", peak, telegram.BulkPerSecond)
		}
		if peak := busiestSecond(sent); peak > int(telegram.DefaultPace().PerSecond)+1 {
			t.Errorf("%d messages in one second, Telegram's limit is %.0f", peak, telegram.DefaultPace().PerSecond)
		}
		t.Logf("%d sends answered 429 (over %s); resumed %s after the storm; busiest second: %d promos, %d in all",
			len(flooded), last.Sub(first), resumed.Sub(stormEnd).Round(time.Millisecond), busiestSecond(bulk), busiestSecond(sent))
	})
}

package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

func TestPollingConversation(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s, echo)
		f.runBot(f.bot)
		ctx := context.Background()

		f.srv.SendText(siti, "menu")
		sent, err := f.srv.WaitSent(ctxTimeout(t), siti.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if sent[0].Text != "#1 echo menu" || len(sent[0].Buttons()) != 2 || sent[0].Buttons()[0].Data != "cat:1" {
			t.Fatalf("menu reply: %+v", sent[0])
		}
		cb := f.srv.Press(siti, "cat:1")
		f.srv.SendPhoto(siti, "proof-file", "")
		last := f.srv.SendContact(siti, "+6281234567890")
		equal(t, f.texts(siti, 4), []string{"#1 echo menu", "#2 pilih cat:1", "#3 foto proof-file", "#4 hp +6281234567890"})
		f.settle()

		// The button's spinner stopped.
		answers := f.srv.Calls("answerCallbackQuery")
		if len(answers) != 1 || answers[0].Params.Get("callback_query_id") != cb {
			t.Errorf("answerCallbackQuery calls: %+v", answers)
		}
		// Polling asked only for what the shop handles, after removing any webhook.
		calls := f.srv.Calls("deleteWebhook", "getUpdates")
		if calls[0].Method != "deleteWebhook" {
			t.Errorf("first call %s, want deleteWebhook", calls[0].Method)
		}
		if got := calls[1].Params.Get("allowed_updates"); got != `["message","callback_query"]` {
			t.Errorf("allowed_updates = %s", got)
		}
		if got := f.offset(); got != strconv.Itoa(last+1) {
			t.Errorf("stored offset %s, want %d", got, last+1)
		}
		c, err := s.Customer(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "1001"})
		if err != nil || c.ExternalID != "1001" {
			t.Errorf("customer: %+v %v", c, err)
		}
	})
}

// A failing update holds the offset at itself; the same chat's later
// updates wait behind it; another chat goes on; once it succeeds nothing is
// repeated or lost.
func TestPollingOffsetOnlyAfterCommit(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		var mu sync.Mutex
		failures := 2
		okAt := 0 // getUpdates calls made before "gagal" went through
		var f *fixture
		handle := func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
			if conv.Inbound.Text == "gagal" {
				mu.Lock()
				defer mu.Unlock()
				if failures > 0 {
					failures--
					return errors.New("database hiccup")
				}
				okAt = len(f.srv.Calls("getUpdates"))
			}
			return echo(ctx, tx, conv)
		}
		f = newFixture(t, s, handle)
		first := f.srv.SendText(siti, "satu")
		failing := f.srv.SendText(siti, "gagal")
		f.srv.SendText(siti, "tiga")
		f.srv.SendText(budi, "halo")
		last := f.srv.SendText(budi, "lagi")
		f.runBot(f.bot)

		equal(t, f.texts(siti, 3), []string{"#1 echo satu", "#2 echo gagal", "#3 echo tiga"})
		equal(t, f.texts(budi, 2), []string{"#1 echo halo", "#2 echo lagi"})
		f.settle()
		if got := f.offset(); got != strconv.Itoa(last+1) {
			t.Errorf("offset %s, want %d", got, last+1)
		}
		mu.Lock()
		defer mu.Unlock()
		// Until "gagal" went through, polling never moved past it, and it
		// read from it again after each failure.
		again := 0
		for _, c := range f.srv.Calls("getUpdates")[:okAt] {
			n, _ := strconv.Atoi(c.Params.Get("offset"))
			if n > failing {
				t.Errorf("getUpdates offset %d while update %d was failing", n, failing)
			}
			if n == failing {
				again++
			}
		}
		if again != 2 || failures != 0 {
			t.Errorf("re-read from update %d %d times (first %d), %d failures left; want 2 and 0", failing, again, first, failures)
		}
	})
}

// A new Bot (a restart) continues where the last one stopped; an update
// committed before a crash that lost the offset is not handled twice.
func TestPollingRestart(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s, echo)
		f.runBot(f.bot)
		f.srv.SendText(siti, "satu")
		up := f.srv.TextUpdate(siti, "dua")
		f.srv.Inject(up)
		equal(t, f.texts(siti, 2), []string{"#1 echo satu", "#2 echo dua"})
		f.settle()
		f.stopBot()

		// While down: new messages arrive, and the crash "lost" the offset
		// of the last committed update, so Telegram sends it again.
		f.srv.Inject(up)
		if err := s.SetValue(context.Background(), telegram.OffsetKey, strconv.Itoa(up.ID())); err != nil {
			t.Fatal(err)
		}
		f.srv.SendText(siti, "tiga")
		last := f.srv.SendText(budi, "halo")

		f.runBot(f.newBot(nil))
		equal(t, f.texts(siti, 3), []string{"#1 echo satu", "#2 echo dua", "#3 echo tiga"})
		equal(t, f.texts(budi, 1), []string{"#1 echo halo"})
		f.settle()
		if got := f.offset(); got != strconv.Itoa(last+1) {
			t.Errorf("offset %s, want %d", got, last+1)
		}
		if n := len(f.srv.Sent(siti.ID)); n != 3 {
			t.Errorf("siti got %d messages, want 3", n)
		}
	})
}

// Two customers writing at once each get only their own replies, in order.
func TestTwoCustomersInParallel(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s, echo)
		f.runBot(f.bot)
		const n = 20
		var wg sync.WaitGroup
		for _, u := range []telegramtest.User{siti, budi} {
			wg.Go(func() {
				for i := 1; i <= n; i++ {
					f.srv.SendText(u, fmt.Sprintf("%s %d", u.FirstName, i))
				}
			})
		}
		wg.Wait()
		for _, u := range []telegramtest.User{siti, budi} {
			var want []string
			for i := 1; i <= n; i++ {
				want = append(want, fmt.Sprintf("#%d echo %s %d", i, u.FirstName, i))
			}
			equal(t, f.texts(u, n), want)
		}
		f.settle()
		if got := len(f.srv.Sent(0)); got != 2*n {
			t.Errorf("%d messages sent, want %d", got, 2*n)
		}
	})
}

// A 429 storm: the sender waits exactly retry_after and delivers once.
// A blocked user is marked unreachable and not retried.
func TestSenderHonoursTelegram(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s, echo)
		f.runBot(f.bot)
		f.srv.Fail("sendMessage", 2, telegramtest.TooManyRequests(1))
		f.srv.SendText(siti, "halo")
		equal(t, f.texts(siti, 1), []string{"#1 echo halo"})
		f.settle()
		if n := len(f.srv.Calls("sendMessage")); n != 3 {
			t.Errorf("%d sendMessage calls, want 3 (two 429s, then the message)", n)
		}

		f.srv.Block(budi.ID)
		f.srv.SendText(budi, "halo")
		f.settle()
		c, err := s.Customer(context.Background(), lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "1002"})
		if err != nil {
			t.Fatal(err)
		}
		if !c.Unreachable {
			t.Error("blocked customer not marked unreachable")
		}
		if n := len(f.srv.Sent(budi.ID)); n != 0 {
			t.Errorf("%d messages to a blocked user", n)
		}
	})
}

func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

package bot_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// fakeChannel records what it delivered, per chat, in order; fail decides
// the outcome of each delivery attempt (nil: delivered).
type fakeChannel struct {
	name lapak.Channel
	fail func(chatID string, msg lapak.Outbound, attempt int) error

	mu       sync.Mutex
	attempts map[string]int // by message text
	got      map[string][]string
}

func newFake(name lapak.Channel) *fakeChannel {
	return &fakeChannel{name: name, attempts: map[string]int{}, got: map[string][]string{}}
}

func (f *fakeChannel) Name() lapak.Channel { return f.name }

func (f *fakeChannel) Deliver(_ context.Context, d *bot.Delivery) error {
	chatID, msg := d.ChatID(), d.Msg
	f.mu.Lock()
	defer f.mu.Unlock()
	f.attempts[msg.Text]++
	if f.fail != nil {
		if err := f.fail(chatID, msg, f.attempts[msg.Text]); err != nil {
			return err
		}
	}
	f.got[chatID] = append(f.got[chatID], msg.Text)
	return nil
}

func (f *fakeChannel) replies(chat string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got[chat]...)
}

// echo replies "n:text", n counting the customer's messages in conv.State,
// so a reply shows both the order and that each message saw the last state.
func echo(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
	var n uint64
	if len(conv.State) == 8 {
		n = binary.BigEndian.Uint64(conv.State)
	}
	n++
	conv.State = binary.BigEndian.AppendUint64(nil, n)
	if conv.Inbound.Text == "boom" {
		panic("flow bug")
	}
	conv.Reply(lapak.Outbound{Text: fmt.Sprintf("%d:%s", n, conv.Inbound.Text)})
	return nil
}

func apology(conv *lapak.Conversation) {
	conv.Reply(lapak.Outbound{Text: "Maaf kak, ada gangguan. Coba lagi ya."})
}

type rig struct {
	store  *storage.Store
	router *bot.Router
	sender *bot.Sender
	ch     *fakeChannel
}

func newRig(t *testing.T, s *storage.Store, sopt bot.SenderOptions) *rig {
	ch := newFake(lapak.ChannelConsole)
	sopt.Store = s
	sopt.Channels = append(sopt.Channels, ch)
	sopt.Logger = quiet
	snd := bot.NewSender(sopt)
	r := bot.NewRouter(bot.RouterOptions{
		Store: s, Handle: echo, Apology: apology, OnCommit: func(lapak.Inbound) { snd.Notify() }, Logger: quiet,
	})
	t.Cleanup(r.Wait)
	return &rig{store: s, router: r, sender: snd, ch: ch}
}

func msg(chat, id, text string) lapak.Inbound {
	return lapak.Inbound{Channel: lapak.ChannelConsole, ChatID: chat, MessageID: id, Text: text}
}

func (g *rig) drain(t *testing.T) int {
	t.Helper()
	n, err := g.sender.Drain(context.Background())
	if err != nil {
		t.Fatalf("Drain: %v", err)
	}
	return n
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestDuplicateMessageGetsOneReply(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		g := newRig(t, s, bot.SenderOptions{})
		for range 3 {
			if err := g.router.Handle(ctx, msg("ani", "m1", "halo")); err != nil {
				t.Fatalf("Handle: %v", err)
			}
		}
		g.drain(t)
		equal(t, "replies", g.ch.replies("ani"), []string{"1:halo"})
	})
}

func TestInputIsBoundedBeforeTheFlows(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		g := newRig(t, s, bot.SenderOptions{})
		long := strings.Repeat("é", lapak.MaxInboundText+500)
		in := []lapak.Inbound{
			msg("ani", "a", "  ha\x00lo\x1b[31m\r\nkak\xff  "),
			msg("ani", "b", long),
		}
		for _, m := range in {
			if err := g.router.Handle(ctx, m); err != nil {
				t.Fatalf("Handle: %v", err)
			}
		}
		g.drain(t)
		got := g.ch.replies("ani")
		equal(t, "first reply", got[:1], []string{"1:halo[31m\nkak\uFFFD"})
		if want := "2:" + long[:2*lapak.MaxInboundText]; got[1] != want {
			t.Fatalf("long text: got %d bytes, want %d", len(got[1]), len(want))
		}
	})
}

func TestOneCustomersMessagesKeepTheirOrder(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		g := newRig(t, s, bot.SenderOptions{})
		var results []<-chan error
		var want []string
		for i := range 200 {
			results = append(results, g.router.Submit(ctx, msg("budi", fmt.Sprint("m", i), fmt.Sprint("pesan ", i))))
			want = append(want, fmt.Sprintf("%d:pesan %d", i+1, i))
		}
		for i, res := range results {
			if err := <-res; err != nil {
				t.Fatalf("message %d: %v", i, err)
			}
		}
		if n := g.drain(t); n != 200 {
			t.Fatalf("delivered %d, want 200", n)
		}
		equal(t, "replies", g.ch.replies("budi"), want)
	})
}

func TestManyCustomersInParallelDoNotMixUp(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		g := newRig(t, s, bot.SenderOptions{})
		const customers, each = 30, 10
		var wg sync.WaitGroup
		errs := make(chan error, customers*each)
		for c := range customers {
			wg.Go(func() {
				chat := fmt.Sprint("cust", c)
				var res []<-chan error
				for i := range each {
					res = append(res, g.router.Submit(ctx, msg(chat, fmt.Sprint(chat, "-", i), fmt.Sprint(chat, " #", i))))
				}
				for _, r := range res {
					errs <- <-r
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("Submit: %v", err)
			}
		}
		g.drain(t)
		for c := range customers {
			chat := fmt.Sprint("cust", c)
			var want []string
			for i := range each {
				want = append(want, fmt.Sprintf("%d:%s #%d", i+1, chat, i))
			}
			equal(t, chat, g.ch.replies(chat), want)
		}
	})
}

func TestPanickingFlowApologisesAndOthersGoOn(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		g := newRig(t, s, bot.SenderOptions{})
		boom := g.router.Submit(ctx, msg("ani", "x1", "boom"))
		other := g.router.Submit(ctx, msg("budi", "y1", "halo"))
		if err := <-boom; err != nil {
			t.Fatalf("panicking message: %v", err)
		}
		if err := <-other; err != nil {
			t.Fatalf("other customer: %v", err)
		}
		// The platform delivers the same message again: it is a duplicate now.
		if err := g.router.Handle(ctx, msg("ani", "x1", "boom")); err != nil {
			t.Fatalf("re-delivery: %v", err)
		}
		// The panic rolled back the flow's state change: the next message is the first.
		if err := g.router.Handle(ctx, msg("ani", "x2", "lagi")); err != nil {
			t.Fatalf("next message: %v", err)
		}
		g.drain(t)
		equal(t, "ani", g.ch.replies("ani"), []string{"Maaf kak, ada gangguan. Coba lagi ya.", "1:lagi"})
		equal(t, "budi", g.ch.replies("budi"), []string{"1:halo"})
	})
}

func TestSenderRetriesUntilDelivered(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		var backoffs []int
		g := newRig(t, s, bot.SenderOptions{
			Backoff: func(attempt int) time.Duration { backoffs = append(backoffs, attempt); return 0 },
		})
		g.ch.fail = func(_ string, _ lapak.Outbound, attempt int) error {
			if attempt < 3 {
				return errors.New("connection reset")
			}
			return nil
		}
		if err := g.router.Handle(ctx, msg("ani", "m1", "halo")); err != nil {
			t.Fatal(err)
		}
		if n := g.drain(t); n != 1 {
			t.Fatalf("delivered %d, want 1", n)
		}
		equal(t, "replies", g.ch.replies("ani"), []string{"1:halo"})
		if fmt.Sprint(backoffs) != "[1 2]" {
			t.Fatalf("backoff asked for attempts %v, want [1 2]", backoffs)
		}
		pendingIs(t, s, 0)
	})
}

func TestSenderGivesUpAfterMaxAttempts(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		g := newRig(t, s, bot.SenderOptions{
			MaxAttempts: 4,
			Backoff:     func(int) time.Duration { return 0 },
		})
		g.ch.fail = func(string, lapak.Outbound, int) error { return errors.New("bad gateway") }
		if err := g.router.Handle(ctx, msg("ani", "m1", "halo")); err != nil {
			t.Fatal(err)
		}
		if n := g.drain(t); n != 0 {
			t.Fatalf("delivered %d, want 0", n)
		}
		if got := g.ch.attempts["1:halo"]; got != 4 {
			t.Fatalf("tried %d times, want 4", got)
		}
		pendingIs(t, s, 0)
		// Given up means given up: a later drain does not try again.
		g.ch.fail = nil
		if n := g.drain(t); n != 0 || g.ch.attempts["1:halo"] != 4 {
			t.Fatalf("failed message was retried")
		}
	})
}

func TestSenderHonoursRetryAfter(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		g := newRig(t, s, bot.SenderOptions{Now: clock.Now, Backoff: func(int) time.Duration { return 0 }})
		g.ch.fail = func(_ string, _ lapak.Outbound, attempt int) error {
			if attempt == 1 {
				return &bot.RetryAfterError{After: 30 * time.Second, Err: errors.New("too many requests")}
			}
			return nil
		}
		if err := g.router.Handle(ctx, msg("ani", "a1", "halo")); err != nil {
			t.Fatal(err)
		}
		g.drain(t)
		clock.Advance(29 * time.Second)
		g.drain(t)
		equal(t, "before retry_after", g.ch.replies("ani"), nil)
		clock.Advance(time.Second)
		g.drain(t)
		equal(t, "after retry_after", g.ch.replies("ani"), []string{"1:halo"})
		pendingIs(t, s, 0)
	})
}

// retry_after is the platform's limit for the whole bot: after one chat's
// 429 no chat gets a message until it is over, and none is lost.
func TestRetryAfterHoldsTheWholeChannel(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		g := newRig(t, s, bot.SenderOptions{Now: clock.Now, Parallel: 1})
		g.ch.fail = func(chat string, _ lapak.Outbound, attempt int) error {
			if chat == "ani" && attempt == 1 {
				return &bot.RetryAfterError{After: 30 * time.Second, Err: errors.New("too many requests")}
			}
			return nil
		}
		if err := g.router.Handle(ctx, msg("ani", "a1", "halo")); err != nil {
			t.Fatal(err)
		}
		g.drain(t)
		for _, m := range []lapak.Inbound{msg("budi", "b1", "halo"), msg("cici", "c1", "halo")} {
			if err := g.router.Handle(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		g.drain(t)
		clock.Advance(29 * time.Second)
		g.drain(t)
		for _, c := range []string{"ani", "budi", "cici"} {
			equal(t, c+" before retry_after", g.ch.replies(c), nil)
		}
		clock.Advance(time.Second)
		g.drain(t)
		for _, c := range []string{"ani", "budi", "cici"} {
			equal(t, c+" after retry_after", g.ch.replies(c), []string{"1:halo"})
		}
		pendingIs(t, s, 0)
	})
}

func TestUnreachableCustomerIsMarked(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		g := newRig(t, s, bot.SenderOptions{})
		g.ch.fail = func(chat string, _ lapak.Outbound, _ int) error {
			if chat == "ani" {
				return fmt.Errorf("telegram: bot was blocked by the user: %w", lapak.ErrUnreachable)
			}
			return nil
		}
		for _, m := range []lapak.Inbound{msg("ani", "a1", "satu"), msg("ani", "a2", "dua"), msg("budi", "b1", "halo")} {
			if err := g.router.Handle(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		g.drain(t)
		if n := g.ch.attempts["2:dua"]; n != 0 {
			t.Fatalf("sent to an unreachable customer again")
		}
		equal(t, "budi", g.ch.replies("budi"), []string{"1:halo"})
		pendingIs(t, s, 0)
		c, err := s.Customer(ctx, lapak.Identity{Channel: lapak.ChannelConsole, ChatID: "ani"})
		if err != nil {
			t.Fatal(err)
		}
		if !c.Unreachable {
			t.Fatalf("customer not marked unreachable")
		}
	})
}

// slowChannel blocks until released, to show it does not hold up others.
type slowChannel struct {
	release chan struct{}
}

func (slowChannel) Name() lapak.Channel { return lapak.ChannelWhatsApp }
func (c slowChannel) Deliver(ctx context.Context, _ *bot.Delivery) error {
	select {
	case <-c.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestSlowChannelDoesNotBlockOthers(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		slow := slowChannel{release: make(chan struct{})}
		g := newRig(t, s, bot.SenderOptions{Channels: []bot.Channel{slow}})
		wa := lapak.Inbound{Channel: lapak.ChannelWhatsApp, ChatID: "62811", MessageID: "w1", Text: "halo"}
		if err := g.router.Handle(ctx, wa); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- g.sender.Run(ctx) }()
		// The console reply arrives while WhatsApp is still stuck.
		arrived := make(chan struct{})
		g.ch.fail = func(chat string, _ lapak.Outbound, _ int) error {
			if chat == "ani" {
				close(arrived)
			}
			return nil
		}
		if err := g.router.Handle(ctx, msg("ani", "a1", "halo")); err != nil {
			t.Fatal(err)
		}
		<-arrived
		close(slow.release)
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
}

func pendingIs(t *testing.T, s *storage.Store, want int) {
	t.Helper()
	n, err := s.PendingOutbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Fatalf("pending outbox rows: %d, want %d", n, want)
	}
}

func TestLoadImage(t *testing.T) {
	if data, url, err := bot.LoadImage("https://example.com/a.jpg"); err != nil || data != nil || url != "https://example.com/a.jpg" {
		t.Fatalf("url: %v %v %q", err, data, url)
	}
	data, _, err := bot.LoadImage("demo:keripik-singkong")
	if err != nil || !strings.HasPrefix(string(data), "\x89PNG") {
		t.Fatalf("demo picture: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "foto.jpg")
	if err := os.WriteFile(path, []byte("jpeg bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, url, err := bot.LoadImage(path); err != nil || string(data) != "jpeg bytes" || url != "" {
		t.Fatalf("file: %v %q %q", err, data, url)
	}
	if _, _, err := bot.LoadImage(filepath.Join(dir, "hilang.jpg")); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "hilang.jpg") {
		t.Fatalf("missing file: %v", err)
	}
	big := filepath.Join(dir, "besar.png")
	if err := os.WriteFile(big, make([]byte, bot.MaxImageBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := bot.LoadImage(big); err == nil || !strings.Contains(err.Error(), "10 MiB") {
		t.Fatalf("big file: %v", err)
	}
}

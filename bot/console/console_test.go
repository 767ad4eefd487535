package console_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/console"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

func TestDeliverShowsNumberedChoicesAndWritesThePicture(t *testing.T) {
	var out bytes.Buffer
	dir := filepath.Join(t.TempDir(), "lapak-media")
	c := console.New(&out, dir)
	msg := lapak.Outbound{
		Text:    "Keripik Singkong\nRp12.000",
		Choices: []lapak.Choice{{ID: "cat:1", Label: "Katalog"}, {ID: "cart", Label: "Keranjang"}},
		Image:   "demo:keripik-singkong",
	}
	ctx := context.Background()
	for range 2 {
		if err := c.Deliver(ctx, bot.NewDelivery("ani", msg)); err != nil {
			t.Fatalf("Deliver: %v", err)
		}
	}
	got := out.String()
	for _, want := range []string{"Keripik Singkong\nRp12.000\n1. Katalog\n2. Keranjang\n🖼  gambar: " + dir} {
		if !strings.Contains(got, want) {
			t.Fatalf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "cat:1") {
		t.Fatalf("choice ids shown to the customer:\n%s", got)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(files) != 1 {
		t.Fatalf("pictures written: %v, want one file for one product photo", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		t.Fatalf("picture is not a PNG: %v", err)
	}
	if !strings.Contains(got, "gambar: "+files[0]+"\n") {
		t.Fatalf("printed path is not the written file %s:\n%s", files[0], got)
	}
}

func TestDeliverPrintsImageURLs(t *testing.T) {
	var out bytes.Buffer
	c := console.New(&out, t.TempDir())
	if err := c.Deliver(context.Background(), bot.NewDelivery("ani", lapak.Outbound{Text: "Foto", Image: "https://toko.example/foto.jpg"})); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "gambar: https://toko.example/foto.jpg") {
		t.Fatalf("url not printed:\n%s", out.String())
	}
}

// echo replies with the message number and the text, counting in conv.State.
func echo(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
	n := len(conv.State) + 1
	conv.State = append(conv.State, '.')
	conv.Reply(lapak.Outbound{
		Text:    fmt.Sprintf("[%d] %d huruf: %.20s", n, utf8.RuneCountInString(conv.Inbound.Text), conv.Inbound.Text),
		Choices: []lapak.Choice{{ID: "menu", Label: "Menu"}},
	})
	return nil
}

func TestChatRepliesToEveryLineAndReturnsAtEOF(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		var out bytes.Buffer
		con := console.New(&out, t.TempDir())
		snd := bot.NewSender(bot.SenderOptions{Store: s, Channels: []bot.Channel{con}, Logger: quiet})
		r := bot.NewRouter(bot.RouterOptions{Store: s, Handle: echo, OnCommit: func(lapak.Inbound) { snd.Notify() }, Logger: quiet})

		huge := strings.Repeat("a", 200_000) // far beyond bufio's default line size
		in := "halo\n\n" + huge + "\r\nmenu" // the last line has no newline
		if err := console.Chat(ctx, strings.NewReader(in), "ani", r, snd, false, &out); err != nil {
			t.Fatalf("Chat: %v", err)
		}
		want := fmt.Sprintf("[1] 4 huruf: halo\n1. Menu\n\n[2] %d huruf: %s\n1. Menu\n\n[3] 4 huruf: menu\n1. Menu\n\n",
			lapak.MaxInboundText, huge[:20])
		if out.String() != want {
			t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
		}

		// Quitting and starting again continues the same conversation.
		out.Reset()
		if err := console.Chat(ctx, strings.NewReader("lagi\n"), "ani", r, snd, true, &out); err != nil {
			t.Fatalf("second Chat: %v", err)
		}
		if got := out.String(); !strings.Contains(got, "> [4] 4 huruf: lagi\n") || !strings.Contains(got, "Ctrl-D") {
			t.Fatalf("interactive output:\n%s", got)
		}
	})
}

func TestDeliverMarksMessagesForAnotherAccount(t *testing.T) {
	var out bytes.Buffer
	c := console.New(&out, t.TempDir())
	c.SetViewer("ani")
	ctx := context.Background()
	if err := c.Deliver(ctx, bot.NewDelivery("ani", lapak.Outbound{Text: "Pesanan diterima"})); err != nil {
		t.Fatal(err)
	}
	if err := c.Deliver(ctx, bot.NewDelivery("admin", lapak.Outbound{Text: "Pesanan baru K7M-4QP"})); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, "untuk ani") || !strings.Contains(got, "pesan untuk admin / message to that account ────\nPesanan baru K7M-4QP") {
		t.Fatalf("output:\n%s", got)
	}
}

// A message of several lines (a pasted order form): a backslash at the end
// of a line goes on with the next, and in a terminal the lines of one paste
// are one message, while a line typed later is the next one.
func TestChatTakesMessagesOfSeveralLines(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		out := &lockedBuffer{}
		con := console.New(out, t.TempDir())
		snd := bot.NewSender(bot.SenderOptions{Store: s, Channels: []bot.Channel{con}, Logger: quiet})
		var mu sync.Mutex
		var got []string
		record := func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
			mu.Lock()
			got = append(got, conv.Inbound.Text)
			mu.Unlock()
			return echo(ctx, tx, conv)
		}
		r := bot.NewRouter(bot.RouterOptions{Store: s, Handle: record, OnCommit: func(lapak.Inbound) { snd.Notify() }, Logger: quiet})

		piped := "Nama: Dwi\\\nNo HP: 0812-7788-9900\\\nPesanan: nastar 2\nmenu\n"
		if err := console.Chat(ctx, strings.NewReader(piped), "dwi", r, snd, false, out); err != nil {
			t.Fatal(err)
		}
		want := []string{"Nama: Dwi\nNo HP: 0812-7788-9900\nPesanan: nastar 2", "menu"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("piped messages %q, want %q", got, want)
		}

		// A terminal: three lines pasted at once, then a line typed later.
		mu.Lock()
		got = nil
		mu.Unlock()
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() { done <- console.Chat(ctx, pr, "rina", r, snd, true, out) }()
		io.WriteString(pw, "Nama: Rina\nAlamat: Jl. Mawar 1, Depok\nPesanan: kastengel 1\n")
		waitFor(t, func() bool { return strings.Count(out.String(), "huruf") >= 3 })
		io.WriteString(pw, "ya\n")
		waitFor(t, func() bool { return strings.Count(out.String(), "huruf") >= 4 })
		pw.Close()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		want = []string{"Nama: Rina\nAlamat: Jl. Mawar 1, Depok\nPesanan: kastengel 1", "ya"}
		mu.Lock()
		defer mu.Unlock()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("terminal messages %q, want %q", got, want)
		}
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("timed out")
}

// lockedBuffer is a bytes.Buffer safe to read while the console writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

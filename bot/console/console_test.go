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
	"testing"
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
		if err := c.Deliver(ctx, "ani", msg); err != nil {
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
	if err := c.Deliver(context.Background(), "ani", lapak.Outbound{Text: "Foto", Image: "https://toko.example/foto.jpg"}); err != nil {
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
		r := bot.NewRouter(bot.RouterOptions{Store: s, Handle: echo, OnCommit: snd.Notify, Logger: quiet})

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
	if err := c.Deliver(ctx, "ani", lapak.Outbound{Text: "Pesanan diterima"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Deliver(ctx, "admin", lapak.Outbound{Text: "Pesanan baru K7M-4QP"}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, "untuk ani") || !strings.Contains(got, "pesan untuk admin / message to that account ────\nPesanan baru K7M-4QP") {
		t.Fatalf("output:\n%s", got)
	}
}

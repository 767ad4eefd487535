package bot_test

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
)

// Pictures people sent resolve through their own channel's fetcher, bounded;
// everything else resolves as LoadImage does, with or without a Media.
func TestMediaLoad(t *testing.T) {
	ctx := context.Background()
	m := bot.NewMedia()
	var asked []string
	m.Register(lapak.ChannelTelegram, func(_ context.Context, ref string) ([]byte, error) {
		asked = append(asked, ref)
		switch ref {
		case "empty":
			return nil, nil
		case "huge":
			return make([]byte, bot.MaxImageBytes+1), nil
		case "broken":
			return nil, errors.New("telegram: getFile: 400 Bad Request: invalid file_id")
		}
		return []byte("\x89PNG picture"), nil
	})

	data, u, err := m.Load(ctx, lapak.MediaRef(lapak.ChannelTelegram, "AgAC:with:colons"))
	if err != nil || u != "" || string(data) != "\x89PNG picture" || len(asked) != 1 || asked[0] != "AgAC:with:colons" {
		t.Fatalf("Load = %q %q %v (asked %q)", data, u, err, asked)
	}
	for ref, want := range map[string]string{
		"empty":  "empty file",
		"huge":   "more than the 10 MiB limit",
		"broken": "invalid file_id",
	} {
		if _, _, err := m.Load(ctx, lapak.MediaRef(lapak.ChannelTelegram, ref)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", ref, err, want)
		}
	}
	// A channel nobody registered, with or without a Media at all.
	var none *bot.Media
	for _, media := range []*bot.Media{m, none} {
		_, _, err := media.Load(ctx, lapak.MediaRef(lapak.ChannelWhatsApp, "wa-image:Qk"))
		if !errors.Is(err, bot.ErrNoFetcher) || !strings.Contains(err.Error(), "whatsapp channel not running here") {
			t.Errorf("unregistered channel: %v", err)
		}
	}
	// LoadImage never takes a person's picture for a file path.
	if _, _, err := bot.LoadImage("media:console:/etc/passwd"); !errors.Is(err, bot.ErrNoFetcher) {
		t.Errorf("LoadImage(media:…) = %v", err)
	}
	// The other references work as before, with or without a Media.
	for _, media := range []*bot.Media{m, none} {
		if data, _, err := media.Load(ctx, "demo:keripik-singkong"); err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("demo picture: %v", err)
		}
		if _, u, err := media.Load(ctx, "https://toko.example/a.jpg"); err != nil || u != "https://toko.example/a.jpg" {
			t.Errorf("URL: %q %v", u, err)
		}
	}
}

// The text that replaces a picture says why in a few words, and never
// quotes a URL (a Telegram download URL carries the bot token).
func TestWithoutImage(t *testing.T) {
	msg := lapak.Outbound{Text: "🧾 Bukti pesanan K7M-4QP\n", NoImage: "(foto tidak bisa diambil: %s)"}
	for err, want := range map[error]string{
		errors.New("bot: telegram picture: telegram: getFile: 400 Bad Request: invalid file_id"):                                      "invalid file_id",
		&url.Error{Op: "Get", URL: "https://api.telegram.org/file/bot123:SECRET/photos/a.jpg", Err: errors.New("connection refused")}: "connection refused",
		nil: "?",
	} {
		if got := bot.WithoutImage(msg, err); got != "🧾 Bukti pesanan K7M-4QP\n\n(foto tidak bisa diambil: "+want+")" {
			t.Errorf("%v: %q", err, got)
		}
	}
	long := errors.New("x: " + strings.Repeat("é", 200))
	if got := bot.WithoutImage(msg, long); !strings.HasSuffix(got, "é)") || len(got) > len(msg.Text)+200 {
		t.Errorf("long reason: %q", got)
	}
	// Without a NoImage the text goes as it is (a catalog photo).
	if got := bot.WithoutImage(lapak.Outbound{Text: " Keripik "}, errors.New("gone")); got != "Keripik" {
		t.Errorf("plain: %q", got)
	}
	if got := bot.WithoutImage(lapak.Outbound{NoImage: "(foto: %s)"}, errors.New("gone")); got != "(foto: gone)" {
		t.Errorf("no text: %q", got)
	}
}

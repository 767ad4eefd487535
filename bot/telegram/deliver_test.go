package telegram_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/catalog"
)

// deliverer is a Bot on the fake server without a store: Deliver only.
func deliverer(t *testing.T) (*telegram.Bot, *telegramtest.Server) {
	t.Helper()
	srv := telegramtest.NewServer(t)
	b, err := telegram.New(context.Background(), telegram.Options{
		Token:  telegramtest.Token,
		APIURL: srv.URL,
		Logger: discard(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return b, srv
}

func TestNew(t *testing.T) {
	b, _ := deliverer(t)
	if b.Username() != telegramtest.Username || b.Name() != lapak.ChannelTelegram {
		t.Errorf("username %q name %q", b.Username(), b.Name())
	}

	srv := telegramtest.NewServer(t)
	const wrong = "999:WRONG-secret-token"
	_, err := telegram.New(context.Background(), telegram.Options{
		Token: wrong, APIURL: srv.URL, Router: bot.NewRouter(bot.RouterOptions{}), Logger: discard(),
	})
	if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), wrong) {
		t.Errorf("bad token: %v", err)
	}

	// Nothing listens there: the network error must not quote the token.
	srv.Close()
	_, err = telegram.New(context.Background(), telegram.Options{
		Token: telegramtest.Token, APIURL: srv.URL, Router: bot.NewRouter(bot.RouterOptions{}), Logger: discard(),
	})
	if err == nil || strings.Contains(err.Error(), telegramtest.Token) || strings.Contains(err.Error(), "TEST-token") {
		t.Errorf("network error: %v", err)
	}

	_, err = telegram.New(context.Background(), telegram.Options{
		Token: telegramtest.Token, APIURL: srv.URL, Router: bot.NewRouter(bot.RouterOptions{}),
		Webhook: telegram.WebhookOptions{URL: "https://shop.example/tg", Secret: "has space"},
	})
	if err == nil || !strings.Contains(err.Error(), "secret") {
		t.Errorf("bad secret accepted: %v", err)
	}
}

func TestDeliverRendering(t *testing.T) {
	ctx := context.Background()
	b, srv := deliverer(t)

	t.Run("any character in a name arrives as typed", func(t *testing.T) {
		text := "Keripik *Pedas* _Level_ <5> [promo] & \"bonus\" `x` \\ ~"
		if err := b.Deliver(ctx, bot.NewDelivery("42", lapak.Outbound{Text: text})); err != nil {
			t.Fatal(err)
		}
		m := srv.Sent(42)[0]
		if m.Text != text || m.ParseMode != "" {
			t.Errorf("got %q (parse mode %q)", m.Text, m.ParseMode)
		}
	})

	t.Run("keyboard layout", func(t *testing.T) {
		long := strings.Repeat("Keripik Singkong Balado ", 4)
		tooLongID := strings.Repeat("x", 65)
		msg := lapak.Outbound{Text: "Pilih kak", Choices: []lapak.Choice{
			{ID: "cat:1", Label: "Makanan"}, {ID: "cat:2", Label: "Minuman"},
			{ID: "prod:3", Label: long},
			{ID: tooLongID, Label: "Rusak"},
			{ID: "cat:1:p1", Label: "◀ Sebelumnya"}, {ID: "cat:1:p3", Label: "Berikutnya ▶"},
			{ID: "menu", Label: "Menu"},
		}}
		if err := b.Deliver(ctx, bot.NewDelivery("43", msg)); err != nil {
			t.Fatal(err)
		}
		m := srv.Sent(43)[0]
		var rows []string
		for _, row := range m.Keyboard {
			var labels []string
			for _, btn := range row {
				labels = append(labels, btn.Data)
				if len(btn.Data) > telegram.MaxCallbackData {
					t.Errorf("callback data of %d bytes", len(btn.Data))
				}
			}
			rows = append(rows, strings.Join(labels, " "))
		}
		equal(t, rows, []string{"cat:1 cat:2", "prod:3", "cat:1:p1 cat:1:p3", "menu"})
		if l := m.Keyboard[1][0].Text; utf8.RuneCountInString(l) > 40 || !strings.HasSuffix(l, "…") || !strings.HasPrefix(l, "Keripik Singkong") {
			t.Errorf("long label %q", l)
		}
	})

	t.Run("photo with the text as caption", func(t *testing.T) {
		msg := lapak.Outbound{Text: "Kopi Susu Gula Aren\nRp18.000", Image: "demo:kopi-susu", Choices: []lapak.Choice{{ID: "var:1", Label: "Tambah"}}}
		want, err := catalog.DemoPNG("kopi-susu")
		if err != nil {
			t.Skipf("demo picture: %v", err)
		}
		if err := b.Deliver(ctx, bot.NewDelivery("44", msg)); err != nil {
			t.Fatal(err)
		}
		sent := srv.Sent(44)
		if len(sent) != 1 || sent[0].Method != "sendPhoto" || sent[0].Text != msg.Text || !bytes.Equal(sent[0].Photo, want) || len(sent[0].Buttons()) != 1 {
			t.Fatalf("got %+v", sent)
		}
	})

	t.Run("photo by URL, long text after it", func(t *testing.T) {
		text := strings.Repeat("Deskripsi panjang. ", 80) // > 1024
		if err := b.Deliver(ctx, bot.NewDelivery("45", lapak.Outbound{Text: text, Image: "https://img.example/p.jpg", Choices: []lapak.Choice{{ID: "cart", Label: "Keranjang"}}})); err != nil {
			t.Fatal(err)
		}
		sent := srv.Sent(45)
		if len(sent) != 2 || sent[0].Method != "sendPhoto" || sent[0].PhotoRef != "https://img.example/p.jpg" || sent[0].Text != "" ||
			sent[1].Text != strings.TrimSpace(text) || len(sent[1].Buttons()) != 1 {
			t.Fatalf("got %+v", sent)
		}
	})

	t.Run("a missing picture costs the picture, not the message", func(t *testing.T) {
		if err := b.Deliver(ctx, bot.NewDelivery("46", lapak.Outbound{Text: "Sambal", Image: "/no/such/file.png"})); err != nil {
			t.Fatal(err)
		}
		if sent := srv.Sent(46); len(sent) != 1 || sent[0].Method != "sendMessage" || sent[0].Text != "Sambal" {
			t.Fatalf("got %+v", sent)
		}
	})

	t.Run("long text split at line breaks, keyboard on the last part", func(t *testing.T) {
		var lines []string
		for range 300 {
			lines = append(lines, "1x Keripik Pedas Level 5 @ Rp15.000")
		}
		text := strings.Join(lines, "\n")
		if err := b.Deliver(ctx, bot.NewDelivery("47", lapak.Outbound{Text: text, Choices: []lapak.Choice{{ID: "checkout", Label: "Bayar"}}})); err != nil {
			t.Fatal(err)
		}
		sent := srv.Sent(47)
		if len(sent) != 3 {
			t.Fatalf("%d parts, want 3", len(sent))
		}
		var parts []string
		for i, m := range sent {
			parts = append(parts, m.Text)
			if (len(m.Keyboard) > 0) != (i == len(sent)-1) {
				t.Errorf("part %d keyboard %v", i, m.Keyboard)
			}
		}
		if strings.Join(parts, "\n") != text {
			t.Error("parts do not add up to the text")
		}
	})
}

func TestDeliverErrors(t *testing.T) {
	ctx := context.Background()
	b, srv := deliverer(t)
	msg := lapak.Outbound{Text: "halo"}

	srv.Fail("sendMessage", 1, telegramtest.TooManyRequests(7))
	var ra *bot.RetryAfterError
	if err := b.Deliver(ctx, bot.NewDelivery("42", msg)); !errors.As(err, &ra) || ra.After != 7*time.Second {
		t.Errorf("429: %v", err)
	}

	// Uploads take another path in the library (no error code filled in).
	srv.Fail("sendPhoto", 1, telegramtest.TooManyRequests(3))
	if err := b.Deliver(ctx, bot.NewDelivery("42", lapak.Outbound{Text: "foto", Image: "demo:kopi-susu"})); !errors.As(err, &ra) || ra.After != 3*time.Second {
		t.Errorf("429 on upload: %v", err)
	}

	srv.Fail("sendMessage", 1, telegramtest.Blocked())
	if err := b.Deliver(ctx, bot.NewDelivery("42", msg)); !errors.Is(err, lapak.ErrUnreachable) {
		t.Errorf("403: %v", err)
	}
	srv.Fail("sendPhoto", 1, telegramtest.Blocked())
	if err := b.Deliver(ctx, bot.NewDelivery("42", lapak.Outbound{Text: "foto", Image: "demo:kopi-susu"})); !errors.Is(err, lapak.ErrUnreachable) {
		t.Errorf("403 on upload: %v", err)
	}
	srv.Fail("sendMessage", 1, telegramtest.Failure{Code: 400, Description: "Bad Request: chat not found"})
	if err := b.Deliver(ctx, bot.NewDelivery("42", msg)); !errors.Is(err, lapak.ErrUnreachable) {
		t.Errorf("chat not found: %v", err)
	}

	srv.Fail("sendMessage", 1, telegramtest.ServerError())
	err := b.Deliver(ctx, bot.NewDelivery("42", msg))
	if err == nil || errors.Is(err, lapak.ErrUnreachable) || errors.As(err, &ra) {
		t.Errorf("502: %v", err)
	}
	if strings.Contains(err.Error(), telegramtest.Token) {
		t.Errorf("token in error: %v", err)
	}

	if len(srv.Sent(42)) != 0 {
		t.Errorf("failed sends recorded as sent: %+v", srv.Sent(42))
	}
	if err := b.Deliver(ctx, bot.NewDelivery("42", msg)); err != nil {
		t.Fatal(err)
	}

	if err := b.Deliver(ctx, bot.NewDelivery("not-a-number", msg)); !errors.Is(err, lapak.ErrUnreachable) {
		t.Errorf("bad chat id: %v", err)
	}
}

// A retry after a failure in the middle of a multi-part message sends only
// the parts that did not go out.
func TestDeliverRetryResumes(t *testing.T) {
	ctx := context.Background()
	b, srv := deliverer(t)
	msg := lapak.Outbound{Text: strings.Repeat("panjang ", 200), Image: "https://img.example/p.jpg"}
	srv.Fail("sendMessage", 1, telegramtest.TooManyRequests(1))
	d := bot.NewDelivery("42", msg)
	if err := b.Deliver(ctx, d); err == nil {
		t.Fatal("want the 429")
	}
	if err := b.Deliver(ctx, d); err != nil {
		t.Fatal(err)
	}
	sent := srv.Sent(42)
	if len(sent) != 2 || sent[0].Method != "sendPhoto" || sent[1].Method != "sendMessage" {
		t.Fatalf("got %d messages: %+v", len(sent), sent)
	}
	// The same message later is a new message: sent in full.
	if err := b.Deliver(ctx, bot.NewDelivery("42", msg)); err != nil || len(srv.Sent(42)) != 4 {
		t.Fatalf("second delivery: %v, %d sent", err, len(srv.Sent(42)))
	}
}

// A picture Lapak holds is uploaded once: the next message with it sends
// the file id Telegram gave it (a promo with a photo to many customers
// uploads it once). A file id Telegram no longer takes is uploaded again,
// in the same delivery.
func TestDeliverUploadsAPictureOnce(t *testing.T) {
	ctx := context.Background()
	b, srv := deliverer(t)
	want, err := catalog.DemoPNG("kopi-susu")
	if err != nil {
		t.Fatal(err)
	}
	msg := lapak.Outbound{Text: "Kopi Susu Gula Aren", Image: "demo:kopi-susu"}
	for _, chat := range []string{"42", "43", "44"} {
		if err := b.Deliver(ctx, bot.NewDelivery(chat, msg)); err != nil {
			t.Fatal(err)
		}
	}
	first, second, third := srv.Sent(42)[0], srv.Sent(43)[0], srv.Sent(44)[0]
	if !bytes.Equal(first.Photo, want) || len(second.Photo) != 0 || second.PhotoRef != "sent-photo-42-1" || third.PhotoRef != second.PhotoRef {
		t.Fatalf("sends: %d bytes; then %d bytes ref %q; then ref %q", len(first.Photo), len(second.Photo), second.PhotoRef, third.PhotoRef)
	}

	srv.Fail("sendPhoto", 1, telegramtest.Failure{Code: 400, Description: "Bad Request: wrong file identifier/HTTP URL specified"})
	if err := b.Deliver(ctx, bot.NewDelivery("45", msg)); err != nil {
		t.Fatal(err)
	}
	if sent := srv.Sent(45); len(sent) != 1 || !bytes.Equal(sent[0].Photo, want) || sent[0].Text != msg.Text {
		t.Fatalf("after a refused file id: %+v", sent)
	}
	// A picture outside Lapak's keeping (a path or URL may change) is sent
	// as it is each time.
	url := lapak.Outbound{Text: "x", Image: "https://img.example/p.jpg"}
	for _, chat := range []string{"46", "47"} {
		if err := b.Deliver(ctx, bot.NewDelivery(chat, url)); err != nil {
			t.Fatal(err)
		}
	}
	if srv.Sent(47)[0].PhotoRef != "https://img.example/p.jpg" {
		t.Errorf("a URL picture was sent by a cached id: %+v", srv.Sent(47)[0])
	}
}

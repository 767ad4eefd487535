package telegram_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

func demoPNG(t *testing.T) []byte {
	t.Helper()
	data, err := catalog.DemoPNG("keripik-singkong")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A customer's transfer proof on Telegram reaches the Telegram admin as
// the same photo, sent again by its file id (nothing downloaded), with the
// order recap as caption and the Paid/Reject buttons, which work.
func TestProofPhotoReachesATelegramAdminByFileID(t *testing.T) {
	admin := telegramtest.User{ID: 999, FirstName: "Bu Sari"}
	shop := buSari()
	shop.PickupAddress = ""
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		f := shopBot(t, s, shop)
		c := &shopper{t: t, f: f, u: siti}
		number, _ := c.buyNastar("")
		before := len(f.srv.Sent(admin.ID))

		c.step(func() { f.srv.SendPhoto(siti, "AgACAgUAAxkBAAIBproof", "ini bukti tf ya kak") })
		c.expect(c.last, []string{"teruskan ke admin", number})

		notes := f.srv.Sent(admin.ID)[before:]
		if len(notes) != 1 {
			t.Fatalf("admin got %d messages, want one: %+v", len(notes), notes)
		}
		n := notes[0]
		if n.Method != "sendPhoto" || n.PhotoRef != "AgACAgUAAxkBAAIBproof" || len(n.Photo) != 0 {
			t.Fatalf("notice is not the customer's photo by file id: %s ref %q, %d bytes uploaded", n.Method, n.PhotoRef, len(n.Photo))
		}
		for _, want := range []string{"Foto bukti transfer pesanan " + number + " dari Siti Aminah", "Nastar Nanas × 1", "Kode unik:", "harus masuk persis"} {
			if !strings.Contains(n.Text, want) {
				t.Errorf("caption lacks %q:\n%s", want, n.Text)
			}
		}
		if got := f.srv.Calls("getFile", "file"); len(got) != 0 {
			t.Errorf("a Telegram photo for a Telegram admin was downloaded: %+v", got)
		}
		seller := &shopper{t: t, f: f, u: admin, seen: len(f.srv.Sent(admin.ID)), last: notes}
		seller.press("Lunas / Paid", "✅ Pesanan "+number+": menunggu pembayaran → sudah dibayar")
		if o, err := s.OrderByNumber(ctx, number); err != nil || o.Status != lapak.StatusPaid {
			t.Fatalf("order %+v %v", o, err)
		}
	})
}

// failDownloads makes the file downloads (not the API calls) fail at the
// network, as a dropped connection would: the error quotes the URL.
type failDownloads struct{}

func (failDownloads) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/file/") {
		return nil, errors.New("connection reset by peer")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// For an admin on another channel the photo is fetched: getFile, then the
// file from the configured server's /file/ endpoint. No error carries the
// token, whatever fails.
func TestFetchImageDownloadsThroughGetFile(t *testing.T) {
	ctx := context.Background()
	b, srv := deliverer(t)
	png := demoPNG(t)
	srv.AddFile("AgACAgUAAxkBAAIBfetch", png)

	media := bot.NewMedia()
	media.Register(lapak.ChannelTelegram, b.FetchImage)
	data, url, err := media.Load(ctx, lapak.MediaRef(lapak.ChannelTelegram, "AgACAgUAAxkBAAIBfetch"))
	if err != nil || url != "" || !bytes.Equal(data, png) {
		t.Fatalf("Load: %d bytes, url %q, err %v", len(data), url, err)
	}
	gf := srv.Calls("getFile")
	dl := srv.Calls("file")
	if len(gf) != 1 || gf[0].Params.Get("file_id") != "AgACAgUAAxkBAAIBfetch" || len(dl) != 1 || dl[0].Params.Get("path") != "photos/AgACAgUAAxkBAAIBfetch.jpg" {
		t.Fatalf("calls: getFile %+v, download %+v", gf, dl)
	}

	noToken := func(what string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s: no error", what)
		}
		if strings.Contains(err.Error(), telegramtest.Token) || strings.Contains(err.Error(), "TEST-token") {
			t.Fatalf("%s: the error quotes the token: %v", what, err)
		}
	}
	_, err = b.FetchImage(ctx, "no-such-file")
	noToken("unknown file", err)
	if !strings.Contains(err.Error(), "invalid file_id") {
		t.Errorf("unknown file: %v", err)
	}

	// The download itself fails at the network.
	flaky, err := telegram.New(ctx, telegram.Options{Token: telegramtest.Token, APIURL: srv.URL, Logger: discard(),
		HTTPClient: &http.Client{Transport: failDownloads{}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = flaky.FetchImage(ctx, "AgACAgUAAxkBAAIBfetch")
	noToken("failed download", err)
	if !strings.Contains(err.Error(), "connection reset by peer") {
		t.Errorf("failed download: %v", err)
	}

	// Nothing listens any more.
	srv.Close()
	_, err = b.FetchImage(ctx, "AgACAgUAAxkBAAIBfetch")
	noToken("server gone", err)
}

// A picture sent on another channel reaches a Telegram admin uploaded; one
// that cannot be fetched leaves the notice as text saying why.
func TestForeignPictureForATelegramAdmin(t *testing.T) {
	ctx := context.Background()
	png := demoPNG(t)
	media := bot.NewMedia()
	media.Register(lapak.ChannelWhatsApp, func(_ context.Context, ref string) ([]byte, error) {
		if ref == "wa-image:gone" {
			return nil, errors.New("whatsapp: downloading image: 410 media expired")
		}
		return png, nil
	})
	srv := telegramtest.NewServer(t)
	b, err := telegram.New(ctx, telegram.Options{Token: telegramtest.Token, APIURL: srv.URL, Logger: discard(), Media: media})
	if err != nil {
		t.Fatal(err)
	}
	notice := lapak.Outbound{Text: "🧾 Foto bukti transfer pesanan K7M-4QP", NoImage: "(foto tidak bisa diambil: %s)",
		Choices: []lapak.Choice{{ID: "desk:paid:K7M-4QP", Label: "Lunas"}}}

	notice.Image = lapak.MediaRef(lapak.ChannelWhatsApp, "wa-image:Qk1")
	if err := b.Deliver(ctx, bot.NewDelivery("999", notice)); err != nil {
		t.Fatal(err)
	}
	m := srv.Sent(999)[0]
	if m.Method != "sendPhoto" || !bytes.Equal(m.Photo, png) || m.Text != notice.Text || len(m.Buttons()) != 1 {
		t.Fatalf("uploaded notice: %s, %d bytes, %q, %+v", m.Method, len(m.Photo), m.Text, m.Buttons())
	}

	for ref, why := range map[string]string{
		lapak.MediaRef(lapak.ChannelWhatsApp, "wa-image:gone"): "(foto tidak bisa diambil: 410 media expired)",
		lapak.MediaRef(lapak.ChannelConsole, "/tmp/bukti.png"): "(foto tidak bisa diambil: console channel not running here)",
	} {
		notice.Image = ref
		if err := b.Deliver(ctx, bot.NewDelivery("998", notice)); err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		all := srv.Sent(998)
		m := all[len(all)-1]
		if m.Method != "sendMessage" || m.Text != notice.Text+"\n\n"+why || len(m.Buttons()) != 1 {
			t.Fatalf("%s: %s %q %+v", ref, m.Method, m.Text, m.Buttons())
		}
	}
}

// A file id Telegram will not send as a photo (a picture sent "as file")
// is uploaded from its bytes; when that fails too, the text says so.
func TestRefusedFileIDIsUploadedInstead(t *testing.T) {
	ctx := context.Background()
	b, srv := deliverer(t)
	png := demoPNG(t)
	srv.AddFile("BQACAgUAAxkBAAIBdoc", png)
	refused := telegramtest.Failure{Code: 400, Description: "Bad Request: type of file mismatch"}
	notice := lapak.Outbound{Text: "🧾 Bukti", NoImage: "(foto tidak bisa diambil: %s)",
		Image: lapak.MediaRef(lapak.ChannelTelegram, "BQACAgUAAxkBAAIBdoc")}

	srv.Fail("sendPhoto", 1, refused)
	if err := b.Deliver(ctx, bot.NewDelivery("999", notice)); err != nil {
		t.Fatal(err)
	}
	m := srv.Sent(999)
	if len(m) != 1 || m[0].Method != "sendPhoto" || !bytes.Equal(m[0].Photo, png) || m[0].Text != "🧾 Bukti" {
		t.Fatalf("sent %+v", m)
	}

	notice.Image = lapak.MediaRef(lapak.ChannelTelegram, "BQACAgUAAxkBAAIBgone")
	srv.Fail("sendPhoto", 1, refused)
	if err := b.Deliver(ctx, bot.NewDelivery("999", notice)); err != nil {
		t.Fatal(err)
	}
	m = srv.Sent(999)
	if len(m) != 2 || m[1].Method != "sendMessage" || m[1].Text != "🧾 Bukti\n\n(foto tidak bisa diambil: type of file mismatch)" {
		t.Fatalf("sent %+v", m[1:])
	}
}

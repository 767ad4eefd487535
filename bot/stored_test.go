package bot_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"regexp"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/console"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// A product photo sent from the phone is kept by the store ("stored:ID")
// and served from there to every channel: uploaded to Telegram (the fake
// Bot API receives exactly its bytes) and written out by the console.
func TestStoredPhotoOnEveryChannel(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		var b bytes.Buffer
		if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
			t.Fatal(err)
		}
		pic := b.Bytes()
		if _, err := s.ImportCatalog(ctx, []lapak.CatalogRow{{SKU: "NST-1", Name: "Nastar", Category: "Kue", Price: 85000, Stock: 3}}); err != nil {
			t.Fatal(err)
		}
		// The chat turn: the admin's photo, by its Telegram file id.
		err := s.HandleInbound(ctx, lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: "m1", ChatID: "999", Text: "/foto NST-1"},
			func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				p, err := tx.ProductBySKU(ctx, "NST-1")
				if err != nil {
					return err
				}
				if _, err := tx.SetProductImage(ctx, p.ID, "media:telegram:PHOTO-1"); err != nil {
					return err
				}
				return tx.QueuePhoto(ctx, lapak.PhotoUpload{ProductID: p.ID, Source: "media:telegram:PHOTO-1", By: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}})
			})
		if err != nil {
			t.Fatal(err)
		}
		// The photo job: fetched from Telegram through Media, kept by the store.
		srv := telegramtest.NewServer(t)
		srv.AddFile("PHOTO-1", pic)
		media := bot.NewMedia()
		media.SetStore(s.Media)
		tg, err := telegram.New(ctx, telegram.Options{Token: telegramtest.Token, APIURL: srv.URL, Media: media, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		media.Register(lapak.ChannelTelegram, tg.FetchImage)
		if n, err := s.SavePhotos(ctx, 10, func(ctx context.Context, ref string) ([]byte, error) {
			data, _, err := media.Load(ctx, ref)
			return data, err
		}, nil); err != nil || n != 1 {
			t.Fatalf("SavePhotos: %d, %v", n, err)
		}
		var ref string
		err = s.HandleInbound(ctx, lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: "m2", ChatID: "42", Text: "nastar"},
			func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				p, err := tx.ProductBySKU(ctx, "NST-1")
				ref = p.Image
				return err
			})
		if _, ok := lapak.ParseStoredRef(ref); err != nil || !ok {
			t.Fatalf("product image %q, %v", ref, err)
		}
		card := lapak.Outbound{Text: "Nastar\n• Rp85.000", Image: ref}

		// Telegram: uploaded as a photo with the card as its caption.
		if err := tg.Deliver(ctx, bot.NewDelivery("42", card)); err != nil {
			t.Fatal(err)
		}
		sent := srv.Sent(42)
		if len(sent) != 1 || sent[0].Method != "sendPhoto" || !bytes.Equal(sent[0].Photo, pic) || sent[0].Text != card.Text {
			t.Fatalf("telegram got %+v", sent)
		}

		// The console: the picture written to its media folder.
		var out bytes.Buffer
		con := console.New(&out, t.TempDir())
		con.SetMedia(media)
		if err := con.Deliver(ctx, bot.NewDelivery("pelanggan", card)); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`gambar: (\S+)`).FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("console printed no picture:\n%s", out.String())
		}
		got, err := os.ReadFile(m[1])
		if err != nil || !bytes.Equal(got, pic) {
			t.Fatalf("console picture %s: %v", m[1], err)
		}

		// Without a store the reference is refused, never read as a path.
		if _, _, err := bot.LoadImage(ref); err == nil {
			t.Fatal("LoadImage read a stored picture without a store")
		}
	})
}

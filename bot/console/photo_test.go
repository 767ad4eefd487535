package console_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/console"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// photoEcho says what picture it got.
func photoEcho(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
	in := conv.Inbound
	if in.Image != nil {
		conv.Reply(lapak.Outbound{Text: fmt.Sprintf("foto %s (%s) teks %q", in.Image.Ref, in.Image.MIME, in.Text)})
		return nil
	}
	conv.Reply(lapak.Outbound{Text: "teks " + in.Text})
	return nil
}

// "/foto PATH" sends the file as a picture, its absolute path as the
// reference; a path that is no picture prints a clear line and sends
// nothing to the shop.
func TestChatSendsAPhotoWithFoto(t *testing.T) {
	png, err := catalog.DemoPNG("keripik-singkong")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pic := filepath.Join(dir, "bukti tf.png")
	notPic := filepath.Join(dir, "catatan.txt")
	if err := os.WriteFile(pic, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(notPic, []byte("bukan gambar"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		var out bytes.Buffer
		con := console.New(&out, t.TempDir())
		snd := bot.NewSender(bot.SenderOptions{Store: s, Channels: []bot.Channel{con}, Logger: quiet})
		r := bot.NewRouter(bot.RouterOptions{Store: s, Handle: photoEcho, OnCommit: func(lapak.Inbound) { snd.Notify() }, Logger: quiet})

		in := strings.Join([]string{
			"/foto bukti tf.png", // relative to the working directory, with a space
			"/PHOTO \"" + pic + "\"",
			"/foto",
			"/foto tidak-ada.jpg",
			"/foto " + notPic,
			"/foto " + dir,
			"/fotokopi 2 lembar", // not the command
		}, "\n") + "\n"
		if err := console.Chat(ctx, strings.NewReader(in), "ani", r, snd, false, &out); err != nil {
			t.Fatalf("Chat: %v", err)
		}
		want := "foto " + pic + " (image/png) teks \"\"\n\n" +
			"foto " + pic + " (image/png) teks \"\"\n\n" +
			"📷 Tulis /foto lalu nama filenya, misalnya /foto bukti.jpg. (Type /photo and the file, e.g. /photo proof.jpg.) Tidak ada yang dikirim. (Nothing was sent.)\n\n" +
			"📷 Foto \"tidak-ada.jpg\" tidak bisa dikirim: tidak ada / not found. Tidak ada yang dikirim. (The picture cannot be sent; nothing was sent.)\n\n" +
			"📷 Foto \"" + notPic + "\" tidak bisa dikirim: bukan gambar / not a picture. Tidak ada yang dikirim. (The picture cannot be sent; nothing was sent.)\n\n" +
			"📷 Foto \"" + dir + "\" tidak bisa dikirim: not a regular file. Tidak ada yang dikirim. (The picture cannot be sent; nothing was sent.)\n\n" +
			"teks /fotokopi 2 lembar\n\n"
		if out.String() != want {
			t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
		}
	})
}

var picLine = regexp.MustCompile(`🖼  gambar: (\S+)\n`)

// The pictures people sent are shown like any other: a console customer's
// file is read again, one from another channel comes through the app's
// Media; one that cannot be fetched leaves the notice text saying why.
func TestDeliverShowsPicturesPeopleSent(t *testing.T) {
	png, err := catalog.DemoPNG("keripik-singkong")
	if err != nil {
		t.Fatal(err)
	}
	pic := filepath.Join(t.TempDir(), "bukti.png")
	if err := os.WriteFile(pic, png, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out bytes.Buffer
	dir := filepath.Join(t.TempDir(), "media")
	c := console.New(&out, dir)
	media := bot.NewMedia()
	media.Register(lapak.ChannelTelegram, func(_ context.Context, ref string) ([]byte, error) { return png, nil })
	c.SetMedia(media)
	notice := lapak.Outbound{Text: "🧾 Foto bukti transfer pesanan K7M-4QP", NoImage: "(foto tidak bisa diambil: %s)",
		Choices: []lapak.Choice{{ID: "desk:paid:K7M-4QP", Label: "Lunas"}}}

	for _, ref := range []string{lapak.MediaRef(lapak.ChannelConsole, pic), lapak.MediaRef(lapak.ChannelTelegram, "AgACAgUAAxkBAAIB")} {
		out.Reset()
		notice.Image = ref
		if err := c.Deliver(ctx, bot.NewDelivery("admin", notice)); err != nil {
			t.Fatal(err)
		}
		m := picLine.FindStringSubmatch(out.String())
		if m == nil || !strings.HasPrefix(out.String(), notice.Text+"\n1. Lunas\n") {
			t.Fatalf("%s:\n%s", ref, out.String())
		}
		if data, err := os.ReadFile(m[1]); err != nil || !bytes.Equal(data, png) || filepath.Dir(m[1]) != dir {
			t.Fatalf("%s: shown %s (%v)", ref, m[1], err)
		}
	}

	for ref, why := range map[string]string{
		lapak.MediaRef(lapak.ChannelConsole, filepath.Join(t.TempDir(), "hilang.png")): "no such file or directory",
		lapak.MediaRef(lapak.ChannelWhatsApp, "wa-image:Qk"):                           "whatsapp channel not running here",
	} {
		out.Reset()
		notice.Image = ref
		if err := c.Deliver(ctx, bot.NewDelivery("admin", notice)); err != nil {
			t.Fatal(err)
		}
		if want := notice.Text + "\n\n(foto tidak bisa diambil: " + why + ")\n1. Lunas\n\n"; out.String() != want {
			t.Fatalf("%s:\ngot  %q\nwant %q", ref, out.String(), want)
		}
	}
}

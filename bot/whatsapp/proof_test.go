package whatsapp_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/whatsapp"
	"github.com/lapak-id/lapak/catalog"
)

func demoPNG(t *testing.T) []byte {
	t.Helper()
	data, err := catalog.DemoPNG("keripik-singkong")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// photo is a picture as whatsmeow delivers it, stored at directPath.
func photo(directPath, caption string) *waE2E.Message {
	img := &waE2E.ImageMessage{
		Mimetype: proto.String("image/jpeg"), DirectPath: proto.String(directPath),
		MediaKey: []byte(strings.Repeat("k", 32)), FileEncSHA256: []byte(strings.Repeat("e", 32)),
		FileSHA256: []byte(strings.Repeat("s", 32)), FileLength: proto.Uint64(48213),
	}
	if caption != "" {
		img.Caption = proto.String(caption)
	}
	return &waE2E.Message{ImageMessage: img}
}

// A WhatsApp customer's transfer proof is downloaded again for the
// WhatsApp admin and sent as a picture with the recap; the console admin
// gets the same notice.
func TestProofFromWhatsAppReachesTheAdmins(t *testing.T) {
	con := &console{}
	png := demoPNG(t)
	shopTest(t, con, func(t *testing.T, sh *shop) {
		sh.cli.media = map[string][]byte{"/v/t62/proof.enc": png}
		for i, line := range []string{"pesan nastar 1", "checkout", "Siti Aminah", "081234567890", "ya"} {
			sh.handle(t, write("B"+string(rune('0'+i)), text(line)))
		}
		sh.drain(t)
		placed := sh.cli.to(siti)
		number := ""
		for _, m := range placed {
			if _, after, ok := strings.Cut(m, "No. pesanan: "); ok {
				number = after[:7]
			}
		}
		if number == "" {
			t.Fatalf("no order placed: %q", placed)
		}
		waAdmin := types.NewJID(admins[1].ChatID, types.DefaultUserServer)
		for range 3 { // the new-order notice, paced like every notice
			sh.clock.Advance(2 * time.Minute)
			sh.drain(t)
		}
		before := len(sh.cli.to(waAdmin))
		con.got = nil
		sh.cli.uploaded = nil

		sh.handle(t, write("B9", photo("/v/t62/proof.enc", "")))
		for range 3 {
			sh.clock.Advance(2 * time.Minute)
			sh.drain(t)
		}
		if got := sh.cli.to(siti); !strings.Contains(got[len(got)-1], "teruskan ke admin") {
			t.Fatalf("customer got %q", got[len(got)-1])
		}
		notes := sh.cli.to(waAdmin)[before:]
		if len(notes) != 1 || !strings.HasPrefix(notes[0], "[image image/png] 🧾 Foto bukti transfer pesanan "+number+" dari Siti Aminah (whatsapp:6281234567890") ||
			!strings.Contains(notes[0], "1. ✅ Lunas / Paid") {
			t.Fatalf("WhatsApp admin got %q", notes)
		}
		if len(sh.cli.uploaded) != 1 || !bytes.Equal(sh.cli.uploaded[0], png) {
			t.Fatalf("uploaded %d pictures, want the customer's one", len(sh.cli.uploaded))
		}
		if d := sh.cli.downloads; len(d) == 0 || d[len(d)-1] != "/v/t62/proof.enc" {
			t.Fatalf("downloads %q", d)
		}
		if len(con.got) != 1 || !strings.Contains(con.got[0], "admin: 🧾 Foto bukti transfer pesanan "+number) {
			t.Fatalf("console admin got %q", con.got)
		}
		o, err := sh.s.OrderByNumber(context.Background(), number)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != lapak.StatusPendingPayment {
			t.Fatalf("order %+v", o)
		}
	})
}

// A picture sent on Telegram is fetched through the fetcher the app
// registered and uploaded to the WhatsApp admin; a picture nothing can
// fetch leaves the notice as text saying why, delivered, not retried.
func TestForeignPictureForAWhatsAppAdmin(t *testing.T) {
	ctx := context.Background()
	png := demoPNG(t)
	var asked []string
	media := bot.NewMedia()
	media.Register(lapak.ChannelTelegram, func(_ context.Context, ref string) ([]byte, error) {
		asked = append(asked, ref)
		return png, nil
	})
	cli := &fakeClient{connected: true}
	wa, err := whatsapp.New(whatsapp.Options{Client: cli, Logger: quiet, Now: func() time.Time { return start }, Media: media})
	if err != nil {
		t.Fatal(err)
	}
	notice := lapak.Outbound{Text: "🧾 Foto bukti transfer pesanan K7M-4QP", NoImage: "(foto tidak bisa diambil: %s)",
		Image: lapak.MediaRef(lapak.ChannelTelegram, "AgACAgUAAxkBAAIBtg")}
	if err := wa.Deliver(ctx, bot.NewDelivery("6281234567890", notice)); err != nil {
		t.Fatal(err)
	}
	if got := cli.to(siti); len(got) != 1 || got[0] != "[image image/png] 🧾 Foto bukti transfer pesanan K7M-4QP" {
		t.Fatalf("got %q", got)
	}
	if len(asked) != 1 || asked[0] != "AgACAgUAAxkBAAIBtg" || len(cli.uploaded) != 1 || !bytes.Equal(cli.uploaded[0], png) {
		t.Fatalf("fetched %q, uploaded %d", asked, len(cli.uploaded))
	}

	for ref, why := range map[string]string{
		lapak.MediaRef(lapak.ChannelConsole, "/tmp/bukti.png"):                "console channel not running here",
		lapak.MediaRef(lapak.ChannelWhatsApp, "wa-image:not-base64!"):         "illegal base64 data at input byte 10",
		lapak.MediaRef(lapak.ChannelWhatsApp, waRef(t, "/v/t62/expired.enc")): "no media here",
	} {
		notice.Image = ref
		if err := wa.Deliver(ctx, bot.NewDelivery("6281234567890", notice)); err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		got := cli.to(siti)
		if want := notice.Text + "\n\n(foto tidak bisa diambil: " + why + ")"; got[len(got)-1] != want {
			t.Fatalf("%s:\ngot  %q\nwant %q", ref, got[len(got)-1], want)
		}
	}
	if len(cli.uploaded) != 1 {
		t.Fatalf("%d uploads, want only the first picture", len(cli.uploaded))
	}
}

// waRef is the reference a WhatsApp customer's picture at directPath gets,
// as the adapter makes it from the incoming message.
func waRef(t *testing.T, directPath string) string {
	t.Helper()
	var ref string
	cli := &fakeClient{connected: true}
	store := recorder(func(in lapak.Inbound) { ref = in.Image.Ref })
	wa, err := whatsapp.New(whatsapp.Options{Client: cli, Logger: quiet, Now: func() time.Time { return start },
		Router: bot.NewRouter(bot.RouterOptions{Store: store, Handle: func(context.Context, lapak.ShopTx, *lapak.Conversation) error { return nil }, Logger: quiet})})
	if err != nil {
		t.Fatal(err)
	}
	if !wa.HandleEvent(write("R1", photo(directPath, ""))) || ref == "" {
		t.Fatalf("no reference made (%q)", ref)
	}
	return ref
}

// recorder is a router store that only records the inbound message.
type recorder func(lapak.Inbound)

func (r recorder) HandleInbound(_ context.Context, in lapak.Inbound, _ lapak.HandleFunc) error {
	r(in)
	return nil
}

func (recorder) TakeOver(context.Context, lapak.Identity, string, time.Time) error { return nil }
func (recorder) HandBack(context.Context, lapak.Identity) error                    { return nil }

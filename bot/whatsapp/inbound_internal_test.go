package whatsapp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/lapak-id/lapak"
)

var (
	t0       = time.Date(2025, 11, 26, 9, 0, 0, 0, time.UTC)
	customer = types.NewJID("6281234567890", types.DefaultUserServer)
	hidden   = types.NewJID("123456789012345", types.HiddenUserServer)
)

// dm is a customer's message in a private chat, as whatsmeow emits it.
func dm(id string, m *waE2E.Message) *events.Message {
	sender := customer
	sender.Device = 3 // senders carry a device; chats do not
	return &events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: customer, Sender: sender},
			ID:            types.MessageID(id),
			PushName:      "Siti",
			Timestamp:     t0,
		},
		Message: m,
	}
}

func conv(s string) *waE2E.Message { return &waE2E.Message{Conversation: proto.String(s)} }

func TestEventToInbound(t *testing.T) {
	image := &waE2E.ImageMessage{
		Caption: proto.String("bukti transfer"), Mimetype: proto.String("image/jpeg"),
		DirectPath: proto.String("/v/t62.7118-24/12345_n.enc?ccb=11-4"), MediaKey: make([]byte, 32),
		FileEncSHA256: make([]byte, 32), FileSHA256: make([]byte, 32), FileLength: proto.Uint64(48213),
		JPEGThumbnail: make([]byte, 4000), // left out of the reference
	}
	fromMe := dm("3EB0SELLER", conv("iya kak, besok dikirim"))
	fromMe.Info.IsFromMe = true
	group := dm("G1", conv("halo semua"))
	group.Info.Chat, group.Info.IsGroup = types.NewJID("120363025246125486", types.GroupServer), true
	status := dm("S1", conv("promo hari ini"))
	status.Info.Chat = types.StatusBroadcastJID
	list := dm("B1", conv("promo"))
	list.Info.Chat = types.NewJID("1701234567", types.BroadcastServer)
	news := dm("N1", conv("berita"))
	news.Info.Chat = types.NewJID("120363144038483540", types.NewsletterServer)
	edit := dm("E1", conv("halo (diedit)"))
	edit.IsEdit = true
	reaction := dm("R1", &waE2E.Message{ReactionMessage: &waE2E.ReactionMessage{Text: proto.String("👍")}})
	voice := dm("V1", &waE2E.Message{AudioMessage: &waE2E.AudioMessage{PTT: proto.Bool(true)}})
	sticker := dm("K1", &waE2E.Message{StickerMessage: &waE2E.StickerMessage{}})
	photoDoc := dm("D1", &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{Caption: proto.String("/foto NST-KJ"),
		Mimetype: proto.String("image/png"), DirectPath: proto.String("/v/t62.7119-24/doc_n.enc"), MediaKey: make([]byte, 32), FileLength: proto.Uint64(90000)}})
	pdf := dm("D2", &waE2E.Message{DocumentMessage: &waE2E.DocumentMessage{Mimetype: proto.String("application/pdf"), FileLength: proto.Uint64(1000)}})

	cases := []struct {
		name     string
		evt      *events.Message
		kind     kind
		text     string
		hasImage bool
	}{
		{"conversation text", dm("3EB0A1", conv("halo kak")), kindCustomer, "halo kak", false},
		{"extended text (reply, link)", dm("3EB0A2", &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String("pesan keripik 2")}}), kindCustomer, "pesan keripik 2", false},
		{"image with caption", dm("3EB0A3", &waE2E.Message{ImageMessage: image}), kindCustomer, "bukti transfer", true},
		{"from the seller's phone", fromMe, kindSeller, "iya kak, besok dikirim", false},
		{"group", group, kindIgnore, "", false},
		{"status update", status, kindIgnore, "", false},
		{"broadcast list", list, kindIgnore, "", false},
		{"newsletter", news, kindIgnore, "", false},
		{"edit", edit, kindIgnore, "", false},
		{"reaction", reaction, kindIgnore, "", false},
		{"voice note", voice, kindUnsupported, "", false},
		{"sticker", sticker, kindUnsupported, "", false},
		{"picture sent as a document", photoDoc, kindCustomer, "/foto NST-KJ", true},
		{"pdf", pdf, kindUnsupported, "", false},
		{"no message", &events.Message{Info: dm("X", nil).Info}, kindIgnore, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, k := toInbound(c.evt, c.evt.Info.Chat.ToNonAD())
			if k != c.kind {
				t.Fatalf("kind %v, want %v", k, c.kind)
			}
			if k == kindIgnore {
				return
			}
			want := lapak.Inbound{Channel: lapak.ChannelWhatsApp, MessageID: string(c.evt.Info.ID),
				ChatID: "6281234567890", SenderName: "Siti", Text: c.text, ReceivedAt: t0}
			got := in
			got.Image, got.File = nil, nil
			if got != want {
				t.Fatalf("inbound\n got %+v\nwant %+v", got, want)
			}
			if (in.Image != nil) != c.hasImage {
				t.Fatalf("image %+v, want one: %v", in.Image, c.hasImage)
			}
			if c.evt == pdf && (in.File == nil || in.File.MIME != "application/pdf") {
				t.Fatalf("a pdf is a file: %+v", in.File)
			}
		})
	}
}

func TestImageRefDownloadsTheSamePicture(t *testing.T) {
	img := &waE2E.ImageMessage{
		Mimetype: proto.String("image/jpeg"), DirectPath: proto.String("/v/t62.7118-24/12345_n.enc?ccb=11-4"),
		MediaKey: []byte(strings.Repeat("k", 32)), FileEncSHA256: []byte(strings.Repeat("e", 32)),
		FileSHA256: []byte(strings.Repeat("s", 32)), FileLength: proto.Uint64(48213),
		URL: proto.String("https://mmg.whatsapp.net/" + strings.Repeat("x", 300)), JPEGThumbnail: make([]byte, 4000),
	}
	in, _ := toInbound(dm("3EB0A3", &waE2E.Message{ImageMessage: img}), customer)
	if in.Image == nil || in.Image.MIME != "image/jpeg" {
		t.Fatalf("image %+v", in.Image)
	}
	if len(in.Image.Ref) > 400 {
		t.Fatalf("reference is %d bytes; it must stay well under the router's 1024", len(in.Image.Ref))
	}
	var got *waE2E.ImageMessage
	a, _ := New(Options{Client: &downloader{fn: func(m *waE2E.ImageMessage) { got = m }}})
	if _, err := a.FetchImage(context.Background(), in.Image.Ref); err != nil {
		t.Fatal(err)
	}
	if got.GetDirectPath() != img.GetDirectPath() || string(got.GetMediaKey()) != string(img.GetMediaKey()) ||
		string(got.GetFileEncSHA256()) != string(img.GetFileEncSHA256()) || got.GetFileLength() != 48213 {
		t.Fatalf("downloaded with %v", got)
	}
	// A picture sent as a document downloads as a document (its own keys).
	doc := &waE2E.DocumentMessage{Mimetype: proto.String("image/png"), DirectPath: proto.String("/v/t62.7119-24/doc_n.enc"),
		MediaKey: []byte(strings.Repeat("d", 32)), FileLength: proto.Uint64(90000), Caption: proto.String("/foto NST-KJ")}
	in, _ = toInbound(dm("D1", &waE2E.Message{DocumentMessage: doc}), customer)
	var gotDoc *waE2E.DocumentMessage
	a, _ = New(Options{Client: &downloader{doc: func(m *waE2E.DocumentMessage) { gotDoc = m }}})
	if _, err := a.FetchImage(context.Background(), in.Image.Ref); err != nil {
		t.Fatal(err)
	}
	if gotDoc.GetDirectPath() != doc.GetDirectPath() || string(gotDoc.GetMediaKey()) != string(doc.GetMediaKey()) {
		t.Fatalf("document downloaded with %v", gotDoc)
	}
	if _, err := a.FetchImage(context.Background(), "AgACAgQAAxkBAAIB"); err == nil {
		t.Fatal("a Telegram file id was accepted as a WhatsApp image")
	}
}

func TestHiddenNumbersMapToThePhone(t *testing.T) {
	known := types.NewJID("6285700001111", types.DefaultUserServer)
	a, _ := New(Options{Client: &downloader{}, PNForLID: func(_ context.Context, lid types.JID) (types.JID, error) {
		if lid == hidden {
			return known, nil
		}
		return types.JID{}, errors.New("unknown")
	}})
	ctx := context.Background()

	withAlt := dm("L1", conv("halo"))
	withAlt.Info.Chat, withAlt.Info.Sender = hidden, hidden
	withAlt.Info.SenderAlt = types.NewJID("6289900002222", types.DefaultUserServer)
	withAlt.Info.SenderAlt.Device = 2
	if got := chatID(a.peer(ctx, withAlt.Info)); got != "6289900002222" {
		t.Fatalf("SenderAlt: chat %q", got)
	}

	stored := dm("L2", conv("halo"))
	stored.Info.Chat, stored.Info.Sender = hidden, hidden
	if got := chatID(a.peer(ctx, stored.Info)); got != "6285700001111" {
		t.Fatalf("LID map: chat %q", got)
	}

	unknown := dm("L3", conv("halo"))
	unknown.Info.Chat = types.NewJID("999", types.HiddenUserServer)
	got := chatID(a.peer(ctx, unknown.Info))
	if got != "999@lid" {
		t.Fatalf("unknown hidden number: chat %q", got)
	}
	// The chat id still leads back to the same chat for replies.
	if jid, err := parseChat(got); err != nil || jid != unknown.Info.Chat {
		t.Fatalf("parseChat(%q) = %v, %v", got, jid, err)
	}
	if jid, err := parseChat("6281234567890"); err != nil || jid != customer {
		t.Fatalf("parseChat(phone) = %v, %v", jid, err)
	}
	for _, bad := range []string{"", "120363025246125486@g.us", "status@broadcast", "admin"} {
		if _, err := parseChat(bad); err == nil {
			t.Fatalf("parseChat(%q) accepted", bad)
		}
	}
}

// downloader is a Client that only downloads.
type downloader struct {
	fn  func(*waE2E.ImageMessage)
	doc func(*waE2E.DocumentMessage)
}

func (d *downloader) Download(_ context.Context, m whatsmeow.DownloadableMessage) ([]byte, error) {
	switch m := m.(type) {
	case *waE2E.ImageMessage:
		if d.fn != nil {
			d.fn(m)
		}
	case *waE2E.DocumentMessage:
		if d.doc != nil {
			d.doc(m)
		}
	}
	return []byte("jpeg"), nil
}

func (*downloader) SendMessage(context.Context, types.JID, *waE2E.Message, ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	return whatsmeow.SendResponse{}, errors.New("not sending")
}

func (*downloader) Upload(context.Context, []byte, whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	return whatsmeow.UploadResponse{}, errors.New("not uploading")
}

func (*downloader) IsOnWhatsApp(context.Context, []string) ([]types.IsOnWhatsAppResponse, error) {
	return nil, errors.New("not asking")
}

func (*downloader) SendChatPresence(context.Context, types.JID, types.ChatPresence, types.ChatPresenceMedia) error {
	return nil
}
func (*downloader) IsConnected() bool { return false }

// A photo in reply to a message carries its size and the text it replies
// to: an admin's photo on a product's card.
func TestPhotoReplyCarriesTheQuotedText(t *testing.T) {
	img := &waE2E.ImageMessage{Mimetype: proto.String("image/jpeg"), FileLength: proto.Uint64(10 << 20),
		DirectPath: proto.String("/v/x.enc"), MediaKey: make([]byte, 32), FileEncSHA256: make([]byte, 32), FileSHA256: make([]byte, 32),
		ContextInfo: &waE2E.ContextInfo{QuotedMessage: &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String("Nastar Keju\n• 450 g")}}}}
	in, k := toInbound(dm("3EB0R1", &waE2E.Message{ImageMessage: img}), customer)
	if k != kindCustomer || in.Image == nil || in.Image.Size != 10<<20 || in.ReplyText != "Nastar Keju\n• 450 g" {
		t.Fatalf("inbound %+v (image %+v)", in, in.Image)
	}
}

// A newly linked number warms up: 20 promos its first day, doubling each
// day, never above the cap; days begin at midnight in the shop's zone.
func TestPromosPerDayWarmUp(t *testing.T) {
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	linked := time.Date(2026, 12, 1, 22, 30, 0, 0, jkt)
	for _, c := range []struct {
		now  time.Time
		want int
	}{
		{time.Date(2026, 12, 1, 23, 0, 0, 0, jkt), 20},
		{time.Date(2026, 12, 2, 0, 0, 0, 0, jkt), 40},
		{time.Date(2026, 12, 3, 9, 0, 0, 0, jkt), 80},
		{time.Date(2026, 12, 4, 9, 0, 0, 0, jkt), 160},
		{time.Date(2026, 12, 5, 9, 0, 0, 0, jkt), 200}, // 320 is over the cap
		{time.Date(2027, 1, 5, 9, 0, 0, 0, jkt), 200},
	} {
		n, start, end := promosPerDay(200, linked, c.now.UTC(), jkt)
		if n != c.want || !start.Equal(time.Date(c.now.Year(), c.now.Month(), c.now.Day(), 0, 0, 0, 0, jkt)) || end.Sub(start) != 24*time.Hour {
			t.Errorf("%v: %d from %v to %v, want %d", c.now, n, start, end, c.want)
		}
	}
	if n, _, _ := promosPerDay(0, time.Time{}, linked, jkt); n != DefaultPromosPerDay {
		t.Errorf("an old number, the default cap: %d", n)
	}
}

package whatsapp_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/whatsapp"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/flows"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

var (
	quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
	start = time.Date(2025, 11, 26, 9, 0, 0, 0, time.UTC)
	siti  = types.NewJID("6281234567890", types.DefaultUserServer)
)

// sent is one message the fake WhatsApp received.
type sent struct {
	to  types.JID
	id  types.MessageID
	msg *waE2E.Message
}

func (s sent) text() string {
	if img := s.msg.GetImageMessage(); img != nil {
		return "[image " + img.GetMimetype() + "] " + img.GetCaption()
	}
	return s.msg.GetConversation()
}

// fakeClient is the narrow whatsmeow client: it records what was sent and
// fails as told.
type fakeClient struct {
	mu        sync.Mutex
	connected bool
	fail      func(n int, m *waE2E.Message) error // n counts SendMessage calls from 1
	calls     int
	attempts  []types.MessageID // the id of every SendMessage call
	sent      []sent
	uploads   int
	uploaded  [][]byte // the bytes of every upload
	presence  []types.ChatPresence
	// media is what Download serves, by the picture's DirectPath.
	media     map[string][]byte
	downloads []string // the DirectPath of every download
	// gone are the numbers IsOnWhatsApp says are not on WhatsApp; asked
	// records every number asked.
	gone  map[string]bool
	asked []string
}

func (f *fakeClient) IsOnWhatsApp(_ context.Context, phones []string) ([]types.IsOnWhatsAppResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []types.IsOnWhatsAppResponse
	for _, p := range phones {
		f.asked = append(f.asked, p)
		user := strings.TrimPrefix(p, "+")
		out = append(out, types.IsOnWhatsAppResponse{Query: p, JID: types.NewJID(user, types.DefaultUserServer), IsIn: !f.gone[user]})
	}
	return out, nil
}

func (f *fakeClient) SendMessage(_ context.Context, to types.JID, m *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	var id types.MessageID
	if len(extra) == 1 {
		id = extra[0].ID
	}
	f.attempts = append(f.attempts, id)
	if f.fail != nil {
		if err := f.fail(f.calls, m); err != nil {
			return whatsmeow.SendResponse{}, err
		}
	}
	f.sent = append(f.sent, sent{to: to, id: id, msg: m})
	return whatsmeow.SendResponse{ID: id}, nil
}

func (f *fakeClient) Upload(_ context.Context, data []byte, mt whatsmeow.MediaType) (whatsmeow.UploadResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if mt != whatsmeow.MediaImage || len(data) == 0 {
		return whatsmeow.UploadResponse{}, errors.New("bad upload")
	}
	f.uploads++
	f.uploaded = append(f.uploaded, data)
	return whatsmeow.UploadResponse{URL: "https://mmg.whatsapp.net/x", DirectPath: "/v/x", MediaKey: []byte("k"),
		FileEncSHA256: []byte("e"), FileSHA256: []byte("s"), FileLength: uint64(len(data))}, nil
}

func (f *fakeClient) SendChatPresence(_ context.Context, _ types.JID, state types.ChatPresence, _ types.ChatPresenceMedia) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.presence = append(f.presence, state)
	return nil
}

func (f *fakeClient) IsConnected() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.connected
}

func (f *fakeClient) Download(_ context.Context, m whatsmeow.DownloadableMessage) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.downloads = append(f.downloads, m.GetDirectPath())
	if data, ok := f.media[m.GetDirectPath()]; ok {
		return data, nil
	}
	return nil, errors.New("no media here")
}

func (f *fakeClient) to(jid types.JID) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, s := range f.sent {
		if s.to == jid {
			out = append(out, s.text())
		}
	}
	return out
}

// shop is the real pipeline: storage, flows, router, sender, adapter.
type shop struct {
	s      *storage.Store
	clock  *storagetest.Clock
	wa     *whatsapp.Adapter
	cli    *fakeClient
	sender *bot.Sender
	router *bot.Router
}

var admins = []lapak.Identity{
	{Channel: lapak.ChannelConsole, ChatID: "admin"},
	{Channel: lapak.ChannelWhatsApp, ChatID: "6289911112222"},
}

// console collects what the admin console receives.
type console struct {
	mu  sync.Mutex
	got []string
}

func (c *console) Name() lapak.Channel { return lapak.ChannelConsole }
func (c *console) Deliver(_ context.Context, d *bot.Delivery) error {
	chat, m := d.ChatID(), d.Msg
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, chat+": "+m.Text)
	return nil
}

func newShop(t *testing.T, s *storage.Store, clock *storagetest.Clock, con *console) *shop {
	loc, _ := time.LoadLocation("Asia/Jakarta")
	engine := flows.New(flows.Options{Logger: quiet, Shop: lapak.Shop{
		Name: "Dapur Bu Sari", Language: lapak.Indonesian, Location: loc, PickupAddress: "Jl. Melati 5",
		BankAccounts: []lapak.BankAccount{{Bank: "BCA", Number: "1234567890", Holder: "Sari"}},
		OrderTTL:     24 * time.Hour, Admins: admins,
	}})
	sh := &shop{s: s, clock: clock, cli: &fakeClient{connected: true}}
	sh.router = bot.NewRouter(bot.RouterOptions{Store: s, Handle: engine.Handle, Apology: engine.Apology,
		OnCommit: func(lapak.Inbound) {}, Logger: quiet, Now: clock.Now})
	t.Cleanup(sh.router.Wait)
	wa, err := whatsapp.New(whatsapp.Options{Client: sh.cli, Router: sh.router, Logger: quiet,
		Now: clock.Now, Admins: admins, Language: lapak.Indonesian})
	if err != nil {
		t.Fatal(err)
	}
	sh.wa = wa
	chans := []bot.Channel{wa}
	if con != nil {
		chans = append(chans, con)
	}
	sh.sender = bot.NewSender(bot.SenderOptions{Store: s, Channels: chans, Logger: quiet, Now: clock.Now,
		Backoff:     func(int) time.Duration { return time.Minute },
		ClassPacing: map[lapak.Channel]map[lapak.Pacing]bot.Pace{lapak.ChannelWhatsApp: whatsapp.ClassPace(5)}})
	return sh
}

func shopTest(t *testing.T, con *console, fn func(t *testing.T, sh *shop)) {
	clock := storagetest.NewClock(start)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		if _, err := s.ImportCatalog(context.Background(), catalog.DemoRows()); err != nil {
			t.Fatal(err)
		}
		fn(t, newShop(t, s, clock, con))
	})
}

func (sh *shop) drain(t *testing.T) int {
	t.Helper()
	n, err := sh.sender.Drain(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// write is Siti writing to the shop, as whatsmeow delivers it.
func write(id string, m *waE2E.Message) *events.Message {
	return &events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: siti, Sender: siti},
			ID:            types.MessageID(id), PushName: "Siti", Timestamp: start,
		},
		Message: m,
	}
}

func text(s string) *waE2E.Message { return &waE2E.Message{Conversation: proto.String(s)} }

func (sh *shop) handle(t *testing.T, e *events.Message) {
	t.Helper()
	e.Info.Timestamp = sh.clock.Now()
	if !sh.wa.HandleEvent(e) {
		t.Fatalf("message %s not acknowledged", e.Info.ID)
	}
}

func TestGreetingIsANumberedMenuAndRedeliveryChangesNothing(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		greet := write("3EB0C431C26A1916", text("halo"))
		sh.handle(t, greet)
		sh.handle(t, greet) // WhatsApp re-delivers the same id
		sh.drain(t)
		got := sh.cli.to(siti)
		if len(got) != 1 {
			t.Fatalf("Siti got %d messages, want 1: %q", len(got), got)
		}
		for _, want := range []string{"Halo kak, selamat datang di Dapur Bu Sari!", "\n\n1. Katalog\n2. ", "\n\nBalas dengan angka ya kak"} {
			if !strings.Contains(got[0], want) {
				t.Fatalf("greeting lacks %q:\n%s", want, got[0])
			}
		}
		if len(sh.cli.presence) == 0 || sh.cli.presence[0] != types.ChatPresenceComposing {
			t.Fatalf("no typing indicator: %v", sh.cli.presence)
		}

		// "1" picks the first line of that list.
		sh.handle(t, write("3EB0C431C26A1917", text("1")))
		sh.drain(t)
		if got := sh.cli.to(siti); len(got) != 2 || !strings.Contains(got[1], "kategori") {
			t.Fatalf("after 1: %q", got)
		}
	})
}

func TestVoiceNotesAndStickersGetAPleaseType(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		sh.handle(t, write("V1", &waE2E.Message{AudioMessage: &waE2E.AudioMessage{PTT: proto.Bool(true)}}))
		sh.handle(t, write("V1", &waE2E.Message{AudioMessage: &waE2E.AudioMessage{PTT: proto.Bool(true)}}))
		sh.handle(t, write("K1", &waE2E.Message{StickerMessage: &waE2E.StickerMessage{}}))
		sh.drain(t)
		got := sh.cli.to(siti)
		if len(got) != 2 || !strings.Contains(got[0], "Tolong ketik ya kak") || got[0] != got[1] {
			t.Fatalf("replies %q", got)
		}
	})
}

func TestGroupsAndStatusAreIgnored(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		group := write("G1", text("halo"))
		group.Info.Chat, group.Info.IsGroup = types.NewJID("120363025246125486", types.GroupServer), true
		status := write("S1", text("halo"))
		status.Info.Chat = types.StatusBroadcastJID
		sh.handle(t, group)
		sh.handle(t, status)
		if n := sh.drain(t); n != 0 || sh.cli.calls != 0 {
			t.Fatalf("answered a group or a status: %d", n)
		}
	})
}

func TestSellerTypingFromThePhoneMakesTheBotStepBack(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		seller := write("3EB0SELLER1", text("Halo kak Siti, pesanannya sudah saya kirim ya"))
		seller.Info.IsFromMe = true
		sh.handle(t, seller)

		sh.clock.Advance(10 * time.Minute)
		sh.handle(t, write("A1", text("makasih kak, resinya berapa?")))
		sh.handle(t, write("V1", &waE2E.Message{AudioMessage: &waE2E.AudioMessage{PTT: proto.Bool(true)}}))
		sh.drain(t)
		if got := sh.cli.to(siti); len(got) != 0 {
			t.Fatalf("bot talked over the seller: %q", got)
		}
		// The "typing…" shown while the router decided is taken back.
		if p := sh.cli.presence; len(p) != 2 || p[0] != types.ChatPresenceComposing || p[1] != types.ChatPresencePaused {
			t.Fatalf("presence %v, want composing then paused", p)
		}

		sh.clock.Advance(20 * time.Minute) // 30 minutes after the seller wrote
		sh.handle(t, write("A2", text("halo")))
		sh.drain(t)
		if got := sh.cli.to(siti); len(got) != 1 || !strings.Contains(got[0], "1. Katalog") {
			t.Fatalf("bot did not come back after 30m: %q", got)
		}
	})
}

// The step-back is stored on the conversation: a new adapter and router on
// the same database (a restart) keep the bot out, and the customer's
// messages meanwhile are recorded (a re-delivery is a duplicate).
func TestStepBackSurvivesARestart(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		ctx := context.Background()
		seller := write("3EB0SELLER2", text("Sebentar ya kak, saya cek dulu stoknya"))
		seller.Info.IsFromMe = true
		sh.handle(t, seller)
		c, err := sh.s.Customer(ctx, lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: siti.User})
		if err != nil || c.Takeover.By != lapak.TakeoverSellerPhone || !c.Takeover.Until.Equal(sh.clock.Now().Add(30*time.Minute)) {
			t.Fatalf("stored takeover %+v (%v)", c.Takeover, err)
		}

		sh.router.Wait()
		again := newShop(t, sh.s, sh.clock, nil) // the process restarted
		sh.clock.Advance(5 * time.Minute)
		ask := write("B1", text("jadi ada kak?"))
		again.handle(t, ask)
		again.drain(t)
		if got := again.cli.to(siti); len(got) != 0 {
			t.Fatalf("after a restart the bot talked over the seller: %q", got)
		}

		sh.clock.Advance(25 * time.Minute) // the step-back is over
		again.handle(t, ask)               // WhatsApp re-delivers the old one: recorded already
		again.handle(t, write("B2", text("halo")))
		again.drain(t)
		if got := again.cli.to(siti); len(got) != 1 || !strings.Contains(got[0], "1. Katalog") {
			t.Fatalf("after the step-back: %q", got)
		}
	})
}

// A step-back that cannot be stored is not acknowledged, so WhatsApp
// delivers it again.
func TestUnstoredStepBackAsksWhatsAppToRedeliver(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		sh.s.Close()
		seller := write("3EB0SELLER3", text("iya kak"))
		seller.Info.IsFromMe = true
		if sh.wa.HandleEvent(seller) {
			t.Fatal("a step-back that was not stored was acknowledged")
		}
	})
}

func TestDisconnectedClientKeepsRepliesQueued(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		sh.cli.connected = false
		sh.handle(t, write("A1", text("halo")))
		// Far more tries than the sender's 8 attempts: a disconnection never
		// uses them up.
		for range 20 {
			if n := sh.drain(t); n != 0 {
				t.Fatalf("delivered %d while disconnected", n)
			}
			sh.clock.Advance(time.Minute)
		}
		if n, err := sh.s.PendingOutbox(context.Background()); err != nil || n != 1 {
			t.Fatalf("pending %d (%v): the reply must wait, not be dropped", n, err)
		}
		sh.cli.connected = true
		sh.clock.Advance(time.Minute)
		if n := sh.drain(t); n != 1 || len(sh.cli.to(siti)) != 1 {
			t.Fatalf("after reconnecting: delivered %d", n)
		}
	})
}

func TestSendErrors(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		ctx := context.Background()
		// The websocket dropped while sending: retried, then delivered.
		sh.cli.fail = func(n int, _ *waE2E.Message) error {
			if n == 1 {
				return whatsmeow.ErrNotConnected
			}
			return nil
		}
		sh.handle(t, write("A1", text("halo")))
		sh.drain(t)
		sh.clock.Advance(time.Minute)
		sh.drain(t)
		if got := sh.cli.to(siti); len(got) != 1 {
			t.Fatalf("after a dropped connection: %q", got)
		}
		// The retry reused the message id, so WhatsApp could drop a copy.
		if a := sh.cli.attempts; len(a) != 2 || a[0] == "" || a[0] != a[1] {
			t.Fatalf("attempts had ids %q, want the same id twice", a)
		}

		// 463: WhatsApp will not take messages for this person.
		sh.cli.fail = func(int, *waE2E.Message) error { return fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 463) }
		sh.handle(t, write("A2", text("menu")))
		sh.drain(t)
		c, err := sh.s.Customer(ctx, lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "6281234567890"})
		if err != nil || !c.Unreachable {
			t.Fatalf("customer %+v (%v): want unreachable after 463", c, err)
		}
		if n, _ := sh.s.PendingOutbox(ctx); n != 0 {
			t.Fatalf("%d still pending after 463", n)
		}
	})
}

func TestLogoutTellsTheAdminsElsewhere(t *testing.T) {
	con := &console{}
	shopTest(t, con, func(t *testing.T, sh *shop) {
		con.got = nil
		sh.wa.HandleEvent(&events.LoggedOut{Reason: events.ConnectFailureLoggedOut})
		sh.drain(t)
		if len(con.got) != 1 || !strings.HasPrefix(con.got[0], "admin: ⚠️ WhatsApp toko terputus") {
			t.Fatalf("console admin got %q", con.got)
		}
		if sh.cli.calls != 0 {
			t.Fatal("tried to tell a WhatsApp admin over WhatsApp")
		}
	})
}

func TestFailedCommitAsksWhatsAppToRedeliver(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		sh.s.Close()
		if sh.wa.HandleEvent(write("A1", text("halo"))) {
			t.Fatal("a message that was not stored was acknowledged")
		}
	})
}

func TestNotificationsArePacedRepliesAreNot(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		ctx := context.Background()
		// Five shop notices to five customers who did not just write.
		for i := range 5 {
			in := lapak.Inbound{Channel: lapak.ChannelConsole, ChatID: "admin", MessageID: fmt.Sprint("n", i), Text: "x"}
			err := sh.s.HandleInbound(ctx, in, func(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
				conv.Notify(lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: fmt.Sprint("62812000000", i)}, lapak.Outbound{Text: "Pesanan dikirim"})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := sh.drain(t); n != 1 {
			t.Fatalf("%d notices at once, want 1", n)
		}
		// Siti writes: her reply is not held back by the notices' budget.
		sh.handle(t, write("A1", text("halo")))
		sh.drain(t)
		if got := sh.cli.to(siti); len(got) != 1 {
			t.Fatalf("reply held back: %q", got)
		}
		// The rest go out at their slots: all five within two minutes, never
		// more than five in any minute.
		sent := []int{1} // per 5-second step
		for range 24 {
			sh.clock.Advance(5 * time.Second)
			sent = append(sent, sh.drain(t))
		}
		total := 0
		for i, n := range sent {
			total += n
			if i >= 12 {
				minute := 0
				for _, m := range sent[i-11 : i+1] {
					minute += m
				}
				if minute > 5 {
					t.Fatalf("%d notices within one minute: %v", minute, sent)
				}
			}
		}
		if total != 5 {
			t.Fatalf("%d notices delivered in 2 minutes, want all 5: %v", total, sent)
		}
	})
}

func TestPictureWithCaptionAndLongText(t *testing.T) {
	cli := &fakeClient{connected: true}
	wa, err := whatsapp.New(whatsapp.Options{Client: cli, Logger: quiet, Now: func() time.Time { return start }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := wa.Deliver(ctx, bot.NewDelivery("6281234567890", lapak.Outbound{Text: "Keripik Singkong – Rp12.000", Image: "demo:keripik-singkong",
		Choices: []lapak.Choice{{ID: "add:1", Label: "Tambah ke\nkeranjang"}}})); err != nil {
		t.Fatal(err)
	}
	want := "[image image/png] Keripik Singkong – Rp12.000\n\n1. Tambah ke keranjang\n\nBalas dengan angka ya kak"
	if got := cli.to(siti); len(got) != 1 || got[0] != want || cli.uploads != 1 {
		t.Fatalf("got %q (uploads %d), want %q", got, cli.uploads, want)
	}

	// Too long for a caption: the picture, then the text. A failure on the
	// text does not send the picture again.
	long := strings.Repeat("Renyah dan gurih. ", 80)
	cli.fail = func(n int, m *waE2E.Message) error {
		if m.GetConversation() != "" && n == 3 {
			return errors.New("timed out")
		}
		return nil
	}
	msg := lapak.Outbound{Text: long, Image: "demo:keripik-singkong"}
	d := bot.NewDelivery("6281234567890", msg)
	if err := wa.Deliver(ctx, d); err == nil {
		t.Fatal("failure not reported")
	}
	if err := wa.Deliver(ctx, d); err != nil {
		t.Fatal(err)
	}
	got := cli.to(siti)
	if len(got) != 3 || got[1] != "[image image/png] " || got[2] != strings.TrimSpace(long) || cli.uploads != 2 {
		t.Fatalf("got %d messages %.60q, uploads %d", len(got), got, cli.uploads)
	}

	if err := wa.Deliver(ctx, bot.NewDelivery("120363025246125486@g.us", lapak.Outbound{Text: "x"})); !errors.Is(err, lapak.ErrUnreachable) {
		t.Fatalf("group chat id: %v, want unreachable", err)
	}
}

// A promo answered with 463 is WhatsApp's ban warning: no more promos go
// from this process (they wait in the outbox, not failed), the app is told
// once, and replies go on.
func TestPromoBanWarningStopsPromos(t *testing.T) {
	shopTest(t, nil, func(t *testing.T, sh *shop) {
		ctx := context.Background()
		var stopped []lapak.Channel
		sh.sender = bot.NewSender(bot.SenderOptions{Store: sh.s, Channels: []bot.Channel{sh.wa}, Logger: quiet, Now: sh.clock.Now,
			Backoff:     func(int) time.Duration { return time.Minute },
			ClassPacing: map[lapak.Channel]map[lapak.Pacing]bot.Pace{lapak.ChannelWhatsApp: whatsapp.ClassPace(5)},
			BulkStopped: func(ch lapak.Channel, err error) { stopped = append(stopped, ch) }})
		err := sh.s.HandleInbound(ctx, lapak.Inbound{Channel: lapak.ChannelWhatsApp, MessageID: "seed", ChatID: "6280000000000"},
			func(_ context.Context, _ lapak.ShopTx, conv *lapak.Conversation) error {
				for _, n := range []string{"6281111111111", "6282222222222", "6283333333333"} {
					conv.Outbox = append(conv.Outbox, lapak.Envelope{To: lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: n},
						Class: lapak.PaceBulk, Msg: lapak.Outbound{Text: "Promo akhir tahun"}})
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		sh.cli.fail = func(int, *waE2E.Message) error { return fmt.Errorf("%w %d", whatsmeow.ErrServerReturnedError, 463) }
		sh.drain(t)
		if len(stopped) != 1 || stopped[0] != lapak.ChannelWhatsApp {
			t.Fatalf("told of the stop %v, want once for whatsapp", stopped)
		}
		tried := sh.cli.calls
		sh.cli.fail = nil
		sh.clock.Advance(2 * time.Minute)
		sh.drain(t)
		if sh.cli.calls != tried {
			t.Fatalf("promos went on after the ban warning: %d sends, %d before", sh.cli.calls, tried)
		}
		if n, _ := sh.s.PendingOutbox(ctx); n != 2 {
			t.Fatalf("%d promos waiting, want the 2 not tried", n)
		}
		sh.handle(t, write("A1", text("halo")))
		sh.drain(t)
		if got := sh.cli.to(siti); len(got) != 1 {
			t.Fatalf("Siti's reply after the stop: %q", got)
		}
	})
}

// Before the first promo to a number, WhatsApp is asked that the number is
// still on it: one that left is unreachable and gets nothing; one that is
// there is asked once, and replies are never held up by the check.
func TestPromoOnlyToNumbersOnWhatsApp(t *testing.T) {
	cli := &fakeClient{connected: true, gone: map[string]bool{"6289999999999": true}}
	wa, err := whatsapp.New(whatsapp.Options{Client: cli, Logger: quiet, Now: func() time.Time { return start }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	promo := func(chat string) error {
		d := bot.NewDelivery(chat, lapak.Outbound{Text: "Promo akhir tahun"})
		d.Class = lapak.PaceBulk
		return wa.Deliver(ctx, d)
	}
	if err := promo("6289999999999"); !errors.Is(err, lapak.ErrUnreachable) {
		t.Fatalf("promo to a number that left WhatsApp: %v, want unreachable", err)
	}
	if cli.calls != 0 {
		t.Fatalf("%d messages sent to a number not on WhatsApp", cli.calls)
	}
	for range 2 {
		if err := promo("6281234567890"); err != nil {
			t.Fatal(err)
		}
	}
	if err := wa.Deliver(ctx, bot.NewDelivery("6281111111111", lapak.Outbound{Text: "Siap kak"})); err != nil {
		t.Fatal(err)
	}
	if got := cli.to(siti); len(got) != 2 {
		t.Fatalf("Siti got %q, want both promos", got)
	}
	if want := []string{"+6289999999999", "+6281234567890"}; !slices.Equal(cli.asked, want) {
		t.Fatalf("asked WhatsApp about %v, want %v (each promo number once, no reply)", cli.asked, want)
	}
}

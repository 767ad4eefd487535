package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// Every inbound message of a customer and every reply queued to them
// joins their chat log, in the message's transaction; a secret (an admin
// code typed, a login link sent) is kept without its text; a channel's
// event is no one's message; a message rolled back leaves no entry; an
// operation's message to a customer is logged with who wrote it.
func TestChatLogKeepsTheConversation(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		siti := lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "42"}
		handle := func(id, text string, fn lapak.HandleFunc) {
			t.Helper()
			in := lapak.Inbound{Channel: siti.Channel, ChatID: siti.ChatID, MessageID: id, Text: text}
			if id == "p1" {
				in.Image = &lapak.Attachment{Ref: "file-9", MIME: "image/jpeg"}
			}
			if err := s.HandleInbound(ctx, in, fn); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Minute)
		}
		// The admin has a conversation: a notice to them joins it.
		boss := lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}
		var bossID int64
		if err := s.HandleInbound(ctx, lapak.Inbound{Channel: boss.Channel, ChatID: boss.ChatID, MessageID: "b1", Text: "/pesanan"},
			func(_ context.Context, _ lapak.ShopTx, c *lapak.Conversation) error {
				bossID = c.Customer.ID
				return nil
			}); err != nil {
			t.Fatal(err)
		}
		var custID int64
		handle("m1", "<b>halo</b> kak", func(_ context.Context, _ lapak.ShopTx, c *lapak.Conversation) error {
			custID = c.Customer.ID
			c.Reply(lapak.Outbound{Text: "Halo kak!"})
			c.Notify(lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}, lapak.Outbound{Text: "ke admin"})
			return nil
		})
		handle("m2", "/admin 123456", func(_ context.Context, _ lapak.ShopTx, c *lapak.Conversation) error {
			c.SecretInbound = true
			c.Reply(lapak.Outbound{Text: "link https://x/dashboard/login/t/SECRET kode 123456", Secret: true})
			return nil
		})
		handle("p1", "", func(context.Context, lapak.ShopTx, *lapak.Conversation) error { return nil })
		if err := s.HandleInbound(ctx, lapak.Inbound{Channel: siti.Channel, ChatID: siti.ChatID, MessageID: "m3", Text: "gagal"},
			func(context.Context, lapak.ShopTx, *lapak.Conversation) error { return errors.New("rolled back") }); err == nil {
			t.Fatal("want the handler's error")
		}
		ev := lapak.Inbound{Channel: siti.Channel, ChatID: siti.ChatID, MessageID: "lapak:ev", Event: lapak.EventPromosStopped}
		if err := s.HandleInbound(ctx, ev, func(context.Context, lapak.ShopTx, *lapak.Conversation) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if err := s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			return tx.Queue(ctx, lapak.Envelope{To: siti, Class: lapak.PaceReply, By: "dashboard:telegram:999", Msg: lapak.Outbound{Text: "Siap kak", Image: "stored:3"}})
		}); err != nil {
			t.Fatal(err)
		}

		bossLog, err := s.ChatLog(ctx, bossID, 0, 50)
		if err != nil || len(bossLog) != 2 || !bossLog[1].Out || bossLog[1].Text != "ke admin" || bossLog[1].By != lapak.ChatByBot {
			t.Fatalf("the admin's chat log: %+v (%v)", bossLog, err)
		}
		log, err := s.ChatLog(ctx, custID, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		type e struct {
			out         bool
			by, text, m string
			secret      bool
		}
		want := []e{
			{false, lapak.ChatByCustomer, "<b>halo</b> kak", "", false},
			{true, lapak.ChatByBot, "Halo kak!", "", false},
			{false, lapak.ChatByCustomer, "", "", true},
			{true, lapak.ChatByBot, "", "", true},
			{false, lapak.ChatByCustomer, "", "media:telegram:file-9", false},
			{true, "dashboard:telegram:999", "Siap kak", "stored:3", false},
		}
		if len(log) != len(want) {
			t.Fatalf("log has %d entries, want %d: %+v", len(log), len(want), log)
		}
		for i, w := range want {
			g := log[i]
			if g.Out != w.out || g.By != w.by || g.Text != w.text || g.Media != w.m || g.Secret != w.secret || g.CustomerID != custID {
				t.Errorf("entry %d = %+v, want %+v", i, g, w)
			}
		}
		if !log[0].At.Equal(t0) {
			t.Errorf("first entry at %s, want %s", log[0].At, t0)
		}

		// Paging back, and what came after an entry.
		older, err := s.ChatLog(ctx, custID, log[2].ID, 1)
		if err != nil || len(older) != 1 || older[0].ID != log[1].ID {
			t.Fatalf("before %d: %+v (%v)", log[2].ID, older, err)
		}
		after, err := s.ChatLogAfter(ctx, 0, log[3].ID, 10)
		if err != nil || len(after) != 2 || after[0].ID != log[4].ID {
			t.Fatalf("after %d: %+v (%v)", log[3].ID, after, err)
		}
		if last, err := s.LastChatID(ctx); err != nil || last != log[5].ID {
			t.Fatalf("last id %d (%v), want %d", last, err, log[5].ID)
		}
		if ok, err := s.ChatMedia(ctx, "media:telegram:file-9"); err != nil || !ok {
			t.Fatalf("a chat's picture is not known: %v %v", ok, err)
		}
		if ok, _ := s.ChatMedia(ctx, "media:telegram:other"); ok {
			t.Fatal("an unknown picture is known")
		}
	})
}

// The inbox groups conversations by who has them, newest first, in pages:
// a person (asked for, or taken over until the clock passes), an order
// waiting for payment, the bot; a takeover and quick replies are kept by
// the inbox's transaction side.
func TestInboxGroupsAndTakeovers(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		ids := map[string]int64{}
		say := func(chat string, fn func(c *lapak.Conversation)) {
			t.Helper()
			in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, MessageID: chat + clock.Now().String(), Text: "halo " + chat}
			if err := s.HandleInbound(ctx, in, func(_ context.Context, _ lapak.ShopTx, c *lapak.Conversation) error {
				ids[chat] = c.Customer.ID
				c.Customer.Phone = "62812" + chat
				if fn != nil {
					fn(c)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Minute)
		}
		for _, chat := range []string{"1", "2", "3", "4", "5"} {
			say(chat, nil)
		}
		say("2", func(c *lapak.Conversation) { c.Customer.NeedsHuman = true })
		mustTx := func(fn func(tx lapak.OpsTx) error) {
			t.Helper()
			if err := s.InTx(ctx, func(_ context.Context, tx lapak.OpsTx) error { return fn(tx) }); err != nil {
				t.Fatal(err)
			}
		}
		until := clock.Now().Add(30 * time.Minute)
		mustTx(func(tx lapak.OpsTx) error {
			c, err := tx.LockCustomer(ctx, ids["4"])
			if err != nil || c.ExternalID != "4" {
				t.Fatalf("lock: %+v %v", c, err)
			}
			return tx.SetTakeover(ctx, ids["4"], lapak.Takeover{By: "admin:telegram:999", Until: until}, false)
		})
		group := func(g lapak.InboxGroup, before lapak.InboxCursor, limit int) []string {
			t.Helper()
			chats, err := s.InboxChats(ctx, g, clock.Now(), before, limit)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, c := range chats {
				out = append(out, c.Customer.ExternalID)
				if c.Last.ID == 0 || c.Last.Text != "halo "+c.Customer.ExternalID {
					t.Errorf("chat %s: last entry %+v", c.Customer.ExternalID, c.Last)
				}
			}
			return out
		}
		equalStrings(t, "human", group(lapak.InboxHuman, lapak.InboxCursor{}, 10), []string{"4", "2"})
		equalStrings(t, "bot", group(lapak.InboxBot, lapak.InboxCursor{}, 10), []string{"5", "3", "1"})
		equalStrings(t, "payment", group(lapak.InboxPayment, lapak.InboxCursor{}, 10), nil)

		chats, _ := s.InboxChats(ctx, lapak.InboxBot, clock.Now(), lapak.InboxCursor{}, 1)
		next := lapak.InboxCursor{At: chats[0].UpdatedAt, ID: chats[0].Customer.ID}
		equalStrings(t, "bot, page 2", group(lapak.InboxBot, next, 1), []string{"3"})

		// The takeover ends by the clock: the chat is the bot's again.
		clock.Advance(31 * time.Minute)
		equalStrings(t, "human, later", group(lapak.InboxHuman, lapak.InboxCursor{}, 10), []string{"2"})
		if c, err := s.CustomerByID(ctx, ids["4"]); err != nil || c.Takeover.By != "admin:telegram:999" || !c.Takeover.Until.Equal(until) {
			t.Fatalf("customer 4: %+v %v", c.Takeover, err)
		}

		// Handing back clears the takeover and the wish for a person.
		mustTx(func(tx lapak.OpsTx) error { return tx.SetTakeover(ctx, ids["2"], lapak.Takeover{}, false) })
		equalStrings(t, "human, handed back", group(lapak.InboxHuman, lapak.InboxCursor{}, 10), nil)
		mustTx(func(tx lapak.OpsTx) error {
			if err := tx.SetTakeover(ctx, 9999, lapak.Takeover{}, false); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("unknown customer: %v", err)
			}
			c, err := tx.CustomerByPhone(ctx, "628123")
			if err != nil || c.ID != ids["3"] {
				t.Errorf("by phone: %+v %v", c, err)
			}
			return nil
		})

		// Quick replies: added, replaced, listed by name, deleted.
		mustTx(func(tx lapak.OpsTx) error {
			if was, err := tx.SaveQuickReply(ctx, lapak.QuickReply{Name: "rekening", Text: "BCA 123"}); err != nil || was.ID != 0 {
				t.Fatalf("new: %+v %v", was, err)
			}
			if was, err := tx.SaveQuickReply(ctx, lapak.QuickReply{Name: "rekening", Text: "BCA 456"}); err != nil || was.Text != "BCA 123" {
				t.Fatalf("replaced: %+v %v", was, err)
			}
			_, err := tx.SaveQuickReply(ctx, lapak.QuickReply{Name: "ongkir", Text: "Jabodetabek Rp15.000"})
			return err
		})
		qs, err := s.QuickReplies(ctx)
		if err != nil || len(qs) != 2 || qs[0].Name != "ongkir" || qs[1].Text != "BCA 456" {
			t.Fatalf("quick replies %+v %v", qs, err)
		}
		mustTx(func(tx lapak.OpsTx) error {
			if q, err := tx.DeleteQuickReply(ctx, "ongkir"); err != nil || q.Text != "Jabodetabek Rp15.000" {
				t.Fatalf("delete: %+v %v", q, err)
			}
			if _, err := tx.DeleteQuickReply(ctx, "ongkir"); !errors.Is(err, lapak.ErrNotFound) {
				t.Fatalf("delete twice: %v", err)
			}
			return nil
		})
	})
}

func equalStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %q, want %q", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: %q, want %q", what, got, want)
		}
	}
}

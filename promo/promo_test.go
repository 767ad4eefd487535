package promo_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/promo"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
	"github.com/lapak-id/lapak/text"
)

var ctx = context.Background()

var jakarta = func() *time.Location {
	l, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		panic(err)
	}
	return l
}()

// t0 is 10:00 in Jakarta, outside the quiet hours.
var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, jakarta).UTC()

var admin = lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}

func newPromo(s *storage.Store, clock *storagetest.Clock, maxPerWeek int) *promo.Promo {
	q, _ := lapak.ParseQuietHours("21:00-08:00")
	return promo.New(promo.Options{
		Shop:       lapak.Shop{Name: "Toko Bu Sri", Language: lapak.Indonesian, Location: jakarta, Quiet: q},
		Store:      s,
		MaxPerWeek: maxPerWeek,
		Rates:      map[lapak.Channel]float64{lapak.ChannelTelegram: 1},
		Admins: func(context.Context, lapak.AdminTx) ([]lapak.Identity, error) {
			return []lapak.Identity{admin}, nil
		},
		Now: clock.Now,
	})
}

// customer makes a customer who wrote once.
func customer(t *testing.T, s *storage.Store, chat, name string, lang lapak.Language) {
	t.Helper()
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: "hi-" + chat, ChatID: chat, Text: "halo"}
	if err := s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		c.Customer.Name, c.Customer.Language = name, lang
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func optOut(t *testing.T, s *storage.Store, chat string) {
	t.Helper()
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: "stop-" + chat, ChatID: chat, Text: "BERHENTI"}
	if err := s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		c.Customer.OptedOut = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func everyone(t *testing.T) lapak.Segment {
	seg, err := lapak.ParseSegment("all")
	if err != nil {
		t.Fatal(err)
	}
	return seg
}

func TestDraftRefusals(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		p := newPromo(s, clock, 2)
		past := t0.Add(-time.Hour)
		soon := t0.Add(time.Minute)
		for name, tc := range map[string]struct {
			d    promo.Draft
			want text.Key
		}{
			"empty":           {promo.Draft{Text: "  \n "}, text.PromoEmpty},
			"5000 characters": {promo.Draft{Text: strings.Repeat("promo ", 834)}, text.PromoTooLong},
			"{alamat}":        {promo.Draft{Text: "Halo {nama}, dikirim ke {alamat}"}, text.PromoUnknownPlaceholder},
			"in the past":     {promo.Draft{Text: "Promo", SendAt: past}, text.PromoPastTime},
			"until first":     {promo.Draft{Text: "Promo", SendAt: t0.Add(time.Hour), Until: &soon}, text.PromoUntilBeforeStart},
			"voucher spaces":  {promo.Draft{Text: "Promo", Voucher: "HEMAT 10"}, text.PromoVoucherBad},
			"voucher emoji":   {promo.Draft{Text: "Promo", Voucher: "HEMAT🎉"}, text.PromoVoucherBad},
			"photo path":      {promo.Draft{Text: "Promo", Image: "/etc/passwd"}, text.PromoPhotoBad},
			"nobody":          {promo.Draft{Text: "Promo"}, text.PromoNoRecipients},
		} {
			_, _, err := p.Plan(ctx, tc.d)
			var de *promo.DraftError
			if !errors.As(err, &de) || de.Key != tc.want {
				t.Errorf("%s: Plan = %v, want refusal %d", name, err, tc.want)
			}
		}
		if list, err := p.List(ctx, 10); err != nil || len(list) != 0 {
			t.Errorf("refused drafts left broadcasts: %v %v", list, err)
		}
	})
}

func TestPreviewAndRender(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		customer(t, s, "1", "", lapak.Indonesian)
		customer(t, s, "2", "Siti Aminah", lapak.Indonesian)
		customer(t, s, "3", "John Smith", lapak.English)
		customer(t, s, "4", "Dina", "")
		optOut(t, s, "4")
		p := newPromo(s, clock, 1)
		d := promo.Draft{Text: "Halo {nama}! Nastar {toko} diskon.", Voucher: "hemat10", Segment: everyone(t)}
		pv, err := p.Preview(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if pv.Recipients != 3 || pv.HeldBack != 0 || pv.Estimate != 3*time.Second {
			t.Errorf("preview %+v: want 3 recipients, none held back, 3s at 1/s", pv)
		}
		if want := "Halo Siti! Nastar Toko Bu Sri diskon.\n\n🎟 Pakai kode voucher: HEMAT10\n\nKetik BERHENTI kalau tidak mau dapat promo lagi."; pv.Rendered.Text != want {
			t.Errorf("sample %q, want %q", pv.Rendered.Text, want)
		}
		if got := p.Render(d, lapak.Customer{Language: lapak.English}).Text; !strings.HasPrefix(got, "Halo there!") || !strings.HasSuffix(got, "Type STOP if you'd rather not get promos.") {
			t.Errorf("English without a name: %q", got)
		}
		if ch := pv.Rendered.Choices; len(ch) != 1 || ch[0].ID != lapak.VoucherChoiceID("HEMAT10") || ch[0].Label != "Pakai HEMAT10" {
			t.Errorf("the voucher's one-tap button: %+v", ch)
		}
		if got := p.Render(d, lapak.Customer{}).Text; !strings.HasPrefix(got, "Halo kak!") {
			t.Errorf("no name: %q", got)
		}
		b, planned, err := p.Plan(ctx, d)
		if err != nil || b.ID == 0 || planned.Recipients != 3 {
			t.Fatalf("Plan = %+v %+v %v", b, planned, err)
		}
		// With one promo a week, a second one now holds everyone back.
		pv2, err := p.Preview(ctx, d)
		if err != nil || pv2.Recipients != 0 || pv2.HeldBack != 3 {
			t.Errorf("second preview %+v (%v): want 3 held back", pv2, err)
		}
	})
}

// pending lists the outbox rows waiting, by chat.
func pending(t *testing.T, s *storage.Store) []lapak.OutboxMessage {
	t.Helper()
	msgs, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelTelegram}, 100, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if err := s.Postpone(ctx, m.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	return msgs
}

// deliver plays the sender for every waiting message.
func deliver(t *testing.T, s *storage.Store) []lapak.OutboxMessage {
	t.Helper()
	msgs, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelTelegram}, 100, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.Class == lapak.PaceBulk {
			if err := s.MarkSending(ctx, m.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.MarkSent(ctx, m.ID, m.Class); err != nil {
			t.Fatal(err)
		}
	}
	return msgs
}

func TestSendHonoursQuietHoursAndDeadline(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		for _, chat := range []string{"1", "2", "3"} {
			customer(t, s, chat, "Pelanggan "+chat, lapak.Indonesian)
		}
		p := newPromo(s, clock, 0)
		// Planned at 10:00 for 22:00: inside the quiet hours.
		late := time.Date(2026, 12, 1, 22, 0, 0, 0, jakarta)
		b, _, err := p.Plan(ctx, promo.Draft{Text: "Promo malam", Segment: everyone(t), SendAt: late})
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Date(2026, 12, 2, 7, 0, 0, 0, jakarta)
		b2, _, err := p.Plan(ctx, promo.Draft{Text: "Hanya malam ini", Segment: everyone(t), SendAt: late, Until: &deadline})
		if err != nil {
			t.Fatal(err)
		}
		clock.Set(late)
		if n, err := p.Send(ctx); err != nil || n != 0 {
			t.Fatalf("Send in quiet hours moved %d (%v)", n, err)
		}
		if got := pending(t, s); len(got) != 0 {
			t.Fatalf("queued in quiet hours: %v", got)
		}
		// 08:00: the first goes; the second is past its deadline.
		clock.Set(time.Date(2026, 12, 2, 8, 0, 0, 0, jakarta))
		if _, err := p.Send(ctx); err != nil {
			t.Fatal(err)
		}
		// The second's report to the admin goes with them.
		var promos []lapak.OutboxMessage
		reports := 0
		count := func(msgs []lapak.OutboxMessage) {
			for _, m := range msgs {
				switch {
				case m.To == admin && strings.HasPrefix(m.Msg.Text, "📣 Promo #"):
					reports++
				case m.Class == lapak.PaceBulk && strings.HasPrefix(m.Msg.Text, "Promo malam"):
					promos = append(promos, m)
				default:
					t.Errorf("delivered %+v", m)
				}
			}
		}
		count(deliver(t, s))
		if len(promos) != 3 {
			t.Fatalf("delivered %d promos after the quiet hours, want 3", len(promos))
		}
		if _, err := p.Send(ctx); err != nil { // settles, finishes, reports
			t.Fatal(err)
		}
		r, err := p.Report(ctx, b.ID)
		if err != nil || r.Status != lapak.BroadcastDone || r.Sent != 3 {
			t.Errorf("report %+v (%v): want done, 3 sent", r, err)
		}
		r2, err := p.Report(ctx, b2.ID)
		if err != nil || r2.Status != lapak.BroadcastDone || r2.Skipped[lapak.SkipDeadline] != 3 || r2.Sent != 0 {
			t.Errorf("report %+v (%v): want done, 3 skipped past the deadline", r2, err)
		}
		count(deliver(t, s))
		if reports != 2 {
			t.Errorf("%d reports to the admin, want 2", reports)
		}
	})
}

func TestSendPacesPauseResumeCancel(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		for i := range 30 {
			customer(t, s, string(rune('A'+i)), "P", lapak.Indonesian)
		}
		p := newPromo(s, clock, 0)
		b, _, err := p.Plan(ctx, promo.Draft{Text: "Promo", Segment: everyone(t)})
		if err != nil {
			t.Fatal(err)
		}
		// At 1 message a second, one pass queues the window's worth (20).
		if _, err := p.Send(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(deliver(t, s)); n != 20 {
			t.Fatalf("first pass queued %d, want 20", n)
		}
		if _, err := p.Pause(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Pause(ctx, b.ID); err == nil {
			t.Errorf("paused twice")
		}
		if _, err := p.Send(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(deliver(t, s)); n != 0 {
			t.Fatalf("paused, yet %d queued", n)
		}
		if _, err := p.Resume(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Send(ctx); err != nil {
			t.Fatal(err)
		}
		// The other 10 are queued, 5 of them still in the outbox when it is cancelled.
		msgs, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelTelegram}, 5, time.Second)
		if err != nil || len(msgs) != 5 {
			t.Fatalf("claimed %d (%v)", len(msgs), err)
		}
		for _, m := range msgs {
			_ = s.MarkSending(ctx, m.ID)
			_ = s.MarkSent(ctx, m.ID, m.Class)
		}
		if _, err := p.Cancel(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if n := len(deliver(t, s)); n != 0 {
			t.Errorf("%d promos went out after the cancel", n)
		}
		if _, err := p.Send(ctx); err != nil {
			t.Fatal(err)
		}
		r, err := p.Report(ctx, b.ID)
		if err != nil || r.Status != lapak.BroadcastCancelled || r.Sent != 25 || r.Skipped[lapak.SkipCancelled] != 5 {
			t.Errorf("report %+v (%v): want cancelled, 25 sent, 5 skipped", r, err)
		}
	})
}

// A customer who never gave a name at checkout is greeted by the name
// their chat app shows (kept from their latest message), and one who gave
// a name by that; the outbox row carries it.
func TestPromoGreetsByTheChatName(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		in := lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: "m1", ChatID: "7", Text: "halo", SenderName: "  Budi\nSantoso "}
		if err := s.HandleInbound(ctx, in, func(context.Context, lapak.ShopTx, *lapak.Conversation) error { return nil }); err != nil {
			t.Fatal(err)
		}
		customer(t, s, "8", "Siti Aminah", "")
		p := newPromo(s, clock, 2)
		pv, err := p.Preview(ctx, promo.Draft{Text: "Halo {nama}!", Segment: everyone(t)})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(pv.Rendered.Text, "Halo Budi!") {
			t.Errorf("the sample greets %q, want Budi (the first customer, by the chat's name)", pv.Rendered.Text)
		}
		c, err := s.Customer(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "7"})
		if err != nil || c.ChatName != "Budi Santoso" || c.Name != "" {
			t.Errorf("customer %+v (%v): the chat's name is kept apart from the name given", c, err)
		}
	})
}

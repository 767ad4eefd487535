package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// say handles one message of a customer with text, changing the customer with fn.
func say(t *testing.T, s *storage.Store, ch lapak.Channel, chat, id, text string, fn func(c *lapak.Customer)) {
	t.Helper()
	in := lapak.Inbound{Channel: ch, MessageID: id, ChatID: chat, Text: text}
	if err := s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		if fn != nil {
			fn(&c.Customer)
		}
		return nil
	}); err != nil {
		t.Fatalf("HandleInbound: %v", err)
	}
}

func customerID(t *testing.T, s *storage.Store, ch lapak.Channel, chat string) int64 {
	t.Helper()
	var id int64
	db := storage.DBOf(s)
	if err := db.GetContext(ctx, &id, db.Rebind(`SELECT id FROM lapak_customers WHERE channel = ? AND chat_id = ?`), string(ch), chat); err != nil {
		t.Fatalf("customer %s:%s: %v", ch, chat, err)
	}
	return id
}

func TestConsentRecords(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		say(t, s, lapak.ChannelTelegram, "70", "m1", "halo", nil)
		clock.Advance(time.Hour)
		optOut := func(c *lapak.Customer) { now := clock.Now(); c.OptedOut, c.OptedOutAt = true, &now }
		say(t, s, lapak.ChannelTelegram, "70", "m2", "BERHENTI", optOut)
		say(t, s, lapak.ChannelTelegram, "70", "m3", "stop", optOut) // already out: no new record
		clock.Advance(time.Hour)
		say(t, s, lapak.ChannelTelegram, "70", "m4", "MULAI", func(c *lapak.Customer) { c.OptedOut, c.OptedOutAt = false, nil })
		got, err := s.Consent(ctx, customerID(t, s, lapak.ChannelTelegram, "70"))
		if err != nil {
			t.Fatal(err)
		}
		want := []lapak.ConsentRecord{
			{OptedOut: true, Channel: lapak.ChannelTelegram, MessageID: "m2", MessageText: "BERHENTI", At: t0.Add(time.Hour)},
			{OptedOut: false, Channel: lapak.ChannelTelegram, MessageID: "m4", MessageText: "MULAI", At: t0.Add(2 * time.Hour)},
		}
		if len(got) != len(want) {
			t.Fatalf("consent records %+v, want %+v", got, want)
		}
		for i := range want {
			g := got[i]
			g.CustomerID = 0
			if !g.At.Equal(want[i].At) || g.OptedOut != want[i].OptedOut || g.MessageID != want[i].MessageID ||
				g.MessageText != want[i].MessageText || g.Channel != want[i].Channel {
				t.Errorf("record %d = %+v, want %+v", i, g, want[i])
			}
		}
	})
}

// segmentShop makes customers with a known history, at t0:
//
//	a  ordered Keripik (Camilan) today, Rp36.000; last address in Depok, zone "Dalam kota"
//	b  ordered Nastar (Kue) 40 days ago, Rp85.000 (lapsed)
//	c  chatted only
//	d  ordered today, then opted out
//	e  its only order was cancelled
//	w  on WhatsApp, chatted only
func segmentShop(t *testing.T, s *storage.Store, clock *storagetest.Clock) {
	t.Helper()
	seed(t, s)
	ori, nst := variant(t, s, "KRP-ORI"), variant(t, s, "KUE-NST")
	clock.Set(t0.Add(-40 * 24 * time.Hour))
	if _, err := place(t, s, "b", lapak.Order{PaymentMethod: lapak.PayCOD, Items: []lapak.OrderItem{{VariantID: nst.ID, Qty: 1}}}); err != nil {
		t.Fatal(err)
	}
	clock.Set(t0)
	handle(t, s, "a", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		return tx.SaveAddress(ctx, &lapak.Address{CustomerID: c.Customer.ID, Text: "Jl. Margonda 10, Depok", Zone: "Dalam kota"})
	})
	for _, chat := range []string{"a", "d", "e"} {
		if _, err := place(t, s, chat, lapak.Order{PaymentMethod: lapak.PayCOD, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 3}}}); err != nil {
			t.Fatal(err)
		}
	}
	say(t, s, lapak.ChannelTelegram, "c", "c1", "halo", func(c *lapak.Customer) { c.Name = "Citra Lestari" })
	say(t, s, lapak.ChannelTelegram, "d", "d1", "BERHENTI", func(c *lapak.Customer) { c.OptedOut = true })
	var cancel string
	handle(t, s, "e", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		os, err := tx.CustomerOrders(ctx, c.Customer.ID, 1)
		if err != nil {
			return err
		}
		cancel = os[0].Number
		_, err = tx.TransitionOrder(ctx, cancel, lapak.StatusCancelled, c.Now)
		return err
	})
	say(t, s, lapak.ChannelWhatsApp, "628111", "w1", "halo", func(c *lapak.Customer) { c.Name = "Wati" })
}

func TestSegments(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		segmentShop(t, s, clock)
		for seg, want := range map[string]int{
			"all":                               5, // d opted out
			"order:30d":                         1, // a (d opted out, e cancelled)
			"order:60d":                         2, // a, b
			"product:KRP-PDS":                   1, // another variant of a's product
			"product:krp-ori:7d":                1,
			"product:KUE-NST:30d":               0,
			`category:"Kue"`:                    1,
			"category:camilan channel:telegram": 1,
			"lapsed:30d":                        1, // b
			"never-ordered":                     3, // c, e, w
			"never-ordered channel:whatsapp":    1,
			"spent:50rb":                        1, // b: Rp85.000
			"spent:30rb":                        2, // a Rp36.000, b
			`zone:"dalam kota"`:                 1,
			"city:Depok":                        1,
			"city:Bogor":                        0,
			"city:%":                            0, // a LIKE wildcard is only a character
		} {
			parsed, err := lapak.ParseSegment(seg)
			if err != nil {
				t.Fatalf("%s: %v", seg, err)
			}
			a, err := s.Audience(ctx, parsed, t0, 2)
			if err != nil {
				t.Fatalf("%s: %v", seg, err)
			}
			if a.Recipients != want {
				t.Errorf("%s: %d recipients, want %d", seg, a.Recipients, want)
			}
		}
		// The sample has a name when one of them has one.
		all, _ := lapak.ParseSegment("never-ordered")
		a, err := s.Audience(ctx, all, t0, 2)
		if err != nil || a.Sample.Name == "" || a.ByChannel[lapak.ChannelWhatsApp] != 1 || a.ByChannel[lapak.ChannelTelegram] != 2 {
			t.Errorf("never-ordered audience %+v (%v): want a named sample, 2 on telegram, 1 on whatsapp", a, err)
		}
		// Saved segments are read back by name.
		if err := s.SaveSegment(ctx, lapak.Segment{Name: "Pelanggan baru", Conds: all.Conds}); err != nil {
			t.Fatal(err)
		}
		got, err := s.SegmentByName(ctx, "Pelanggan baru")
		if err != nil || got.String() != "never-ordered" {
			t.Errorf("saved segment = %v (%v)", got, err)
		}
		if _, err := s.SegmentByName(ctx, "nope"); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("unknown segment: %v, want ErrNotFound", err)
		}
	})
}

func render(c lapak.Customer) lapak.Outbound {
	return lapak.Outbound{Text: "Halo " + c.Name + "! Promo."}
}

func recipients(t *testing.T, s *storage.Store, id int64) map[string]string {
	t.Helper()
	var rows []struct {
		Chat   string `db:"chat_id"`
		Status string `db:"status"`
		Reason string `db:"reason"`
	}
	db := storage.DBOf(s)
	if err := db.SelectContext(ctx, &rows, db.Rebind(`SELECT chat_id, status, reason FROM lapak_broadcast_recipients WHERE broadcast_id = ?`), id); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.Chat] = r.Status
		if r.Reason != "" {
			out[r.Chat] += ":" + r.Reason
		}
	}
	return out
}

// deliverAll plays the sender: claims the outbox and marks bulk rows sent.
func deliverAll(t *testing.T, s *storage.Store) []lapak.OutboxMessage {
	t.Helper()
	msgs, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelTelegram, lapak.ChannelWhatsApp}, 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var bulk []lapak.OutboxMessage
	for _, m := range msgs {
		if m.Class == lapak.PaceBulk {
			if err := s.MarkSending(ctx, m.ID); err != nil {
				t.Fatal(err)
			}
			bulk = append(bulk, m)
		}
		if err := s.MarkSent(ctx, m.ID, m.Class); err != nil {
			t.Fatal(err)
		}
	}
	return bulk
}

func TestBroadcastPlanSendReport(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		segmentShop(t, s, clock)
		deliverAll(t, s) // the replies so far
		seg, _ := lapak.ParseSegment("channel:telegram")
		b := lapak.Broadcast{Text: "Halo {nama}", Voucher: "HEMAT10", SendAt: t0.Add(time.Hour), CreatedBy: "cli"}
		a, err := s.PlanBroadcast(ctx, &b, seg, 2, render)
		if err != nil {
			t.Fatal(err)
		}
		if a.Recipients != 4 || b.ID == 0 || b.Status != lapak.BroadcastActive {
			t.Fatalf("planned %+v, broadcast %+v; want 4 recipients (a, b, c, e), active", a, b)
		}
		// The rows are frozen at planning: a later rename changes nothing.
		say(t, s, lapak.ChannelTelegram, "c", "c2", "halo", func(c *lapak.Customer) { c.Name = "Cici" })
		// Not due yet.
		if due, err := s.DueBroadcasts(ctx); err != nil || len(due) != 0 {
			t.Fatalf("due before its time: %v %v", due, err)
		}
		clock.Advance(time.Hour)
		due, err := s.DueBroadcasts(ctx)
		if err != nil || len(due) != 1 || due[0].Waiting[lapak.ChannelTelegram] != 4 {
			t.Fatalf("due = %+v (%v), want one with 4 waiting", due, err)
		}
		// e opts out after planning: skipped when its turn comes.
		say(t, s, lapak.ChannelTelegram, "e", "e2", "STOP", func(c *lapak.Customer) { c.OptedOut = true })
		q, sk, err := s.QueueRecipients(ctx, b.ID, lapak.ChannelTelegram, 10)
		if err != nil || q != 3 || sk != 1 {
			t.Fatalf("queued %d, skipped %d (%v); want 3 and 1", q, sk, err)
		}
		// Queueing again finds nothing: every row is queued once.
		if q, sk, err := s.QueueRecipients(ctx, b.ID, lapak.ChannelTelegram, 10); err != nil || q+sk != 0 {
			t.Fatalf("queued again %d+%d (%v)", q, sk, err)
		}
		sent := deliverAll(t, s)
		if len(sent) != 3 {
			t.Fatalf("%d promos delivered, want 3", len(sent))
		}
		for _, m := range sent {
			if m.To.ChatID == "c" && !strings.Contains(m.Msg.Text, "Citra Lestari") {
				t.Errorf("c got %q: want the name as planned", m.Msg.Text)
			}
		}
		if n, err := s.SettleRecipients(ctx, 100); err != nil || n != 3 {
			t.Fatalf("settled %d (%v), want 3", n, err)
		}
		if got := recipients(t, s, b.ID); fmt.Sprint(got) != "map[a:sent b:sent c:sent e:skipped:opted_out]" {
			t.Errorf("recipients %v", got)
		}
		// c replies and a orders within the window; b orders after it.
		clock.Advance(time.Hour)
		say(t, s, lapak.ChannelTelegram, "c", "c3", "mau dong", nil)
		if _, err := place(t, s, "a", lapak.Order{PaymentMethod: lapak.PayCOD, Items: []lapak.OrderItem{{VariantID: variant(t, s, "KUE-NST").ID, Qty: 1}}}); err != nil {
			t.Fatal(err)
		}
		var reported []lapak.BroadcastReport
		n, err := s.FinishBroadcasts(ctx, func(ctx context.Context, tx lapak.AdminTx, r lapak.BroadcastReport) ([]lapak.Envelope, error) {
			reported = append(reported, r)
			return []lapak.Envelope{{To: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "admin"}, Class: lapak.PaceNotify,
				Msg: lapak.Outbound{Text: fmt.Sprintf("promo %d done", r.ID)}}}, nil
		})
		if err != nil || n != 1 || len(reported) != 1 {
			t.Fatalf("finished %d (%v)", n, err)
		}
		clock.Advance(4 * 24 * time.Hour)
		if _, err := place(t, s, "b", lapak.Order{PaymentMethod: lapak.PayCOD, Items: []lapak.OrderItem{{VariantID: variant(t, s, "KUE-NST").ID, Qty: 1}}}); err != nil {
			t.Fatal(err)
		}
		r, err := s.BroadcastReport(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != lapak.BroadcastDone || r.Planned != 4 || r.Sent != 3 || r.Skipped[lapak.SkipOptedOut] != 1 ||
			r.Replies != 2 || r.Orders != 1 || r.Revenue != 85000 || r.VoucherUses != 0 {
			t.Errorf("report %+v: want done, 4 planned, 3 sent, 1 skipped (opted out), 2 replies (a wrote to order), 1 order of Rp85.000", r)
		}
		// Finishing again reports nothing twice.
		if n, err := s.FinishBroadcasts(ctx, nil); err != nil || n != 0 {
			t.Errorf("finished again: %d (%v)", n, err)
		}
		// The frequency cap: with one promo a week, the next is held back.
		b2 := lapak.Broadcast{Text: "Lagi", SendAt: clock.Now()}
		a2, err := s.PlanBroadcast(ctx, &b2, seg, 1, render)
		if !errors.Is(err, lapak.ErrNoRecipients) || a2.Recipients != 0 || a2.HeldBack != 3 {
			t.Errorf("second promo within the week: %+v (%v), want none to plan and 3 held back", a2, err)
		}
	})
}

func TestBroadcastCrashAndCancel(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		for _, chat := range []string{"1", "2", "3", "4"} {
			say(t, s, lapak.ChannelTelegram, chat, "m"+chat, "halo", nil)
		}
		deliverAll(t, s)
		seg, _ := lapak.ParseSegment("all")
		b := lapak.Broadcast{Text: "Promo", SendAt: t0}
		if _, err := s.PlanBroadcast(ctx, &b, seg, 0, render); err != nil {
			t.Fatal(err)
		}
		if q, _, err := s.QueueRecipients(ctx, b.ID, lapak.ChannelTelegram, 2); err != nil || q != 2 {
			t.Fatalf("queued %d (%v)", q, err)
		}
		// The sender dies during the first promo's platform call.
		msgs, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelTelegram}, 1, 6*time.Second)
		if err != nil || len(msgs) != 1 {
			t.Fatalf("claimed %v (%v)", msgs, err)
		}
		if err := s.MarkSending(ctx, msgs[0].ID); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute) // its lease lapses; a new sender claims
		again, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelTelegram}, 10, 6*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range again {
			if m.ID == msgs[0].ID {
				t.Fatalf("the promo in flight at the crash was claimed again")
			}
		}
		if len(again) != 1 {
			t.Fatalf("claimed %d after the crash, want the other queued promo", len(again))
		}
		// The broadcast is cancelled with one promo still waiting in the
		// outbox (claimed, not yet started) and two planned.
		if _, err := s.SetBroadcastStatus(ctx, b.ID, []lapak.BroadcastStatus{lapak.BroadcastActive}, lapak.BroadcastCancelled); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkSending(ctx, again[0].ID); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("a cancelled promo could still start (%v)", err)
		}
		if _, err := s.SettleRecipients(ctx, 100); err != nil {
			t.Fatal(err)
		}
		got := recipients(t, s, b.ID)
		want := map[string]int{"unknown": 1, "skipped:cancelled": 3}
		counts := map[string]int{}
		for _, st := range got {
			counts[st]++
		}
		if fmt.Sprint(counts) != fmt.Sprint(want) {
			t.Errorf("recipients %v, want %v", got, want)
		}
		// Nothing of it is queued or claimed again.
		if q, sk, err := s.QueueRecipients(ctx, b.ID, lapak.ChannelTelegram, 10); err != nil || q+sk != 0 {
			t.Errorf("queued after cancel: %d+%d (%v)", q, sk, err)
		}
		if msgs, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelTelegram}, 10, time.Second); err != nil || len(msgs) != 0 {
			t.Errorf("claimed after cancel: %v (%v)", msgs, err)
		}
		if _, err := s.SetBroadcastStatus(ctx, b.ID, []lapak.BroadcastStatus{lapak.BroadcastPaused}, lapak.BroadcastActive); err == nil {
			t.Errorf("a cancelled broadcast resumed")
		}
		r, err := s.BroadcastReport(ctx, b.ID)
		if err != nil || r.Unknown != 1 || r.Skipped[lapak.SkipCancelled] != 3 {
			t.Errorf("report %+v (%v)", r, err)
		}
	})
}

// BenchmarkPlanBroadcast plans a broadcast to 100,000 customers (segment
// evaluated with the frequency cap, one frozen row each) on each database:
// `go test -bench BenchmarkPlanBroadcast -run '^$' ./storage/`.
func BenchmarkPlanBroadcast(b *testing.B) {
	const customers = 100_000
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			if dialect == "postgres" && storagetest.PostgresURL() == "" {
				b.Skip("LAPAK_TEST_PG not set")
			}
			clock := storagetest.NewClock(t0)
			s := storagetest.OpenWith(b, dialect, storage.Options{Now: clock.Now})
			db := storage.DBOf(s)
			for i := 0; i < customers; i += 1000 {
				var q strings.Builder
				q.WriteString(`INSERT INTO lapak_customers (channel, chat_id, name, created_at, updated_at) VALUES `)
				args := []any{}
				for j := i; j < i+1000; j++ {
					if j > i {
						q.WriteString(", ")
					}
					q.WriteString("(?, ?, ?, ?, ?)")
					args = append(args, "telegram", fmt.Sprint(1_000_000+j), fmt.Sprintf("Pelanggan %d", j), t0, t0)
				}
				if _, err := db.ExecContext(ctx, db.Rebind(q.String()), args...); err != nil {
					b.Fatal(err)
				}
			}
			// Every other customer ordered once, Rp50.000.
			if _, err := db.ExecContext(ctx, db.Rebind(`INSERT INTO lapak_orders (number, customer_id, status, subtotal, total, created_at, updated_at)
				SELECT 'B' || id, id, 'completed', 50000, 50000, ?, ? FROM lapak_customers WHERE id % 2 = 0`), t0, t0); err != nil {
				b.Fatal(err)
			}
			for _, c := range []struct{ name, seg string }{
				{"all", "all"},
				{"ordered-and-spent", "order:365d spent:40rb channel:telegram"},
			} {
				b.Run(c.name, func(b *testing.B) {
					seg, err := lapak.ParseSegment(c.seg)
					if err != nil {
						b.Fatal(err)
					}
					want := customers
					if c.name != "all" {
						want = customers / 2
					}
					i := 0
					for b.Loop() {
						// Each a fortnight apart: the cap holds back no one.
						br := lapak.Broadcast{Text: "Halo {nama}", SendAt: t0.Add(time.Duration(i) * 15 * 24 * time.Hour)}
						i++
						a, err := s.PlanBroadcast(ctx, &br, seg, 2, render)
						if err != nil || a.Recipients != want {
							b.Fatalf("planned %d (%v), want %d", a.Recipients, err, want)
						}
					}
				})
			}
		})
	}
}

// Two processes queueing one broadcast at once (each its own store on the
// same database) hand every recipient to the outbox exactly once.
func TestQueueRecipientsConcurrently(t *testing.T) {
	for _, dialect := range storagetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := "sqlite:" + filepath.Join(t.TempDir(), "lapak.db")
			if dialect == storage.Postgres {
				dsn = storagetest.PostgresSchema(t)
			}
			clock := storagetest.NewClock(t0)
			open := func() *storage.Store {
				st, err := storage.Open(ctx, dsn, storage.Options{Now: clock.Now, Logger: quiet})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				if err := st.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return st
			}
			s, other := open(), open()
			const n = 60
			for i := range n {
				chat := fmt.Sprint(100 + i)
				say(t, s, lapak.ChannelTelegram, chat, "m"+chat, "halo", nil)
			}
			seg, _ := lapak.ParseSegment("all")
			b := lapak.Broadcast{Text: "Promo", SendAt: t0}
			if _, err := s.PlanBroadcast(ctx, &b, seg, 0, render); err != nil {
				t.Fatal(err)
			}
			errs := make(chan error, 2)
			total := make(chan int, 2)
			for _, st := range []*storage.Store{s, other} {
				go func() {
					sum := 0
					for range 10 {
						q, _, err := st.QueueRecipients(ctx, b.ID, lapak.ChannelTelegram, 7)
						if err != nil {
							errs <- err
							return
						}
						sum += q
					}
					total <- sum
					errs <- nil
				}()
			}
			for range 2 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			if got := <-total + <-total; got != n {
				t.Errorf("queued %d in all, want %d", got, n)
			}
			if got := count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE class = 'bulk'`); got != n {
				t.Errorf("%d promos in the outbox, want %d", got, n)
			}
			if got := count(t, s, `SELECT COUNT(DISTINCT chat_id) FROM lapak_outbox WHERE class = 'bulk'`); got != n {
				t.Errorf("%d chats have a promo, want %d (none twice)", got, n)
			}
		})
	}
}

// A customer who blocks the shop during the send fails and is left out of
// the next promo; past its deadline, a promo still waiting in the outbox
// is taken back.
func TestBroadcastBlockedAndLate(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		for _, chat := range []string{"1", "2", "3"} {
			say(t, s, lapak.ChannelTelegram, chat, "m"+chat, "halo", nil)
		}
		seg, _ := lapak.ParseSegment("all")
		until := t0.Add(time.Hour)
		b := lapak.Broadcast{Text: "Promo", SendAt: t0, Until: &until}
		if _, err := s.PlanBroadcast(ctx, &b, seg, 0, render); err != nil {
			t.Fatal(err)
		}
		if q, _, err := s.QueueRecipients(ctx, b.ID, lapak.ChannelTelegram, 10); err != nil || q != 3 {
			t.Fatalf("queued %d (%v)", q, err)
		}
		msgs, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelTelegram}, 10, time.Minute)
		if err != nil || len(msgs) != 3 {
			t.Fatalf("claimed %d (%v)", len(msgs), err)
		}
		for _, m := range msgs {
			switch m.To.ChatID {
			case "1": // 403: the sender marks them unreachable
				if err := s.MarkSending(ctx, m.ID); err != nil {
					t.Fatal(err)
				}
				if err := s.MarkUnreachable(ctx, m.To, "Forbidden: bot was blocked by the user"); err != nil {
					t.Fatal(err)
				}
			case "2":
				if err := s.MarkSending(ctx, m.ID); err != nil {
					t.Fatal(err)
				}
				if err := s.MarkSent(ctx, m.ID, m.Class); err != nil {
					t.Fatal(err)
				}
			}
		}
		clock.Advance(time.Hour)
		if n, err := s.SkipLate(ctx, b.ID); err != nil || n != 1 {
			t.Fatalf("skipped late %d (%v), want the one still in the outbox", n, err)
		}
		if _, err := s.SettleRecipients(ctx, 100); err != nil {
			t.Fatal(err)
		}
		if got := recipients(t, s, b.ID); fmt.Sprint(got) != "map[1:failed 2:sent 3:skipped:deadline]" {
			t.Errorf("recipients %v", got)
		}
		a, err := s.Audience(ctx, seg, clock.Now(), 0)
		if err != nil || a.Recipients != 2 || a.Blocked != 1 {
			t.Errorf("next audience %+v (%v): want 2, and 1 who blocked the shop", a, err)
		}
	})
}

// A promo's photo sent in chat is kept once the broadcast is due: the
// broadcast and the recipients not yet queued get Lapak's copy, a
// recipient already queued keeps the reference it went with, and a photo
// changed meanwhile is left alone.
func TestKeepBroadcastPhoto(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		segmentShop(t, s, clock)
		deliverAll(t, s)
		png, err := catalog.DemoPNG("kue-nastar")
		if err != nil {
			t.Fatal(err)
		}
		const sent = "media:telegram:AgACAgUAAxk"
		seg, _ := lapak.ParseSegment("channel:telegram")
		b := lapak.Broadcast{Text: "Halo", Image: sent, SendAt: t0, CreatedBy: "cli"}
		withPhoto := func(c lapak.Customer) lapak.Outbound { return lapak.Outbound{Text: "Halo " + c.Name, Image: sent} }
		if _, err := s.PlanBroadcast(ctx, &b, seg, 0, withPhoto); err != nil {
			t.Fatal(err)
		}
		if q, _, err := s.QueueRecipients(ctx, b.ID, lapak.ChannelTelegram, 1); err != nil || q != 1 {
			t.Fatalf("queued %d (%v)", q, err)
		}
		if _, err := s.KeepBroadcastPhoto(ctx, b.ID, sent, []byte("not a picture")); !errors.Is(err, lapak.ErrNotPhoto) {
			t.Fatalf("kept a non-picture: %v", err)
		}
		ref, err := s.KeepBroadcastPhoto(ctx, b.ID, sent, png)
		if err != nil || !strings.HasPrefix(ref, "stored:") {
			t.Fatalf("kept as %q (%v)", ref, err)
		}
		if got, err := s.Broadcast(ctx, b.ID); err != nil || got.Image != ref {
			t.Fatalf("broadcast image %q (%v), want %q", got.Image, err, ref)
		}
		first := deliverAll(t, s)
		if _, _, err := s.QueueRecipients(ctx, b.ID, lapak.ChannelTelegram, 10); err != nil {
			t.Fatal(err)
		}
		rest := deliverAll(t, s)
		if len(first) != 1 || first[0].Msg.Image != sent || len(rest) != 3 {
			t.Fatalf("first %+v, rest %d", first, len(rest))
		}
		for _, m := range rest {
			if m.Msg.Image != ref || !strings.HasPrefix(m.Msg.Text, "Halo ") {
				t.Errorf("%s got %q with %q, want the kept photo", m.To.ChatID, m.Msg.Text, m.Msg.Image)
			}
		}
		if data, err := s.Media(ctx, mustStored(t, ref)); err != nil || !bytes.Equal(data, png) {
			t.Errorf("kept %d bytes (%v)", len(data), err)
		}
		// Asked again for the old reference: nothing changes.
		if again, err := s.KeepBroadcastPhoto(ctx, b.ID, sent, png); err != nil || again != sent {
			t.Errorf("kept again as %q (%v), want it left alone", again, err)
		}
	})
}

func mustStored(t *testing.T, ref string) int64 {
	t.Helper()
	id, ok := lapak.ParseStoredRef(ref)
	if !ok {
		t.Fatalf("%q is not a stored reference", ref)
	}
	return id
}

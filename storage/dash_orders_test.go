package storage_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The dashboard's orders list pages by keyset: orders placed in the same
// instant (one clock tick, a bulk import) are neither skipped nor shown
// twice, walking older and back newer.
func TestDashboardOrdersKeysetWithTies(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		seed(t, s)
		v := variant(t, s, "KUE-NST")
		var placed []string // oldest first
		for i := range 2*storage.OrderPageSize + 3 {
			if i%10 == 0 {
				clock.Advance(time.Second) // ties in groups of ten
			}
			o, err := place(t, s, "300", lapak.Order{PaymentMethod: lapak.PayCOD, Items: []lapak.OrderItem{{VariantID: v.ID, Qty: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			placed = append(placed, o.Number)
		}
		newestFirst := slices.Clone(placed)
		slices.Reverse(newestFirst)

		var seen []string
		var pages []lapak.OrderPage
		before := lapak.OrderCursor{}
		for {
			p, err := s.DashboardOrders(ctx, lapak.OrderFilter{}, before, lapak.OrderCursor{})
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, p)
			for _, l := range p.Lines {
				seen = append(seen, l.Number)
			}
			if p.Older.Zero() {
				break
			}
			before = p.Older
		}
		if !slices.Equal(seen, newestFirst) {
			t.Fatalf("walking older: %v\nwant %v", seen, newestFirst)
		}
		if len(pages) != 3 || !pages[0].Newer.Zero() || pages[2].Newer.Zero() {
			t.Fatalf("pages %d, cursors %+v", len(pages), pages)
		}
		// Back from the last page: the middle page again.
		back, err := s.DashboardOrders(ctx, lapak.OrderFilter{}, lapak.OrderCursor{}, pages[2].Newer)
		if err != nil {
			t.Fatal(err)
		}
		if len(back.Lines) != len(pages[1].Lines) || back.Lines[0].Number != pages[1].Lines[0].Number || back.Newer.Zero() || back.Older.Zero() {
			t.Errorf("back to the middle page: %d lines from %s, cursors %+v %+v", len(back.Lines), back.Lines[0].Number, back.Newer, back.Older)
		}
		top, err := s.DashboardOrders(ctx, lapak.OrderFilter{}, lapak.OrderCursor{}, back.Newer)
		if err != nil {
			t.Fatal(err)
		}
		if len(top.Lines) != storage.OrderPageSize || top.Lines[0].Number != newestFirst[0] || !top.Newer.Zero() {
			t.Errorf("back to the top: %d lines from %s, newer %+v", len(top.Lines), top.Lines[0].Number, top.Newer)
		}
		// The export walks the same orders, filtered and capped.
		var exported []string
		if err := s.DashboardOrdersEach(ctx, lapak.OrderFilter{Payment: lapak.PayCOD}, 12, func(o lapak.Order, c lapak.Customer) error {
			if len(o.Items) != 1 || c.Name != "Pembeli 300" {
				t.Errorf("exported %+v of %+v", o, c)
			}
			exported = append(exported, o.Number)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(exported, newestFirst[:12]) {
			t.Errorf("export %v", exported)
		}
	})
}

func TestTodayWorkAndPictures(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		seed(t, s)
		v := variant(t, s, "KRP-PDS")
		order := func(chat string) lapak.Order {
			o, err := place(t, s, chat, lapak.Order{PaymentMethod: lapak.PayTransfer, Items: []lapak.OrderItem{{VariantID: v.ID, Qty: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		yesterday := order("401")
		if err := s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			_, err := tx.TransitionOrder(ctx, yesterday.Number, lapak.StatusPaid, tx.Now())
			return err
		}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(24 * time.Hour)
		proofed, paid := order("402"), order("403")
		handle(t, s, "402", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			c.Customer.NeedsHuman = true
			_, err := tx.AttachProof(ctx, proofed.ID, lapak.ChannelTelegram, lapak.Attachment{Ref: "file-1"}, clock.Now())
			return err
		})
		if err := s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			_, err := tx.TransitionOrder(ctx, paid.Number, lapak.StatusPaid, tx.Now())
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// A chat an admin took over waits for them too, until the takeover ends.
		if err := s.TakeOver(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "403"}, "admin:telegram:999", clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.TakeOver(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "401"}, "admin:telegram:999", clock.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		seg, _ := lapak.ParseSegment("channel:telegram")
		promo := lapak.Broadcast{Text: "Diskon akhir tahun", SendAt: clock.Now().Add(time.Hour), CreatedBy: "cli"}
		if _, err := s.PlanBroadcast(ctx, &promo, seg, 0, render); err != nil {
			t.Fatal(err)
		}
		day := time.Date(clock.Now().Year(), clock.Now().Month(), clock.Now().Day(), 0, 0, 0, 0, time.UTC)
		w, err := s.TodayWork(ctx, clock.Now(), day, day.AddDate(0, 0, 1), 5)
		if err != nil {
			t.Fatal(err)
		}
		if w.ToCheckCount != 1 || w.ToCheck[0].Number != proofed.Number || w.ToCheck[0].Proofs != 1 {
			t.Errorf("to check: %d %+v", w.ToCheckCount, w.ToCheck)
		}
		if w.ProcessCount != 2 || w.ShipCount != 0 {
			t.Errorf("to process %d, to ship %d", w.ProcessCount, w.ShipCount)
		}
		if w.SalesCount != 1 || w.SalesTotal != paid.Total {
			t.Errorf("today's sales: %d %s, want 1 %s", w.SalesCount, w.SalesTotal, paid.Total)
		}
		var chats []string
		for _, c := range w.Chats {
			chats = append(chats, fmt.Sprint(c.Name, " ", c.NeedsHuman, " ", c.TakenUntil != nil))
		}
		slices.Sort(chats)
		if !slices.Equal(chats, []string{"Pembeli 402 true false", "Pembeli 403 false true"}) {
			t.Errorf("chats %q", chats)
		}
		// KRP-PDS had 5 and three were ordered; BSK-CKL has none, SBL-250 three.
		var low []string
		for _, l := range w.LowStock {
			low = append(low, l.SKU)
		}
		if !slices.Equal(low, []string{"BSK-CKL", "KRP-PDS", "SBL-250"}) {
			t.Errorf("low stock %v", low)
		}
		if len(w.Promos) != 1 || w.Promos[0].Body != "Diskon akhir tahun" || !w.Promos[0].SendAt.Equal(promo.SendAt) {
			t.Errorf("promos %+v", w.Promos)
		}
		proofs, err := s.LatestProofs(ctx, []int64{proofed.ID, paid.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(proofs) != 1 || proofs[proofed.ID].Image() != "media:telegram:file-1" {
			t.Errorf("latest proofs %+v", proofs)
		}
		for ref, want := range map[string]bool{"media:telegram:file-1": true, "demo:sambal": true,
			"media:telegram:file-2": false, "media:whatsapp:file-1": false, "/etc/passwd": false, "": false} {
			if got, err := s.DashboardImage(ctx, ref); err != nil || got != want {
				t.Errorf("DashboardImage(%q) = %v, %v; want %v", ref, got, err, want)
			}
		}
		f, err := s.DashboardOrder(ctx, paid.Number)
		if err != nil {
			t.Fatal(err)
		}
		if f.Customer.Name != "Pembeli 403" || len(f.History) != 2 || f.History[1].To != lapak.StatusPaid {
			t.Errorf("order file %+v", f)
		}
		if _, err := s.DashboardOrder(ctx, "NOP-NOP"); !errorsIsNotFound(err) {
			t.Errorf("unknown order: %v", err)
		}
	})
}

func errorsIsNotFound(err error) bool { return errors.Is(err, lapak.ErrNotFound) }

func TestOrderNumberOf(t *testing.T) {
	for in, want := range map[string]string{"k7m-4qp": "K7M-4QP", " K7M4QP ": "K7M-4QP", "budi": "BUDI", "siti aminah": "", "0812": "0812", "ab": ""} {
		if got := storage.OrderNumberOf(in); got != want {
			t.Errorf("OrderNumberOf(%q) = %q, want %q", in, got, want)
		}
	}
}

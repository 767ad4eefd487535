package storage_test

import (
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The dashboard's list counts a broadcast's recipients as its report
// does, and the per-recipient lines add up to the report's replies,
// orders and revenue, page by page.
func TestDashBroadcastsAndRecipientLines(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		segmentShop(t, s, clock)
		deliverAll(t, s)
		seg, _ := lapak.ParseSegment("channel:telegram")
		b := lapak.Broadcast{Text: "Halo {nama}", SendAt: t0, CreatedBy: "dashboard:telegram:1"}
		if _, err := s.PlanBroadcast(ctx, &b, seg, 0, render); err != nil {
			t.Fatal(err)
		}
		say(t, s, lapak.ChannelTelegram, "e", "e2", "STOP", func(c *lapak.Customer) { c.OptedOut = true })
		if _, _, err := s.QueueRecipients(ctx, b.ID, lapak.ChannelTelegram, 10); err != nil {
			t.Fatal(err)
		}
		deliverAll(t, s)
		if _, err := s.SettleRecipients(ctx, 100); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
		say(t, s, lapak.ChannelTelegram, "c", "c3", "mau dong", nil)
		if _, err := place(t, s, "a", lapak.Order{PaymentMethod: lapak.PayCOD, Items: []lapak.OrderItem{{VariantID: variant(t, s, "KUE-NST").ID, Qty: 1}}}); err != nil {
			t.Fatal(err)
		}
		rep, err := s.BroadcastReport(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		list, err := s.DashBroadcasts(ctx, 10)
		if err != nil || len(list) != 1 {
			t.Fatalf("DashBroadcasts = %+v %v", list, err)
		}
		if l := list[0]; l.ID != b.ID || l.Planned != rep.Planned || l.Sent != rep.Sent || l.SkippedTotal() != rep.SkippedTotal() ||
			l.Skipped[lapak.SkipOptedOut] != 1 || l.CreatedBy != "dashboard:telegram:1" {
			t.Errorf("listed %+v, report %+v", l, rep)
		}
		var lines []lapak.RecipientLine
		for after := int64(0); ; {
			page, err := s.RecipientLines(ctx, b.ID, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			lines = append(lines, page...)
			after = page[len(page)-1].ID
		}
		if len(lines) != rep.Planned {
			t.Fatalf("%d lines, %d planned", len(lines), rep.Planned)
		}
		replies, orders, revenue, names := 0, 0, lapak.Money(0), map[string]lapak.RecipientStatus{}
		for _, l := range lines {
			if l.Replied {
				replies++
			}
			orders += l.Orders
			revenue += l.Revenue
			names[l.Name] = l.Status
			if l.Status == lapak.RecipientSkipped && l.Reason != lapak.SkipOptedOut || l.Status == lapak.RecipientSent && l.SentAt == nil {
				t.Errorf("line %+v", l)
			}
		}
		if replies != rep.Replies || orders != rep.Orders || revenue != rep.Revenue || rep.Orders != 1 {
			t.Errorf("lines: %d replies, %d orders, %s; report %+v", replies, orders, revenue, rep)
		}
		if names["Citra Lestari"] != lapak.RecipientSent {
			t.Errorf("lines by name: %v", names)
		}
	})
}

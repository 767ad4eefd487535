package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// reportText is a report with its days written out, to compare two.
func reportText(r lapak.Report) string {
	out := ""
	for _, d := range r.Days {
		out += fmt.Sprintf("%s %d %d\n", d.Day.Format("2006-01-02"), d.Orders, d.Revenue)
	}
	return out + fmt.Sprintf("%v\n%v\n%v\n%v\nfirst %d repeat %d %d", r.Status, r.Payments, r.Products, r.Resellers,
		r.FirstOrders, r.RepeatOrders, r.RepeatRevenue)
}

// TestReportStaysExact: reports read while orders of past days are paid
// and cancelled at the same time; the summary they leave equals one summed
// from nothing (a report in another zone of the same offset starts the
// summary again).
func TestReportStaysExact(t *testing.T) {
	now := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	clock := storagetest.NewClock(now.AddDate(0, 0, -10))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		if _, err := s.ImportCatalog(ctx, []lapak.CatalogRow{{SKU: "RPY", Name: "Rempeyek", Category: "Camilan", Price: 12000, Stock: 1000}}); err != nil {
			t.Fatal(err)
		}
		ori := variant(t, s, "RPY")
		var orders []lapak.Order
		for i := range 24 {
			clock.Set(now.AddDate(0, 0, -10).Add(time.Duration(i) * 9 * time.Hour))
			pay := lapak.PayTransfer
			if i%4 == 3 {
				pay = lapak.PayCOD
			}
			o, err := place(t, s, fmt.Sprint(700+i%6), lapak.Order{PaymentMethod: pay, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1 + i%3}}})
			if err != nil {
				t.Fatal(err)
			}
			if i%2 == 0 { // paid when it was made
				to := lapak.StatusPaid
				if pay == lapak.PayCOD {
					to = lapak.StatusProcessing
				}
				handle(t, s, "900", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
					_, err := tx.TransitionOrder(ctx, o.Number, to, c.Now)
					return err
				})
			}
			orders = append(orders, o)
		}
		clock.Set(now)
		utc := time.UTC
		from, to := time.Date(2026, 11, 1, 0, 0, 0, 0, utc), time.Date(2026, 12, 4, 0, 0, 0, 0, utc) // November whole: rolled up
		if _, err := s.Report(ctx, utc, from, to, 0); err != nil {
			t.Fatal(err)
		}
		// Now: the paid ones of the past cancelled, the waiting ones paid
		// (dated today) or cancelled, while reports are read.
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for i, o := range orders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				next := lapak.StatusCancelled
				if i%2 == 1 && i%3 == 0 {
					next = lapak.StatusPaid
					if o.PaymentMethod == lapak.PayCOD {
						next = lapak.StatusProcessing
					}
				}
				in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: fmt.Sprint(950 + i), MessageID: fmt.Sprint("x", i), Text: "x"}
				errs <- s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
					_, err := tx.TransitionOrder(ctx, o.Number, next, c.Now)
					return err
				})
			}()
		}
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					if _, err := s.Report(ctx, utc, from, to, 0); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		kept, err := s.Report(ctx, utc, from, to, 0)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := s.Report(ctx, time.FixedZone("UTC+0", 0), from, to, 0)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := reportText(kept), reportText(fresh); a != b {
			t.Errorf("the kept summary:\n%s\nsummed from nothing:\n%s", a, b)
		}
		// The same, reading a span's items and commissions by the span
		// rather than by the orders' ids (a long span summed at once).
		defer storage.SetReportByIDs(0)()
		spanned, err := s.Report(ctx, time.FixedZone("UTC+00:00", 0), from, to, 0)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := reportText(kept), reportText(spanned); a != b {
			t.Errorf("the kept summary:\n%s\nsummed by the span:\n%s", a, b)
		}
		n, revenue := kept.Totals()
		if n == 0 || revenue == 0 {
			t.Errorf("nothing counted: %s", reportText(kept))
		}
		for _, d := range kept.Days[:len(kept.Days)-1] {
			if d.Orders != 0 {
				t.Errorf("%s still counts %d orders, all cancelled", d.Day.Format("2006-01-02"), d.Orders)
			}
		}
	})
}

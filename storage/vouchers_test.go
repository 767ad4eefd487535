package storage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// opsDo runs fn in a transaction of its own and fails the test on error.
func opsDo(t *testing.T, s *storage.Store, fn func(ctx context.Context, tx lapak.OpsTx) error) {
	t.Helper()
	if err := s.InTx(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func addVoucher(t *testing.T, s *storage.Store, v lapak.Voucher) lapak.Voucher {
	t.Helper()
	opsDo(t, s, func(ctx context.Context, tx lapak.OpsTx) error { return tx.AddVoucher(ctx, &v) })
	return v
}

// forEachClocked is ForEach with a clock of its own for each database.
func forEachClocked(t *testing.T, fn func(t *testing.T, s *storage.Store, clock *storagetest.Clock)) {
	for _, d := range storagetest.Dialects {
		t.Run(d, func(t *testing.T) {
			clock := storagetest.NewClock(t0)
			fn(t, storagetest.OpenWith(t, d, storage.Options{Now: clock.Now}), clock)
		})
	}
}

func TestVoucherStore(t *testing.T) {
	forEachClocked(t, func(t *testing.T, s *storage.Store, clock *storagetest.Clock) {
		seed(t, s)
		var kue lapak.Category
		opsDo(t, s, func(ctx context.Context, tx lapak.OpsTx) error {
			cats, err := tx.Categories(ctx)
			for _, c := range cats {
				if c.Name == "Kue" {
					kue = c
				}
			}
			return err
		})
		end := t0.Add(30 * 24 * time.Hour)
		v := addVoucher(t, s, lapak.Voucher{Code: "hemat10", Percent: 10, MaxDiscount: 20000, MinSpend: 50000, Quota: 100,
			StartsAt: t0, EndsAt: &end, SKUs: []string{"KRP-ORI"}, Categories: []lapak.Category{kue},
			CreatedBy: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "1"}})
		if v.ID == 0 || v.Code != "HEMAT10" || v.PerCustomer != 1 {
			t.Fatalf("added %+v", v)
		}
		dup := lapak.Voucher{Code: "Hemat10", Amount: 5000, StartsAt: t0}
		err := s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error { return tx.AddVoucher(ctx, &dup) })
		var ee *lapak.ExistsError
		if !errors.As(err, &ee) {
			t.Fatalf("a duplicate code: %v", err)
		}
		addVoucher(t, s, lapak.Voucher{Code: "ONGKIR", Amount: 15000, StartsAt: t0})

		opsDo(t, s, func(ctx context.Context, tx lapak.OpsTx) error {
			got, err := tx.Voucher(ctx, "hemat10")
			if err != nil {
				return err
			}
			if got.Percent != 10 || got.MaxDiscount != 20000 || got.MinSpend != 50000 || got.Quota != 100 ||
				!got.StartsAt.Equal(t0) || got.EndsAt == nil || !got.EndsAt.Equal(end) || got.EndedAt != nil ||
				len(got.SKUs) != 1 || got.SKUs[0] != "KRP-ORI" || len(got.Categories) != 1 || got.Categories[0].Name != "Kue" ||
				got.CreatedBy.ChatID != "1" {
				t.Errorf("read back %+v", got)
			}
			if _, err := tx.Voucher(ctx, "NOPE"); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("unknown code: %v", err)
			}
			all, err := tx.Vouchers(ctx)
			if err != nil || len(all) != 2 {
				t.Errorf("list %+v %v", all, err)
			}
			if _, err := tx.CartVoucher(ctx, 1); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("no cart voucher: %v", err)
			}
			return nil
		})
		// A cart keeps its code across transactions (and restarts).
		handle(t, s, "c1", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			return tx.SetCartVoucher(ctx, c.Customer.ID, v.ID)
		})
		handle(t, s, "c1", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			got, err := tx.CartVoucher(ctx, c.Customer.ID)
			if err != nil || got.Code != "HEMAT10" {
				t.Errorf("cart voucher %+v %v", got, err)
			}
			return nil
		})
		clock.Advance(time.Hour)
		opsDo(t, s, func(ctx context.Context, tx lapak.OpsTx) error {
			before, err := tx.EndVoucher(ctx, "Hemat10", tx.Now())
			if err != nil || before.EndedAt != nil {
				t.Errorf("ending: %+v %v", before, err)
			}
			got, _ := tx.Voucher(ctx, "HEMAT10")
			if got.State(tx.Now()) != lapak.VoucherEnded {
				t.Errorf("state %s", got.State(tx.Now()))
			}
			if _, err := tx.EndVoucher(ctx, "NOPE", tx.Now()); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("ending an unknown code: %v", err)
			}
			return nil
		})
	})
}

// placeWith places an order of one unit of sku for chat with the voucher
// code and discount; it returns the order or the error PlaceOrder gave.
func placeWith(t *testing.T, s *storage.Store, chat, sku, code string, discount lapak.Money) (lapak.Order, error) {
	t.Helper()
	v := variant(t, s, sku)
	var o lapak.Order
	var placeErr error
	handle(t, s, chat, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		o = lapak.Order{CustomerID: c.Customer.ID, PaymentMethod: lapak.PayCOD, Voucher: code,
			Breakdown: lapak.Breakdown{Discount: discount}, Items: []lapak.OrderItem{{VariantID: v.ID, Qty: 1}}}
		placeErr = tx.PlaceOrder(ctx, &o)
		return nil
	})
	return o, placeErr
}

func reason(err error) lapak.VoucherReason {
	var ve *lapak.VoucherError
	if errors.As(err, &ve) {
		return ve.Reason
	}
	return ""
}

func TestOrderTakesAndGivesBackAVoucherUse(t *testing.T) {
	forEachClocked(t, func(t *testing.T, s *storage.Store, clock *storagetest.Clock) {
		seed(t, s)
		end := t0.Add(48 * time.Hour)
		addVoucher(t, s, lapak.Voucher{Code: "HEMAT10", Percent: 10, Quota: 2, StartsAt: t0, EndsAt: &end})
		addVoucher(t, s, lapak.Voucher{Code: "LATER", Amount: 1000, StartsAt: t0.Add(time.Hour)})

		// The discount must be the voucher's: 10% of Rp85.000.
		if _, err := placeWith(t, s, "a", "KUE-NST", "HEMAT10", 9000); reason(err) != lapak.VoucherReasonChanged {
			t.Fatalf("a wrong discount: %v", err)
		}
		if _, err := placeWith(t, s, "a", "KUE-NST", "NOPE", 100); reason(err) != lapak.VoucherReasonUnknown {
			t.Fatalf("an unknown code: %v", err)
		}
		if _, err := placeWith(t, s, "a", "KUE-NST", "LATER", 1000); reason(err) != lapak.VoucherReasonNotStarted {
			t.Fatalf("a voucher not started: %v", err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_orders`); n != 0 {
			t.Fatalf("%d orders written by refused placings", n)
		}
		o, err := placeWith(t, s, "a", "KUE-NST", "hemat10", 8500)
		if err != nil {
			t.Fatal(err)
		}
		if o.Voucher != "HEMAT10" || o.Discount != 8500 || o.Total != 85000-8500 {
			t.Fatalf("placed %+v", o.Breakdown)
		}
		stored, err := s.OrderByNumber(ctx, o.Number)
		if err != nil || stored.Voucher != "HEMAT10" || stored.Discount != 8500 || stored.Total != 76500 {
			t.Fatalf("stored %+v %v", stored, err)
		}
		// Once per customer by default.
		if _, err := placeWith(t, s, "a", "KUE-NST", "HEMAT10", 8500); reason(err) != lapak.VoucherReasonAlreadyUsed {
			t.Fatalf("a second use: %v", err)
		}
		if _, err := placeWith(t, s, "b", "KUE-NST", "HEMAT10", 8500); err != nil {
			t.Fatal(err)
		}
		if _, err := placeWith(t, s, "c", "KUE-NST", "HEMAT10", 8500); reason(err) != lapak.VoucherReasonUsedUp {
			t.Fatalf("past the quota: %v", err)
		}
		// Cancelling gives the use back, to the quota and to the customer.
		handle(t, s, "a", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			_, err := tx.TransitionOrder(ctx, o.Number, lapak.StatusCancelled, clock.Now())
			return err
		})
		if n := count(t, s, `SELECT used FROM lapak_vouchers WHERE code = 'HEMAT10'`); n != 1 {
			t.Fatalf("used %d after a cancel, want 1", n)
		}
		if _, err := placeWith(t, s, "a", "KUE-NST", "HEMAT10", 8500); err != nil {
			t.Fatalf("after the cancel: %v", err)
		}
		clock.Advance(48 * time.Hour)
		if _, err := placeWith(t, s, "d", "KUE-NST", "HEMAT10", 8500); reason(err) != lapak.VoucherReasonExpired {
			t.Fatalf("past its end: %v", err)
		}
	})
}

// TestVoucherQuotaRace is the quota's promise: 200 customers place orders
// with a 10-use voucher at once; exactly 10 orders get it, the others are
// told it is used up, and nothing else is written for them.
func TestVoucherQuotaRace(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		addVoucher(t, s, lapak.Voucher{Code: "RACE10", Amount: 5000, Quota: 10, StartsAt: time.Now().Add(-time.Hour)})
		v := variant(t, s, "KUE-NST")
		const buyers = 200
		var (
			wg                sync.WaitGroup
			mu                sync.Mutex
			placed, usedUp    int
			failures, reasons []error
		)
		for i := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var got error
				ok := false
				err := s.HandleInbound(ctx, msg(fmt.Sprintf("racer-%d", i), fmt.Sprintf("r-%d", i)), func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
					ok, got = false, nil
					o := lapak.Order{CustomerID: c.Customer.ID, PaymentMethod: lapak.PayTransfer, Voucher: "RACE10",
						Breakdown: lapak.Breakdown{Discount: 5000}, Items: []lapak.OrderItem{{VariantID: v.ID, Qty: 1}}}
					if err := tx.PlaceOrder(ctx, &o); err != nil {
						if !errors.Is(err, lapak.ErrVoucher) {
							return err
						}
						got = err
						c.Reply(lapak.Outbound{Text: "habis"})
						return nil
					}
					ok = true
					c.Reply(lapak.Outbound{Text: "pesanan " + o.Number})
					return nil
				})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					failures = append(failures, err)
				case ok:
					placed++
				case reason(got) == lapak.VoucherReasonUsedUp:
					usedUp++
				default:
					reasons = append(reasons, got)
				}
			}()
		}
		wg.Wait()
		if len(failures) > 0 || len(reasons) > 0 {
			t.Fatalf("%d handlers failed (first %v), %d refused for another reason (%v)", len(failures), failures, len(reasons), reasons)
		}
		if placed != 10 || usedUp != buyers-10 {
			t.Fatalf("%d orders placed, %d told used up; want 10 and %d", placed, usedUp, buyers-10)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_orders WHERE voucher_code = 'RACE10' AND discount = 5000`); n != 10 {
			t.Fatalf("%d orders with the voucher", n)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_orders`); n != 10 {
			t.Fatalf("%d orders in all", n)
		}
		if n := count(t, s, `SELECT used FROM lapak_vouchers WHERE code = 'RACE10'`); n != 10 {
			t.Fatalf("used %d", n)
		}
	})
}

package storage_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// fillCart is a message from chat that puts qty of each SKU in its cart.
func fillCart(t *testing.T, s *storage.Store, chat string, items map[string]int) {
	t.Helper()
	ids := map[string]int64{}
	for sku := range items {
		ids[sku] = variant(t, s, sku).ID
	}
	handle(t, s, chat, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		for sku, qty := range items {
			if err := tx.SetCartQty(ctx, c.Customer.ID, ids[sku], qty); err != nil {
				return err
			}
		}
		return nil
	})
}

// cartNotices collects whom a pass reminded, and of what.
type cartNotices struct {
	mu    sync.Mutex
	chats []string
	carts map[string]lapak.Cart
}

func (n *cartNotices) notice(c lapak.Customer, cart lapak.Cart) []lapak.Envelope {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.chats = append(n.chats, c.ExternalID)
	if n.carts == nil {
		n.carts = map[string]lapak.Cart{}
	}
	n.carts[c.ExternalID] = cart
	return []lapak.Envelope{{To: c.Identity(), Class: lapak.PaceBulk, Msg: lapak.Outbound{Text: fmt.Sprintf("keranjang %d baris", len(cart))}}}
}

func (n *cartNotices) take() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	got := n.chats
	n.chats = nil
	slices.Sort(got)
	return got
}

// A cart left untouched gets one reminder per life, at the time and only
// to whom it may go.
func TestRemindCarts(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		seed(t, s)
		const idle = 3 * time.Hour
		var n cartNotices
		remind := func(quiet func(time.Time) bool) []string {
			t.Helper()
			k, err := s.RemindCarts(ctx, idle, 2, quiet, n.notice) // batches of 2: several batches
			if err != nil {
				t.Fatal(err)
			}
			got := n.take()
			if k != len(got) {
				t.Fatalf("RemindCarts says %d, the notices went to %v", k, got)
			}
			return got
		}
		fillCart(t, s, "ana", map[string]int{"KRP-ORI": 2, "BSK-CKL": 1})
		fillCart(t, s, "soldout", map[string]int{"BSK-CKL": 1}) // nothing left to buy
		fillCart(t, s, "stop", map[string]int{"KRP-ORI": 1})
		handle(t, s, "stop", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			c.Customer.OptedOut, c.Customer.OptedOutAt = true, &c.Now
			return nil
		})
		fillCart(t, s, "blocked", map[string]int{"KRP-ORI": 1})
		if err := s.MarkUnreachable(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "blocked"}, "Forbidden: bot was blocked by the user"); err != nil {
			t.Fatal(err)
		}
		fillCart(t, s, "taken", map[string]int{"KRP-ORI": 1})
		if err := s.TakeOver(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "taken"}, lapak.TakeoverSellerPhone, t0.Add(5*time.Hour)); err != nil {
			t.Fatal(err)
		}
		fillCart(t, s, "ben", map[string]int{"KUE-NST": 1})
		handle(t, s, "nocart", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error { return nil })

		clock.Advance(time.Hour)
		handle(t, s, "ben", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error { return nil }) // still choosing

		clock.Advance(idle - time.Hour - time.Minute)
		if got := remind(nil); len(got) != 0 {
			t.Fatalf("reminded %v before the carts were untouched for %s", got, idle)
		}
		clock.Advance(time.Minute)
		if got := remind(func(time.Time) bool { return true }); len(got) != 0 {
			t.Fatalf("reminded %v in the quiet hours", got)
		}
		if got := remind(nil); !slices.Equal(got, []string{"ana"}) {
			t.Fatalf("reminded %v at %s; want only ana", got, idle)
		}
		if cart := n.carts["ana"]; len(cart) != 2 {
			t.Fatalf("ana's notice saw the cart %+v", cart)
		}
		if c := count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE chat_id = 'ana' AND class = 'bulk'`); c != 1 {
			t.Errorf("%d bulk rows to ana, want 1", c)
		}
		if got := remind(nil); len(got) != 0 {
			t.Fatalf("reminded again: %v", got)
		}
		clock.Advance(time.Hour)
		if got := remind(nil); !slices.Equal(got, []string{"ben"}) {
			t.Fatalf("reminded %v three hours after ben last wrote; want ben", got)
		}

		// Touched after its reminder, the same cart gets none.
		fillCart(t, s, "ana", map[string]int{"KUE-NST": 1})
		clock.Advance(idle + time.Hour)
		if got := remind(nil); !slices.Equal(got, []string{"taken"}) {
			t.Fatalf("reminded %v; want only taken, handed back by the clock", got)
		}
		// Emptied line by line and filled again: a new cart.
		handle(t, s, "ana", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			for _, l := range must(tx.Cart(ctx, c.Customer.ID)) {
				if err := tx.SetCartQty(ctx, c.Customer.ID, l.VariantID, 0); err != nil {
					return err
				}
			}
			return nil
		})
		fillCart(t, s, "ana", map[string]int{"KRP-PDS": 1})
		// Ordered (the checkout empties the cart) and filled again: a new cart.
		handle(t, s, "ben", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			return tx.ClearCart(ctx, c.Customer.ID)
		})
		fillCart(t, s, "ben", map[string]int{"KRP-ORI": 1})
		clock.Advance(idle)
		if got := remind(nil); !slices.Equal(got, []string{"ana", "ben"}) {
			t.Fatalf("reminded %v; want ana and ben, for their new carts", got)
		}

		// A notice with nothing to say sends nothing and keeps the cart due.
		fillCart(t, s, "cara", map[string]int{"KRP-ORI": 1})
		clock.Advance(idle)
		k, err := s.RemindCarts(ctx, idle, 10, nil, func(lapak.Customer, lapak.Cart) []lapak.Envelope { return nil })
		if err != nil || k != 0 {
			t.Fatalf("RemindCarts with an empty notice = %d, %v", k, err)
		}
		if got := remind(nil); !slices.Equal(got, []string{"cara"}) {
			t.Fatalf("reminded %v; want cara, whose notice was empty before", got)
		}

		// Stock back for the sold-out cart, but a week later: let be.
		fillCart(t, s, "dina", map[string]int{"KRP-ORI": 1})
		clock.Advance(lapak.CartReminderMaxAge + time.Minute)
		if _, err := s.ImportCatalog(ctx, []lapak.CatalogRow{{SKU: "BSK-CKL", Name: "Basreng", Category: "Camilan", Price: 15000, Stock: 4}}); err != nil {
			t.Fatal(err)
		}
		if got := remind(nil); len(got) != 0 {
			t.Fatalf("reminded %v of carts untouched for over a week", got)
		}
		if got := remind(nil); len(got) != 0 {
			t.Fatalf("reminded %v", got)
		}
		if k, err := s.RemindCarts(ctx, 0, 10, nil, n.notice); err != nil || k != 0 {
			t.Fatalf("reminders off, yet %d (%v)", k, err)
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Several processes reminding at once remind each cart once.
func TestRemindCartsOnceUnderConcurrency(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		seed(t, s)
		const carts = 30
		for i := range carts {
			fillCart(t, s, fmt.Sprint("c", i), map[string]int{"KUE-NST": 1})
		}
		clock.Advance(3 * time.Hour)
		var (
			n     cartNotices
			wg    sync.WaitGroup
			mu    sync.Mutex
			total int
		)
		for range 4 {
			wg.Go(func() {
				k, err := s.RemindCarts(ctx, 3*time.Hour, 5, nil, n.notice)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				total += k
				mu.Unlock()
			})
		}
		wg.Wait()
		if total != carts {
			t.Errorf("%d reminders queued, want %d", total, carts)
		}
		if c := count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE class = 'bulk'`); c != carts {
			t.Errorf("%d reminder rows in the outbox, want %d", c, carts)
		}
		if c := count(t, s, `SELECT COUNT(DISTINCT chat_id) FROM lapak_outbox WHERE class = 'bulk'`); c != carts {
			t.Errorf("%d customers reminded, want %d", c, carts)
		}
	})
}

// A cart line remembers the price it was added at; the cart shows today's.
func TestCartLineAddedPrice(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		fillCart(t, s, "ana", map[string]int{"KRP-ORI": 2, "KRP-PDS": 1})
		handle(t, s, "admin", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			_, err := tx.SetPrice(ctx, "KRP-ORI", 14000)
			return err
		})
		handle(t, s, "ana", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			cart, err := tx.Cart(ctx, c.Customer.ID)
			if err != nil {
				return err
			}
			ori, pds := cart[0], cart[1]
			if ori.SKU != "KRP-ORI" {
				ori, pds = pds, ori
			}
			if ori.UnitPrice != 14000 || ori.AddedPrice != 12000 || !ori.PriceChanged() || pds.PriceChanged() {
				t.Errorf("after a price change: %+v, %+v", ori, pds)
			}
			// Changing the quantity is choosing again, at today's price.
			if err := tx.SetCartQty(ctx, c.Customer.ID, ori.VariantID, 3); err != nil {
				return err
			}
			cart, err = tx.Cart(ctx, c.Customer.ID)
			for _, l := range cart {
				if l.PriceChanged() {
					t.Errorf("after choosing again: %+v", l)
				}
			}
			return err
		})
	})
}

// Restock notices keep the promo rules: first asked first told, nothing in
// the quiet hours, nothing to those who opted out or cannot be reached
// (their watch is closed), a chat taken over waits; stock brought back by
// `lapak import` counts like any other.
func TestNotifyRestockedKeepsThePromoRules(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		seed(t, s)
		basreng := variant(t, s, "BSK-CKL").ProductID
		watch := func(chat string) {
			handle(t, s, chat, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				return tx.WatchRestock(ctx, c.Customer.ID, basreng, c.Now)
			})
			clock.Advance(time.Minute)
		}
		for _, chat := range []string{"first", "stop", "blocked", "taken", "second", "third"} {
			watch(chat)
		}
		handle(t, s, "stop", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			c.Customer.OptedOut, c.Customer.OptedOutAt = true, &c.Now
			return nil
		})
		if err := s.MarkUnreachable(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "blocked"}, "blocked"); err != nil {
			t.Fatal(err)
		}
		taken := lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "taken"}
		if err := s.TakeOver(ctx, taken, lapak.TakeoverSellerPhone, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		var told []string
		notify := func(quiet func(time.Time) bool) int {
			t.Helper()
			n, err := s.NotifyRestocked(ctx, 2, quiet, func(p lapak.Product, c lapak.Customer) []lapak.Envelope {
				told = append(told, c.ExternalID)
				return []lapak.Envelope{{To: c.Identity(), Class: lapak.PaceBulk, Msg: lapak.Outbound{Text: p.Name + " ready"}}}
			})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Stock comes back from a catalog file.
		if _, err := s.ImportCatalog(ctx, []lapak.CatalogRow{{SKU: "BSK-CKL", Name: "Basreng", Category: "Camilan", Price: 15000, Stock: 4}}); err != nil {
			t.Fatal(err)
		}
		if n := notify(func(time.Time) bool { return true }); n != 0 || len(told) != 0 {
			t.Fatalf("told %v in the quiet hours", told)
		}
		if n := notify(nil); n != 5 || !slices.Equal(told, []string{"first", "second", "third"}) {
			t.Fatalf("closed %d watches, told %v; want 5 closed, first, second and third told in that order", n, told)
		}
		if c := count(t, s, `SELECT COUNT(*) FROM lapak_restock_watches WHERE notified_at IS NOT NULL AND skipped <> ''`); c != 2 {
			t.Errorf("%d watches skipped, want 2 (opted out, unreachable)", c)
		}
		if c := count(t, s, `SELECT COUNT(*) FROM lapak_outbox WHERE class = 'bulk' AND chat_id IN ('stop', 'blocked')`); c != 0 {
			t.Errorf("%d notices to the opted-out or blocked customer", c)
		}
		told = nil
		if err := s.HandBack(ctx, taken); err != nil {
			t.Fatal(err)
		}
		if n := notify(nil); n != 1 || !slices.Equal(told, []string{"taken"}) {
			t.Fatalf("after the hand-back: %d, %v", n, told)
		}
		if n := notify(nil); n != 0 {
			t.Fatalf("told twice: %d", n)
		}
	})
}

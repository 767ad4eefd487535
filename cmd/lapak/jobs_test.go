package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/config"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// placed is an unpaid order of its own customer.
type placed struct {
	number string
	to     lapak.Identity
	qty    int
}

// placeOrders places n unpaid transfer orders of sku, one per new customer
// (chat ids from first on), through the store as a chat turn does, a few at
// a time on each app in turn.
func placeOrders(t *testing.T, apps []*App, sku string, first, n int) []placed {
	t.Helper()
	ctx := context.Background()
	v, err := apps[0].store.VariantBySKU(ctx, sku)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]placed, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range n {
		a := apps[i%len(apps)]
		out[i] = placed{to: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: fmt.Sprint(first + i)}, qty: 1 + i%3}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			in := lapak.Inbound{Channel: out[i].to.Channel, ChatID: out[i].to.ChatID, MessageID: "order-" + out[i].to.ChatID,
				SenderName: "Pembeli", Text: "pesan keripik pedas"}
			err := a.store.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				exp := c.Now.Add(a.cfg.Shop.OrderTTL)
				o := lapak.Order{CustomerID: c.Customer.ID, PaymentMethod: lapak.PayTransfer, ExpiresAt: &exp,
					Items: []lapak.OrderItem{{VariantID: v.ID, Qty: out[i].qty}}}
				if err := tx.PlaceOrder(ctx, &o); err != nil {
					return err
				}
				out[i].number = o.Number
				return nil
			})
			if err != nil {
				t.Errorf("placing order %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return out
}

// checkExpiredOnce checks that every order expired, the stock is back to
// start, and each customer was told exactly once.
func checkExpiredOnce(t *testing.T, a *App, orders []placed, sku string, start int) {
	t.Helper()
	ctx := context.Background()
	for _, p := range orders {
		o, err := a.store.OrderByNumber(ctx, p.number)
		if err != nil || o.Status != lapak.StatusExpired {
			t.Errorf("order %s: %s (%v), want expired", p.number, o.Status, err)
		}
		if n, err := a.store.QueuedTo(ctx, p.to); err != nil || n != 1 {
			t.Errorf("customer %s was told %d times (%v), want once", p.to, n, err)
		}
	}
	if v, err := a.store.VariantBySKU(ctx, sku); err != nil || v.Stock != start {
		t.Errorf("stock %d (%v), want %d back: an order's stock returned twice or not at all", v.Stock, err, start)
	}
}

// The acceptance test: two `lapak serve` on one PostgreSQL
// database (two apps, each with its own store and job runner) expire a batch
// of 200 overdue orders; each order expires once, its stock comes back
// once, and each customer is told once. Then the same for two processes
// whose leases overlapped (each expiring at once, without a lease): the
// orders' own row claims keep them apart.
func TestTwoServersExpireEachOrderOnce(t *testing.T) {
	if storagetest.PostgresURL() == "" && os.Getenv("CI") != "true" {
		t.Skip("two lapak serve sharing one database need PostgreSQL: set LAPAK_TEST_PG=postgres://user@host:5432/db?sslmode=disable")
	}
	dsn := storagetest.PostgresSchema(t)
	cfg, err := config.Load("", func(k string) string {
		return map[string]string{"DATABASE_URL": dsn, "LAPAK_DEMO": "false", "LAPAK_DB_MAX_CONNS": "8",
			"LAPAK_MEDIA_DIR": t.TempDir()}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	var logMu sync.Mutex
	log := slog.New(slog.NewTextHandler(lockedWriter{&logMu, &logs}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	t.Cleanup(func() {
		if t.Failed() {
			logMu.Lock()
			t.Logf("log:\n%s", logs.String())
			logMu.Unlock()
		}
	})
	clock := storagetest.NewClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	var apps []*App
	for range 2 {
		a, err := openApp(ctx, cfg, log, clock)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		apps = append(apps, a)
	}
	if apps[0].jobs.Owner() == apps[1].jobs.Owner() {
		t.Fatalf("both apps claim jobs as %s", apps[0].jobs.Owner())
	}
	const sku, start = "KRP-PDS", 1000
	if _, err := apps[0].store.ImportCatalog(ctx, []lapak.CatalogRow{
		{SKU: sku, Name: "Keripik Singkong", Category: "Camilan", Variant: "Pedas", Price: 13000, Stock: start}}); err != nil {
		t.Fatal(err)
	}

	t.Run("leases", func(t *testing.T) {
		orders := placeOrders(t, apps, sku, 1000, 200)
		clock.Advance(cfg.Shop.OrderTTL + time.Minute)
		run, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for _, a := range apps {
			wg.Go(func() { a.jobs.Run(run) })
		}
		// One runner's first pass takes the lease and expires the whole
		// batch; the other's is skipped or finds nothing left.
		deadline := time.Now().Add(30 * time.Second)
		for {
			st, err := apps[0].store.Job(ctx, jobExpire)
			if err == nil && st.Runs > 0 && st.ClaimedUntil == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no expiry pass finished: %+v %v", st, err)
			}
			time.Sleep(5 * time.Millisecond)
		}
		stop()
		wg.Wait()
		checkExpiredOnce(t, apps[0], orders, sku, start)
	})

	t.Run("overlapping leases", func(t *testing.T) {
		orders := placeOrders(t, apps, sku, 2000, 200)
		clock.Advance(cfg.Shop.OrderTTL + time.Minute)
		var wg sync.WaitGroup
		for i := range 6 {
			a := apps[i%2]
			wg.Go(func() {
				if _, err := a.expireOrders(ctx); err != nil {
					t.Errorf("expiring: %v", err)
				}
			})
		}
		wg.Wait()
		checkExpiredOnce(t, apps[1], orders, sku, start)
	})
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

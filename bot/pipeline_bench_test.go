package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/flows"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// visit is one customer's visit, as typed in the console: browse a
// category, pick a product and its first variant, search with a typo, add a
// product by name, look at the cart and check out by courier and bank
// transfer, then ask for the order status. Each virtual customer is new, so
// checkout asks every question. Customers spread over the catalog, as
// shoppers do, rather than all buying the same two items.
func visit(customer int) []string {
	byName := []string{"sambal roa", "sambal cumi", "kacang bawang", "wedang jahe", "teh tarik",
		"sirup markisa", "nastar", "kastengel", "lapis legit", "bumbu rendang"}
	return []string{
		"halo", "1", fmt.Sprint(1 + customer%4), fmt.Sprint(1 + (customer/4)%5), "1", "2", // menu → Katalog → category → product → variant → qty
		"cari kripik pedes", "pesan " + byName[customer%len(byName)] + " 1", "keranjang",
		"checkout", "Budi Santoso", "0812-3456-7890", "2",
		"Jl. Melati No. 5, RT 3/RW 2, Kel. Sukamaju, Bandung", "1", "ya",
		"status",
	}
}

// countingChannel accepts every message, as a platform that never fails.
type countingChannel struct{ n atomic.Int64 }

func (c *countingChannel) Name() lapak.Channel { return lapak.ChannelConsole }
func (c *countingChannel) Deliver(context.Context, *bot.Delivery) error {
	c.n.Add(1)
	return nil
}

// BenchmarkPipeline measures the whole inbound path (router → flows →
// storage, with replies written to the outbox) while the sender delivers the
// outbox to a channel that accepts everything. It reports messages per second
// and the p50/p99 time from submitting a message to its commit.
func BenchmarkPipeline(b *testing.B) {
	for _, dialect := range storagetest.Dialects {
		for _, customers := range []int{1, 64} {
			b.Run(fmt.Sprintf("%s/customers=%d", dialect, customers), func(b *testing.B) {
				if dialect == storage.Postgres && storagetest.PostgresURL() == "" {
					b.Skip("PostgreSQL half skipped: set LAPAK_TEST_PG=postgres://…")
				}
				benchPipeline(b, storagetest.Open(b, dialect), customers)
			})
		}
	}
}

func benchPipeline(b *testing.B, s *storage.Store, customers int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows := catalog.DemoRows()
	for i := range rows {
		if !rows[i].Unlimited {
			rows[i].Stock = 1_000_000 // thousands of visits must not sell out
		}
	}
	if _, err := s.ImportCatalog(ctx, rows); err != nil {
		b.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	shop := lapak.Shop{
		Name: "Bench", Language: lapak.Indonesian, PickupAddress: "Jl. Pasar 1",
		Zones:        []lapak.Zone{{Name: "Dalam kota", Fee: 10000}, {Name: "Luar kota", Fee: 25000}},
		BankAccounts: []lapak.BankAccount{{Bank: "BCA", Number: "1234567890", Holder: "Bench"}},
		COD:          true, OrderTTL: 24 * time.Hour,
		Admins: []lapak.Identity{{Channel: lapak.ChannelConsole, ChatID: "admin"}},
	}
	engine := flows.New(flows.Options{Shop: shop, Logger: quiet})
	out := &countingChannel{}
	sender := bot.NewSender(bot.SenderOptions{Store: s, Channels: []bot.Channel{out}, Logger: quiet,
		Workers: max(1, s.Conns()/8)}) // as cmd/lapak wires it
	router := bot.NewRouter(bot.RouterOptions{Store: s, Handle: engine.Handle, Apology: engine.Apology, OnCommit: func(lapak.Inbound) { sender.Notify() }, Logger: quiet,
		Parallel: max(1, s.Conns()-2)}) // as cmd/lapak wires it: connections left for the sender
	var senderDone sync.WaitGroup
	senderDone.Go(func() { sender.Run(ctx) })

	var next atomic.Int64 // messages handed out so far
	latencies := make([][]time.Duration, customers)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := range customers {
		wg.Go(func() {
			script := visit(c)
			for n := 0; ; n++ {
				user := fmt.Sprintf("bench-%d-%d", c, n)
				for i, text := range script {
					if next.Add(1) > int64(b.N) {
						return
					}
					in := lapak.Inbound{Channel: lapak.ChannelConsole, MessageID: fmt.Sprintf("%s-%d", user, i), ChatID: user, Text: text}
					t0 := time.Now()
					if err := router.Handle(ctx, in); err != nil {
						b.Error(err)
						return
					}
					latencies[c] = append(latencies[c], time.Since(t0))
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	delivered := out.n.Load()
	b.StopTimer()
	cancel()
	senderDone.Wait()

	// The script must really reach the order: count them.
	var orders int
	if err := s.InTx(context.Background(), func(ctx context.Context, tx lapak.OpsTx) error {
		placed, err := tx.OrdersByStatus(ctx, []lapak.OrderStatus{lapak.StatusPendingPayment}, 1)
		orders = len(placed)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	if b.N >= customers*len(visit(0)) && orders == 0 {
		b.Fatal("no visit reached an order: the benchmark script no longer matches the flows")
	}
	all := slices.Concat(latencies...)
	slices.Sort(all)
	if len(all) == 0 {
		return
	}
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(orders), "orders")
	// Replies delivered while the messages came in: a sender that falls
	// behind shows here, not in msgs/s.
	b.ReportMetric(float64(delivered)/elapsed.Seconds(), "replies-sent/s")
	b.ReportMetric(0, "ns/op") // per-message cost is msgs/s; ns/op over N messages says the same, less clearly
}

// BenchmarkRawCommit is the baseline for BenchmarkPipeline: the rate of
// one-row insert-and-commit transactions on the same database and pool, at
// the same concurrency.
func BenchmarkRawCommit(b *testing.B) {
	for _, dialect := range storagetest.Dialects {
		for _, workers := range []int{1, 64} {
			b.Run(fmt.Sprintf("%s/customers=%d", dialect, workers), func(b *testing.B) {
				if dialect == storage.Postgres && storagetest.PostgresURL() == "" {
					b.Skip("PostgreSQL half skipped: set LAPAK_TEST_PG=postgres://…")
				}
				s := storagetest.Open(b, dialect)
				db := storagetest.RawDB(s) // the database alone, as the baseline
				ctx := context.Background()
				if _, err := db.ExecContext(ctx, `CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
					b.Fatal(err)
				}
				insert := `INSERT INTO bench_raw (id, v) VALUES (?, ?)`
				if dialect == storage.Postgres {
					insert = `INSERT INTO bench_raw (id, v) VALUES ($1, $2)`
				}
				var next atomic.Int64
				b.ResetTimer()
				start := time.Now()
				var wg sync.WaitGroup
				for range workers {
					wg.Go(func() {
						for {
							id := next.Add(1)
							if id > int64(b.N) {
								return
							}
							tx, err := db.BeginTx(ctx, nil)
							if err == nil {
								if _, err = tx.ExecContext(ctx, insert, id, "x"); err == nil {
									err = tx.Commit()
								} else {
									tx.Rollback()
								}
							}
							if err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "commits/s")
			})
		}
	}
}

package dashboard

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// BenchmarkReportsPage measures the server time of the reports page, its
// CSVs and the settings page on PostgreSQL with 100,000 orders and 20,000 customers over a
// year (seedOrders), for 30 days and 12 months (issue 14: ≤ 100 ms at
// p99). The first request sums the year into the per-day summary (logged
// as "cold"); "12m-changed" refunds a months-old order through the shop
// before every request, so each one recomputes a day. Run it with
//
//	LAPAK_TEST_PG=postgres://… go test ./http/dashboard/ -run '^$' -bench ReportsPage -benchtime 1x
func BenchmarkReportsPage(b *testing.B) {
	if storagetest.PostgresURL() == "" {
		b.Skip("PostgreSQL benchmark skipped: set LAPAK_TEST_PG=postgres://…")
	}
	const (
		customers     = 20_000
		orders        = 100_000
		benchRequests = 200
	)
	now := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	st := storagetest.OpenWith(b, storage.Postgres, storage.Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	start := time.Now()
	seedOrders(b, st, now, customers, orders)
	b.Logf("seeded %d customers and %d orders in %s", customers, orders, time.Since(start).Round(time.Millisecond))

	bd := newBenchDashboard(b, st, now)
	code, body, cold := bd.get("/dashboard/reports?range=12m")
	if code != http.StatusOK || !strings.Contains(body, `id="report-sales"`) {
		b.Fatalf("12m: %d\n%s", code, body)
	}
	b.Logf("cold: the first 12-month report summed the year in %s", cold.Round(time.Millisecond))

	// Completed orders from the year's first months, refunded one before
	// each "12m-changed" request (seedOrders: order i is completed unless
	// i%20 == 0 or i%37 == 0; numbers B00-NNNNN).
	var refund []string
	for i := 1; len(refund) < benchRequests+1; i++ {
		if i%20 != 0 && i%37 != 0 {
			refund = append(refund, fmt.Sprintf("B00-%05d", i*13))
		}
	}
	pages := []benchPage{
		{"30d", "/dashboard/reports", `id="report-sales"`},
		{"12m", "/dashboard/reports?range=12m", `id="report-sales"`},
		{"12m-changed", "/dashboard/reports?range=12m", `id="report-sales"`},
		{"30d-by-week", "/dashboard/reports?range=30d&by=week", `id="report-sales"`},
		{"90d", "/dashboard/reports?range=90d", `id="report-sales"`},
		{"custom-366d", "/dashboard/reports?range=custom&from=2025-12-03&to=2026-12-03", `id="report-sales"`},
		{"settings", "/dashboard/settings", `id="settings-admins"`},
	}
	for _, n := range []string{"sales", "status", "payments", "products", "resellers", "repeat"} {
		pages = append(pages, benchPage{"csv-" + n + "-12m", "/dashboard/reports/" + n + ".csv?range=12m", ","})
	}
	b.Logf("%d requests a page, after one to warm up", benchRequests)
	refundOne := func(page string) {
		if page != "12m-changed" {
			return
		}
		num := refund[0]
		refund = refund[1:]
		if err := bd.shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			_, err := bd.shop.Refund(ctx, tx, shop.Admin(testAdmin), num, "barang kembali")
			return err
		}); err != nil {
			b.Fatalf("refunding %s: %v", num, err)
		}
	}
	b.ResetTimer()
	var lines []string
	for range b.N {
		lines = bd.measure(pages, benchRequests, refundOne)
	}
	logLines(b, lines)
}

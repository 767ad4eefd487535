package dashboard

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The reports' tests place and move orders through the store's PlaceOrder
// and the shop's operations, move the injected clock, and read the page
// and its CSVs: nothing is written with SQL.

var sold atomic.Int64

// sell places an order of qty of sku for chat, paid with pay, the way a
// chat turn does (PlaceOrder in the customer's message transaction).
func (h *harness) sell(chat, sku string, qty int, pay lapak.PaymentMethod) lapak.Order {
	h.t.Helper()
	ctx := context.Background()
	v, err := h.st.VariantBySKU(ctx, sku)
	if err != nil {
		h.t.Fatal(err)
	}
	exp := h.clock.Now().Add(24 * time.Hour)
	o := lapak.Order{PaymentMethod: pay, Delivery: lapak.DeliveryCourier, Zone: "Jabodetabek",
		Breakdown: lapak.Breakdown{ShippingFee: 15000}, Address: "Jl. Mawar No. 1, Depok", Recipient: "Pembeli " + chat,
		Phone: "6281200000" + chat, Items: []lapak.OrderItem{{VariantID: v.ID, Qty: qty}}}
	if pay != lapak.PayCOD {
		o.ExpiresAt = &exp
	}
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, MessageID: fmt.Sprint("s", sold.Add(1)), Text: "ya"}
	if err := h.st.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		o.CustomerID = c.Customer.ID
		return tx.PlaceOrder(ctx, &o)
	}); err != nil {
		h.t.Fatal(err)
	}
	return o
}

// pay confirms an order's payment as the chat desk's /lunas does.
func (h *harness) pay(number string) {
	h.t.Helper()
	h.op(func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := h.shop.ConfirmPayment(ctx, tx, by, number)
		return err
	})
}

// reportsTest is ordersTest's catalog with a report-friendly clock.
func reportsTest(t *testing.T, loc *time.Location, fn func(t *testing.T, h *harness)) {
	clock := storagetest.NewClock(time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, st *storage.Store) {
		if _, err := st.ImportCatalog(context.Background(), []lapak.CatalogRow{
			{SKU: "KRP-PDS", Name: "Keripik Singkong", Category: "Camilan", Variant: "Pedas", Price: 13000, Stock: 500},
			{SKU: "SMB-ROA", Name: "Sambal Roa", Category: "Sambal", Price: 55000, Stock: 300},
		}); err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, st, clock, Options{})
		if loc != nil {
			// The same dashboard in another time zone.
			opt := h.d.opt
			opt.Settings.Location = loc
			d, err := New(opt)
			if err != nil {
				t.Fatal(err)
			}
			h.d = d
			h.srv.Config.Handler = d
		}
		fn(t, h)
	})
}

// csvOf fetches a report CSV and parses it.
func (b *browser) csvOf(t *testing.T, path string) [][]string {
	t.Helper()
	res, err := b.c.Get(b.h.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="laporan-`) {
		t.Errorf("%s: Content-Disposition %q", path, cd)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// cell is the value in rows under column col of the row whose first cell is key.
func cell(t *testing.T, rows [][]string, key, col string) string {
	t.Helper()
	ci := -1
	for i, c := range rows[0] {
		if c == col {
			ci = i
		}
	}
	if ci < 0 {
		t.Fatalf("no column %q in %v", col, rows[0])
	}
	for _, r := range rows[1:] {
		if r[0] == key {
			return r[ci]
		}
	}
	return ""
}

func rp(m lapak.Money) string { return lapak.PriceFormat{Prefix: "Rp"}.Format(m) }

func TestReportsMatchOrders(t *testing.T) {
	reportsTest(t, nil, func(t *testing.T, h *harness) {
		day := time.Date(2026, 11, 20, 5, 0, 0, 0, time.UTC)
		h.clock.Set(day)
		a := h.sell("100", "KRP-PDS", 2, lapak.PayTransfer) // paid
		h.pay(a.Number)
		b := h.sell("100", "SMB-ROA", 1, lapak.PayTransfer) // paid, the same customer: a repeat buyer
		h.pay(b.Number)
		cod := h.sell("101", "SMB-ROA", 3, lapak.PayCOD) // COD, processing: counts
		h.op(func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
			_, err := h.shop.StartProcessing(ctx, tx, by, cod.Number)
			return err
		})
		h.sell("102", "KRP-PDS", 5, lapak.PayTransfer) // waiting: does not count
		h.clock.Set(time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC))
		today := h.sell("103", "KRP-PDS", 1, lapak.PayTransfer) // today: live
		h.pay(today.Number)

		a, b, cod, today = h.order(a.Number), h.order(b.Number), h.order(cod.Number), h.order(today.Number)
		revenue := a.Total + b.Total + cod.Total + today.Total
		br := h.loginAs(lapak.RoleStaff)
		code, body := br.get("/dashboard/reports")
		if code != http.StatusOK {
			t.Fatalf("reports: %d\n%s", code, body)
		}
		mustContain(t, body, `id="report-sales"`, `id="report-status"`, `id="report-payments"`, `id="report-products"`,
			`id="report-resellers"`, `id="report-repeat"`, "<svg viewBox=", `role="img"`, "<title",
			fmt.Sprintf("4 pesanan dibayar, total %s", rp(revenue)), "Dihitung dari pesanan",
			"1 dari 4 pesanan dibayar (25.0%) datang dari pelanggan yang sudah pernah membayar", "3 pesanan adalah pembelian pertama", "Sambal Roa", "Keripik Singkong", "/dashboard/reports/sales.csv?")
		if strings.Contains(body, "<script>") {
			t.Error("the reports page has an inline script")
		}

		sales := br.csvOf(t, "/dashboard/reports/sales.csv?range=30d&by=day")
		if got := cell(t, sales, "20/11", "pendapatan"); got != fmt.Sprint(int64(a.Total+b.Total+cod.Total)) {
			t.Errorf("20/11 revenue %s, want %d:\n%v", got, a.Total+b.Total+cod.Total, sales)
		}
		if got := cell(t, sales, "20/11", "pesanan"); got != "3" {
			t.Errorf("20/11 orders %s, want 3", got)
		}
		if got := cell(t, sales, "03/12", "pendapatan"); got != fmt.Sprint(int64(today.Total)) {
			t.Errorf("today's revenue %s, want %d", got, today.Total)
		}
		if len(sales) != 31 {
			t.Errorf("30 days and a header: %d rows", len(sales))
		}
		status := br.csvOf(t, "/dashboard/reports/status.csv")
		for st, n := range map[string]string{"paid": "3", "processing": "1", "pending_payment": "1"} {
			if got := cell(t, status, st, "pesanan"); got != n {
				t.Errorf("status %s: %s orders, want %s\n%v", st, got, n, status)
			}
		}
		pays := br.csvOf(t, "/dashboard/reports/payments.csv")
		if got := cell(t, pays, "transfer", "pesanan"); got != "3" {
			t.Errorf("transfers %s, want 3", got)
		}
		if got := cell(t, pays, "cod", "total"); got != fmt.Sprint(int64(cod.Total)) {
			t.Errorf("cod total %s, want %d", got, cod.Total)
		}
		prods := br.csvOf(t, "/dashboard/reports/products.csv")
		if got := cell(t, prods, "Sambal Roa", "terjual"); got != "4" {
			t.Errorf("Sambal Roa sold %s, want 4", got)
		}
		if got := cell(t, prods, "Keripik Singkong", "pendapatan"); got != "39000" {
			t.Errorf("Keripik revenue %s, want 39000", got)
		}
		rep := br.csvOf(t, "/dashboard/reports/repeat.csv")
		if rep[1][0] != "4" || rep[1][1] != "1" || rep[1][2] != "25.0" || rep[1][3] != fmt.Sprint(int64(b.Total)) || rep[1][4] != "3" {
			t.Errorf("repeat: %v", rep)
		}
		// By week and by month, the same total.
		for _, by := range []string{"week", "month"} {
			var sum int64
			for _, r := range br.csvOf(t, "/dashboard/reports/sales.csv?range=12m&by="+by)[1:] {
				var n int64
				fmt.Sscan(r[3], &n)
				sum += n
			}
			if sum != int64(revenue) {
				t.Errorf("by %s: %d, want %d", by, sum, revenue)
			}
		}
		if code, _ := br.get("/dashboard/reports/nope.csv"); code != http.StatusNotFound {
			t.Errorf("an unknown CSV: %d", code)
		}
	})
}

// TestReportsCancelledLeavesRevenue: last week's summary is kept, then an
// order of last week is cancelled today; the report no longer counts it.
func TestReportsCancelledLeavesRevenue(t *testing.T) {
	reportsTest(t, nil, func(t *testing.T, h *harness) {
		// One customer: gone first, then keep (a repeat order, until gone is cancelled).
		h.clock.Set(time.Date(2026, 11, 27, 4, 0, 0, 0, time.UTC))
		gone := h.sell("100", "SMB-ROA", 2, lapak.PayTransfer)
		h.pay(gone.Number)
		h.clock.Set(time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC))
		keep := h.sell("100", "SMB-ROA", 1, lapak.PayTransfer)
		h.pay(keep.Number)
		h.clock.Set(time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC))
		keep, gone = h.order(keep.Number), h.order(gone.Number)
		b := h.loginAs(lapak.RoleOwner)
		_, body := b.get("/dashboard/reports?range=7d")
		mustContain(t, body, fmt.Sprintf("2 pesanan dibayar, total %s", rp(keep.Total+gone.Total)), "1 dari 2 pesanan dibayar (50.0%)")
		// 12 months: November is a whole month, summed as one.
		if got := cell(t, b.csvOf(t, "/dashboard/reports/products.csv?range=12m"), "Sambal Roa", "terjual"); got != "3" {
			t.Errorf("12 months, Sambal Roa sold %s, want 3", got)
		}
		// The days are summed now; the cancel must reach them.
		_, body = b.act(gone.Number, "cancel", lapak.StatusPaid, "reason", "stok habis")
		mustContain(t, body, `data-status="cancelled"`)
		_, body = b.get("/dashboard/reports?range=7d")
		mustContain(t, body, fmt.Sprintf("1 pesanan dibayar, total %s", rp(keep.Total)), "0 dari 1 pesanan dibayar (0.0%)",
			"1 pesanan adalah pembelian pertama")
		if got := cell(t, b.csvOf(t, "/dashboard/reports/sales.csv?range=7d"), "27/11", "pendapatan"); got != "0" {
			t.Errorf("27/11 revenue after the cancel: %s", got)
		}
		sales := b.csvOf(t, "/dashboard/reports/sales.csv?range=7d")
		if got := cell(t, sales, "28/11", "pendapatan"); got != fmt.Sprint(int64(keep.Total)) {
			t.Errorf("28/11 revenue %s, want %d", got, keep.Total)
		}
		status := b.csvOf(t, "/dashboard/reports/status.csv?range=7d")
		if got := cell(t, status, "cancelled", "pesanan"); got != "1" {
			t.Errorf("cancelled: %s\n%v", got, status)
		}
		prods := b.csvOf(t, "/dashboard/reports/products.csv?range=7d")
		if got := cell(t, prods, "Sambal Roa", "terjual"); got != "1" {
			t.Errorf("Sambal Roa sold %s, want 1", got)
		}
		if got := cell(t, b.csvOf(t, "/dashboard/reports/products.csv?range=12m"), "Sambal Roa", "terjual"); got != "1" {
			t.Errorf("12 months after the cancel, Sambal Roa sold %s, want 1", got)
		}
		if got := cell(t, b.csvOf(t, "/dashboard/reports/status.csv?range=12m"), "cancelled", "pesanan"); got != "1" {
			t.Errorf("12 months after the cancel, %s cancelled", got)
		}
	})
}

// TestReportsTimeZoneDays: a day is the shop's day (Asia/Jakarta, UTC+7).
func TestReportsTimeZoneDays(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	reportsTest(t, wib, func(t *testing.T, h *harness) {
		// 1 December 23:59 WIB and 2 December 00:00 WIB.
		h.clock.Set(time.Date(2026, 12, 1, 16, 59, 0, 0, time.UTC))
		late := h.sell("100", "SMB-ROA", 1, lapak.PayTransfer)
		h.pay(late.Number)
		h.clock.Set(time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC))
		early := h.sell("101", "KRP-PDS", 1, lapak.PayTransfer)
		h.pay(early.Number)
		// Made on 2 December, paid on 3 December 08.00 WIB (today): dated by payment.
		h.clock.Set(time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
		later := h.sell("102", "KRP-PDS", 3, lapak.PayTransfer)
		h.clock.Set(time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC))
		h.pay(later.Number)
		late, early, later = h.order(late.Number), h.order(early.Number), h.order(later.Number)

		b := h.loginAs(lapak.RoleOwner)
		sales := b.csvOf(t, "/dashboard/reports/sales.csv?range=7d")
		for day, want := range map[string]lapak.Money{"01/12": late.Total, "02/12": early.Total, "03/12": later.Total} {
			if got := cell(t, sales, day, "pendapatan"); got != fmt.Sprint(int64(want)) {
				t.Errorf("%s: %s, want %d\n%v", day, got, want, sales)
			}
		}
		one := b.csvOf(t, "/dashboard/reports/sales.csv?range=custom&from=2026-12-02&to=2026-12-02")
		if len(one) != 2 || one[1][3] != fmt.Sprint(int64(early.Total)) {
			t.Errorf("2 December alone: %v", one)
		}
		// Orders by status go by the day they were made: the later one on the 2nd.
		status := b.csvOf(t, "/dashboard/reports/status.csv?range=custom&from=2026-12-02&to=2026-12-02")
		if got := cell(t, status, "paid", "pesanan"); got != "2" {
			t.Errorf("made on 2 December: %v", status)
		}
		_, body := b.get("/dashboard/reports?range=7d")
		mustContain(t, body, "zona waktu WIB")
	})
}

func TestReportsCustomRangeErrors(t *testing.T) {
	reportsTest(t, nil, func(t *testing.T, h *harness) {
		b := h.loginAs(lapak.RoleOwner)
		for q, want := range map[string]string{
			"range=custom&from=2026-13-01&to=2026-12-01": "Tanggal “2026-13-01” tidak bisa dibaca",
			"range=custom&from=2026-11-01&to=kemarin":    "Tanggal “kemarin” tidak bisa dibaca",
			"range=custom&from=2026-11-01":               "Isi tanggal “dari” dan “sampai”",
			"range=custom&from=2026-12-02&to=2026-11-01": "Tanggal “dari” (2026-12-02) setelah tanggal “sampai” (2026-11-01)",
			"range=custom&from=2024-01-01&to=2026-12-01": "Rentang paling panjang 366 hari; yang dipilih 1066 hari",
			"range=custom&from=2026-12-01&to=2026-12-31": "Tanggal “sampai” (2026-12-31) belum terjadi; paling jauh hari ini (2026-12-03)",
			"range=kemarin": "Rentang itu tidak dikenal",
			"range=custom&from=%3Cscript%3E&to=2026-12-01": "Tanggal “&lt;script&gt;” tidak bisa dibaca",
		} {
			code, body := b.get("/dashboard/reports?" + q)
			if code != http.StatusOK {
				t.Fatalf("%s: %d", q, code)
			}
			mustContain(t, body, `id="report-problem"`, want, "Ditampilkan 30 hari terakhir", "04/11/2026 – 03/12/2026")
		}
		_, body := b.get("/dashboard/reports?range=custom&from=2026-11-01&to=2026-11-30")
		mustContain(t, body, "01/11/2026 – 30/11/2026")
		if strings.Contains(body, `id="report-problem"`) {
			t.Error("a good custom range was refused")
		}
		// English.
		b.get("/dashboard/reports?lang=en")
		_, body = b.get("/dashboard/reports?range=custom&from=2026-11-05&to=2026-11-01")
		mustContain(t, body, "The “from” date (2026-11-05) is after the “to” date (2026-11-01)")
	})
}

// TestReportsEscapeNames: a product named with HTML or a formula is text
// in the page, in the SVG and in the CSV.
func TestReportsEscapeNames(t *testing.T) {
	reportsTest(t, nil, func(t *testing.T, h *harness) {
		if _, err := h.st.ImportCatalog(context.Background(), []lapak.CatalogRow{
			{SKU: "XSS", Name: `<script>alert("x")</script>`, Category: "Camilan", Price: 1000, Stock: 50},
			{SKU: "FORM", Name: `=HYPERLINK("http://evil","klik")`, Category: "Camilan", Price: 2000, Stock: 50},
			{SKU: "PLUS", Name: `+62 sambal`, Category: "Camilan", Price: 3000, Stock: 50},
		}); err != nil {
			t.Fatal(err)
		}
		for i, sku := range []string{"XSS", "FORM", "PLUS"} {
			o := h.sell(fmt.Sprint(200+i), sku, 1, lapak.PayTransfer)
			h.pay(o.Number)
		}
		b := h.loginAs(lapak.RoleOwner)
		_, body := b.get("/dashboard/reports")
		if strings.Contains(body, `<script>alert`) {
			t.Fatalf("a product name ran as HTML:\n%s", body)
		}
		mustContain(t, body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`)
		rows := b.csvOf(t, "/dashboard/reports/products.csv")
		names := map[string]bool{}
		for _, r := range rows[1:] {
			names[r[0]] = true
		}
		for _, want := range []string{`'=HYPERLINK("http://evil","klik")`, `'+62 sambal`, `<script>alert("x")</script>`} {
			if !names[want] {
				t.Errorf("CSV lacks %q: %v", want, rows)
			}
		}
	})
}

func TestReportsTopResellers(t *testing.T) {
	reportsTest(t, nil, func(t *testing.T, h *harness) {
		r := signUp(t, h, "300", "Dewi Lestari", lapak.ResellerApproved)
		earn(t, h, r, "301")
		b := h.loginAs(lapak.RoleOwner)
		_, body := b.get("/dashboard/reports")
		mustContain(t, body, "Dewi Lestari ("+r.Code+")", "komisi Rp11.000")
		rows := b.csvOf(t, "/dashboard/reports/resellers.csv")
		if len(rows) != 2 || rows[1][0] != r.Code || rows[1][2] != "1" || rows[1][4] != "11000" {
			t.Errorf("resellers CSV: %v", rows)
		}
	})
}

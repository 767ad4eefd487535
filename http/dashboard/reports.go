package dashboard

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// The reports page: sales per day, week or month, orders by status, the
// payment methods, top products and resellers and the repeat-customer
// rate over a range of the shop's days, each as an SVG chart the server
// draws (no script, no chart library) with a CSV behind it.
//
// What counts (lapak.Report): a sale is an order that is paid, processing,
// shipped or completed — cancelled, expired and refunded orders never
// count, waiting ones not yet — dated by when it was paid (for COD: when
// it went to processing), or when it was made if no payment time is
// stored. Orders by status are dated by when they were made. The figures
// come from storage's per-day summary, kept exact by every order change
// (storage/reports.go); today is always live.

// reportStore is what the reports pages read (storage.Store).
type reportStore interface {
	// Report is the figures of the shop days [from, to) in loc; top bounds
	// the products and resellers (0: all).
	Report(ctx context.Context, loc *time.Location, from, to time.Time, top int) (lapak.Report, error)
}

// reportTop is how many products and resellers the page's charts show.
const reportTop = 10

// maxReportDays bounds a custom range.
const maxReportDays = 366

var reportWords = words{
	"reports.title":      {"Laporan", "Reports"},
	"reports.range":      {"Rentang", "Range"},
	"reports.r7":         {"7 hari", "7 days"},
	"reports.r30":        {"30 hari", "30 days"},
	"reports.r90":        {"90 hari", "90 days"},
	"reports.r12m":       {"12 bulan", "12 months"},
	"reports.custom":     {"Pilih tanggal", "Custom dates"},
	"reports.customhint": {"Untuk tanggal sendiri, pilih “Pilih tanggal” lalu isi Dari dan Sampai.", "For your own dates, choose “Custom dates” and fill in From and To."},
	"reports.from":       {"Dari", "From"},
	"reports.to":         {"Sampai", "To"},
	"reports.by":         {"Per", "By"},
	"reports.byday":      {"hari", "day"},
	"reports.byweek":     {"minggu", "week"},
	"reports.bymonth":    {"bulan", "month"},
	"reports.show":       {"Tampilkan", "Show"},
	"reports.period":     {"%s – %s", "%s – %s"},
	"reports.counted":    {"Dihitung dari pesanan yang sudah dibayar, diproses, dikirim atau selesai (bukan yang dibatalkan, kedaluwarsa atau di-refund), menurut tanggal bayarnya (COD: tanggal diproses; data lama tanpa tanggal bayar: tanggal pesan), dalam zona waktu %s. Status pesanan menurut tanggal pesan. Angka hari ini selalu terbaru.", "Counted from orders that are paid, processing, shipped or completed (not cancelled, expired or refunded), by the day they were paid (COD: the day processing began; older data without a payment time: the day ordered), in the %s time zone. Orders by status by the day they were made. Today's figures are always current."},
	"reports.sales":      {"Penjualan", "Sales"},
	"reports.salesline":  {"%d pesanan dibayar, total %s", "%d paid orders, %s in total"},
	"reports.status":     {"Pesanan menurut status", "Orders by status"},
	"reports.payments":   {"Cara bayar", "Payment methods"},
	"reports.products":   {"Produk terlaris", "Top products"},
	"reports.resellers":  {"Reseller teratas", "Top resellers"},
	"reports.repeat":     {"Pelanggan yang membeli lagi", "Repeat customers"},
	"reports.repeatline": {"%d dari %d pesanan dibayar (%s) datang dari pelanggan yang sudah pernah membayar pesanan sebelumnya; %d pesanan adalah pembelian pertama pembeli baru.", "%d of %d paid orders (%s) came from customers who had paid for an order before; %d were a new buyer's first order."},
	"reports.repeaters":  {"pelanggan lama (membeli lagi)", "returning customers"},
	"reports.once":       {"pembeli baru", "new buyers"},
	"reports.csv":        {"Unduh CSV", "Download CSV"},
	"reports.nodata":     {"Belum ada data di rentang ini.", "No data in this range."},
	"reports.orders":     {"%d pesanan", "%d orders"},
	"reports.qty":        {"%d terjual", "%d sold"},
	"reports.commission": {"komisi %s", "commission %s"},
	"reports.chartof":    {"Grafik %s, %s", "Chart of %s, %s"},
	"reports.week":       {"mg %s", "wk %s"},

	"reports.bad.date":   {"Tanggal “%s” tidak bisa dibaca: tulis TTTT-BB-HH, mis. 2026-11-01. Ditampilkan 30 hari terakhir.", "The date “%s” cannot be read: write YYYY-MM-DD, e.g. 2026-11-01. Showing the last 30 days."},
	"reports.bad.both":   {"Isi tanggal “dari” dan “sampai”. Ditampilkan 30 hari terakhir.", "Fill in both the “from” and “to” dates. Showing the last 30 days."},
	"reports.bad.order":  {"Tanggal “dari” (%s) setelah tanggal “sampai” (%s). Ditampilkan 30 hari terakhir.", "The “from” date (%s) is after the “to” date (%s). Showing the last 30 days."},
	"reports.bad.long":   {"Rentang paling panjang %d hari; yang dipilih %d hari. Ditampilkan 30 hari terakhir.", "A range is at most %d days; this one is %d days. Showing the last 30 days."},
	"reports.bad.future": {"Tanggal “sampai” (%s) belum terjadi; paling jauh hari ini (%s). Ditampilkan 30 hari terakhir.", "The “to” date (%s) is in the future; today (%s) is the latest. Showing the last 30 days."},
	"reports.bad.range":  {"Rentang itu tidak dikenal. Ditampilkan 30 hari terakhir.", "Unknown range. Showing the last 30 days."},

	"reports.col.period":        {"periode", "period"},
	"reports.col.start":         {"mulai", "start"},
	"reports.col.orders":        {"pesanan", "orders"},
	"reports.col.revenue":       {"pendapatan", "revenue"},
	"reports.col.status":        {"status", "status"},
	"reports.col.total":         {"total", "total"},
	"reports.col.method":        {"cara_bayar", "payment_method"},
	"reports.col.share":         {"persen_pesanan", "order_share_percent"},
	"reports.col.product":       {"produk", "product"},
	"reports.col.qty":           {"terjual", "qty"},
	"reports.col.code":          {"kode", "code"},
	"reports.col.name":          {"nama", "name"},
	"reports.col.sales":         {"penjualan", "sales"},
	"reports.col.commission":    {"komisi", "commission"},
	"reports.col.paid":          {"pesanan_dibayar", "paid_orders"},
	"reports.col.repeatorders":  {"pesanan_pelanggan_lama", "repeat_orders"},
	"reports.col.rate":          {"persen_pelanggan_lama", "repeat_percent"},
	"reports.col.repeatrevenue": {"pendapatan_pelanggan_lama", "repeat_revenue"},
	"reports.col.newbuyers":     {"pembeli_baru", "new_buyers"},
}

// reportRoutes mounts the reports pages.
func (d *Dashboard) reportRoutes() {
	d.get("reports", false, d.reportsPage)
	d.get("reports/{file}", false, d.reportCSV)
}

// reportRange is a range of shop days [From, To) and how the sales chart
// groups them.
type reportRange struct {
	Key      string // 7d, 30d, 90d, 12m, custom
	From, To time.Time
	By       string // day, week, month
	// FromText and ToText fill the custom form again.
	FromText, ToText string
}

// query is the range as a URL query.
func (r reportRange) query() url.Values {
	v := url.Values{"range": {r.Key}, "by": {r.By}}
	if r.Key == "custom" {
		v.Set("from", r.FromText)
		v.Set("to", r.ToText)
	}
	return v
}

// readRange reads the range from a request; problem is why it fell back
// to the last 30 days ("" when it did not).
func (c *call) readRange(r *http.Request) (reportRange, string) {
	q := r.URL.Query()
	loc := c.d.opt.Settings.Location
	now := c.d.now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	tomorrow := today.AddDate(0, 0, 1)
	last := func(days int) reportRange {
		return reportRange{From: today.AddDate(0, 0, 1-days), To: tomorrow}
	}
	var rr reportRange
	problem := ""
	key := q.Get("range")
	switch key {
	case "7d":
		rr = last(7)
	case "", "30d":
		key, rr = "30d", last(30)
	case "90d":
		rr = last(90)
	case "12m":
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
		rr = reportRange{From: first.AddDate(0, -11, 0), To: tomorrow}
	case "custom":
		rr, problem = c.customRange(q.Get("from"), q.Get("to"), today)
		if problem != "" {
			key, rr = "30d", last(30)
		}
	default:
		key, rr, problem = "30d", last(30), c.t("reports.bad.range")
	}
	rr.Key = key
	if rr.FromText == "" {
		rr.FromText, rr.ToText = rr.From.Format("2006-01-02"), rr.To.AddDate(0, 0, -1).Format("2006-01-02")
	}
	days := int(rr.To.Sub(rr.From).Hours()/24 + 0.5)
	switch by := q.Get("by"); by {
	case "day", "week", "month":
		rr.By = by
	default:
		rr.By = "day"
		if days > 120 {
			rr.By = "month"
		} else if days > 45 {
			rr.By = "week"
		}
	}
	return rr, problem
}

func (c *call) customRange(fromS, toS string, today time.Time) (reportRange, string) {
	loc := c.d.opt.Settings.Location
	fromS, toS = strings.TrimSpace(fromS), strings.TrimSpace(toS)
	if fromS == "" || toS == "" {
		return reportRange{}, c.t("reports.bad.both")
	}
	parse := func(s string) (time.Time, bool) {
		if len(s) > 10 {
			return time.Time{}, false
		}
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		return t, err == nil
	}
	from, ok := parse(fromS)
	if !ok {
		return reportRange{}, c.t("reports.bad.date", clipRunes(fromS, 20))
	}
	to, ok := parse(toS)
	if !ok {
		return reportRange{}, c.t("reports.bad.date", clipRunes(toS, 20))
	}
	if from.After(to) {
		return reportRange{}, c.t("reports.bad.order", fromS, toS)
	}
	if to.After(today) {
		return reportRange{}, c.t("reports.bad.future", toS, today.Format("2006-01-02"))
	}
	end := to.AddDate(0, 0, 1)
	if days := int(end.Sub(from).Hours()/24 + 0.5); days > maxReportDays {
		return reportRange{}, c.t("reports.bad.long", maxReportDays, days)
	}
	return reportRange{From: from, To: end, FromText: fromS, ToText: toS}, ""
}

// bucket is one bar of the sales chart.
type bucket struct {
	Start   time.Time
	Label   string
	Orders  int
	Revenue lapak.Money
}

// buckets groups the report's days by day, week (from Monday) or month.
func (c *call) buckets(rep lapak.Report, by string) []bucket {
	var out []bucket
	for _, d := range rep.Days {
		start := d.Day
		switch by {
		case "week":
			start = d.Day.AddDate(0, 0, -((int(d.Day.Weekday()) + 6) % 7))
		case "month":
			start = time.Date(d.Day.Year(), d.Day.Month(), 1, 0, 0, 0, 0, d.Day.Location())
		}
		if n := len(out); n == 0 || !out[n-1].Start.Equal(start) {
			label := start.Format("02/01")
			switch by {
			case "week":
				label = c.t("reports.week", start.Format("02/01"))
			case "month":
				label = start.Format("01/2006")
			}
			out = append(out, bucket{Start: start, Label: label})
		}
		b := &out[len(out)-1]
		b.Orders += d.Orders
		b.Revenue += d.Revenue
	}
	return out
}

// ---- charts ----

// Charts are drawn in a 360-wide viewBox scaled to the page's width
// (width 100%, at most 40rem): a phone of 360 px shows them at size.
const chartW = 360

// vbar is one bar of a column chart.
type vbar struct {
	X, Y, W, H float64
	LabelX     float64
	Label      string // under the bar ("" for none: too many bars)
	Title      string // the bar's accessible title
}

// columns is the sales chart.
type columns struct {
	Title, Desc  string
	Height       int
	Bars         []vbar
	Max          string // the axis's top
	BaseY, TextY float64
	Empty        bool
}

func (c *call) salesChart(bs []bucket) columns {
	const h, top, bottom, left = 200.0, 16.0, 24.0, 2.0
	ch := columns{Title: c.t("reports.sales"), Height: int(h), BaseY: h - bottom, TextY: h - 10}
	var max lapak.Money
	for _, b := range bs {
		if b.Revenue > max {
			max = b.Revenue
		}
	}
	ch.Empty = max == 0
	ch.Max = c.d.opt.Settings.Price.Format(max)
	n := len(bs)
	if n == 0 {
		return ch
	}
	slot := (chartW - left) / float64(n)
	every := 1 + n/7 // at most about seven labels
	for i, b := range bs {
		bh := 0.0
		if max > 0 {
			bh = float64(b.Revenue) / float64(max) * (h - top - bottom)
		}
		x := left + float64(i)*slot
		bar := vbar{X: round1(x + slot*0.1), W: round1(slot * 0.8), H: round1(bh), Y: round1(h - bottom - bh), LabelX: round1(x + slot/2),
			Title: b.Label + ": " + c.d.opt.Settings.Price.Format(b.Revenue) + ", " + c.t("reports.orders", b.Orders)}
		if i%every == 0 {
			bar.Label = b.Label
		}
		ch.Bars = append(ch.Bars, bar)
	}
	return ch
}

// hrow is one bar of a bar chart.
type hrow struct {
	Label, Value string
	Y, TextY, W  float64
	ValueY       float64
	Title        string
}

// hbars is a horizontal bar chart: a label and a value over each bar.
type hbars struct {
	ID, Title string
	Height    int
	Rows      []hrow
	CSV       string
	Empty     bool
}

func hchart(id, title, csvLink string, labels, values []string, sizes []int64) hbars {
	const rowH = 50.0
	ch := hbars{ID: id, Title: title, CSV: csvLink, Height: int(rowH*float64(len(labels))) + 4}
	var max int64
	for _, s := range sizes {
		if s > max {
			max = s
		}
	}
	ch.Empty = max == 0
	for i := range labels {
		w := 0.0
		if max > 0 {
			w = float64(sizes[i]) / float64(max) * chartW
		}
		y := float64(i) * rowH
		ch.Rows = append(ch.Rows, hrow{Label: labels[i], Value: values[i], TextY: y + 14, Y: y + 20, ValueY: y + 45, W: round1(max1(w, 2)),
			Title: labels[i] + ": " + values[i]})
	}
	return ch
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

func max1(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

func percent(n, of int) string {
	if of == 0 {
		return "0%"
	}
	return strconv.FormatFloat(float64(n)*100/float64(of), 'f', 1, 64) + "%"
}

// ---- the page ----

type reportsData struct {
	Range          reportRange
	Problem        string
	Ranges         []choice
	Bys            []choice
	Period         string
	Counted        string
	SalesLine      string
	Sales          columns
	SalesCSV       string
	Charts         []hbars
	Repeat         hbars
	RepeatLine     string
	Custom         bool
	Orders         int
	Revenue        lapak.Money
	RepeatRateText string
}

func (d *Dashboard) reportsPage(w http.ResponseWriter, r *http.Request, c *call) error {
	rr, problem := c.readRange(r)
	rep, err := d.opt.Store.Report(r.Context(), d.opt.Settings.Location, rr.From, rr.To, reportTop)
	if err != nil {
		return err
	}
	qs := "?" + rr.query().Encode()
	csvLink := func(name string) string { return Prefix + "reports/" + name + ".csv" + qs }
	price := d.opt.Settings.Price.Format
	data := reportsData{Range: rr, Problem: problem, Custom: rr.Key == "custom",
		Period:  c.t("reports.period", rr.From.Format("02/01/2006"), rr.To.AddDate(0, 0, -1).Format("02/01/2006")),
		Counted: c.t("reports.counted", d.opt.Settings.Location.String()), SalesCSV: csvLink("sales")}
	for _, k := range []string{"7d", "30d", "90d", "12m"} {
		data.Ranges = append(data.Ranges, choice{Value: k, Label: c.t("reports.r" + strings.TrimSuffix(k, "d")), On: rr.Key == k})
	}
	for _, k := range []string{"day", "week", "month"} {
		data.Bys = append(data.Bys, choice{Value: k, Label: c.t("reports.by" + k), On: rr.By == k})
	}
	data.Orders, data.Revenue = rep.Totals()
	data.SalesLine = c.t("reports.salesline", data.Orders, price(data.Revenue))
	data.Sales = c.salesChart(c.buckets(rep, rr.By))

	var labels, values []string
	var sizes []int64
	reset := func() { labels, values, sizes = nil, nil, nil }
	statusTotal := 0
	for _, s := range rep.Status {
		statusTotal += s.Orders
	}
	for _, s := range rep.Status {
		labels = append(labels, text.Status(c.lang, lapak.OrderStatus(s.Label)))
		values = append(values, c.t("reports.orders", s.Orders)+" · "+price(s.Amount))
		sizes = append(sizes, int64(s.Orders))
	}
	data.Charts = append(data.Charts, hchart("report-status", c.t("reports.status"), csvLink("status"), labels, values, sizes))
	reset()
	payTotal := 0
	for _, p := range rep.Payments {
		payTotal += p.Orders
	}
	for _, p := range rep.Payments {
		labels = append(labels, c.payLabel(lapak.PaymentMethod(p.Label)))
		values = append(values, percent(p.Orders, payTotal)+" · "+c.t("reports.orders", p.Orders)+" · "+price(p.Amount))
		sizes = append(sizes, int64(p.Orders))
	}
	data.Charts = append(data.Charts, hchart("report-payments", c.t("reports.payments"), csvLink("payments"), labels, values, sizes))
	reset()
	for _, p := range rep.Products {
		labels = append(labels, clipRunes(p.Name, 60))
		values = append(values, price(p.Revenue)+" · "+c.t("reports.qty", p.Qty))
		sizes = append(sizes, int64(p.Revenue))
	}
	data.Charts = append(data.Charts, hchart("report-products", c.t("reports.products"), csvLink("products"), labels, values, sizes))
	reset()
	for _, s := range rep.Resellers {
		name := s.Code
		if s.Name != "" {
			name = s.Name + " (" + s.Code + ")"
		}
		labels = append(labels, clipRunes(name, 60))
		values = append(values, price(s.Sales)+" · "+c.t("reports.orders", s.Orders)+" · "+c.t("reports.commission", price(s.Commission)))
		sizes = append(sizes, int64(s.Sales))
	}
	data.Charts = append(data.Charts, hchart("report-resellers", c.t("reports.resellers"), csvLink("resellers"), labels, values, sizes))
	paid := rep.FirstOrders + rep.RepeatOrders
	data.Repeat = hchart("report-repeat", c.t("reports.repeat"), csvLink("repeat"),
		[]string{c.t("reports.repeaters"), c.t("reports.once")},
		[]string{fmt.Sprintf("%s · %s · %s", c.t("reports.orders", rep.RepeatOrders), percent(rep.RepeatOrders, paid), price(rep.RepeatRevenue)),
			fmt.Sprintf("%s · %s", c.t("reports.orders", rep.FirstOrders), percent(rep.FirstOrders, paid))},
		[]int64{int64(rep.RepeatOrders), int64(rep.FirstOrders)})
	data.RepeatLine = c.t("reports.repeatline", rep.RepeatOrders, paid, percent(rep.RepeatOrders, paid), rep.FirstOrders)
	return c.render(w, r, "reports", data)
}

// ---- the CSVs ----

// reportCSV serves one chart's figures as CSV: sales, status, payments,
// products, resellers or repeat, over the page's range.
func (d *Dashboard) reportCSV(w http.ResponseWriter, r *http.Request, c *call) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	if !ok {
		return lapak.ErrNotFound
	}
	switch name {
	case "sales", "status", "payments", "products", "resellers", "repeat":
	default:
		return lapak.ErrNotFound
	}
	rr, _ := c.readRange(r)
	rep, err := d.opt.Store.Report(r.Context(), d.opt.Settings.Location, rr.From, rr.To, 0)
	if err != nil {
		return err
	}
	var rows [][]string
	col := func(keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = c.t("reports.col." + k)
		}
		return out
	}
	itoa := strconv.Itoa
	money := func(m lapak.Money) string { return strconv.FormatInt(int64(m), 10) }
	switch name {
	case "sales":
		rows = append(rows, col("period", "start", "orders", "revenue"))
		for _, b := range c.buckets(rep, rr.By) {
			rows = append(rows, []string{b.Label, b.Start.Format("2006-01-02"), itoa(b.Orders), money(b.Revenue)})
		}
	case "status":
		rows = append(rows, col("status", "orders", "total"))
		for _, s := range rep.Status {
			rows = append(rows, []string{s.Label, itoa(s.Orders), money(s.Amount)})
		}
	case "payments":
		rows = append(rows, col("method", "orders", "total", "share"))
		n := 0
		for _, p := range rep.Payments {
			n += p.Orders
		}
		for _, p := range rep.Payments {
			rows = append(rows, []string{p.Label, itoa(p.Orders), money(p.Amount), strings.TrimSuffix(percent(p.Orders, n), "%")})
		}
	case "products":
		rows = append(rows, col("product", "qty", "orders", "revenue"))
		for _, p := range rep.Products {
			rows = append(rows, []string{p.Name, itoa(p.Qty), itoa(p.Orders), money(p.Revenue)})
		}
	case "resellers":
		rows = append(rows, col("code", "name", "orders", "sales", "commission"))
		for _, s := range rep.Resellers {
			rows = append(rows, []string{s.Code, s.Name, itoa(s.Orders), money(s.Sales), money(s.Commission)})
		}
	case "repeat":
		paid := rep.FirstOrders + rep.RepeatOrders
		rows = append(rows, col("paid", "repeatorders", "rate", "repeatrevenue", "newbuyers"))
		rows = append(rows, []string{itoa(paid), itoa(rep.RepeatOrders), strings.TrimSuffix(percent(rep.RepeatOrders, paid), "%"),
			money(rep.RepeatRevenue), itoa(rep.FirstOrders)})
	}
	file := fmt.Sprintf("laporan-%s-%s-%s.csv", name, rr.From.Format("20060102"), rr.To.AddDate(0, 0, -1).Format("20060102"))
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+file+`"`)
	h.Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	for _, row := range rows {
		for i := range row {
			row[i] = csvSafe(row[i]) // product and reseller names come from sellers and imports
		}
		if err := cw.Write(row); err != nil {
			return nil // the download has begun: the browser gets a cut file
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		d.log.Warn("dashboard: writing a report CSV", "err", err)
	}
	return nil
}

package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// The orders pages: the list (filters, search, keyset paging, export), an
// order's page with its breakdown, proofs and timeline, and the actions on
// it, each one of the shop's operations. Every action form carries the
// status the seller saw ("seen"); when the order moved on meanwhile (another
// admin, a gateway, the expiry job) the action is refused inside the same
// transaction and the seller is told who changed it and when.

// orderStore is what the orders pages read (storage.Store).
type orderStore interface {
	// DashboardOrders is a page of the orders f selects, newest first,
	// before or after a cursor (see storage).
	DashboardOrders(ctx context.Context, f lapak.OrderFilter, before, after lapak.OrderCursor) (lapak.OrderPage, error)
	// DashboardOrdersEach walks up to limit orders f selects, newest first (the export).
	DashboardOrdersEach(ctx context.Context, f lapak.OrderFilter, limit int, fn func(lapak.Order, lapak.Customer) error) error
	// DashboardOrder is an order with its customer, history, proofs and audit entries.
	DashboardOrder(ctx context.Context, number string) (lapak.OrderFile, error)
	// LastOrderAudit is who changed an order last (lapak.ErrNotFound: nobody).
	LastOrderAudit(ctx context.Context, number string) (lapak.AuditEntry, error)
	// DashboardImage reports whether ref is a proof's or a product's picture.
	DashboardImage(ctx context.Context, ref string) (bool, error)
	OrderByNumber(ctx context.Context, number string) (lapak.Order, error)
}

// maxExport caps an export of the orders list.
const maxExport = 100_000

var orderWords = words{
	"orders.title":        {"Pesanan", "Orders"},
	"orders.filter":       {"Saring", "Filter"},
	"orders.q":            {"Cari nomor, nama atau telepon", "Search number, name or phone"},
	"orders.status":       {"Status", "Status"},
	"orders.from":         {"Dari tanggal", "From"},
	"orders.to":           {"Sampai tanggal", "To"},
	"orders.payment":      {"Pembayaran", "Payment"},
	"orders.channel":      {"Kanal", "Channel"},
	"orders.reseller":     {"Kode reseller", "Reseller code"},
	"orders.reset":        {"Hapus saringan", "Clear filters"},
	"orders.number":       {"Nomor", "Number"},
	"orders.date":         {"Tanggal", "Date"},
	"orders.customer":     {"Pelanggan", "Customer"},
	"orders.total":        {"Total", "Total"},
	"orders.none":         {"Tidak ada pesanan yang cocok.", "No orders match."},
	"orders.older":        {"Lebih lama →", "Older →"},
	"orders.newer":        {"← Lebih baru", "← Newer"},
	"orders.newest":       {"Terbaru", "Newest"},
	"orders.export.csv":   {"Unduh CSV", "Download CSV"},
	"orders.export.xlsx":  {"Unduh Excel", "Download Excel"},
	"orders.export.note":  {"Unduhan memuat pesanan sesuai saringan (paling banyak 100.000).", "The download has the filtered orders (at most 100,000)."},
	"orders.proof":        {"ada bukti bayar", "proof received"},
	"orders.bad.status":   {"Status itu tidak dikenal; saringan status diabaikan.", "Unknown status; the status filter is ignored."},
	"orders.bad.date":     {"Tanggal harus ditulis TTTT-BB-HH (mis. 2026-12-03); saringan tanggal diabaikan.", "Dates are written YYYY-MM-DD (e.g. 2026-12-03); the date filter is ignored."},
	"orders.bad.payment":  {"Cara bayar itu tidak dikenal; saringan pembayaran diabaikan.", "Unknown payment method; the payment filter is ignored."},
	"orders.bad.channel":  {"Kanal itu tidak dikenal; saringan kanal diabaikan.", "Unknown channel; the channel filter is ignored."},
	"orders.bad.long":     {"Pencarian terlalu panjang; hanya 100 huruf pertama yang dipakai.", "The search is too long; only its first 100 characters are used."},
	"orders.bad.cursor":   {"Tautan halaman tidak valid; ini halaman terbaru.", "The page link is not valid; this is the newest page."},
	"orders.pay.transfer": {"Transfer bank", "Bank transfer"},
	"orders.pay.cod":      {"COD", "COD"},
	"orders.pay.qris":     {"QRIS", "QRIS"},
	"orders.pay.gateway":  {"Bayar online", "Online payment"},
	"orders.ch.telegram":  {"Telegram", "Telegram"},
	"orders.ch.whatsapp":  {"WhatsApp", "WhatsApp"},
	"orders.ch.console":   {"Konsol", "Console"},

	"order.title":         {"Pesanan %s", "Order %s"},
	"order.items":         {"Barang", "Items"},
	"order.qty":           {"Jml", "Qty"},
	"order.price":         {"Harga", "Price"},
	"order.subtotal":      {"Subtotal", "Subtotal"},
	"order.discount":      {"Diskon", "Discount"},
	"order.voucher":       {"voucher %s", "voucher %s"},
	"order.shipping":      {"Ongkir", "Shipping"},
	"order.unique":        {"Kode unik", "Unique code"},
	"order.total":         {"Total", "Total"},
	"order.customer":      {"Pelanggan", "Customer"},
	"order.chat":          {"Buka chat", "Open the chat"},
	"order.delivery":      {"Pengiriman", "Delivery"},
	"order.courier":       {"Dikirim kurir", "By courier"},
	"order.pickup":        {"Ambil sendiri", "Pickup"},
	"order.zone":          {"Zona", "Zone"},
	"order.recipient":     {"Penerima", "Recipient"},
	"order.address":       {"Alamat", "Address"},
	"order.note":          {"Catatan", "Note"},
	"order.dropship":      {"Dropship: dikirim atas nama reseller ke pembelinya.", "Dropship: sent in the reseller's name to their buyer."},
	"order.reseller":      {"Reseller", "Reseller"},
	"order.resi":          {"Kurir dan resi", "Courier and tracking number"},
	"order.noresi":        {"Belum ada resi.", "No tracking number yet."},
	"order.proofs":        {"Bukti bayar", "Payment proofs"},
	"order.noproofs":      {"Belum ada bukti bayar.", "No payment proof yet."},
	"order.proofat":       {"diterima %s lewat %s", "received %s via %s"},
	"order.timeline":      {"Riwayat", "Timeline"},
	"order.created":       {"Pesanan dibuat", "Order placed"},
	"order.by":            {"oleh %s", "by %s"},
	"order.actions":       {"Tindakan", "Actions"},
	"order.noactions":     {"Tidak ada tindakan untuk pesanan berstatus ini.", "No actions for an order in this status."},
	"order.slip":          {"Cetak label kirim", "Print the packing slip"},
	"order.expires":       {"Batas bayar", "Pay by"},
	"order.paymentlink":   {"Tautan bayar", "Payment link"},
	"order.do.paid":       {"Tandai lunas", "Mark paid"},
	"order.do.reject":     {"Tolak bukti bayar", "Reject the payment proof"},
	"order.do.process":    {"Proses pesanan", "Start processing"},
	"order.do.ship":       {"Kirim", "Ship"},
	"order.do.resi":       {"Ganti resi", "Correct the tracking number"},
	"order.do.complete":   {"Tandai selesai", "Mark completed"},
	"order.do.cancel":     {"Batalkan pesanan", "Cancel the order"},
	"order.do.refund":     {"Refund", "Refund"},
	"order.reason":        {"Alasan (dibaca pelanggan)", "Reason (the customer reads it)"},
	"order.courier.name":  {"Kurir (mis. JNE)", "Courier (e.g. JNE)"},
	"order.tracking":      {"Nomor resi", "Tracking number"},
	"order.confirm":       {"Yakin?", "Are you sure?"},
	"order.cancel.refund": {"Pesanan ini sudah dibayar: setelah dibatalkan, uangnya harus dikembalikan ke pelanggan.", "This order was paid: once cancelled, its money must go back to the customer."},

	"order.done.paid":     {"Pesanan %s ditandai lunas. Pelanggan sudah diberi tahu.", "Order %s is marked paid. The customer was told."},
	"order.done.reject":   {"Bukti bayar pesanan %s ditolak (%s). Pelanggan sudah diberi tahu.", "The payment proof of order %s was rejected (%s). The customer was told."},
	"order.done.process":  {"Pesanan %s sedang diproses. Pelanggan sudah diberi tahu.", "Order %s is being processed. The customer was told."},
	"order.done.ship":     {"Pesanan %s dikirim dengan %s, resi %s. Pelanggan sudah diberi tahu.", "Order %s was shipped by %s, tracking number %s. The customer was told."},
	"order.done.resi":     {"Resi pesanan %s diganti menjadi %s %s. Pelanggan sudah diberi tahu.", "The tracking number of order %s is now %s %s. The customer was told."},
	"order.done.complete": {"Pesanan %s selesai. Pelanggan sudah diberi tahu.", "Order %s is completed. The customer was told."},
	"order.done.cancel":   {"Pesanan %s dibatalkan. Pelanggan sudah diberi tahu.", "Order %s was cancelled. The customer was told."},
	"order.done.refund":   {"Pesanan %s di-refund (%s). Pelanggan sudah diberi tahu; jangan lupa kirim uangnya ke %s.", "Order %s was refunded (%s). The customer was told; remember to send the money to %s."},

	"order.err.stale":     {"Pesanan %s sudah diubah menjadi “%s” oleh %s pada %s. Tidak ada yang diubah; periksa lagi lalu pilih tindakannya.", "Order %s was already changed to “%s” by %s at %s. Nothing was changed; check it again, then choose."},
	"order.err.staleanon": {"Pesanan %s sudah berubah menjadi “%s”. Tidak ada yang diubah; periksa lagi lalu pilih tindakannya.", "Order %s has already become “%s”. Nothing was changed; check it again, then choose."},
	"order.err.already":   {"Pesanan %s sudah %s.", "Order %s already is %s."},
	"order.err.illegal":   {"Pesanan %s berstatus %s dan tidak bisa menjadi %s.", "Order %s is %s and cannot become %s."},
	"order.err.status":    {"Pesanan %s berstatus %s; tindakan ini hanya untuk pesanan %s.", "Order %s is %s; this is only for orders that are %s."},
	"order.err.shipment":  {"Kurir dan resi belum benar: tulis nama kurir (mis. JNE) dan nomor resi, hanya huruf, angka, - . &.", "The courier or tracking number is not right: write the courier (e.g. JNE) and the number, letters, digits and - . & only."},
	"order.err.reason":    {"Tulis alasannya untuk pelanggan.", "Write the reason for the customer."},
	"order.err.long":      {"Alasannya terlalu panjang (paling banyak 300 huruf).", "The reason is too long (at most 300 characters)."},
	"order.err.action":    {"Tindakan itu tidak dikenal.", "Unknown action."},
}

// orderRoutes mounts the orders pages.
func (d *Dashboard) orderRoutes() {
	d.get("orders", false, d.ordersPage)
	d.get("orders/export.csv", false, d.ordersExport(catalog.CSV))
	d.get("orders/export.xlsx", false, d.ordersExport(catalog.XLSX))
	d.get("orders/{number}", false, d.orderPage)
	d.get("orders/{number}/slip.png", false, d.orderSlip)
	d.post("orders/{number}/{action}", false, d.orderAction)
	d.get("media", false, d.media)
}

var (
	orderStatuses = []lapak.OrderStatus{lapak.StatusPendingPayment, lapak.StatusPaid, lapak.StatusProcessing,
		lapak.StatusShipped, lapak.StatusCompleted, lapak.StatusCancelled, lapak.StatusExpired, lapak.StatusRefunded}
	payMethods = []lapak.PaymentMethod{lapak.PayTransfer, lapak.PayQRIS, lapak.PayCOD, lapak.PayGateway}
	channels   = []lapak.Channel{lapak.ChannelTelegram, lapak.ChannelWhatsApp, lapak.ChannelConsole}
)

// choice is an option of a select.
type choice struct {
	Value, Label string
	On           bool
}

// filterForm is the list's filters as typed, to fill the form again.
type filterForm struct {
	Q, Status, From, To, Payment, Channel, Reseller string
}

// query is the filters as a URL query ("" for none).
func (f filterForm) query() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "status": f.Status, "from": f.From, "to": f.To,
		"payment": f.Payment, "channel": f.Channel, "reseller": f.Reseller} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// readFilter reads the list's filters from a request's query; problems are
// what it ignored, in the person's language.
func (c *call) readFilter(r *http.Request) (lapak.OrderFilter, filterForm, []string) {
	q := r.URL.Query()
	get := func(k string, n int) string {
		s := strings.TrimSpace(q.Get(k))
		if utf8.RuneCountInString(s) > n {
			s = string([]rune(s)[:n])
		}
		return s
	}
	var f lapak.OrderFilter
	var form filterForm
	var problems []string
	if raw := strings.TrimSpace(q.Get("q")); utf8.RuneCountInString(raw) > 100 {
		problems = append(problems, c.t("orders.bad.long"))
	}
	form.Q = get("q", 100)
	f.Query = form.Q
	if s := get("status", 30); s != "" {
		if slices.Contains(orderStatuses, lapak.OrderStatus(s)) {
			f.Status, form.Status = lapak.OrderStatus(s), s
		} else {
			problems = append(problems, c.t("orders.bad.status"))
		}
	}
	loc := c.d.opt.Settings.Location
	badDate := false
	if s := get("from", 10); s != "" {
		if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
			f.From, form.From = t, s
		} else {
			badDate = true
		}
	}
	if s := get("to", 10); s != "" {
		if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
			f.To, form.To = t.AddDate(0, 0, 1), s // the whole day
		} else {
			badDate = true
		}
	}
	if badDate {
		problems = append(problems, c.t("orders.bad.date"))
	}
	if s := get("payment", 20); s != "" {
		if slices.Contains(payMethods, lapak.PaymentMethod(s)) {
			f.Payment, form.Payment = lapak.PaymentMethod(s), s
		} else {
			problems = append(problems, c.t("orders.bad.payment"))
		}
	}
	if s := get("channel", 20); s != "" {
		if slices.Contains(channels, lapak.Channel(s)) {
			f.Channel, form.Channel = lapak.Channel(s), s
		} else {
			problems = append(problems, c.t("orders.bad.channel"))
		}
	}
	form.Reseller = get("reseller", 40)
	f.Reseller = form.Reseller
	return f, form, problems
}

// cursor codes: "MICROS_ID".
func cursorString(k lapak.OrderCursor) string {
	return strconv.FormatInt(k.At.UnixMicro(), 10) + "_" + strconv.FormatInt(k.ID, 10)
}

func parseCursor(s string) (lapak.OrderCursor, bool) {
	if s == "" {
		return lapak.OrderCursor{}, true
	}
	a, b, ok := strings.Cut(s, "_")
	if !ok || len(s) > 40 {
		return lapak.OrderCursor{}, false
	}
	us, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return lapak.OrderCursor{}, false
	}
	return lapak.OrderCursor{At: time.UnixMicro(us).UTC(), ID: id}, true
}

// orderRow is one line of the list as shown.
type orderRow struct {
	lapak.OrderLine
	Name, Pay, Channel, Badge string
}

func (c *call) orderRow(l lapak.OrderLine) orderRow {
	name := l.CustomerName
	if name == "" {
		name = l.Recipient
	}
	return orderRow{OrderLine: l, Name: name, Pay: c.payLabel(l.PaymentMethod), Channel: c.channelLabel(l.Channel), Badge: badge(l.Status)}
}

func (c *call) payLabel(m lapak.PaymentMethod) string {
	if slices.Contains(payMethods, m) {
		return c.t("orders.pay." + string(m))
	}
	return string(m)
}

func (c *call) channelLabel(ch lapak.Channel) string {
	if slices.Contains(channels, ch) {
		return c.t("orders.ch." + string(ch))
	}
	return string(ch)
}

// badge is the class of a status's badge.
func badge(s lapak.OrderStatus) string {
	switch s {
	case lapak.StatusPendingPayment, lapak.StatusPaid, lapak.StatusProcessing:
		return "warn"
	case lapak.StatusCancelled, lapak.StatusExpired, lapak.StatusRefunded:
		return "bad"
	}
	return ""
}

type ordersData struct {
	Form            filterForm
	Problems        []string
	Rows            []orderRow
	Older, Newer    string // links
	Newest          string
	CSV, XLSX       string
	Statuses        []choice
	Payments        []choice
	Channels        []choice
	Filtered, Paged bool
	MoreFilters     bool // a filter besides the search is on: the filters show open
	// Live is where the first page redraws its results from after a chat
	// moves (a new order), from the chat log entry after LastChat.
	Live     string
	LastChat int64
}

func (d *Dashboard) ordersPage(w http.ResponseWriter, r *http.Request, c *call) error {
	f, form, problems := c.readFilter(r)
	before, ok1 := parseCursor(r.URL.Query().Get("before"))
	after, ok2 := parseCursor(r.URL.Query().Get("after"))
	if !ok1 || !ok2 {
		before, after = lapak.OrderCursor{}, lapak.OrderCursor{}
		problems = append(problems, c.t("orders.bad.cursor"))
	}
	page, err := d.opt.Store.DashboardOrders(r.Context(), f, before, after)
	if err != nil {
		return err
	}
	data := ordersData{Form: form, Problems: problems, Filtered: len(form.query()) > 0, Paged: !before.Zero() || !after.Zero()}
	data.MoreFilters = len(form.query()) > 0 && form.Q == "" || len(form.query()) > 1 || len(problems) > 0
	for _, l := range page.Lines {
		data.Rows = append(data.Rows, c.orderRow(l))
	}
	base := form.query()
	link := func(k string, cur lapak.OrderCursor) string {
		v := url.Values{}
		for kk, vv := range base {
			v[kk] = vv
		}
		if k != "" {
			v.Set(k, cursorString(cur))
		}
		if len(v) == 0 {
			return Prefix + "orders"
		}
		return Prefix + "orders?" + v.Encode()
	}
	if !page.Older.Zero() {
		data.Older = link("before", page.Older)
	}
	if !page.Newer.Zero() {
		data.Newer = link("after", page.Newer)
	}
	data.Newest = link("", lapak.OrderCursor{})
	qs := ""
	if len(base) > 0 {
		qs = "?" + base.Encode()
	}
	data.CSV, data.XLSX = Prefix+"orders/export.csv"+qs, Prefix+"orders/export.xlsx"+qs
	for _, s := range orderStatuses {
		data.Statuses = append(data.Statuses, choice{Value: string(s), Label: text.Status(c.lang, s), On: string(s) == form.Status})
	}
	for _, m := range payMethods {
		data.Payments = append(data.Payments, choice{Value: string(m), Label: c.payLabel(m), On: string(m) == form.Payment})
	}
	for _, ch := range channels {
		data.Channels = append(data.Channels, choice{Value: string(ch), Label: c.channelLabel(ch), On: string(ch) == form.Channel})
	}
	if !data.Paged {
		last, err := d.opt.Store.LastChatID(r.Context())
		if err != nil {
			return err
		}
		v := form.query()
		v.Set("fragment", "results")
		data.Live, data.LastChat = Prefix+"orders?"+v.Encode(), last
	}
	if r.URL.Query().Get("fragment") == "results" {
		return c.fragment(w, "orders", "orders-results", data)
	}
	return c.render(w, r, "orders", data)
}

// ordersExport streams the filtered list as f, at most maxExport orders,
// in the writer `lapak export --orders` uses.
func (d *Dashboard) ordersExport(f catalog.Format) handler {
	return func(w http.ResponseWriter, r *http.Request, c *call) error {
		filter, _, _ := c.readFilter(r)
		name, ctype := "pesanan-"+d.now().In(d.opt.Settings.Location).Format("20060102"), "text/csv; charset=utf-8"
		if f == catalog.XLSX {
			name, ctype = name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		} else {
			name += ".csv"
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		h.Set("Cache-Control", "no-store")
		ow, err := catalog.NewOrderWriter(w, f, d.opt.Settings.Location, c.lang)
		if err != nil {
			return err
		}
		if err := d.opt.Store.DashboardOrdersEach(r.Context(), filter, maxExport, ow.Write); err != nil {
			// The file has begun: the browser gets a cut file, the log the cause.
			d.log.Error("dashboard: exporting orders", "err", err)
			return nil
		}
		if err := ow.Close(); err != nil {
			d.log.Error("dashboard: exporting orders", "err", err)
		}
		return nil
	}
}

// ---- one order ----

type itemView struct {
	Title, SKU  string
	Qty         int
	Unit, Total lapak.Money
}

type timelineEntry struct {
	At   time.Time
	What string
	Who  string
}

type proofView struct {
	URL string
	At  time.Time
	Via string
}

type orderData struct {
	lapak.OrderFile
	Items          []itemView
	Badge          string
	Pay, Channel   string
	Customer       string
	Timeline       []timelineEntry
	Proofs         []proofView
	Can            map[string]bool
	None           bool
	Paid           bool // cancelling it means a refund
	RefundReminder string
	Slip           string
}

func (d *Dashboard) orderPage(w http.ResponseWriter, r *http.Request, c *call) error {
	number := strings.ToUpper(r.PathValue("number"))
	if len(number) > 40 {
		return lapak.ErrNotFound
	}
	file, err := d.opt.Store.DashboardOrder(r.Context(), number)
	if err != nil {
		return err
	}
	o := file.Order
	data := orderData{OrderFile: file, Badge: badge(o.Status), Pay: c.payLabel(o.PaymentMethod), Channel: c.channelLabel(file.Customer.Channel),
		Slip: Prefix + "orders/" + url.PathEscape(o.Number) + "/slip.png"}
	data.Customer = file.Customer.Name
	if data.Customer == "" {
		data.Customer = file.Customer.ChatName
	}
	for _, it := range o.Items {
		data.Items = append(data.Items, itemView{Title: it.Title(), SKU: it.SKU, Qty: it.Qty, Unit: it.UnitPrice, Total: it.Total()})
	}
	for _, p := range file.Proofs {
		data.Proofs = append(data.Proofs, proofView{URL: Prefix + "media?ref=" + url.QueryEscape(p.Image()), At: p.ReceivedAt, Via: c.channelLabel(p.Channel)})
	}
	data.Timeline = c.timeline(file)
	data.Can = actionsFor(o)
	data.None = len(data.Can) == 0
	data.Paid = o.Status == lapak.StatusPaid || o.Status == lapak.StatusProcessing && o.PaymentMethod != lapak.PayCOD
	return c.render(w, r, "order", data)
}

// actionsFor is what the order's status allows.
func actionsFor(o lapak.Order) map[string]bool {
	can := map[string]bool{}
	pending := o.Status == lapak.StatusPendingPayment
	if pending && o.PaymentMethod != lapak.PayCOD {
		can["paid"] = true
		can["reject"] = true
	}
	if o.CanTransition(lapak.StatusProcessing) {
		can["process"] = true
	}
	if o.Status == lapak.StatusPaid || o.Status == lapak.StatusProcessing {
		can["ship"] = true
	}
	if o.Status == lapak.StatusShipped {
		can["resi"] = true
	}
	if o.CanTransition(lapak.StatusCompleted) {
		can["complete"] = true
	}
	if o.CanTransition(lapak.StatusCancelled) {
		can["cancel"] = true
	}
	if o.CanTransition(lapak.StatusRefunded) {
		can["refund"] = true
	}
	return can
}

// timeline is the order's history with who made each change (the audit
// entry of the same transaction), and the audit entries that changed no
// status (a rejected proof, a corrected resi), oldest first.
func (c *call) timeline(f lapak.OrderFile) []timelineEntry {
	used := make([]bool, len(f.Audit))
	var out []timelineEntry
	for _, e := range f.History {
		te := timelineEntry{At: e.At}
		if e.From == "" {
			te.What = c.t("order.created")
		} else {
			te.What = text.Status(c.lang, e.From) + " → " + text.Status(c.lang, e.To)
		}
		for i, a := range f.Audit {
			if !used[i] && a.At.Equal(e.At) {
				used[i], te.Who = true, a.Actor.String()
				break
			}
		}
		out = append(out, te)
	}
	if len(f.History) == 0 || f.History[0].From != "" {
		out = append([]timelineEntry{{At: f.Order.CreatedAt, What: c.t("order.created")}}, out...)
	}
	for i, a := range f.Audit {
		if used[i] {
			continue
		}
		what := a.Command
		if a.After != "" {
			what += ": " + a.After
		}
		out = append(out, timelineEntry{At: a.At, What: what, Who: a.Actor.String()})
	}
	slices.SortStableFunc(out, func(a, b timelineEntry) int { return a.At.Compare(b.At) })
	return out
}

// staleError: the order is not in the status the seller saw.
type staleError struct {
	Number string
	Now    lapak.OrderStatus
}

func (e *staleError) Error() string {
	return "dashboard: order " + e.Number + " is now " + string(e.Now)
}

// orderAction runs one action on an order: the form's "seen" status must
// still be the order's, checked under the order's lock in the operation's
// own transaction.
func (d *Dashboard) orderAction(w http.ResponseWriter, r *http.Request, c *call) error {
	number, action := strings.ToUpper(r.PathValue("number")), r.PathValue("action")
	if len(number) > 40 {
		return lapak.ErrNotFound
	}
	back := "orders/" + url.PathEscape(number)
	seen := lapak.OrderStatus(r.PostFormValue("seen"))
	why := strings.Join(strings.Fields(r.PostFormValue("reason")), " ")
	ship := lapak.Shipment{Courier: r.PostFormValue("courier"), Tracking: r.PostFormValue("tracking")}
	switch action {
	case "paid", "process", "complete", "ship", "resi":
	case "reject", "cancel", "refund":
		if why == "" {
			return c.redirect(w, r, back, c.t("order.err.reason"))
		}
		if utf8.RuneCountInString(why) > shop.MaxReason {
			return c.redirect(w, r, back, c.t("order.err.long"))
		}
	default:
		return c.redirect(w, r, back, c.t("order.err.action"))
	}
	if action == "ship" || action == "resi" {
		s, err := lapak.ParseShipment(ship.Courier, ship.Tracking)
		if err != nil {
			return c.redirect(w, r, back, c.t("order.err.shipment"))
		}
		ship = s
	}
	ops := d.opt.Shop
	var ch shop.Change
	err := c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		o, err := tx.LockOrder(ctx, number)
		if err != nil {
			return err
		}
		if o.Status != seen {
			return &staleError{Number: o.Number, Now: o.Status}
		}
		switch action {
		case "paid":
			ch, err = ops.ConfirmPayment(ctx, tx, by, number)
		case "reject":
			ch, err = ops.RejectPayment(ctx, tx, by, number, why)
		case "process":
			ch, err = ops.StartProcessing(ctx, tx, by, number)
		case "ship":
			ch, err = ops.Ship(ctx, tx, by, number, ship)
		case "resi":
			ch, err = ops.CorrectResi(ctx, tx, by, number, ship)
		case "complete":
			ch, err = ops.Complete(ctx, tx, by, number)
		case "cancel":
			ch, err = ops.Cancel(ctx, tx, by, number, why)
		case "refund":
			ch, err = ops.Refund(ctx, tx, by, number, why)
		}
		return err
	})
	if err != nil {
		msg, ok := c.refused(r.Context(), number, err)
		if !ok {
			return err
		}
		return c.redirect(w, r, back, msg)
	}
	return c.redirect(w, r, back, c.done(action, ch))
}

// done says what an action did.
func (c *call) done(action string, ch shop.Change) string {
	o := ch.Order
	switch action {
	case "reject":
		return c.t("order.done.reject", o.Number, ch.Reason)
	case "ship", "resi":
		return c.t("order.done."+action, o.Number, ch.Shipment.Courier, ch.Shipment.Tracking)
	case "cancel":
		msg := c.t("order.done.cancel", o.Number)
		if ch.Refund {
			msg += " " + text.Get(c.lang, text.AdminRefundDue, o.Number, c.d.opt.Settings.Price.Format(o.Total), ch.Customer.Label())
		}
		return msg
	case "refund":
		return c.t("order.done.refund", o.Number, c.d.opt.Settings.Price.Format(o.Total), ch.Customer.Label())
	}
	return c.t("order.done."+action, o.Number)
}

// refused is the sentence for an action the order's state refused; ok is
// false for an error that is not the seller's to fix.
func (c *call) refused(ctx context.Context, number string, err error) (string, bool) {
	var stale *staleError
	var te *lapak.TransitionError
	var se *shop.StatusError
	st := func(s lapak.OrderStatus) string { return text.Status(c.lang, s) }
	switch {
	case errors.As(err, &stale):
		// Who changed it: the latest audit entry, when it is the one that
		// put the order where it is ("paid", "shipped JNE …", "cancelled: …").
		a, aerr := c.d.opt.Store.LastOrderAudit(ctx, stale.Number)
		if aerr != nil || !strings.HasPrefix(a.After, string(stale.Now)) {
			if aerr != nil && !errors.Is(aerr, lapak.ErrNotFound) {
				c.d.log.Warn("dashboard: reading who changed an order", "err", aerr)
			}
			return c.t("order.err.staleanon", stale.Number, st(stale.Now)), true
		}
		when := a.At.In(c.d.opt.Settings.Location).Format("02/01/2006 15.04.05")
		return c.t("order.err.stale", stale.Number, st(stale.Now), a.Actor.String(), when), true
	case errors.As(err, &te) && te.From == te.To:
		return c.t("order.err.already", number, st(te.From)), true
	case errors.As(err, &te):
		return c.t("order.err.illegal", number, st(te.From), st(te.To)), true
	case errors.As(err, &se):
		return c.t("order.err.status", number, st(se.Status), st(se.Want)), true
	case errors.Is(err, lapak.ErrInvalidShipment):
		return c.t("order.err.shipment"), true
	case errors.Is(err, shop.ErrInvalid):
		return c.t("order.err.reason"), true
	}
	return "", false
}

// orderSlip is the order's packing slip, drawn as the chat desk sends it.
func (d *Dashboard) orderSlip(w http.ResponseWriter, r *http.Request, c *call) error {
	number := strings.ToUpper(r.PathValue("number"))
	if len(number) > 40 || d.opt.Media == nil {
		return lapak.ErrNotFound
	}
	if _, err := d.opt.Store.OrderByNumber(r.Context(), number); err != nil {
		return err
	}
	png, _, err := d.opt.Media.Load(r.Context(), lapak.SlipImagePrefix+number)
	if err != nil {
		return fmt.Errorf("dashboard: drawing the slip of %s: %w", number, err)
	}
	h := w.Header()
	h.Set("Content-Type", http.DetectContentType(png))
	h.Set("Cache-Control", "no-store") // it shows the order as it is now
	h.Set("Content-Disposition", `inline; filename="slip-`+number+`.png"`)
	_, err = w.Write(png)
	return err
}

// media serves a picture the dashboard shows: an order's payment proof or
// a product's photo, nothing else (a reference is not a way to fetch any
// file or URL).
func (d *Dashboard) media(w http.ResponseWriter, r *http.Request, c *call) error {
	ref := r.URL.Query().Get("ref")
	if d.opt.Media == nil || ref == "" || len(ref) > 5000 {
		return lapak.ErrNotFound
	}
	ok, err := d.opt.Store.DashboardImage(r.Context(), ref)
	if err == nil && !ok {
		ok, err = d.opt.Store.ChatMedia(r.Context(), ref) // a picture sent in a chat
	}
	if err != nil {
		return err
	}
	if !ok {
		return lapak.ErrNotFound
	}
	data, _, err := d.opt.Media.Load(r.Context(), ref)
	if err != nil {
		d.log.Warn("dashboard: loading a picture", "err", err)
		return lapak.ErrNotFound
	}
	ctype := http.DetectContentType(data)
	if len(data) == 0 || !strings.HasPrefix(ctype, "image/") {
		return lapak.ErrNotFound
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	// A reference names one picture for good (a proof, a stored photo).
	h.Set("Cache-Control", "private, max-age=86400")
	_, err = w.Write(data)
	return err
}

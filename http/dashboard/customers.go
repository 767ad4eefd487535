package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	lapak "github.com/lapak-id/lapak"
)

// The customers pages: the list (who, on which channel, how many orders,
// opted out of promos or not) and one customer's history, addresses,
// consent record and reseller, with a link to their chat.

// customerStore is what the customers pages read (storage.Store).
type customerStore interface {
	DashCustomers(ctx context.Context, q lapak.CustomerQuery) ([]lapak.CustomerSummary, int, error)
	DashCustomer(ctx context.Context, id int64) (lapak.CustomerDetail, error)
}

// customersPage is how many customers a page of the list shows.
const customersPage = 50

var customerWords = words{
	"customers.title":       {"Pelanggan", "Customers"},
	"customers.search":      {"Cari nama atau nomor HP", "Search a name or phone number"},
	"customers.count":       {"%d pelanggan", "%d customers"},
	"customers.none":        {"Belum ada pelanggan yang cocok.", "No customers match."},
	"customers.name":        {"Nama", "Name"},
	"customers.channel":     {"Saluran", "Channel"},
	"customers.phone":       {"Nomor HP", "Phone"},
	"customers.orders":      {"Pesanan", "Orders"},
	"customers.lastorder":   {"Pesanan terakhir", "Last order"},
	"customers.optedout":    {"tidak mau promo", "opted out"},
	"customers.noname":      {"(tanpa nama)", "(no name)"},
	"customers.since":       {"Pelanggan sejak %s", "Customer since %s"},
	"customers.chat":        {"Buka chat", "Open the chat"},
	"customers.chatname":    {"Nama di aplikasi chat", "Name in the chat app"},
	"customers.language":    {"Bahasa", "Language"},
	"customers.history":     {"Riwayat pesanan", "Order history"},
	"customers.ordercount":  {"%d pesanan (100 terbaru ditampilkan)", "%d orders (the latest 100 shown)"},
	"customers.number":      {"Nomor", "Number"},
	"customers.status":      {"Status", "Status"},
	"customers.total":       {"Total", "Total"},
	"customers.date":        {"Tanggal", "Date"},
	"customers.addresses":   {"Alamat tersimpan", "Saved addresses"},
	"customers.lastused":    {"terakhir dipakai %s", "last used %s"},
	"customers.consent":     {"Promo", "Promos"},
	"customers.optout.yes":  {"Tidak mau menerima promo sejak %s.", "Opted out of promos since %s."},
	"customers.optout.no":   {"Menerima promo (tidak pernah berhenti langganan).", "Receives promos (never opted out)."},
	"customers.optout.in":   {"Menerima promo.", "Receives promos."},
	"customers.event.out":   {"%s: berhenti promo lewat %s (%q)", "%s: opted out on %s (%q)"},
	"customers.event.in":    {"%s: mau promo lagi lewat %s (%q)", "%s: opted back in on %s (%q)"},
	"customers.reseller":    {"Datang lewat reseller", "Came through a reseller"},
	"customers.resellerat":  {"%s (kode %s), lewat %s, sejak %s", "%s (code %s), by %s, since %s"},
	"customers.noreseller":  {"Tidak lewat reseller.", "Not through a reseller."},
	"customers.unreachable": {"tidak bisa dihubungi (memblokir bot)", "unreachable (blocked the bot)"},
	"customers.needshuman":  {"minta dilayani orang", "asked for a person"},
}

// customerRoutes mounts the customers pages.
func (d *Dashboard) customerRoutes() {
	d.get("customers", false, d.customerList)
	d.get("customers/{id}", false, d.customerPage)
}

type customerListPage struct {
	Customers  []lapak.CustomerSummary
	Search     string
	Total      int
	Prev, Next string
}

func (d *Dashboard) customerList(w http.ResponseWriter, r *http.Request, c *call) error {
	page := customerListPage{Search: boundedQuery(r.URL.Query().Get("q"))}
	n := pageNumber(r)
	cs, total, err := d.opt.Store.DashCustomers(r.Context(), lapak.CustomerQuery{Search: page.Search, Offset: (n - 1) * customersPage, Limit: customersPage})
	if err != nil {
		return err
	}
	page.Customers, page.Total = cs, total
	page.Prev, page.Next = pageLinks("customers", url.Values{"q": {page.Search}}, n, customersPage, total)
	return c.render(w, r, "customers", page)
}

func (d *Dashboard) customerPage(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return lapak.ErrNotFound
	}
	cd, err := d.opt.Store.DashCustomer(r.Context(), id)
	if err != nil {
		return err
	}
	return c.render(w, r, "customer", cd)
}

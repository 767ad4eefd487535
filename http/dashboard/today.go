package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// todayStore is what the today page reads (storage.Store).
type todayStore interface {
	// TodayWork is what needs the seller now; dayStart and dayEnd are the
	// shop's today, lowStock the threshold (0: none).
	TodayWork(ctx context.Context, now, dayStart, dayEnd time.Time, lowStock int) (lapak.TodayWork, error)
	// LatestProofs is the newest proof of each order.
	LatestProofs(ctx context.Context, orderIDs []int64) (map[int64]lapak.Proof, error)
}

var todayWords = words{
	"today.title":       {"Hari ini", "Today"},
	"today.payments":    {"Bukti bayar untuk dicek", "Payments to check"},
	"today.process":     {"Pesanan untuk diproses", "Orders to process"},
	"today.ship":        {"Pesanan untuk dikirim", "Orders to ship"},
	"today.chats":       {"Chat menunggu admin", "Chats waiting for a person"},
	"today.lowstock":    {"Stok menipis", "Low stock"},
	"today.promo":       {"Promo berjalan", "Promos running"},
	"today.sales":       {"Penjualan hari ini", "Today's sales"},
	"today.salesline":   {"%d pesanan dibayar hari ini", "%d orders paid today"},
	"today.all":         {"Lihat semua (%d)", "See all (%d)"},
	"today.nothing":     {"Tidak ada.", "Nothing."},
	"today.needshuman":  {"minta bicara dengan admin", "asked for a person"},
	"today.takenover":   {"diambil alih sampai %s", "taken over until %s"},
	"today.stockleft":   {"sisa %d", "%d left"},
	"today.tocatalog":   {"Ke katalog", "Go to the catalog"},
	"today.topromos":    {"Ke promo", "Go to promos"},
	"today.promoat":     {"mulai %s", "from %s"},
	"today.promosched":  {"terjadwal %s", "scheduled for %s"},
	"today.toorders":    {"Lihat pesanan", "See the orders"},
	"today.proofof":     {"Bukti bayar %s", "Payment proof of %s"},
	"today.lowstockoff": {"Peringatan stok menipis mati (LAPAK_LOW_STOCK).", "Low-stock alerts are off (LAPAK_LOW_STOCK)."},
}

// todayRoutes mounts the today page, the dashboard's start.
func (d *Dashboard) todayRoutes() {
	d.get("{$}", false, d.todayPage)
}

type todayProof struct {
	orderRow
	Proof string // the picture's URL ("" without one)
	Link  string
}

type todayChat struct {
	lapak.WaitingChat
	Channel string
	Link    string
}

type todayPromo struct {
	lapak.RunningPromo
	Started bool
}

type todayData struct {
	Checks                            []todayProof
	CheckCount                        int
	Process, Ship                     []orderRow
	ProcessCount, ShipCount           int
	ChecksLink, ProcessLink, ShipLink string
	Chats                             []todayChat
	LowStock                          []lapak.LowVariant
	LowStockOn                        bool
	Promos                            []todayPromo
	SalesCount                        int
	SalesTotal                        lapak.Money
	SalesLink                         string
	// Live: the cards redraw themselves after a chat moves (an order is
	// placed, a proof arrives), from the chat log entry after LastChat.
	Live     bool
	LastChat int64
}

func (d *Dashboard) todayPage(w http.ResponseWriter, r *http.Request, c *call) error {
	now := d.now()
	loc := d.opt.Settings.Location
	local := now.In(loc)
	start := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	end := start.AddDate(0, 0, 1)
	low := 0
	if d.opt.Shop != nil {
		low = d.opt.Shop.LowStock()
	}
	work, err := d.opt.Store.TodayWork(r.Context(), now, start, end, low)
	if err != nil {
		return err
	}
	ids := make([]int64, len(work.ToCheck))
	for i, o := range work.ToCheck {
		ids[i] = o.ID
	}
	proofs, err := d.opt.Store.LatestProofs(r.Context(), ids)
	if err != nil {
		return err
	}
	orders := func(status lapak.OrderStatus) string { return Prefix + "orders?status=" + string(status) }
	data := todayData{CheckCount: work.ToCheckCount, ProcessCount: work.ProcessCount, ShipCount: work.ShipCount,
		ChecksLink: orders(lapak.StatusPendingPayment), ProcessLink: orders(lapak.StatusPaid), ShipLink: orders(lapak.StatusProcessing),
		LowStock: work.LowStock, LowStockOn: low > 0, SalesCount: work.SalesCount, SalesTotal: work.SalesTotal,
		SalesLink: Prefix + "orders?" + url.Values{"from": {start.Format("2006-01-02")}, "to": {start.Format("2006-01-02")}}.Encode()}
	for _, o := range work.ToCheck {
		tp := todayProof{orderRow: c.orderRow(o), Link: Prefix + "orders/" + url.PathEscape(o.Number)}
		if p, ok := proofs[o.ID]; ok {
			tp.Proof = Prefix + "media?ref=" + url.QueryEscape(p.Image())
		}
		data.Checks = append(data.Checks, tp)
	}
	for _, o := range work.ToProcess {
		data.Process = append(data.Process, c.orderRow(o))
	}
	for _, o := range work.ToShip {
		data.Ship = append(data.Ship, c.orderRow(o))
	}
	for _, ch := range work.Chats {
		data.Chats = append(data.Chats, todayChat{WaitingChat: ch, Channel: c.channelLabel(ch.Channel),
			Link: Prefix + "inbox/" + strconv.FormatInt(ch.CustomerID, 10)})
	}
	for _, p := range work.Promos {
		if r := []rune(p.Body); len(r) > 80 {
			p.Body = string(r[:80]) + "…"
		}
		data.Promos = append(data.Promos, todayPromo{RunningPromo: p, Started: !p.SendAt.After(now)})
	}
	last, err := d.opt.Store.LastChatID(r.Context())
	if err != nil {
		return err
	}
	data.Live, data.LastChat = true, last
	if r.URL.Query().Get("fragment") == "cards" {
		return c.fragment(w, "today", "today-cards", data)
	}
	return c.render(w, r, "today", data)
}

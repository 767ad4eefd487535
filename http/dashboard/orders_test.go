package dashboard

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// A 1×1 PNG: what the fake media loader returns for any picture.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// placed numbers the test orders' messages.
var placed atomic.Int64

// fakeMedia loads every reference as tinyPNG and remembers which.
type fakeMedia struct{ loaded []string }

func (m *fakeMedia) Load(ctx context.Context, ref string) ([]byte, string, error) {
	m.loaded = append(m.loaded, ref)
	return tinyPNG, "", nil
}

// ordersTest runs fn on both databases with a small catalog and a
// dashboard whose pictures come from a fake loader.
func ordersTest(t *testing.T, fn func(t *testing.T, h *harness, m *fakeMedia)) {
	clock := storagetest.NewClock(time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, st *storage.Store) {
		if _, err := st.ImportCatalog(context.Background(), []lapak.CatalogRow{
			{SKU: "KRP-PDS", Name: "Keripik Singkong", Category: "Camilan", Variant: "Pedas", Price: 13000, Stock: 500},
			{SKU: "SMB-ROA", Name: "Sambal Roa", Category: "Sambal", Price: 55000, Stock: 3},
		}); err != nil {
			t.Fatal(err)
		}
		m := &fakeMedia{}
		fn(t, newHarness(t, st, clock, Options{Media: m}), m)
	})
}

// orderSpec is an order a test places.
type orderSpec struct {
	channel lapak.Channel
	chat    string
	name    string // the customer's name
	phone   string
	pay     lapak.PaymentMethod
	qty     int
	proof   bool // the customer sent a transfer proof
	human   bool // the customer asks for a person
}

// place places an order the way a chat turn does: in the customer's
// message transaction, through the store's PlaceOrder.
func (h *harness) place(s orderSpec) lapak.Order {
	h.t.Helper()
	ctx := context.Background()
	if s.channel == "" {
		s.channel = lapak.ChannelTelegram
	}
	if s.pay == "" {
		s.pay = lapak.PayTransfer
	}
	if s.qty == 0 {
		s.qty = 2
	}
	v, err := h.st.VariantBySKU(ctx, "KRP-PDS")
	if err != nil {
		h.t.Fatal(err)
	}
	exp := h.clock.Now().Add(24 * time.Hour)
	o := lapak.Order{PaymentMethod: s.pay, Delivery: lapak.DeliveryCourier, Zone: "Jabodetabek",
		Breakdown: lapak.Breakdown{ShippingFee: 15000}, Address: "Jl. Mawar No. 1, Depok", Recipient: s.name,
		Phone: s.phone, Items: []lapak.OrderItem{{VariantID: v.ID, Qty: s.qty}}}
	if s.pay != lapak.PayCOD {
		o.ExpiresAt = &exp
	}
	in := lapak.Inbound{Channel: s.channel, ChatID: s.chat, MessageID: fmt.Sprint("m", placed.Add(1)), Text: "ya"}
	if err := h.st.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		c.Customer.Name, c.Customer.Phone, c.Customer.NeedsHuman = s.name, s.phone, s.human
		o.CustomerID = c.Customer.ID
		if err := tx.PlaceOrder(ctx, &o); err != nil {
			return err
		}
		if s.proof {
			_, err := tx.AttachProof(ctx, o.ID, s.channel, lapak.Attachment{Ref: "proof-" + o.Number, MIME: "image/jpeg"}, h.clock.Now())
			return err
		}
		return nil
	}); err != nil {
		h.t.Fatal(err)
	}
	h.clock.Advance(time.Minute)
	return o
}

func (h *harness) order(number string) lapak.Order {
	h.t.Helper()
	o, err := h.st.OrderByNumber(context.Background(), number)
	if err != nil {
		h.t.Fatal(err)
	}
	return o
}

// told is the texts queued to a Telegram chat.
func (h *harness) told(chat string) []string {
	h.t.Helper()
	msgs, err := h.st.MessagesTo(context.Background(), lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: chat})
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Msg.Text)
	}
	return out
}

// act posts an action form as the order's page has it.
func (b *browser) act(number, action string, seen lapak.OrderStatus, extra ...string) (int, string) {
	b.h.t.Helper()
	form := url.Values{"seen": {string(seen)}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	return b.follow("/dashboard/orders/"+number+"/"+action, form)
}

var rowID = regexp.MustCompile(`<tr id="order-([A-Z0-9-]+)">`)

func rows(body string) []string {
	var out []string
	for _, m := range rowID.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestOrdersListFiltersSearchPaging(t *testing.T) {
	ordersTest(t, func(t *testing.T, h *harness, _ *fakeMedia) {
		var all []lapak.Order // oldest first
		for i := range 28 {
			all = append(all, h.place(orderSpec{chat: "100", name: "Siti Aminah", phone: "6281234567890"}))
			_ = i
		}
		budi := h.place(orderSpec{channel: lapak.ChannelWhatsApp, chat: "6285700001111", name: "Budi Santoso", phone: "6285700001111", pay: lapak.PayCOD})
		all = append(all, budi)
		b := h.loginAs(lapak.RoleOwner)

		code, body := b.get("/dashboard/orders")
		if code != http.StatusOK {
			t.Fatalf("list: %d\n%s", code, body)
		}
		got := rows(body)
		if len(got) != 25 || got[0] != budi.Number || got[24] != all[4].Number {
			t.Fatalf("first page: %d rows, %v", len(got), got)
		}
		mustContain(t, body, "Budi Santoso", "Rp41.000", "menunggu pembayaran", `id="orders-older"`, "WhatsApp", "COD")
		older := regexp.MustCompile(`href="([^"]+)" id="orders-older"`).FindStringSubmatch(body)
		_, body = b.get(strings.ReplaceAll(older[1], "&amp;", "&"))
		if got := rows(body); len(got) != 4 || got[0] != all[3].Number || got[3] != all[0].Number {
			t.Fatalf("second page: %v", got)
		}
		newer := regexp.MustCompile(`href="([^"]+)" id="orders-newer"`).FindStringSubmatch(body)
		if newer == nil {
			t.Fatalf("second page has no link back:\n%s", body)
		}
		_, body = b.get(strings.ReplaceAll(newer[1], "&amp;", "&"))
		if got := rows(body); len(got) != 25 || got[0] != budi.Number {
			t.Fatalf("back to the first page: %v", got)
		}

		for _, c := range []struct {
			query string
			want  []string
		}{
			{"q=" + strings.ToLower(budi.Number), []string{budi.Number}},
			{"q=" + strings.ReplaceAll(budi.Number, "-", ""), []string{budi.Number}},
			{"q=budi", []string{budi.Number}},
			{"q=0857-0000", []string{budi.Number}},
			{"payment=cod", []string{budi.Number}},
			{"channel=whatsapp", []string{budi.Number}},
			{"status=paid", nil},
			{"q=nobody", nil},
			{"q=%25", nil}, // a LIKE wildcard matches itself only
			{"from=2026-12-04", nil},
			{"from=2026-12-03&to=2026-12-03&channel=whatsapp", []string{budi.Number}},
			{"reseller=NOPE", nil},
		} {
			_, body := b.get("/dashboard/orders?" + c.query)
			if got := rows(body); strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("%s: rows %v, want %v", c.query, got, c.want)
			}
		}
		_, body = b.get("/dashboard/orders?q=siti")
		if got := rows(body); len(got) != 25 {
			t.Errorf("search siti: %d rows", len(got))
		}
		_, body = b.get("/dashboard/orders?status=bogus&from=03-12-2026")
		mustContain(t, body, "Status itu tidak dikenal", "TTTT-BB-HH")
		if got := rows(body); len(got) != 25 {
			t.Errorf("bad filters are ignored: %d rows", len(got))
		}
	})
}

func TestOrderPageShowsBreakdownAndMarkPaid(t *testing.T) {
	ordersTest(t, func(t *testing.T, h *harness, m *fakeMedia) {
		o := h.place(orderSpec{chat: "100", name: "Siti Aminah", phone: "6281234567890", proof: true})
		b := h.loginAs(lapak.RoleOwner)
		code, body := b.get("/dashboard/orders/" + o.Number)
		if code != http.StatusOK {
			t.Fatalf("order page: %d\n%s", code, body)
		}
		total := 26000 + 15000 + int64(o.UniqueCode)
		mustContain(t, body, `id="order-status"`, "menunggu pembayaran", "Keripik Singkong", "Rp26.000", "Rp15.000",
			fmt.Sprintf(`id="order-unique">Rp%d<`, o.UniqueCode), lapak.PriceFormat{Prefix: "Rp"}.Format(lapak.Money(total)),
			"Jl. Mawar No. 1, Depok", "+6281234567890", `data-action="paid"`, `data-action="reject"`, `data-action="cancel"`,
			"/dashboard/media?ref=media%3Atelegram%3Aproof-"+o.Number, "Pesanan dibuat", "/slip.png")
		if strings.Contains(body, `data-action="ship"`) || strings.Contains(body, `data-action="complete"`) {
			t.Errorf("an unpaid order offers shipping or completing:\n%s", body)
		}

		// The proof's picture, and nothing that is not a proof or a photo.
		res, err := b.c.Get(h.srv.URL + "/dashboard/media?ref=" + url.QueryEscape("media:telegram:proof-"+o.Number))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || !strings.Contains(res.Header.Get("Cache-Control"), "max-age") {
			t.Errorf("proof picture: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
		}
		if code, _ := b.get("/dashboard/media?ref=" + url.QueryEscape("/etc/passwd")); code != http.StatusNotFound {
			t.Errorf("a file that is no proof: %d", code)
		}
		if code, _ := b.get("/dashboard/orders/" + o.Number + "/slip.png"); code != http.StatusOK || m.loaded[len(m.loaded)-1] != "slip:"+o.Number {
			t.Errorf("slip: %d, loaded %v", code, m.loaded)
		}

		before := len(h.told("100"))
		code, body = b.act(o.Number, "paid", lapak.StatusPendingPayment)
		if code != http.StatusOK {
			t.Fatalf("after paid: %d\n%s", code, body)
		}
		mustContain(t, body, "ditandai lunas", "Pelanggan sudah diberi tahu", `data-status="paid"`, `data-action="ship"`, "dashboard:telegram:999")
		if got := h.order(o.Number).Status; got != lapak.StatusPaid {
			t.Errorf("status in the database: %s", got)
		}
		told := h.told("100")
		if len(told) != before+1 || !strings.Contains(told[len(told)-1], o.Number) {
			t.Errorf("customer was told %q", told)
		}
		log, err := h.st.AuditLog(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		last := log[len(log)-1]
		if last.Actor.String() != "dashboard:telegram:999" || last.Command != "paid" || last.Target != o.Number {
			t.Errorf("audit entry %+v", last)
		}
	})
}

func TestOrderShipCompleteAndStale(t *testing.T) {
	ordersTest(t, func(t *testing.T, h *harness, _ *fakeMedia) {
		o := h.place(orderSpec{chat: "100", name: "Siti Aminah"})
		owner, staff := h.loginAs(lapak.RoleOwner), h.loginAs(lapak.RoleStaff)
		// Staff works orders too.
		if code, body := staff.act(o.Number, "paid", lapak.StatusPendingPayment); code != http.StatusOK || !strings.Contains(body, "ditandai lunas") {
			t.Fatalf("staff marks paid: %d\n%s", code, body)
		}
		// The owner's page still showed "waiting for payment": their click is refused.
		before := len(h.told("100"))
		_, body := owner.act(o.Number, "paid", lapak.StatusPendingPayment)
		mustContain(t, body, "sudah diubah menjadi “sudah dibayar” oleh dashboard:telegram:777", "Tidak ada yang diubah")
		_, body = owner.act(o.Number, "cancel", lapak.StatusPendingPayment, "reason", "stok habis")
		mustContain(t, body, "sudah diubah menjadi")
		if got := h.order(o.Number).Status; got != lapak.StatusPaid {
			t.Errorf("a stale cancel changed the order: %s", got)
		}
		if n := len(h.told("100")); n != before {
			t.Errorf("a stale action told the customer something (%d → %d)", before, n)
		}

		_, body = owner.act(o.Number, "ship", lapak.StatusPaid, "courier", "jne", "tracking", "")
		mustContain(t, body, "Kurir dan resi belum benar")
		_, body = owner.act(o.Number, "ship", lapak.StatusPaid, "courier", "jne", "tracking", "jx1234567890")
		mustContain(t, body, "dikirim dengan JNE, resi JX1234567890", `data-status="shipped"`, `id="order-resi">JNE JX1234567890`,
			`data-action="complete"`, `data-action="refund"`)
		got := h.order(o.Number)
		if got.Status != lapak.StatusShipped || got.Shipment.Tracking != "JX1234567890" {
			t.Errorf("after ship: %s %+v", got.Status, got.Shipment)
		}
		if told := h.told("100"); !strings.Contains(told[len(told)-1], "JX1234567890") {
			t.Errorf("customer not told the resi: %q", told)
		}
		_, body = owner.act(o.Number, "resi", lapak.StatusShipped, "courier", "jnt", "tracking", "JP99")
		mustContain(t, body, "JNT JP99")
		_, body = owner.act(o.Number, "complete", lapak.StatusShipped)
		mustContain(t, body, "selesai", `data-status="completed"`)
		_, body = owner.act(o.Number, "refund", lapak.StatusCompleted, "reason", "")
		mustContain(t, body, "Tulis alasannya")
		// An order that expired while its page was open.
		late := h.place(orderSpec{chat: "104", name: "Dewi"})
		h.clock.Advance(25 * time.Hour)
		if _, err := h.shop.ExpireDue(context.Background(), 10); err != nil {
			t.Fatal(err)
		}
		_, body = owner.act(late.Number, "paid", lapak.StatusPendingPayment)
		mustContain(t, body, "sudah diubah menjadi “kedaluwarsa” oleh system:expiry", `data-status="expired"`)
		if code, _ := owner.act("NOP-NOP", "paid", lapak.StatusPendingPayment); code != http.StatusNotFound {
			t.Errorf("unknown order: %d", code)
		}
	})
}

func TestOrderCancelPaidRemindsRefund(t *testing.T) {
	ordersTest(t, func(t *testing.T, h *harness, _ *fakeMedia) {
		o := h.place(orderSpec{chat: "100", name: "Siti Aminah"})
		b := h.loginAs(lapak.RoleStaff)
		b.act(o.Number, "paid", lapak.StatusPendingPayment)
		_, body := b.get("/dashboard/orders/" + o.Number)
		mustContain(t, body, `id="order-refund-warning"`)
		_, body = b.act(o.Number, "cancel", lapak.StatusPaid, "reason", "stok habis")
		mustContain(t, body, "dibatalkan", "jangan lupa kembalikan uangnya", `data-status="cancelled"`)
		if got := h.order(o.Number).Status; got != lapak.StatusCancelled {
			t.Errorf("status %s", got)
		}
		if told := h.told("100"); !strings.Contains(told[len(told)-1], "stok habis") {
			t.Errorf("customer told %q", told)
		}
		// An unpaid one has no refund to remind of.
		o2 := h.place(orderSpec{chat: "101", name: "Rina"})
		_, body = b.act(o2.Number, "cancel", lapak.StatusPendingPayment, "reason", "salah pesan")
		if strings.Contains(body, "kembalikan uangnya") || !strings.Contains(body, "dibatalkan") {
			t.Errorf("cancel of an unpaid order:\n%s", body)
		}
	})
}

func TestOrderPagesEscapeNames(t *testing.T) {
	ordersTest(t, func(t *testing.T, h *harness, _ *fakeMedia) {
		o := h.place(orderSpec{chat: "100", name: "<script>alert(1)</script>", proof: true})
		b := h.loginAs(lapak.RoleOwner)
		for _, path := range []string{"/dashboard/orders", "/dashboard/orders/" + o.Number, "/dashboard/"} {
			_, body := b.get(path)
			mustContain(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
			if strings.Contains(body, "<script>alert") {
				t.Errorf("%s: the name is not escaped", path)
			}
		}
	})
}

func TestOrdersExport(t *testing.T) {
	ordersTest(t, func(t *testing.T, h *harness, _ *fakeMedia) {
		a := h.place(orderSpec{chat: "100", name: "Siti Aminah"})
		c := h.place(orderSpec{channel: lapak.ChannelWhatsApp, chat: "6285700001111", name: "Budi, \"Toko\"", pay: lapak.PayCOD, qty: 3})
		b := h.loginAs(lapak.RoleStaff)
		res, err := b.c.Get(h.srv.URL + "/dashboard/orders/export.csv")
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(res.Body).ReadAll()
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("headers %v", res.Header)
		}
		if len(recs) != 3 || recs[0][0] != "no_pesanan" || recs[1][0] != c.Number || recs[2][0] != a.Number {
			t.Fatalf("export: %q", recs)
		}
		if recs[1][2] != `Budi, "Toko"` || recs[1][4] != "whatsapp" || recs[1][7] != "3 x Keripik Singkong (Pedas) @13000" || recs[1][12] != "54000" {
			t.Errorf("row %q", recs[1])
		}
		res, err = b.c.Get(h.srv.URL + "/dashboard/orders/export.csv?payment=cod")
		if err != nil {
			t.Fatal(err)
		}
		recs, _ = csv.NewReader(res.Body).ReadAll()
		res.Body.Close()
		if len(recs) != 2 || recs[1][0] != c.Number {
			t.Errorf("filtered export: %q", recs)
		}
		res, err = b.c.Get(h.srv.URL + "/dashboard/orders/export.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("xlsx: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
	})
}

func TestTodayPage(t *testing.T) {
	ordersTest(t, func(t *testing.T, h *harness, _ *fakeMedia) {
		check := h.place(orderSpec{chat: "100", name: "Siti Aminah", proof: true})
		paid := h.place(orderSpec{chat: "101", name: "Rina"})
		h.place(orderSpec{chat: "102", name: "Joko", human: true})
		b := h.loginAs(lapak.RoleOwner)
		b.act(paid.Number, "paid", lapak.StatusPendingPayment)
		code, body := b.get("/dashboard/")
		if code != http.StatusOK {
			t.Fatalf("today: %d\n%s", code, body)
		}
		mustContain(t, body, `id="today-payments"`, `id="today-process"`, `id="today-ship"`, `id="today-chats"`,
			`id="today-lowstock"`, `id="today-promo"`, `id="today-sales"`,
			check.Number, "/dashboard/media?ref=media%3Atelegram%3Aproof-"+check.Number,
			"/dashboard/orders?status=pending_payment", "/dashboard/orders/"+paid.Number, "Joko", "/dashboard/inbox/",
			"1 pesanan dibayar hari ini", lapak.PriceFormat{Prefix: "Rp"}.Format(h.order(paid.Number).Total))
		mustContain(t, body, `data-live="/dashboard/?fragment=cards"`, `data-live-events="/dashboard/inbox/events?after=`)

		// What the live cards and the orders' first page redraw from: the
		// same cards and rows, without the page around them.
		code, frag := b.get("/dashboard/?fragment=cards")
		if code != http.StatusOK || strings.Contains(frag, "<html") || !strings.Contains(frag, `id="today-process"`) || !strings.Contains(frag, paid.Number) {
			t.Fatalf("today's cards %d:\n%s", code, frag)
		}
		_, body = b.get("/dashboard/orders?status=paid")
		mustContain(t, body, `data-live="/dashboard/orders?fragment=results&amp;status=paid"`)
		code, frag = b.get("/dashboard/orders?status=paid&fragment=results")
		if code != http.StatusOK || strings.Contains(frag, "<html") || !strings.Contains(frag, `id="order-`+paid.Number+`"`) || strings.Contains(frag, check.Number) {
			t.Fatalf("the orders' results %d:\n%s", code, frag)
		}
	})
}

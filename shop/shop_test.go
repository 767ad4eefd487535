package shop_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

var (
	ctx   = context.Background()
	t0    = time.Date(2025, 11, 26, 9, 0, 0, 0, time.UTC)
	admin = lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}
	sari  = shop.Admin(admin)
)

func settings() lapak.Shop {
	return lapak.Shop{Name: "Dapur Bu Sari", Language: lapak.Indonesian, Admins: []lapak.Identity{admin}}
}

// harness is a shop on one database with a clock.
type harness struct {
	t     *testing.T
	s     *storage.Store
	shop  *shop.Shop
	clock *storagetest.Clock
	n     int
}

// shopTest runs fn on both databases with a small catalog.
func shopTest(t *testing.T, set lapak.Shop, lowStock int, fn func(t *testing.T, h *harness)) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		if _, err := s.ImportCatalog(ctx, []lapak.CatalogRow{
			{SKU: "KRP-PDS", Name: "Keripik Singkong", Category: "Camilan", Variant: "Pedas", Price: 13000, Stock: 10},
			{SKU: "SMB-ROA", Name: "Sambal Roa", Category: "Sambal", Price: 55000, Stock: 5},
			{SKU: "KUE-NST", Name: "Kue Nastar", Category: "Kue", Price: 85000, Unlimited: true},
		}); err != nil {
			t.Fatal(err)
		}
		fn(t, &harness{t: t, s: s, clock: clock, shop: shop.New(shop.Options{Shop: set, LowStock: lowStock, Store: s})})
	})
}

func (h *harness) variant(sku string) lapak.Variant {
	h.t.Helper()
	v, err := h.s.VariantBySKU(ctx, sku)
	if err != nil {
		h.t.Fatal(err)
	}
	return v
}

// place has customer chat (speaking lang) order qty of sku, paid by pay.
func (h *harness) place(chat string, lang lapak.Language, pay lapak.PaymentMethod, sku string, qty int) lapak.Order {
	h.t.Helper()
	h.n++
	exp := h.clock.Now().Add(24 * time.Hour)
	o := lapak.Order{PaymentMethod: pay, Delivery: lapak.DeliveryCourier, Zone: "Jabodetabek",
		Breakdown: lapak.Breakdown{ShippingFee: 15000}, Address: "Jl. Mawar No. 1, Depok", Recipient: "Siti Aminah",
		Phone: "6281234567890", Items: []lapak.OrderItem{{VariantID: h.variant(sku).ID, Qty: qty}}}
	if pay != lapak.PayCOD {
		o.ExpiresAt = &exp
	}
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, MessageID: fmt.Sprint("m", h.n), Text: "ya"}
	if err := h.s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		c.Customer.Name, c.Customer.Language = "Siti Aminah", lang
		o.CustomerID = c.Customer.ID
		return tx.PlaceOrder(ctx, &o)
	}); err != nil {
		h.t.Fatal(err)
	}
	return o
}

// do runs one operation in a transaction of its own.
func (h *harness) do(fn func(tx lapak.OpsTx) (shop.Change, error)) (shop.Change, error) {
	var ch shop.Change
	err := h.shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		ch, err = fn(tx)
		return err
	})
	return ch, err
}

func (h *harness) must(fn func(tx lapak.OpsTx) (shop.Change, error)) shop.Change {
	h.t.Helper()
	ch, err := h.do(fn)
	if err != nil {
		h.t.Fatal(err)
	}
	return ch
}

// told lists the texts queued to chat on Telegram, oldest first.
func (h *harness) told(chat string) []string {
	h.t.Helper()
	msgs, err := h.s.MessagesTo(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: chat})
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Msg.Text)
	}
	return out
}

// last is the newest text queued to chat; it fails when there are not n.
func (h *harness) last(chat string, n int) string {
	h.t.Helper()
	got := h.told(chat)
	if len(got) != n {
		h.t.Fatalf("%d messages to %s, want %d: %q", len(got), chat, n, got)
	}
	return got[n-1]
}

// audit lists the audit log as "actor command target before > after".
func (h *harness) audit() []string {
	h.t.Helper()
	log, err := h.s.AuditLog(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, e := range log {
		out = append(out, e.Actor.String()+" "+e.Command+" "+e.Target+" "+e.Before+" > "+e.After)
	}
	return out
}

func (h *harness) status(number string) lapak.OrderStatus {
	h.t.Helper()
	o, err := h.s.OrderByNumber(ctx, number)
	if err != nil {
		h.t.Fatal(err)
	}
	return o.Status
}

func (h *harness) history(o lapak.Order) string {
	h.t.Helper()
	var steps []string
	if err := h.s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		hist, err := tx.OrderHistory(ctx, o.ID)
		for _, e := range hist {
			steps = append(steps, string(e.To))
		}
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return strings.Join(steps, " ")
}

func contains(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("lacks %q:\n%s", w, got)
		}
	}
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestAnOrderFromPaidToCompletedTellsTheCustomerEachStep(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		o := h.place("700", lapak.Indonesian, lapak.PayTransfer, "KRP-PDS", 2)

		ch := h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, o.Number) })
		if ch.From != lapak.StatusPendingPayment || ch.Order.Status != lapak.StatusPaid || ch.Customer.ExternalID != "700" {
			t.Fatalf("confirm: %+v", ch)
		}
		contains(t, h.last("700", 1), "Pembayaran pesanan "+o.Number+" sudah kami terima")
		// Asked again: the state machine says it is already paid; nobody is told twice.
		if _, err := h.do(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, o.Number) }); !shop.IsAlready(err) {
			t.Fatalf("second confirm: %v", err)
		}
		h.last("700", 1)

		// Shipped straight from paid: processing is implied, and recorded.
		ch = h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.Ship(ctx, tx, sari, o.Number, lapak.Shipment{Courier: "jne", Tracking: "jx1234567890"})
		})
		if ch.From != lapak.StatusPaid || ch.Order.Status != lapak.StatusShipped || ch.Shipment != (lapak.Shipment{Courier: "JNE", Tracking: "JX1234567890"}) {
			t.Fatalf("ship: %+v", ch)
		}
		if got := h.history(o); got != "pending_payment paid processing shipped" {
			t.Fatalf("history %s", got)
		}
		contains(t, h.last("700", 2), "Pesanan "+o.Number+" sudah dikirim", "Kurir: JNE, nomor resi: JX1234567890")
		if got, _ := h.s.OrderByNumber(ctx, o.Number); got.Shipment.Tracking != "JX1234567890" {
			t.Fatalf("shipment %+v", got.Shipment)
		}

		// A typo in the resi: corrected, and the customer gets the right one.
		ch = h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.CorrectResi(ctx, tx, sari, o.Number, lapak.Shipment{Courier: "SiCepat", Tracking: "SCP000111"})
		})
		if ch.Was.Tracking != "JX1234567890" || ch.Shipment.Courier != "SICEPAT" {
			t.Fatalf("correct: %+v", ch)
		}
		contains(t, h.last("700", 3), "Nomor resi pesanan "+o.Number+" kami perbaiki", "Kurir: SICEPAT, nomor resi: SCP000111")
		if _, err := h.do(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.CorrectResi(ctx, tx, sari, o.Number, lapak.Shipment{Courier: "JNE", Tracking: "resi salah!"})
		}); !errors.Is(err, shop.ErrInvalid) {
			t.Fatalf("a malformed resi: %v", err)
		}

		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.Complete(ctx, tx, sari, o.Number) })
		contains(t, h.last("700", 4), "Pesanan "+o.Number+" sudah selesai")
		var se *shop.StatusError
		if _, err := h.do(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.CorrectResi(ctx, tx, sari, o.Number, lapak.Shipment{Courier: "JNE", Tracking: "JX2"})
		}); !errors.As(err, &se) || se.Status != lapak.StatusCompleted {
			t.Fatalf("resi of a completed order: %v", err)
		}

		equal(t, "audit log", h.audit(), []string{
			"telegram:999 paid " + o.Number + " pending_payment > paid",
			"telegram:999 ship " + o.Number + " paid > shipped JNE JX1234567890",
			"telegram:999 resi " + o.Number + " JNE JX1234567890 > SICEPAT SCP000111",
			"telegram:999 done " + o.Number + " shipped > completed",
		})
		if _, err := h.do(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, "XXX-999") }); !errors.Is(err, lapak.ErrNotFound) {
			t.Fatalf("unknown order: %v", err)
		}
	})
}

func TestCancelGivesStockBackAndRefundsWhatWasPaid(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		// Not paid yet: stock back, the reason, no refund.
		unpaid := h.place("710", lapak.English, lapak.PayTransfer, "SMB-ROA", 2)
		if h.variant("SMB-ROA").Stock != 3 {
			t.Fatal("stock not reserved")
		}
		ch := h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.Cancel(ctx, tx, sari, unpaid.Number, "stok rusak, maaf")
		})
		if ch.Refund || h.variant("SMB-ROA").Stock != 5 || h.status(unpaid.Number) != lapak.StatusCancelled {
			t.Fatalf("cancel unpaid: %+v, stock %d", ch, h.variant("SMB-ROA").Stock)
		}
		if got := h.last("710", 1); !strings.Contains(got, "order "+unpaid.Number+" was cancelled by the seller. Reason: stok rusak, maaf") ||
			strings.Contains(got, "refund") {
			t.Fatalf("told %q", got)
		}
		if len(h.told(admin.ChatID)) != 0 {
			t.Fatal("the admins were told to refund an unpaid order")
		}
		if _, err := h.do(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.Cancel(ctx, tx, sari, unpaid.Number, " ") }); !errors.Is(err, shop.ErrInvalid) {
			t.Fatalf("no reason: %v", err)
		}

		// Paid, then being prepared: the customer hears the money comes
		// back, in their language; the admins are reminded to send it.
		paid := h.place("711", lapak.Indonesian, lapak.PayTransfer, "SMB-ROA", 1)
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, paid.Number) })
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.StartProcessing(ctx, tx, sari, paid.Number) })
		ch = h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.Cancel(ctx, tx, sari, paid.Number, "kurir tidak tersedia")
		})
		if !ch.Refund || ch.From != lapak.StatusProcessing || h.variant("SMB-ROA").Stock != 5 {
			t.Fatalf("cancel paid: %+v", ch)
		}
		contains(t, h.last("711", 3), "pesanan "+paid.Number+" dibatalkan oleh penjual. Alasannya: kurir tidak tersedia",
			"Pembayaran kakak "+paid.Total.String()+" akan kami kembalikan")
		contains(t, h.last(admin.ChatID, 1), "Pesanan "+paid.Number+" sudah dibayar "+paid.Total.String()+" lalu dibatalkan",
			"kembalikan uangnya ke Siti Aminah (telegram:711)")

		// COD being prepared was not paid yet: nothing to refund.
		cod := h.place("712", lapak.Indonesian, lapak.PayCOD, "KUE-NST", 1)
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.StartProcessing(ctx, tx, sari, cod.Number) })
		if ch := h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.Cancel(ctx, tx, sari, cod.Number, "alamat tidak ketemu")
		}); ch.Refund {
			t.Fatal("a COD order was refunded")
		}
		h.last(admin.ChatID, 1)

		// Shipped goods cannot be cancelled; nothing changes.
		var te *lapak.TransitionError
		if _, err := h.do(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.Cancel(ctx, tx, sari, unpaid.Number, "lagi") }); !errors.As(err, &te) || !shop.IsAlready(err) {
			t.Fatalf("cancel twice: %v", err)
		}
		log := h.audit()
		if len(log) != 6 || log[5] != "telegram:999 cancel "+cod.Number+" processing > cancelled: alamat tidak ketemu" {
			t.Fatalf("audit %q", log)
		}
	})
}

func TestRejectPaymentKeepsTheOrderWaiting(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		o := h.place("720", lapak.English, lapak.PayTransfer, "KRP-PDS", 1)
		ch := h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.RejectPayment(ctx, tx, sari, o.Number, "  nominalnya kurang  ")
		})
		if ch.Reason != "nominalnya kurang" || h.status(o.Number) != lapak.StatusPendingPayment {
			t.Fatalf("reject: %+v", ch)
		}
		contains(t, h.last("720", 1), "could not accept the payment proof for order "+o.Number+": nominalnya kurang")
		h.must(func(tx lapak.OpsTx) (shop.Change, error) { return h.shop.ConfirmPayment(ctx, tx, sari, o.Number) })
		var se *shop.StatusError
		if _, err := h.do(func(tx lapak.OpsTx) (shop.Change, error) {
			return h.shop.RejectPayment(ctx, tx, sari, o.Number, "buram")
		}); !errors.As(err, &se) ||
			se.Status != lapak.StatusPaid || se.Want != lapak.StatusPendingPayment {
			t.Fatalf("reject a paid order: %v", err)
		}
		equal(t, "audit log", h.audit(), []string{
			"telegram:999 reject " + o.Number + " pending_payment > pending_payment: nominalnya kurang",
			"telegram:999 paid " + o.Number + " pending_payment > paid",
		})
	})
}

func TestStockAndPrice(t *testing.T) {
	shopTest(t, settings(), 3, func(t *testing.T, h *harness) {
		var vc shop.VariantChange
		set := func(fn func(tx lapak.OpsTx) (shop.VariantChange, error)) error {
			return h.shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
				var err error
				vc, err = fn(tx)
				return err
			})
		}
		// 5 → 2 crosses the threshold of 3: one alert to the admins.
		if err := set(func(tx lapak.OpsTx) (shop.VariantChange, error) { return h.shop.SetStock(ctx, tx, sari, "smb-roa", 2) }); err != nil {
			t.Fatal(err)
		}
		if vc.Before.Stock != 5 || vc.After.Stock != 2 || vc.Title != "Sambal Roa" || h.variant("SMB-ROA").Stock != 2 {
			t.Fatalf("set stock: %+v", vc)
		}
		contains(t, h.last(admin.ChatID, 1), "Stok Sambal Roa tinggal 2", "/stok SMB-ROA")
		// Already low: nothing new. Unlimited becomes limited, no alert.
		if err := set(func(tx lapak.OpsTx) (shop.VariantChange, error) { return h.shop.SetStock(ctx, tx, sari, "SMB-ROA", 0) }); err != nil {
			t.Fatal(err)
		}
		if err := set(func(tx lapak.OpsTx) (shop.VariantChange, error) { return h.shop.SetStock(ctx, tx, sari, "KUE-NST", 1) }); err != nil {
			t.Fatal(err)
		}
		if !vc.Before.Unlimited || vc.After.Unlimited || h.variant("KUE-NST").Stock != 1 {
			t.Fatalf("unlimited to 1: %+v", vc)
		}
		h.last(admin.ChatID, 1)

		if err := set(func(tx lapak.OpsTx) (shop.VariantChange, error) {
			return h.shop.SetPrice(ctx, tx, sari, "krp-pds", 14500)
		}); err != nil {
			t.Fatal(err)
		}
		if vc.Before.Price != 13000 || h.variant("KRP-PDS").Price != 14500 {
			t.Fatalf("set price: %+v", vc)
		}
		for name, err := range map[string]error{
			"negative stock": set(func(tx lapak.OpsTx) (shop.VariantChange, error) { return h.shop.SetStock(ctx, tx, sari, "KRP-PDS", -1) }),
			"zero price":     set(func(tx lapak.OpsTx) (shop.VariantChange, error) { return h.shop.SetPrice(ctx, tx, sari, "KRP-PDS", 0) }),
		} {
			if !errors.Is(err, shop.ErrInvalid) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if err := set(func(tx lapak.OpsTx) (shop.VariantChange, error) {
			return h.shop.SetStock(ctx, tx, sari, "NGGAK-ADA", 1)
		}); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("unknown SKU: %v", err)
		}
		equal(t, "audit log", h.audit(), []string{
			"telegram:999 stock SMB-ROA stock 5 > stock 2",
			"telegram:999 stock SMB-ROA stock 2 > stock 0",
			"telegram:999 stock KUE-NST stock unlimited > stock 1",
			"telegram:999 price KRP-PDS price 13000 > price 14500",
		})
	})
}

func TestExpireReleasesStockAndTellsTheCustomerOnce(t *testing.T) {
	set := settings()
	set.Price = lapak.PriceFormat{Prefix: "Rp ", Suffix: ",-"}
	shopTest(t, set, 0, func(t *testing.T, h *harness) {
		first := h.place("800", lapak.English, lapak.PayTransfer, "KRP-PDS", 2)
		h.clock.Advance(time.Hour)
		later := h.place("801", lapak.Indonesian, lapak.PayTransfer, "KRP-PDS", 1)
		cod := h.place("802", lapak.Indonesian, lapak.PayCOD, "KRP-PDS", 1) // never expires
		if n, err := h.shop.ExpireDue(ctx, 10); err != nil || n != 0 {
			t.Fatalf("nothing due yet: %d %v", n, err)
		}
		h.clock.Advance(23*time.Hour + time.Minute)
		if n, err := h.shop.ExpireDue(ctx, 10); err != nil || n != 1 {
			t.Fatalf("expired %d, %v; want the first", n, err)
		}
		if h.status(first.Number) != lapak.StatusExpired || h.status(later.Number) != lapak.StatusPendingPayment ||
			h.status(cod.Number) != lapak.StatusPendingPayment || h.variant("KRP-PDS").Stock != 10-1-1 {
			t.Fatalf("after expiry: stock %d", h.variant("KRP-PDS").Stock)
		}
		msgs, err := h.s.MessagesTo(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "800"})
		if err != nil || len(msgs) != 1 {
			t.Fatalf("notices %+v %v", msgs, err)
		}
		n := msgs[0]
		contains(t, n.Msg.Text, "your order "+first.Number+" (Rp "+fmt.Sprintf("%d.%03d", first.Total/1000, first.Total%1000)+",-)", "wasn't paid in time")
		if n.Class != lapak.PaceNotify || n.CustomerID == 0 || len(n.Msg.Choices) != 2 || n.Msg.Choices[0].ID != "cats" || n.Msg.Choices[1].Label != "My orders" {
			t.Fatalf("notice %+v", n)
		}
		// A batch at a time: both due now, expired in batches of one.
		h.clock.Advance(2 * time.Hour)
		if n, err := h.shop.ExpireDue(ctx, 1); err != nil || n != 1 {
			t.Fatalf("second expiry: %d %v", n, err)
		}
		contains(t, h.last("801", 1), "pesanan "+later.Number, "otomatis batal")
		equal(t, "audit log", h.audit(), []string{
			"system:expiry expire " + first.Number + " pending_payment > expired",
			"system:expiry expire " + later.Number + " pending_payment > expired",
		})
	})
}

// Two processes expiring at once expire each order once and tell each
// customer once (SKIP LOCKED on PostgreSQL, one writer on SQLite).
func TestExpireConcurrently(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		var orders []lapak.Order
		for i := range 12 {
			orders = append(orders, h.place(fmt.Sprint("81", i), lapak.Indonesian, lapak.PayTransfer, "KUE-NST", 1))
		}
		h.clock.Advance(25 * time.Hour)
		var wg sync.WaitGroup
		counts := make([]int, 4)
		for i := range counts {
			wg.Go(func() {
				n, err := h.shop.ExpireDue(ctx, 2)
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			})
		}
		wg.Wait()
		if total := counts[0] + counts[1] + counts[2] + counts[3]; total != len(orders) {
			t.Fatalf("expired %v, want %d in all", counts, len(orders))
		}
		for i, o := range orders {
			if h.status(o.Number) != lapak.StatusExpired || len(h.told(fmt.Sprint("81", i))) != 1 {
				t.Fatalf("order %s: %s, told %q", o.Number, h.status(o.Number), h.told(fmt.Sprint("81", i)))
			}
		}
		if n := len(h.audit()); n != len(orders) {
			t.Fatalf("%d audit entries", n)
		}
	})
}

func TestAnOperationThatFailsChangesNothing(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		o := h.place("830", lapak.Indonesian, lapak.PayTransfer, "KRP-PDS", 1)
		boom := errors.New("the caller failed after the operation")
		err := h.shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			if _, err := h.shop.ConfirmPayment(ctx, tx, sari, o.Number); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) || h.status(o.Number) != lapak.StatusPendingPayment || len(h.told("830")) != 0 || len(h.audit()) != 0 {
			t.Fatalf("a rolled-back confirmation left traces: %v", err)
		}
		if err := shop.New(shop.Options{}).Do(ctx, func(context.Context, lapak.OpsTx) error { return nil }); err == nil {
			t.Fatal("Do without a store")
		}
	})
}

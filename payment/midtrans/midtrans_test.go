package midtrans_test

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/payment/midtrans"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

const serverKey = "SB-Mid-server-TESTtestTESTtest1234"

var t0 = time.Date(2025, 11, 26, 9, 0, 0, 0, time.UTC)

// snapCall is one request the fake Snap server received.
type snapCall struct {
	Auth string
	Body map[string]any
}

// fakeSnap answers POST /snap/v1/transactions like Snap: 201 with a token
// and a redirect_url, or the scripted failures first.
type fakeSnap struct {
	*httptest.Server
	mu      sync.Mutex
	calls   []snapCall
	answers []snapAnswer
}

type snapAnswer struct {
	status int
	body   string
}

// Recorded shapes of Snap's answers.
var (
	snapServerError  = snapAnswer{500, `{"error_messages":["Sorry. Our system is recovering from unexpected issues. Please retry."]}`}
	snapTaken        = snapAnswer{400, `{"error_messages":["transaction_details.order_id has already been taken"]}`}
	snapUnauthorized = snapAnswer{401, `{"error_messages":["Access denied due to unauthorized transaction, please check client or server key","Visit https://snap-docs.midtrans.com/#request-headers for more details"]}`}
)

func newFakeSnap(t *testing.T) *fakeSnap {
	f := &fakeSnap{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/snap/v1/transactions" {
			http.NotFound(w, r)
			return
		}
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, `{"error_messages":["bad json"]}`, http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.calls = append(f.calls, snapCall{Auth: r.Header.Get("Authorization"), Body: body})
		var a snapAnswer
		if len(f.answers) > 0 {
			a, f.answers = f.answers[0], f.answers[1:]
		}
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if a.status != 0 {
			w.WriteHeader(a.status)
			io.WriteString(w, a.body)
			return
		}
		id := body["transaction_details"].(map[string]any)["order_id"].(string)
		token := "tok-" + id
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"token":%q,"redirect_url":"https://app.sandbox.midtrans.com/snap/v4/redirection/%s"}`, token, token)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeSnap) script(a ...snapAnswer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers = append(f.answers, a...)
}

func (f *fakeSnap) received() []snapCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]snapCall(nil), f.calls...)
}

// harness is a shop with a gateway on one database, a fake Snap and a clock.
type harness struct {
	t       *testing.T
	s       *storage.Store
	shop    *shop.Shop
	g       *midtrans.Gateway
	snap    *fakeSnap
	clock   *storagetest.Clock
	queued  int
	logs    *bytes.Buffer
	logMu   *sync.Mutex
	variant int64
	n       int
}

var admin = lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}

// Notices that say what happened in a way the tests can count.
func notices() midtrans.Notices {
	to := func(c lapak.Customer) lapak.Identity { return lapak.Identity{Channel: c.Channel, ChatID: c.ExternalID} }
	return midtrans.Notices{
		Link: func(o lapak.Order, c lapak.Customer) []lapak.Envelope {
			return []lapak.Envelope{{To: to(c), Class: lapak.PaceReply, Msg: lapak.Outbound{Text: "LINK " + o.Number + " " + o.PaymentURL}}}
		},
		Late: func(_ context.Context, _ lapak.AdminTx, o lapak.Order, c lapak.Customer, reason string) ([]lapak.Envelope, error) {
			return []lapak.Envelope{
				{To: to(c), Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: "LATE " + o.Number}},
				{To: admin, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: "ADMIN LATE " + o.Number + ": " + reason}},
			}, nil
		},
	}
}

type syncWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func gatewayTest(t *testing.T, fn func(t *testing.T, h *harness)) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		if _, err := s.ImportCatalog(context.Background(), []lapak.CatalogRow{
			{SKU: "KRP-PDS", Name: "Keripik Singkong", Category: "Camilan", Variant: "Pedas", Price: 13000, Stock: 20},
		}); err != nil {
			t.Fatal(err)
		}
		v, err := s.VariantBySKU(context.Background(), "KRP-PDS")
		if err != nil {
			t.Fatal(err)
		}
		h := &harness{t: t, s: s, snap: newFakeSnap(t), clock: clock, logs: &bytes.Buffer{}, logMu: &sync.Mutex{}, variant: v.ID,
			shop: shop.New(shop.Options{Shop: lapak.Shop{Admins: []lapak.Identity{admin}}, Store: s})}
		h.g = midtrans.New(midtrans.Options{
			ServerKey: serverKey,
			BaseURL:   h.snap.URL,
			Store:     s,
			Notices:   notices(),
			Shop:      h.shop,
			Queued:    func() { h.queued++ },
			Logger:    slog.New(slog.NewTextHandler(syncWriter{h.logMu, h.logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
			Now:       clock.Now,
		})
		fn(t, h)
		if strings.Contains(h.log(), serverKey) {
			t.Errorf("the server key was logged:\n%s", h.log())
		}
	})
}

func (h *harness) log() string {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	return h.logs.String()
}

// order places a gateway order for 2 × Rp13.000 plus Rp10.000 shipping,
// expiring in 24 hours, for customer chat.
func (h *harness) order(chat string) lapak.Order {
	h.t.Helper()
	h.n++
	exp := h.clock.Now().Add(24 * time.Hour)
	o := lapak.Order{PaymentMethod: lapak.PayGateway, Delivery: lapak.DeliveryCourier, Zone: "Dalam kota", Breakdown: lapak.Breakdown{ShippingFee: 10000},
		Address: "Jl. Kenanga No. 12, Depok", Recipient: "Siti Aminah", Phone: "6281234567890", ExpiresAt: &exp,
		Items: []lapak.OrderItem{{VariantID: h.variant, Qty: 2}}}
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, MessageID: fmt.Sprint("m", h.n), Text: "ya"}
	err := h.s.HandleInbound(context.Background(), in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		o.CustomerID = c.Customer.ID
		return tx.PlaceOrder(ctx, &o)
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return o
}

func (h *harness) reload(number string) lapak.Order {
	h.t.Helper()
	o, err := h.s.OrderByNumber(context.Background(), number)
	if err != nil {
		h.t.Fatal(err)
	}
	return o
}

// outbox lists the texts queued to chat, oldest first.
func (h *harness) outbox(chat string) []string {
	h.t.Helper()
	msgs, err := h.s.MessagesTo(context.Background(), lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: chat})
	if err != nil {
		h.t.Fatal(err)
	}
	var texts []string
	for _, m := range msgs {
		texts = append(texts, m.Msg.Text)
	}
	return texts
}

func (h *harness) makeLinks() int {
	h.t.Helper()
	n, err := h.g.MakeLinks(context.Background())
	if err != nil {
		h.t.Fatalf("MakeLinks: %v", err)
	}
	return n
}

func TestPaymentLink(t *testing.T) {
	gatewayTest(t, func(t *testing.T, h *harness) {
		o := h.order("500")
		if o.Total != 36000 || o.UniqueCode != 0 {
			t.Fatalf("order %+v", o)
		}
		if n := h.makeLinks(); n != 1 {
			t.Fatalf("made %d links", n)
		}
		calls := h.snap.received()
		if len(calls) != 1 {
			t.Fatalf("%d Snap calls", len(calls))
		}
		c := calls[0]
		if want := "Basic " + base64.StdEncoding.EncodeToString([]byte(serverKey+":")); c.Auth != want {
			t.Errorf("Authorization %q, want the server key as Basic user", c.Auth)
		}
		td := c.Body["transaction_details"].(map[string]any)
		if td["order_id"] != o.Number+"-1" || td["gross_amount"] != float64(36000) {
			t.Errorf("transaction_details %v", td)
		}
		var sum float64
		for _, it := range c.Body["item_details"].([]any) {
			m := it.(map[string]any)
			sum += m["price"].(float64) * m["quantity"].(float64)
			if n := len([]rune(m["name"].(string))); n == 0 || n > 50 {
				t.Errorf("item name %q", m["name"])
			}
		}
		if sum != 36000 {
			t.Errorf("items add up to %v, not the gross amount (shipping included): %v", sum, c.Body["item_details"])
		}
		cd := c.Body["customer_details"].(map[string]any)
		if cd["first_name"] != "Siti Aminah" || cd["phone"] != "+6281234567890" {
			t.Errorf("customer_details %v", cd)
		}
		// The page expires with the order: 24 h from now, in Snap's format.
		if ex := c.Body["expiry"].(map[string]any); ex["start_time"] != "2025-11-26 16:00:00 +0700" || ex["unit"] != "minute" || ex["duration"] != float64(24*60) {
			t.Errorf("expiry %v", ex)
		}
		got := h.reload(o.Number)
		want := "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-" + o.Number + "-1"
		if got.PaymentURL != want || got.Status != lapak.StatusPendingPayment {
			t.Errorf("order after the link: %q %s", got.PaymentURL, got.Status)
		}
		if out := h.outbox("500"); len(out) != 1 || out[0] != "LINK "+o.Number+" "+want {
			t.Errorf("customer messages %q", out)
		}
		if h.queued != 1 {
			t.Errorf("sender woken %d times", h.queued)
		}
		// Nothing left to do: no second call.
		if n := h.makeLinks(); n != 0 || len(h.snap.received()) != 1 {
			t.Errorf("a second pass called Snap again")
		}
	})
}

func TestPaymentLinkRetriesAfterAServerError(t *testing.T) {
	gatewayTest(t, func(t *testing.T, h *harness) {
		o := h.order("501")
		h.snap.script(snapServerError)
		h.makeLinks()
		if got := h.reload(o.Number); got.PaymentURL != "" {
			t.Fatalf("link after a 500: %q", got.PaymentURL)
		}
		if out := h.outbox("501"); len(out) != 0 {
			t.Fatalf("customer told %q after one failure", out)
		}
		if !strings.Contains(h.log(), "HTTP 500") {
			t.Errorf("failure not logged:\n%s", h.log())
		}
		// Not before its backoff.
		h.clock.Advance(29 * time.Second)
		if n := h.makeLinks(); n != 0 {
			t.Fatal("retried before the backoff")
		}
		h.clock.Advance(time.Second)
		if n := h.makeLinks(); n != 1 {
			t.Fatal("not retried after the backoff")
		}
		calls := h.snap.received()
		if len(calls) != 2 || calls[1].Body["transaction_details"].(map[string]any)["order_id"] != o.Number+"-2" {
			t.Fatalf("retry calls %+v", calls)
		}
		if got := h.reload(o.Number); !strings.HasSuffix(got.PaymentURL, o.Number+"-2") {
			t.Errorf("link %q", got.PaymentURL)
		}
		if out := h.outbox("501"); len(out) != 1 || !strings.HasPrefix(out[0], "LINK ") {
			t.Errorf("customer messages %q", out)
		}
	})
}

// A crash between Snap's answer and the commit leaves Snap holding the
// order id: the next attempt asks under a new one, at once.
func TestPaymentLinkOrderIDTaken(t *testing.T) {
	gatewayTest(t, func(t *testing.T, h *harness) {
		o := h.order("502")
		h.snap.script(snapTaken)
		h.makeLinks()
		if n := h.makeLinks(); n != 1 {
			t.Fatal("a taken order id is not retried at once")
		}
		calls := h.snap.received()
		if len(calls) != 2 {
			t.Fatalf("%d calls", len(calls))
		}
		first := calls[0].Body["transaction_details"].(map[string]any)["order_id"]
		second := calls[1].Body["transaction_details"].(map[string]any)["order_id"]
		if first != o.Number+"-1" || second != o.Number+"-2" {
			t.Errorf("order ids %v then %v", first, second)
		}
		if got := h.reload(o.Number); got.PaymentURL == "" {
			t.Error("no link after the retry")
		}
	})
}

// When Snap keeps failing, the customer is told once (and the admins get
// the reason), and the job keeps trying with growing pauses.
func TestPaymentLinkLate(t *testing.T) {
	gatewayTest(t, func(t *testing.T, h *harness) {
		o := h.order("503")
		h.snap.script(snapUnauthorized, snapUnauthorized, snapUnauthorized, snapUnauthorized)
		for i, wait := range []time.Duration{0, 30 * time.Second, time.Minute, 2 * time.Minute} {
			h.clock.Advance(wait)
			if n := h.makeLinks(); n != 1 {
				t.Fatalf("attempt %d not made after %s", i+1, wait)
			}
			want := 0
			if i >= 2 {
				want = 1
			}
			if out := h.outbox("503"); len(out) != want {
				t.Fatalf("after attempt %d the customer got %q", i+1, out)
			}
		}
		if out := h.outbox("503"); out[0] != "LATE "+o.Number {
			t.Errorf("customer %q", out)
		}
		admin := h.outbox("999")
		if len(admin) != 1 || !strings.Contains(admin[0], "HTTP 401: Access denied") || !strings.Contains(admin[0], "LAPAK_MIDTRANS_SERVER_KEY") {
			t.Errorf("admin told %q", admin)
		}
		if strings.Contains(strings.Join(admin, ""), serverKey) {
			t.Error("the server key reached a message")
		}
		// Snap recovers: the link goes out after all.
		h.clock.Advance(4 * time.Minute)
		if n := h.makeLinks(); n != 1 {
			t.Fatal("no attempt after the fourth backoff")
		}
		if out := h.outbox("503"); len(out) != 2 || !strings.HasPrefix(out[1], "LINK "+o.Number) {
			t.Errorf("customer messages %q", out)
		}
	})
}

// ---- notifications ----

// sign is Midtrans's signature, computed here on its own.
func sign(orderID, statusCode, gross string) string {
	sum := sha512.Sum512([]byte(orderID + statusCode + gross + serverKey))
	return hex.EncodeToString(sum[:])
}

// notification is a recorded-shape HTTP notification from Midtrans,
// signed; edit changes fields before signing.
func notification(orderID, status, gross string, edit func(map[string]any)) map[string]any {
	statusCode := map[string]string{"settlement": "200", "capture": "200", "pending": "201"}[status]
	if statusCode == "" {
		statusCode = "202"
	}
	n := map[string]any{
		"va_numbers":         []any{map[string]any{"va_number": "94215811893", "bank": "bca"}},
		"transaction_time":   "2025-11-26 16:05:00",
		"transaction_status": status,
		"transaction_id":     "9aed5972-5b6a-401e-894b-a32c91ed1a3a",
		"status_message":     "midtrans payment notification",
		"status_code":        statusCode,
		"settlement_time":    "2025-11-26 16:06:12",
		"payment_type":       "bank_transfer",
		"payment_amounts":    []any{},
		"order_id":           orderID,
		"merchant_id":        "G812785002",
		"gross_amount":       gross,
		"fraud_status":       "accept",
		"expiry_time":        "2025-11-27 16:05:00",
		"currency":           "IDR",
	}
	if edit != nil {
		edit(n)
	}
	if _, ok := n["signature_key"]; !ok {
		n["signature_key"] = sign(n["order_id"].(string), n["status_code"].(string), n["gross_amount"].(string))
	}
	return n
}

// post sends a notification to the handler and returns the status code.
func (h *harness) post(n map[string]any) int {
	h.t.Helper()
	b, err := json.Marshal(n)
	if err != nil {
		h.t.Fatal(err)
	}
	return h.postRaw(http.MethodPost, b)
}

func (h *harness) postRaw(method string, body []byte) int {
	h.t.Helper()
	req := httptest.NewRequest(method, midtrans.NotificationPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.g.Handler().ServeHTTP(rec, req)
	return rec.Code
}

func (h *harness) auditCount() int {
	h.t.Helper()
	log, err := h.s.AuditLog(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return len(log)
}

func TestNotificationPaysOnce(t *testing.T) {
	gatewayTest(t, func(t *testing.T, h *harness) {
		o := h.order("600")
		id := o.Number + "-1"
		if code := h.post(notification(id, "settlement", "36000.00", nil)); code != http.StatusOK {
			t.Fatalf("settlement answered %d", code)
		}
		if got := h.reload(o.Number); got.Status != lapak.StatusPaid {
			t.Fatalf("status %s, want paid", got.Status)
		}
		if out := h.outbox("600"); len(out) != 1 || !strings.Contains(out[0], "Pembayaran pesanan "+o.Number+" sudah kami terima") {
			t.Errorf("customer %q", out)
		}
		if out := h.outbox("999"); len(out) != 1 || !strings.Contains(out[0], "Pesanan "+o.Number+" sudah dibayar online via Midtrans: Rp36.000 (bank_transfer)") {
			t.Errorf("admin %q", out)
		}
		log, _ := h.s.AuditLog(context.Background())
		if len(log) != 1 || log[0].Actor.String() != "midtrans:9aed5972-5b6a-401e-894b-a32c91ed1a3a" || log[0].After != "paid" {
			t.Errorf("audit %+v", log)
		}
		// Midtrans repeats itself: 200, nothing more.
		for range 2 {
			if code := h.post(notification(id, "settlement", "36000.00", nil)); code != http.StatusOK {
				t.Fatalf("repeat answered %d", code)
			}
		}
		if len(h.outbox("600")) != 1 || h.auditCount() != 1 {
			t.Error("a repeated notification did something")
		}
		if h.queued != 1 {
			t.Errorf("sender woken %d times, want once", h.queued)
		}
	})
}

func TestNotificationRejectsABadSignature(t *testing.T) {
	gatewayTest(t, func(t *testing.T, h *harness) {
		o := h.order("601")
		id := o.Number + "-1"
		for name, edit := range map[string]func(map[string]any){
			"wrong key": func(n map[string]any) { n["signature_key"] = strings.Repeat("ab", 64) },
			"missing":   func(n map[string]any) { n["signature_key"] = "" },
			"absent":    func(n map[string]any) { delete(n, "signature_key"); n["signature_key"] = nil },
			"amount tampered": func(n map[string]any) {
				n["signature_key"] = sign(id, "200", "1000.00")
				n["gross_amount"] = "36000.00"
			},
			"status tampered": func(n map[string]any) { n["signature_key"] = sign(id, "201", "36000.00") },
			"signed elsewhere": func(n map[string]any) {
				s := sha512.Sum512([]byte(id + "200" + "36000.00" + "SB-Mid-server-other"))
				n["signature_key"] = hex.EncodeToString(s[:])
			},
		} {
			if code := h.post(notification(id, "settlement", "36000.00", edit)); code != http.StatusUnauthorized {
				t.Errorf("%s: answered %d, want 401", name, code)
			}
		}
		if got := h.reload(o.Number); got.Status != lapak.StatusPendingPayment {
			t.Errorf("a forged notification changed the order: %s", got.Status)
		}
		if len(h.outbox("601")) != 0 || h.auditCount() != 0 || h.queued != 0 {
			t.Error("a forged notification queued messages or audit entries")
		}
		if !strings.Contains(h.log(), "wrong or missing signature_key") {
			t.Errorf("not logged:\n%s", h.log())
		}
	})
}

func TestNotificationOutcomes(t *testing.T) {
	gatewayTest(t, func(t *testing.T, h *harness) {
		o := h.order("602")
		id := o.Number + "-1"
		// Statuses that do not pay change nothing, including the ones that
		// end one payment attempt: the customer may still pay.
		for _, status := range []string{"pending", "deny", "expire", "cancel", "failure", "refund"} {
			if code := h.post(notification(id, status, "36000.00", nil)); code != http.StatusOK {
				t.Errorf("%s answered %d", status, code)
			}
		}
		if code := h.post(notification(id, "capture", "36000.00", func(n map[string]any) { n["fraud_status"] = "challenge" })); code != http.StatusOK {
			t.Errorf("capture challenge answered %d", code)
		}
		if got := h.reload(o.Number); got.Status != lapak.StatusPendingPayment || len(h.outbox("602")) != 0 {
			t.Fatalf("a non-paying status changed the order: %s", got.Status)
		}
		// The amount must be the order's total: answered 200 (a retry cannot fix it), logged, unchanged.
		if code := h.post(notification(id, "settlement", "35000.00", nil)); code != http.StatusOK {
			t.Errorf("amount mismatch answered %d", code)
		}
		if got := h.reload(o.Number); got.Status != lapak.StatusPendingPayment || !strings.Contains(h.log(), "not the order total") {
			t.Errorf("amount mismatch: status %s\n%s", got.Status, h.log())
		}
		if code := h.post(notification(id, "settlement", "36000.50", nil)); code != http.StatusBadRequest {
			t.Errorf("a fraction of a rupiah answered %d", code)
		}
		// A card payment the fraud check accepted pays.
		if code := h.post(notification(id, "capture", "36000.00", func(n map[string]any) { n["payment_type"] = "credit_card" })); code != http.StatusOK {
			t.Errorf("capture accept answered %d", code)
		}
		if got := h.reload(o.Number); got.Status != lapak.StatusPaid {
			t.Errorf("capture accept: status %s", got.Status)
		}

		// Orders that are not ours.
		for _, orderID := range []string{"XXX-999-1", o.Number, "ORDER-101"} {
			if code := h.post(notification(orderID, "settlement", "36000.00", nil)); code != http.StatusNotFound {
				t.Errorf("order id %q answered %d, want 404", orderID, code)
			}
		}

		// Paid by an admin before Midtrans said so: 200, nothing changes.
		byAdmin := h.order("603")
		err := h.s.HandleInbound(context.Background(), lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: "999", MessageID: "lunas"},
			func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				_, err := tx.TransitionOrder(ctx, byAdmin.Number, lapak.StatusPaid, c.Now)
				return err
			})
		if err != nil {
			t.Fatal(err)
		}
		audit := h.auditCount()
		if code := h.post(notification(byAdmin.Number+"-1", "settlement", "36000.00", nil)); code != http.StatusOK {
			t.Errorf("already paid answered %d", code)
		}
		if len(h.outbox("603")) != 0 || h.auditCount() != audit {
			t.Error("a payment for an order paid by an admin did something")
		}

		// Money after the order expired: the customer and the admins are told once.
		late := h.order("604")
		h.clock.Advance(25 * time.Hour)
		if _, err := h.shop.ExpireDue(context.Background(), 10); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if code := h.post(notification(late.Number+"-3", "settlement", "36000.00", nil)); code != http.StatusOK {
				t.Errorf("late payment answered %d", code)
			}
		}
		if got := h.reload(late.Number); got.Status != lapak.StatusExpired {
			t.Errorf("late payment: status %s", got.Status)
		}
		if out := h.outbox("604"); len(out) != 2 || !strings.Contains(out[0], "otomatis batal") ||
			!strings.Contains(out[1], "pembayaran Rp36.000 untuk pesanan "+late.Number+" sudah masuk, tapi pesanannya sudah kedaluwarsa") {
			t.Errorf("late payment told %q", out)
		}
	})
}

func TestNotificationHTTP(t *testing.T) {
	gatewayTest(t, func(t *testing.T, h *harness) {
		if code := h.postRaw(http.MethodGet, nil); code != http.StatusMethodNotAllowed {
			t.Errorf("GET answered %d", code)
		}
		if code := h.postRaw(http.MethodPost, []byte("{not json")); code != http.StatusBadRequest {
			t.Errorf("bad JSON answered %d", code)
		}
		big := append([]byte(`{"order_id":"`), bytes.Repeat([]byte("x"), midtrans.MaxNotificationBody)...)
		if code := h.postRaw(http.MethodPost, append(big, `"}`...)); code != http.StatusRequestEntityTooLarge {
			t.Errorf("a body over 1 MiB answered %d", code)
		}
		// gross_amount as a JSON number is signed as written.
		o := h.order("605")
		b := []byte(fmt.Sprintf(`{"order_id":%q,"status_code":"200","gross_amount":36000.00,"transaction_status":"settlement",`+
			`"transaction_id":"t-num","currency":"IDR","signature_key":%q}`, o.Number+"-1", sign(o.Number+"-1", "200", "36000.00")))
		if code := h.postRaw(http.MethodPost, b); code != http.StatusOK {
			t.Errorf("numeric gross_amount answered %d", code)
		}
		if got := h.reload(o.Number); got.Status != lapak.StatusPaid {
			t.Errorf("numeric gross_amount: status %s", got.Status)
		}
	})
}

func TestOrderIDs(t *testing.T) {
	for _, tc := range []struct {
		id     string
		number string
		ok     bool
	}{
		{"K7M-4QP-1", "K7M-4QP", true},
		{"AAA-346-12", "AAA-346", true},
		{midtrans.OrderID("K7M-4QP", 3), "K7M-4QP", true},
		{"K7M-4QP", "", false},
		{"K7M-4QP-", "", false},
		{"-1", "", false},
		{"ORDER-101x", "", false},
	} {
		n, ok := midtrans.OrderNumber(tc.id)
		if n != tc.number || ok != tc.ok {
			t.Errorf("OrderNumber(%q) = %q, %v; want %q, %v", tc.id, n, ok, tc.number, tc.ok)
		}
	}
	if got, want := midtrans.Signature("K7M-4QP-1", "200", "36000.00", serverKey), sign("K7M-4QP-1", "200", "36000.00"); got != want {
		t.Errorf("Signature = %s, want %s", got, want)
	}
}

func TestAPIErrors(t *testing.T) {
	taken := &midtrans.APIError{Status: 400, Messages: []string{"transaction_details.order_id has already been taken"}}
	if !errors.Is(taken, midtrans.ErrOrderIDTaken) {
		t.Error("taken order id not recognised")
	}
	other := &midtrans.APIError{Status: 400, Messages: []string{"transaction_details.gross_amount is not equal to the sum of item_details"}}
	if errors.Is(other, midtrans.ErrOrderIDTaken) {
		t.Error("another 400 read as a taken order id")
	}
}

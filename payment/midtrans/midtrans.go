package midtrans

import (
	"context"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lapak-id/lapak"
	lapakhttp "github.com/lapak-id/lapak/http"
	"github.com/lapak-id/lapak/shop"
)

// Name is the gateway's name in the audit log ("midtrans:<transaction id>").
const Name = "midtrans"

// NotificationPath is where Midtrans posts payment notifications; the
// dashboard's Payment Notification URL points here.
const NotificationPath = "/midtrans/notification"

// MaxNotificationBody bounds one notification; Midtrans's are a few KiB.
const MaxNotificationBody = 1 << 20

// Store is the storage side of the gateway (storage.Store implements it).
type Store interface {
	OrderByNumber(ctx context.Context, number string) (lapak.Order, error)
	ClaimPaymentLinks(ctx context.Context, limit int, lease time.Duration) ([]lapak.PaymentLinkJob, error)
	SavePaymentLink(ctx context.Context, orderID int64, url string, notice func(lapak.Order, lapak.Customer) []lapak.Envelope) (bool, error)
	PaymentLinkFailed(ctx context.Context, orderID int64, next time.Time, reason string, late func(context.Context, lapak.AdminTx, lapak.Order, lapak.Customer) ([]lapak.Envelope, error)) error
}

// Notices word what the gateway tells people (flows.Engine).
type Notices struct {
	// Link gives the customer the payment page of their order.
	Link func(lapak.Order, lapak.Customer) []lapak.Envelope
	// Late tells the customer (and the admins, with the reason) that the
	// link could not be made yet; queued once per order, in the
	// transaction that records it (the admins are read there).
	Late func(ctx context.Context, tx lapak.AdminTx, o lapak.Order, c lapak.Customer, reason string) ([]lapak.Envelope, error)
}

// Options configures a Gateway.
type Options struct {
	ServerKey string // secret: never logged
	BaseURL   string // SandboxURL, ProductionURL or a test server
	// HTTPClient calls Snap; nil gets a 30-second timeout.
	HTTPClient *http.Client
	Store      Store
	Notices    Notices
	// Shop confirms the payments (shop.ConfirmGatewayPayment), each in a
	// transaction of its own: the order paid, the audit entry, the
	// customer and the admins told.
	Shop *shop.Shop
	// Queued is called after messages were queued (bot.Sender.Notify).
	Queued func()
	Logger *slog.Logger
	Now    func() time.Time
	// LateAfter is the failed attempts after which the customer is told
	// the link is late; default 3 (about 1½ minutes of retries).
	LateAfter int
}

// Gateway is the Midtrans adapter: the payment-link job and the
// notification endpoint.
type Gateway struct {
	opt    Options
	client *Client
	log    *slog.Logger
}

// New returns a Gateway.
func New(opt Options) *Gateway {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.LateAfter <= 0 {
		opt.LateAfter = 3
	}
	if opt.Queued == nil {
		opt.Queued = func() {}
	}
	return &Gateway{opt: opt, client: NewClient(opt.ServerKey, opt.BaseURL, opt.HTTPClient), log: opt.Logger}
}

// ---- payment links ----

// Link job timing: a batch is asked one order after another, so its lease
// outlasts the client's 30-second timeout for each; failures are retried
// after linkBackoff.
const (
	linkBatch = 5
	linkLease = 5 * time.Minute
)

// LinkInterval is how often the payment-link job looks for due orders,
// besides being woken after each new order.
const LinkInterval = 5 * time.Second

// linkBackoff is the wait after failed attempt n: 30s, 1m, 2m, … up to 15m,
// until the order is paid another way, cancelled or expires.
func linkBackoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < 15*time.Minute; i++ {
		d *= 2
	}
	return min(d, 15*time.Minute)
}

// MakeDueLinks is one pass of the payment-link job: batches of MakeLinks
// until no more orders are due. It returns how many orders it took.
func (g *Gateway) MakeDueLinks(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := g.MakeLinks(ctx)
		total += n
		if err != nil || n < linkBatch {
			return total, err
		}
	}
}

// MakeLinks takes one batch of gateway orders that wait for their payment
// link and asks Snap for each, outside any transaction; it returns how many
// orders it took. Each outcome is stored in a transaction of its own: the
// link with the customer's message, or the failure with the next try.
func (g *Gateway) MakeLinks(ctx context.Context) (int, error) {
	jobs, err := g.opt.Store.ClaimPaymentLinks(ctx, linkBatch, linkLease)
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, j := range jobs {
		if err := g.makeLink(ctx, j); err != nil {
			errs = append(errs, err)
		}
	}
	return len(jobs), errors.Join(errs...)
}

func (g *Gateway) makeLink(ctx context.Context, j lapak.PaymentLinkJob) error {
	o := j.Order
	link, err := g.client.CreateTransaction(ctx, o, j.Attempt, g.opt.Now())
	if err == nil {
		saved, err := g.opt.Store.SavePaymentLink(ctx, o.ID, link, g.opt.Notices.Link)
		if err != nil {
			return err
		}
		if saved {
			g.log.Info("midtrans: payment link made", "order", o.Number, "attempt", j.Attempt)
			g.opt.Queued()
		}
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err() // shutting down: the lease brings the order back
	}
	next := g.opt.Now().Add(linkBackoff(j.Attempt))
	if errors.Is(err, ErrOrderIDTaken) {
		// An earlier attempt reached Snap but its link was never stored;
		// the next attempt has a new order id and may go at once.
		next = g.opt.Now()
	}
	reason := err.Error()
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized {
		reason += " (check LAPAK_MIDTRANS_SERVER_KEY: a sandbox key starts with SB-)"
	}
	g.log.Warn("midtrans: payment link failed", "order", o.Number, "attempt", j.Attempt, "retry_at", next, "err", reason)
	var late func(context.Context, lapak.AdminTx, lapak.Order, lapak.Customer) ([]lapak.Envelope, error)
	if j.Attempt >= g.opt.LateAfter && g.opt.Notices.Late != nil {
		late = func(ctx context.Context, tx lapak.AdminTx, o lapak.Order, c lapak.Customer) ([]lapak.Envelope, error) {
			return g.opt.Notices.Late(ctx, tx, o, c, reason)
		}
	}
	if err := g.opt.Store.PaymentLinkFailed(ctx, o.ID, next, reason, late); err != nil {
		return err
	}
	if late != nil {
		g.opt.Queued()
	}
	return nil
}

// ---- notifications ----

// Signature is Midtrans's signature_key of a notification:
// hex(SHA-512(order_id + status_code + gross_amount + server key)).
func Signature(orderID, statusCode, grossAmount, serverKey string) string {
	sum := sha512.Sum512([]byte(orderID + statusCode + grossAmount + serverKey))
	return hex.EncodeToString(sum[:])
}

// jsonText reads a JSON string, or a number as written: the signature is
// over the text exactly as Midtrans sent it.
type jsonText string

func (t *jsonText) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = jsonText(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("not a string or a number: %s", clipRunes(string(b), 40))
	}
	*t = jsonText(n.String())
	return nil
}

// notification is the part of Midtrans's HTTP notification Lapak reads.
type notification struct {
	OrderID           jsonText `json:"order_id"`
	StatusCode        jsonText `json:"status_code"`
	GrossAmount       jsonText `json:"gross_amount"`
	SignatureKey      string   `json:"signature_key"`
	TransactionStatus string   `json:"transaction_status"`
	TransactionID     string   `json:"transaction_id"`
	FraudStatus       string   `json:"fraud_status"`
	PaymentType       string   `json:"payment_type"`
	Currency          string   `json:"currency"`
}

// parseAmount reads Midtrans's gross_amount ("152000.00"): whole rupiah,
// with an optional fraction of zeros.
func parseAmount(s string) (lapak.Money, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 13 || strings.Trim(frac, "0") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || n < 0 || lapak.Money(n) > lapak.MaxMoney || strings.ContainsAny(whole, "+-") {
		return 0, false
	}
	return lapak.Money(n), true
}

// Handler serves Midtrans's payment notifications (mount it at
// NotificationPath): POST only (405), at most 1 MiB (413). A missing or
// wrong signature_key gets 401 and changes nothing; an order id that is not
// one of our orders 404. settlement, and capture with fraud_status accept,
// pay the order; every other status (pending, deny, cancel, expire, …)
// changes nothing, as does a repeat. Those answer 200, and so does an
// amount that is not the order's total (logged: retrying cannot fix it);
// a failure to store answers 500, so Midtrans sends it again.
func (g *Gateway) Handler() http.Handler {
	key := g.opt.ServerKey
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		body, ok := lapakhttp.ReadBody(w, r, MaxNotificationBody)
		if !ok {
			return
		}
		var n notification
		if err := json.Unmarshal(body, &n); err != nil {
			g.log.Warn("midtrans: notification is not JSON", "remote", r.RemoteAddr, "err", err)
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		want := Signature(string(n.OrderID), string(n.StatusCode), string(n.GrossAmount), key)
		if key == "" || subtle.ConstantTimeCompare([]byte(strings.ToLower(n.SignatureKey)), []byte(want)) != 1 {
			g.log.Warn("midtrans: notification with a wrong or missing signature_key, ignored",
				"remote", r.RemoteAddr, "order_id", clipRunes(string(n.OrderID), 60))
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		code, text := g.notify(r.Context(), n)
		http.Error(w, text, code)
	})
}

// notify acts on a verified notification and returns the HTTP answer.
func (g *Gateway) notify(ctx context.Context, n notification) (int, string) {
	log := g.log.With("order_id", string(n.OrderID), "transaction_status", n.TransactionStatus, "transaction_id", n.TransactionID)
	number, ok := OrderNumber(string(n.OrderID))
	if !ok {
		log.Warn("midtrans: notification for an order id Lapak did not make")
		return http.StatusNotFound, "unknown order"
	}
	o, err := g.opt.Store.OrderByNumber(ctx, number)
	if errors.Is(err, lapak.ErrNotFound) {
		log.Warn("midtrans: notification for an unknown order")
		return http.StatusNotFound, "unknown order"
	}
	if err != nil {
		log.Error("midtrans: reading the order of a notification", "err", err)
		return http.StatusInternalServerError, "not processed"
	}
	paid := n.TransactionStatus == "settlement" || n.TransactionStatus == "capture" && n.FraudStatus == "accept"
	if !paid {
		// pending waits; deny, cancel, expire and failure leave the order
		// open: the customer may try again on the same page until the
		// order's own expiry. Refunds and chargebacks are the seller's.
		level := slog.LevelInfo
		if strings.Contains(n.TransactionStatus, "refund") || n.TransactionStatus == "chargeback" || n.TransactionStatus == "capture" {
			level = slog.LevelWarn
		}
		log.Log(ctx, level, "midtrans: notification changes nothing", "order", o.Number, "fraud_status", n.FraudStatus)
		return http.StatusOK, "ok"
	}
	amount, ok := parseAmount(string(n.GrossAmount))
	if !ok || n.TransactionID == "" || n.Currency != "" && n.Currency != "IDR" {
		log.Error("midtrans: paid notification with an unreadable amount, currency or transaction id; order unchanged",
			"gross_amount", string(n.GrossAmount), "currency", n.Currency)
		return http.StatusBadRequest, "bad amount"
	}
	var outcome lapak.GatewayOutcome
	err = g.opt.Shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		_, outcome, err = g.opt.Shop.ConfirmGatewayPayment(ctx, tx, lapak.GatewayPayment{Gateway: Name, Number: o.Number,
			Ref: n.TransactionID, Amount: amount, Method: n.PaymentType})
		return err
	})
	switch {
	case errors.Is(err, lapak.ErrAmountMismatch):
		log.Error("midtrans: paid amount is not the order total; order unchanged, check it in the Midtrans dashboard",
			"order", o.Number, "gross_amount", string(n.GrossAmount), "total", int64(o.Total))
		return http.StatusOK, "amount mismatch"
	case errors.Is(err, lapak.ErrNotFound):
		return http.StatusNotFound, "unknown order"
	case err != nil:
		log.Error("midtrans: storing a payment", "order", o.Number, "err", err)
		return http.StatusInternalServerError, "not processed"
	}
	switch outcome {
	case lapak.GatewayPaidNow:
		log.Info("midtrans: order paid", "order", o.Number, "amount", int64(amount))
		g.opt.Queued()
	case lapak.GatewayLate:
		log.Warn("midtrans: payment for an order that had closed; customer and admins told", "order", o.Number)
		g.opt.Queued()
	default:
		log.Info("midtrans: notification changes nothing", "order", o.Number, "outcome", string(outcome))
	}
	return http.StatusOK, "ok"
}

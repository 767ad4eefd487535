// Package midtrans is Lapak's payment gateway adapter for Midtrans: it asks
// the Snap API for a payment page per order (a background job, never inside
// a message's transaction) and serves Midtrans's HTTP payment notifications,
// verified by their signature. It changes orders only through its Store
// (storage.Store) and words nothing itself: the messages come from Notices
// (flows.Engine), the payment page's item names from package text.
package midtrans

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// Snap's base URLs; the server key decides which one is meant (config).
const (
	SandboxURL    = "https://app.sandbox.midtrans.com"
	ProductionURL = "https://app.midtrans.com"
)

// maxResponse bounds what we read of a Snap answer.
const maxResponse = 1 << 20

// ErrOrderIDTaken is Snap refusing an order id it has seen before (HTTP 400
// "transaction_details.order_id has already been taken"): the attempt made
// the transaction but its link was lost. The next attempt uses a new id.
var ErrOrderIDTaken = errors.New("midtrans: order_id has already been taken")

// APIError is a refusal from the Snap API, with Midtrans's own messages.
// It never holds the server key.
type APIError struct {
	Status   int
	Messages []string
}

func (e *APIError) Error() string {
	if len(e.Messages) == 0 {
		return fmt.Sprintf("midtrans: snap answered HTTP %d", e.Status)
	}
	return fmt.Sprintf("midtrans: snap answered HTTP %d: %s", e.Status, strings.Join(e.Messages, "; "))
}

// Unwrap makes errors.Is(err, ErrOrderIDTaken) true for a reused order id.
func (e *APIError) Unwrap() error {
	if e.Status < 400 || e.Status >= 500 {
		return nil
	}
	for _, m := range e.Messages {
		m = strings.ToLower(m)
		if strings.Contains(m, "order_id") && (strings.Contains(m, "taken") || strings.Contains(m, "utilized") || strings.Contains(m, "digunakan")) {
			return ErrOrderIDTaken
		}
	}
	return nil
}

// OrderID is the Snap order id of one attempt at an order's payment page:
// the order number and the attempt ("K7M-4QP-1"). Snap takes an order id
// once per account, so an attempt whose link was lost (a crash between the
// call and the commit) is never asked again under the same id.
func OrderID(number string, attempt int) string { return number + "-" + strconv.Itoa(attempt) }

// OrderNumber reads our order number back from a Snap order id; ok is false
// for an id we did not make.
func OrderNumber(orderID string) (string, bool) {
	i := strings.LastIndexByte(orderID, '-')
	if i <= 0 || i == len(orderID)-1 || len(orderID)-i > 10 {
		return "", false
	}
	for _, c := range orderID[i+1:] {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	return orderID[:i], true
}

// Client calls the Snap API with the merchant's server key.
type Client struct {
	key  string
	base string
	http *http.Client
}

// NewClient returns a client for base (SandboxURL, ProductionURL or a test
// server). A nil hc gets a 30-second timeout.
func NewClient(serverKey, base string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{key: serverKey, base: strings.TrimRight(base, "/"), http: hc}
}

// wib is the time zone of Snap's timestamps.
var wib = time.FixedZone("WIB", 7*60*60)

type snapRequest struct {
	TransactionDetails struct {
		OrderID     string `json:"order_id"`
		GrossAmount int64  `json:"gross_amount"`
	} `json:"transaction_details"`
	ItemDetails     []snapItem    `json:"item_details,omitempty"`
	CustomerDetails *snapCustomer `json:"customer_details,omitempty"`
	Expiry          *snapExpiry   `json:"expiry,omitempty"`
}

type snapItem struct {
	ID       string `json:"id"`
	Price    int64  `json:"price"`
	Quantity int    `json:"quantity"`
	Name     string `json:"name"`
}

type snapCustomer struct {
	FirstName string `json:"first_name,omitempty"`
	Phone     string `json:"phone,omitempty"`
}

type snapExpiry struct {
	StartTime string `json:"start_time"`
	Unit      string `json:"unit"`
	Duration  int64  `json:"duration"`
}

// clipRunes cuts s to n characters: Snap refuses longer item names and ids.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// newSnapRequest describes the order to Snap. The items are sent only when
// they add up to the total (Snap's rule), shipping and discount included;
// the payment expires with the order, so a link cannot be paid after the
// order released its stock. The extra items are named in Indonesian, from
// the text catalog.
func newSnapRequest(o lapak.Order, attempt int, now time.Time) snapRequest {
	var r snapRequest
	r.TransactionDetails.OrderID = OrderID(o.Number, attempt)
	r.TransactionDetails.GrossAmount = int64(o.Total)
	var sum lapak.Money
	add := func(id, name string, price lapak.Money, qty int) {
		r.ItemDetails = append(r.ItemDetails, snapItem{ID: clipRunes(id, 50), Price: int64(price), Quantity: qty, Name: clipRunes(name, 50)})
		sum += price.Mul(qty)
	}
	for _, it := range o.Items {
		add(it.SKU, it.Title(), it.UnitPrice, it.Qty)
	}
	if o.ShippingFee > 0 {
		add("ONGKIR", text.Get(lapak.Indonesian, text.GatewayItemShipping, o.Zone), o.ShippingFee, 1)
	}
	if o.Discount > 0 {
		add("DISKON", text.Get(lapak.Indonesian, text.GatewayItemDiscount), -o.Discount, 1)
	}
	if o.UniqueCode > 0 {
		add("KODE-UNIK", text.Get(lapak.Indonesian, text.GatewayItemUniqueCode), o.UniqueCode, 1)
	}
	if sum != o.Total {
		r.ItemDetails = nil
	}
	if o.Recipient != "" || o.Phone != "" {
		c := &snapCustomer{FirstName: clipRunes(o.Recipient, 255)}
		if o.Phone != "" {
			c.Phone = "+" + o.Phone
		}
		r.CustomerDetails = c
	}
	if o.ExpiresAt != nil {
		minutes := int64(o.ExpiresAt.Sub(now) / time.Minute)
		r.Expiry = &snapExpiry{StartTime: now.In(wib).Format("2006-01-02 15:04:05 -0700"), Unit: "minute", Duration: max(minutes, 1)}
	}
	return r
}

// CreateTransaction asks Snap for the payment page of attempt at order o and
// returns its URL. A refusal is an *APIError (ErrOrderIDTaken for a reused id).
func (c *Client) CreateTransaction(ctx context.Context, o lapak.Order, attempt int, now time.Time) (string, error) {
	body, err := json.Marshal(newSnapRequest(o, attempt, now))
	if err != nil {
		return "", fmt.Errorf("midtrans: encoding snap request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/snap/v1/transactions", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("midtrans: snap request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(c.key, "") // Snap's auth: the server key as user, no password
	resp, err := c.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("midtrans: calling snap: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return "", fmt.Errorf("midtrans: reading snap answer: %w", err)
	}
	var out struct {
		Token         string   `json:"token"`
		RedirectURL   string   `json:"redirect_url"`
		ErrorMessages []string `json:"error_messages"`
	}
	jsonErr := json.Unmarshal(raw, &out)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		msgs := out.ErrorMessages
		for i, m := range msgs {
			msgs[i] = clipRunes(m, 200)
		}
		if len(msgs) > 5 {
			msgs = msgs[:5]
		}
		return "", &APIError{Status: resp.StatusCode, Messages: msgs}
	}
	if jsonErr != nil {
		return "", fmt.Errorf("midtrans: snap answer HTTP %d is not JSON: %w", resp.StatusCode, jsonErr)
	}
	u, err := url.Parse(out.RedirectURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(out.RedirectURL) > 2000 {
		return "", fmt.Errorf("midtrans: snap answer HTTP %d has no usable redirect_url", resp.StatusCode)
	}
	return out.RedirectURL, nil
}

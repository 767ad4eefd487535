package main

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
)

const midtransKey = "SB-Mid-server-CMDtestCMDtestCMDtest"

// fakeSnap answers Snap's create-transaction call the way Snap does, with a
// redirect_url made from the order id.
func fakeSnap(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _, _ := r.BasicAuth()
		if r.URL.Path != "/snap/v1/transactions" || user != midtransKey {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error_messages":["Access denied due to unauthorized transaction, please check client or server key"]}`)
			return
		}
		var body struct {
			TransactionDetails struct {
				OrderID string `json:"order_id"`
			} `json:"transaction_details"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"token":"tok-%[1]s","redirect_url":"https://app.sandbox.midtrans.com/snap/v4/redirection/tok-%[1]s"}`, body.TransactionDetails.OrderID)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// onlinePurchase is the purchase, paid online.
var onlinePurchase = strings.Replace(purchase, "transfer\n", "online\n", 1)

// `lapak chat` shows the payment link right after the order, before the
// next prompt.
func TestChatShowsPaymentLink(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_MIDTRANS_SERVER_KEY"] = midtransKey
	s.env["LAPAK_MIDTRANS_API_URL"] = fakeSnap(t).URL
	r := s.ok(onlinePurchase, "chat", "--user", "siti")
	m := orderNumber.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no order number:\n%s", r.stdout)
	}
	for _, want := range []string{"Bayar online (e-wallet, VA, kartu) via Midtrans", "Link pembayarannya lagi kami siapkan",
		"Link pembayaran pesanan " + m[1] + " sudah siap", "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-" + m[1] + "-1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("chat output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout+r.stderr, midtransKey) {
		t.Error("the server key was printed")
	}
}

// logWatch is serve's log: it hands over the address the HTTP server
// listens on (LAPAK_HTTP_LISTEN) once it is logged, and on legacy (when not
// nil) an address from a deprecated setting.
type logWatch struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	addr   chan string
	legacy chan string
}

var listenLine = regexp.MustCompile(`"http: serving" listen=(\S+) setting=(\S+)`)

func (w *logWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if m := listenLine.FindSubmatch(p); m != nil {
		if string(m[2]) == "LAPAK_HTTP_LISTEN" {
			w.addr <- string(m[1])
		} else if w.legacy != nil {
			w.legacy <- string(m[1])
		}
	}
	return w.buf.Write(p)
}

func (w *logWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func signedNotification(orderID, status, gross string) []byte {
	sum := sha512.Sum512([]byte(orderID + "200" + gross + midtransKey))
	b, _ := json.Marshal(map[string]any{
		"transaction_time": "2025-11-26 16:05:00", "transaction_status": status, "transaction_id": "b0c5a8e2-6d0e-4c9a-9a0f-1e0f3d2c7a11",
		"status_message": "midtrans payment notification", "status_code": "200", "signature_key": hex.EncodeToString(sum[:]),
		"settlement_time": "2025-11-26 16:06:12", "payment_type": "gopay", "order_id": orderID, "merchant_id": "G812785002",
		"gross_amount": gross, "fraud_status": "accept", "currency": "IDR",
	})
	return b
}

// A seller with a Midtrans key: a customer orders on Telegram and gets the
// payment link there; Midtrans's signed notification over HTTP makes the
// order paid, and the customer and the admin are told.
func TestServeTakesMidtransPayments(t *testing.T) {
	s := newShop(t)
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = telegramtest.Token
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	s.env["LAPAK_ADMINS"] = "telegram:999"
	s.env["LAPAK_MIDTRANS_SERVER_KEY"] = midtransKey
	s.env["LAPAK_MIDTRANS_API_URL"] = fakeSnap(t).URL

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &logWatch{addr: make(chan string, 1)}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, strings.NewReader(""), &bytes.Buffer{}, logs, func(k string) string { return s.env[k] })
	}()
	wait, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	var addr string
	select {
	case addr = <-logs.addr:
	case <-wait.Done():
		t.Fatalf("the HTTP server never came up:\n%s", logs)
	}
	endpoint := "http://" + addr + "/midtrans/notification"

	budi := telegramtest.User{ID: 4242, FirstName: "Budi"}
	for _, line := range strings.Split(strings.TrimSpace(onlinePurchase), "\n") {
		tg.SendText(budi, line)
	}
	placed := waitText(wait, t, tg, budi.ID, "No. pesanan")
	number := orderNumber.FindStringSubmatch(placed.Text)[1]
	link := waitText(wait, t, tg, budi.ID, "Link pembayaran pesanan "+number+" sudah siap")
	if !strings.Contains(link.Text, "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-"+number+"-1") {
		t.Fatalf("link message:\n%s", link.Text)
	}

	post := func(body []byte) int {
		resp, err := http.Post(endpoint, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// A forgery first: refused, nothing changes.
	forged := bytes.Replace(signedNotification(number+"-1", "settlement", "49000.00"), []byte(`"signature_key":"`), []byte(`"signature_key":"00`), 1)
	if code := post(forged); code != http.StatusUnauthorized {
		t.Errorf("forged notification answered %d", code)
	}
	if code := post(signedNotification(number+"-1", "settlement", "49000.00")); code != http.StatusOK {
		t.Fatalf("notification answered %d\n%s", code, logs)
	}
	waitText(wait, t, tg, budi.ID, "Pembayaran pesanan "+number+" sudah kami terima")
	waitText(wait, t, tg, 999, "Pesanan "+number+" sudah dibayar online via Midtrans: Rp49.000 (gopay)")
	if code := post(signedNotification(number+"-1", "settlement", "49000.00")); code != http.StatusOK {
		t.Errorf("repeated notification answered %d", code)
	}

	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exit %d:\n%s", code, logs)
	}
	if strings.Contains(logs.String(), midtransKey) {
		t.Errorf("the server key was logged:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "wrong or missing signature_key") {
		t.Errorf("the forgery was not logged:\n%s", logs)
	}
	paid := 0
	for _, m := range tg.Sent(budi.ID) {
		if strings.Contains(m.Text, "Pembayaran pesanan "+number+" sudah kami terima") {
			paid++
		}
	}
	if paid != 1 {
		t.Errorf("customer told %d times, want once", paid)
	}
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o, err := st.OrderByNumber(context.Background(), number)
	if err != nil || o.Status != lapak.StatusPaid || o.PaymentMethod != lapak.PayGateway || o.UniqueCode != 0 {
		t.Errorf("order %+v (%v)", o, err)
	}
	audit, err := st.AuditLog(context.Background())
	if err != nil || len(audit) != 1 || audit[0].Actor.String() != "midtrans:b0c5a8e2-6d0e-4c9a-9a0f-1e0f3d2c7a11" {
		t.Errorf("audit %+v (%v)", audit, err)
	}
}

// A port that is taken stops serve at the start, saying which setting to
// change: LAPAK_HTTP_LISTEN, or a deprecated address still in use.
func TestServeRefusesATakenPort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	for _, key := range []string{"LAPAK_HTTP_LISTEN", "LAPAK_MIDTRANS_LISTEN"} {
		t.Run(key, func(t *testing.T) {
			s := newShop(t)
			s.env["LAPAK_MIDTRANS_SERVER_KEY"] = midtransKey
			s.env[key] = taken.Addr().String()
			r := s.run("", "serve")
			want := "lapak: http: cannot listen on " + taken.Addr().String() + " (" + key + "): bind: address already in use"
			if r.code != 1 || !strings.Contains(r.stderr, want) {
				t.Errorf("exit %d, want 1 and %q\n%s", r.code, want, r.stderr)
			}
			if strings.Contains(r.stderr, "http: serving") {
				t.Errorf("served on the other address anyway:\n%s", r.stderr)
			}
		})
	}
}

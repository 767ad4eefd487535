package dashboard

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// chat runs one message of customer chat through the store, fn changing
// what the conversation changes.
func (h *harness) chat(chat, id string, fn lapak.HandleFunc) {
	h.t.Helper()
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: id, ChatID: chat, SenderName: "Budi", Text: "halo"}
	if err := h.st.HandleInbound(context.Background(), in, fn); err != nil {
		h.t.Fatal(err)
	}
}

func TestCustomersListAndDetail(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		seedCatalog(t, h)
		ori := variantOf(h.productBySKU("KRP-ORI"), "KRP-ORI")
		var number string
		var id int64
		h.chat("500", "m1", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			c.Customer.Name, c.Customer.Phone = "Siti "+xssName, "081234567"
			id = c.Customer.ID
			o := lapak.Order{CustomerID: c.Customer.ID, PaymentMethod: lapak.PayTransfer, Delivery: lapak.DeliveryCourier,
				Address: "Jl. Melati 5, Bandung", Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 2}}}
			if err := tx.PlaceOrder(ctx, &o); err != nil {
				return err
			}
			number = o.Number
			return tx.SaveAddress(ctx, &lapak.Address{CustomerID: c.Customer.ID, Text: "Jl. Melati 5, Bandung", Zone: "Bandung"})
		})
		h.clock.Advance(time.Hour)
		optedOut := h.clock.Now().Format("02/01/2006 15.04")
		h.chat("500", "m2", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			at := h.clock.Now()
			c.Customer.OptedOut, c.Customer.OptedOutAt = true, &at
			return nil
		})
		h.chat("600", "m3", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			c.Customer.Name = "Budi Santoso"
			return nil
		})

		b := h.loginAs(lapak.RoleStaff)
		code, body := b.get("/dashboard/customers")
		if code != http.StatusOK {
			t.Fatalf("customers: %d\n%s", code, body)
		}
		row := fmt.Sprintf(`id="customer-%d"`, id)
		mustContain(t, body, row, "Siti &lt;script&gt;", "081234567", `data-optedout="1"`, "telegram", "Budi Santoso", "2 pelanggan", "03/12/2026")
		if strings.Contains(body, xssName) {
			t.Error("a script in a customer's name reached the page")
		}
		// Budi was active last: first.
		if strings.Index(body, "Budi Santoso") > strings.Index(body, row) {
			t.Error("the latest active customer is not first")
		}
		_, body = b.get("/dashboard/customers?q=0812")
		mustContain(t, body, row, "1 pelanggan")
		_, body = b.get("/dashboard/customers?q=santoso")
		if strings.Contains(body, row) {
			t.Error("search shows another customer")
		}

		code, body = b.get(fmt.Sprintf("/dashboard/customers/%d", id))
		if code != http.StatusOK {
			t.Fatalf("customer: %d\n%s", code, body)
		}
		mustContain(t, body, `href="/dashboard/orders/`+number+`"`, "menunggu pembayaran", "Jl. Melati 5, Bandung", "Bandung",
			"Tidak mau menerima promo sejak "+optedOut, fmt.Sprintf(`href="/dashboard/inbox/%d"`, id), `id="customer-channel">telegram`,
			"1 pesanan", "Tidak lewat reseller.")
		if strings.Contains(body, xssName) {
			t.Error("a script in a customer's name reached the detail page")
		}
		if code, _ := b.get("/dashboard/customers/99999"); code != http.StatusNotFound {
			t.Errorf("unknown customer: %d", code)
		}
		if code, _ := b.get("/dashboard/customers/abc"); code != http.StatusNotFound {
			t.Errorf("bad id: %d", code)
		}
	})
}

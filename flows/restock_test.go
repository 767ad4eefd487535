package flows_test

import (
	"context"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

// A customer asks to hear when a sold-out product is back; the seller adds
// stock; the customer gets one message, and only one.
func TestRestockNoticeOnceWhenStockIsBack(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "restock")
		c.expect("/start p_RMP-KCG", "Rempeyek Kacang", "stok habis", "Kabari kalau ready")
		c.expect("kabari kalau ready ya kak", "aku kabari", "Rempeyek Kacang")
		c.expect("tolong infoin kalo udah restok ya kak", "aku kabari") // asking twice waits once
		other := h.customer(t, "restock-2")
		other.expectPress("restock:6", "aku kabari")

		notify := func() []lapak.Envelope {
			t.Helper()
			var sent []lapak.Envelope
			_, err := h.s.NotifyRestocked(context.Background(), 10, nil, func(p lapak.Product, cu lapak.Customer) []lapak.Envelope {
				envs := h.e.RestockNotice(p, cu)
				sent = append(sent, envs...)
				return envs
			})
			if err != nil {
				t.Fatal(err)
			}
			return sent
		}
		if sent := notify(); len(sent) != 0 {
			t.Fatalf("told while still sold out: %+v", sent)
		}
		admin := h.customer(t, admin.ChatID)
		admin.expect("/stok RMP-KCG 10", "RMP-KCG")
		sent := notify()
		if len(sent) != 2 {
			t.Fatalf("want one message to each of the two customers, got %+v", sent)
		}
		for _, env := range sent {
			if !strings.Contains(env.Msg.Text, "Rempeyek Kacang sudah ready lagi") || env.Class != lapak.PaceBulk || len(env.Msg.Choices) == 0 {
				t.Fatalf("notice %+v", env)
			}
		}
		if sent := notify(); len(sent) != 0 {
			t.Fatalf("told twice: %+v", sent)
		}
		// The button under the notice adds the product.
		c.expectPress(sent0(t, sent, "restock").Msg.Choices[0].ID, "Mau berapa Rempeyek Kacang")
	})
}

func sent0(t *testing.T, envs []lapak.Envelope, chat string) lapak.Envelope {
	t.Helper()
	for _, e := range envs {
		if e.To.ChatID == chat {
			return e
		}
	}
	t.Fatalf("nothing to %s in %+v", chat, envs)
	return lapak.Envelope{}
}

package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows"
)

// An admin takes a customer's chat over from chat (/ambil), answers as the
// shop (/balas: the message goes to the customer's chat, kept in their
// chat log as the admin's) and gives it back (/lepas), naming the chat by
// phone or order number; a customer typing the commands gets the ordinary
// chat. The audit log names the admin.
func TestDeskTakesOverRepliesAndHandsBack(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		h.clock.Set(start)
		h.e = flows.New(flows.Options{Shop: testShop(), HandoverIdle: 20 * time.Minute})
		ani := h.customer(t, "501")
		ani.say("halo")
		ani.do(func(_ context.Context, _ lapak.ShopTx, c *lapak.Conversation) error {
			c.Customer.Name, c.Customer.Phone = "Ani", "6281234567890"
			return nil
		})
		boss := h.customer(t, "999")

		boss.expect("/ambil 0812-3456-7890", "✋ Chat dengan Ani (telegram:501, +6281234567890) diambil alih sampai 16.20", "/lepas 0812-3456-7890")
		if tk := ani.record().Takeover; tk.By != "admin:telegram:999" || !tk.Until.Equal(start.Add(20*time.Minute)) {
			t.Fatalf("takeover %+v", tk)
		}

		boss.expect("/balas 081234567890 Halo kak Ani, stoknya ada 👍", "✅ Terkirim ke Ani")
		var sent []lapak.Envelope
		for _, n := range boss.notes {
			if n.To.ChatID == "501" {
				sent = append(sent, n)
			}
		}
		if len(sent) != 1 || sent[0].Msg.Text != "Halo kak Ani, stoknya ada 👍" || sent[0].By != "telegram:999" || sent[0].Class != lapak.PaceReply {
			t.Fatalf("sent to the customer: %+v", sent)
		}
		log, err := h.s.ChatLog(context.Background(), ani.record().ID, 0, 10)
		if err != nil || len(log) == 0 {
			t.Fatalf("chat log %+v %v", log, err)
		}
		if last := log[len(log)-1]; !last.Out || last.By != "telegram:999" || last.Text != "Halo kak Ani, stoknya ada 👍" {
			t.Fatalf("the reply is logged as %+v", last)
		}

		boss.expect("/lepas 6281234567890", "🤖 Chat dengan Ani (telegram:501, +6281234567890) dikembalikan ke bot.")
		if tk := ani.record().Takeover; tk.Active(h.clock.Now()) {
			t.Fatalf("still taken over: %+v", tk)
		}
		// A reply in a chat the bot has takes it over.
		boss.expect("/reply 081234567890 Sudah kak", "✅ Terkirim ke Ani", "diambil alih dari bot sampai 16.20", "/lepas 081234567890")
		if !ani.record().Takeover.Active(h.clock.Now()) {
			t.Fatal("a reply did not take the chat over")
		}

		boss.expect("/ambil 0899999999", "Chat untuk 0899999999 tidak ketemu")
		boss.expect("/balas 081234567890", "/balas NOMOR-PESANAN atau NO-HP")
		boss.expect("/ambil", "/ambil NOMOR-PESANAN atau NO-HP")
		if got := boss.say("/bantuan"); !strings.Contains(got, "/ambil NOMOR|HP") || !strings.Contains(got, "/lepas NOMOR|HP") {
			t.Fatalf("the desk's help lacks the inbox:\n%s", got)
		}
		if got := h.customer(t, "502").say("/ambil 081234567890"); strings.Contains(got, "diambil alih") {
			t.Fatalf("a customer took a chat over:\n%s", got)
		}
	})
}

// The login link and code /dashboard sends, and an admin code typed in
// chat, are secrets: the chat log keeps neither.
func TestDeskSecretsStayOutOfTheChatLog(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		h.e = flows.New(flows.Options{Shop: testShop(), DashboardURL: func() string { return "https://toko.example.com/" }})
		boss := h.customer(t, "999")
		got := boss.expect("/dashboard", "Masuk ke dasbor toko")
		code := loginCode.FindStringSubmatch(got)
		log, err := h.s.ChatLog(context.Background(), boss.record().ID, 0, 10)
		if err != nil || len(log) != 2 {
			t.Fatalf("chat log %+v %v", log, err)
		}
		if in := log[0]; in.Out || in.Text != "/dashboard" {
			t.Errorf("the command is logged as %+v", in)
		}
		if out := log[1]; !out.Out || !out.Secret || out.Text != "" || strings.Contains(out.Text, code[1]) {
			t.Errorf("the login link is logged as %+v", out)
		}

		c := h.customer(t, "777")
		c.say("/admin 12345678")
		log, err = h.s.ChatLog(context.Background(), c.record().ID, 0, 10)
		if err != nil || len(log) != 2 || !log[0].Secret || log[0].Text != "" {
			t.Fatalf("an admin code is logged as %+v (%v)", log, err)
		}
	})
}

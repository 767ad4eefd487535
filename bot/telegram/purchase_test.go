package telegram_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/flows"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// shopper drives one simulated Telegram customer through the real flows.
type shopper struct {
	t       *testing.T
	f       *fixture
	u       telegramtest.User
	seen    int
	last    []telegramtest.Sent
	presses int
}

// step injects one update, waits until it is committed and its replies are
// delivered, and returns those replies.
func (c *shopper) step(inject func()) []telegramtest.Sent {
	c.t.Helper()
	inject()
	c.f.settle()
	all := c.f.srv.Sent(c.u.ID)
	c.last = all[c.seen:]
	c.seen = len(all)
	if len(c.last) == 0 {
		c.t.Fatal("no reply")
	}
	return c.last
}

func (c *shopper) say(text string, want ...string) []telegramtest.Sent {
	c.t.Helper()
	return c.expect(c.step(func() { c.f.srv.SendText(c.u, text) }), want)
}

// press presses the button of the last replies whose label contains label.
func (c *shopper) press(label string, want ...string) []telegramtest.Sent {
	c.t.Helper()
	var data string
	for _, m := range c.last {
		for _, b := range m.Buttons() {
			if data == "" && strings.Contains(b.Text, label) {
				data = b.Data
			}
		}
	}
	if data == "" {
		c.t.Fatalf("no button %q in %+v", label, c.last)
	}
	c.presses++
	return c.expect(c.step(func() { c.f.srv.Press(c.u, data) }), want)
}

func (c *shopper) expect(got []telegramtest.Sent, want []string) []telegramtest.Sent {
	c.t.Helper()
	var all strings.Builder
	for _, m := range got {
		all.WriteString(m.Text + "\n")
		for _, b := range m.Buttons() {
			all.WriteString("[" + b.Text + "]\n")
		}
	}
	for _, w := range want {
		if !strings.Contains(all.String(), w) {
			c.t.Fatalf("reply lacks %q:\n%s", w, all.String())
		}
	}
	return got
}

// buyNastar orders one Nastar for Siti, delivered by courier to her
// address, paying with the method whose button contains pay ("" when the
// shop takes only one), and returns the order number and the order reply
// (which must contain want).
func (c *shopper) buyNastar(pay string, want ...string) (string, []telegramtest.Sent) {
	c.t.Helper()
	c.say("pesan nastar 1", "masuk keranjang")
	c.say("checkout", "nama penerima")
	c.say("Siti Aminah", "Nomor HP")
	c.say("081234567890", "alamat")
	if pay == "" {
		c.say("Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok", "Ya, pesan")
	} else {
		c.say("Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok", "bayar pakai apa")
		c.press(pay, "Ya, pesan")
	}
	placed := c.press("Ya, pesan", append([]string{"No. pesanan"}, want...)...)
	return regexp.MustCompile(`[A-Z0-9]{3}-[A-Z0-9]{3}`).FindString(placed[0].Text), placed
}

func TestFullPurchaseThroughTelegram(t *testing.T) {
	admin := telegramtest.User{ID: 999, FirstName: "Bu Sari"}
	shop := buSari()
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		f := shopBot(t, s, shop)
		c := &shopper{t: t, f: f, u: siti}

		menu := c.say("/start ref_BUDI01", "Dapur Bu Sari", "Katalog")
		c.press("Katalog", "Keripik")
		c.press("Keripik", "Keripik Singkong")
		detail := c.press("Keripik Singkong", "Pedas")
		if detail[0].Method != "sendPhoto" || len(detail[0].Photo) == 0 {
			t.Errorf("product detail without its photo: %+v", detail[0])
		}
		c.press("Pedas", "Keripik Singkong (Pedas)")
		c.press("3", "Rp39.000")
		c.say("checkout", "nama penerima")
		c.say("Siti Aminah", "Nomor HP")
		c.step(func() { f.srv.SendContact(siti, "+62 812-3456-7890") })
		c.press("Jabodetabek", "alamat")
		c.say("Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok", "Total: Rp54.000", "Transfer bank", "Ya, pesan")
		placed := c.press("Ya, pesan", "No. pesanan", "BCA 1234567890")

		m := regexp.MustCompile(`[A-Z0-9]{3}-[A-Z0-9]{3}`).FindString(placed[0].Text)
		o, err := s.OrderByNumber(ctx, m)
		if err != nil {
			t.Fatalf("order %q: %v\n%s", m, err, placed[0].Text)
		}
		if o.Subtotal != 39000 || o.ShippingFee != 15000 || o.Recipient != "Siti Aminah" || o.Phone != "6281234567890" {
			t.Errorf("order: %+v", o)
		}
		cust, err := s.Customer(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "1001"})
		if err != nil || cust.Referrer != "BUDI01" {
			t.Errorf("referrer %q %v", cust.Referrer, err)
		}
		notes := f.srv.Sent(admin.ID)
		if len(notes) != 1 || !strings.Contains(notes[0].Text, o.Number) {
			t.Errorf("seller notification: %+v", notes)
		}
		// An old button from an earlier menu still answers, and every press was answered.
		c.last = menu
		c.press("Katalog", "Keripik")
		if a := len(f.srv.Calls("answerCallbackQuery")); a != c.presses {
			t.Errorf("%d callback answers for %d presses", a, c.presses)
		}
	})
}

// buSari is the shop the Telegram conversation tests run: pickup and one
// courier zone, bank transfer, admin chat 999.
func buSari() lapak.Shop {
	return lapak.Shop{
		Name: "Dapur Bu Sari", Language: lapak.Indonesian, Location: time.FixedZone("WIB", 7*3600),
		PickupAddress: "Jl. Melati No. 5, Depok",
		Zones:         []lapak.Zone{{Name: "Jabodetabek", Fee: 15000}},
		BankAccounts:  []lapak.BankAccount{{Bank: "BCA", Number: "1234567890", Holder: "Sari Wulandari"}},
		OrderTTL:      24 * time.Hour,
		Admins:        []lapak.Identity{{Channel: lapak.ChannelTelegram, ChatID: "999"}},
	}
}

// shopBot runs the real flows for shop, on the demo catalog, behind a
// polling bot talking to the fake Bot API server.
func shopBot(t *testing.T, s *storage.Store, shop lapak.Shop) *fixture {
	t.Helper()
	if _, err := s.ImportCatalog(context.Background(), catalog.DemoRows()); err != nil {
		t.Fatal(err)
	}
	engine := flows.New(flows.Options{Shop: shop, Logger: discard()})
	f := newFixture(t, s, engine.Handle)
	f.runBot(f.bot)
	return f
}

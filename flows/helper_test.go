package flows_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/flows"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

var admin = lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "999"}

var start = time.Date(2025, 11, 26, 9, 0, 0, 0, time.UTC)

func testShop() lapak.Shop {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		panic(err)
	}
	return lapak.Shop{
		Name:          "Dapur Bu Sari",
		Language:      lapak.Indonesian,
		Location:      loc,
		PickupAddress: "Jl. Melati No. 5, Depok",
		Zones:         []lapak.Zone{{Name: "Jabodetabek", Fee: 15000}, {Name: "Luar Jabodetabek", Fee: 30000}},
		BankAccounts:  []lapak.BankAccount{{Bank: "BCA", Number: "1234567890", Holder: "Sari Wulandari"}},
		COD:           true,
		OrderTTL:      24 * time.Hour,
		Admins:        []lapak.Identity{admin},
	}
}

// shopTest runs fn on both databases with the demo catalog and a fixed clock.
func shopTest(t *testing.T, shop lapak.Shop, fn func(t *testing.T, h *harness)) {
	clock := storagetest.NewClock(start)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		if _, err := s.ImportCatalog(context.Background(), catalog.DemoRows()); err != nil {
			t.Fatal(err)
		}
		fn(t, &harness{s: s, e: flows.New(flows.Options{Shop: shop}), clock: clock})
	})
}

type harness struct {
	s     *storage.Store
	e     *flows.Engine
	clock *storagetest.Clock
	n     int
}

// customer is one person chatting with the shop.
type customer struct {
	t    *testing.T
	h    *harness
	chat string
	// notes are the messages queued to others (admins) by the last message.
	notes []lapak.Envelope
}

func (h *harness) customer(t *testing.T, chat string) *customer {
	return &customer{t: t, h: h, chat: chat}
}

// send handles one inbound message and returns the replies to the customer.
func (c *customer) send(in lapak.Inbound) []lapak.Outbound {
	c.t.Helper()
	c.h.n++
	in.Channel = lapak.ChannelTelegram
	in.ChatID = c.chat
	in.MessageID = fmt.Sprint(c.h.n)
	var out []lapak.Envelope
	err := c.h.s.HandleInbound(context.Background(), in, func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
		err := c.h.e.Handle(ctx, tx, conv)
		out = conv.Outbox
		return err
	})
	if err != nil {
		c.t.Fatalf("handling %+v: %v", in, err)
	}
	var replies []lapak.Outbound
	c.notes = nil
	for _, env := range out {
		if env.To == in.From() {
			replies = append(replies, env.Msg)
		} else {
			c.notes = append(c.notes, env)
		}
	}
	if len(replies) == 0 {
		c.t.Fatalf("no reply to %+v", in)
	}
	return replies
}

// say sends text and returns the text of the replies joined.
func (c *customer) say(text string) string {
	c.t.Helper()
	return joined(c.send(lapak.Inbound{Text: text}))
}

// press sends a button press.
func (c *customer) press(id string) string {
	c.t.Helper()
	return joined(c.send(lapak.Inbound{ChoiceID: id}))
}

// last returns the last reply to text, with its choices.
func (c *customer) last(text string) lapak.Outbound {
	c.t.Helper()
	r := c.send(lapak.Inbound{Text: text})
	return r[len(r)-1]
}

func joined(rs []lapak.Outbound) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Text)
		for _, ch := range r.Choices {
			parts = append(parts, "["+ch.ID+"|"+ch.Label+"]")
		}
	}
	return strings.Join(parts, "\n")
}

// expect sends text and checks the reply contains every want.
func (c *customer) expect(text string, want ...string) string {
	c.t.Helper()
	got := c.say(text)
	for _, w := range want {
		if !strings.Contains(got, w) {
			c.t.Fatalf("after %q: reply lacks %q:\n%s", text, w, got)
		}
	}
	return got
}

// expectPress presses a button and checks the reply.
func (c *customer) expectPress(id string, want ...string) string {
	c.t.Helper()
	got := c.press(id)
	for _, w := range want {
		if !strings.Contains(got, w) {
			c.t.Fatalf("after pressing %q: reply lacks %q:\n%s", id, w, got)
		}
	}
	return got
}

// cart reads the customer's cart the way the flows see it.
func (c *customer) cart() lapak.Cart {
	c.t.Helper()
	c.h.n++
	var cart lapak.Cart
	err := c.h.s.HandleInbound(context.Background(), lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: c.chat, MessageID: fmt.Sprint(c.h.n)},
		func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
			var err error
			cart, err = tx.Cart(ctx, conv.Customer.ID)
			return err
		})
	if err != nil {
		c.t.Fatal(err)
	}
	return cart
}

// orders lists the customer's orders, newest first.
func (c *customer) orders() []lapak.Order {
	c.t.Helper()
	c.h.n++
	var orders []lapak.Order
	err := c.h.s.HandleInbound(context.Background(), lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: c.chat, MessageID: fmt.Sprint(c.h.n)},
		func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
			var err error
			orders, err = tx.CustomerOrders(ctx, conv.Customer.ID, 50)
			return err
		})
	if err != nil {
		c.t.Fatal(err)
	}
	return orders
}

func (c *customer) record() lapak.Customer {
	c.t.Helper()
	cu, err := c.h.s.Customer(context.Background(), lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: c.chat})
	if err != nil {
		c.t.Fatal(err)
	}
	return cu
}

func (h *harness) stock(t *testing.T, sku string) int {
	t.Helper()
	v, err := h.s.VariantBySKU(context.Background(), sku)
	if err != nil {
		t.Fatal(err)
	}
	return v.Stock
}

// choiceID finds the id of the choice whose label contains label in the last reply.
func choiceID(t *testing.T, out lapak.Outbound, label string) string {
	t.Helper()
	for _, c := range out.Choices {
		if strings.Contains(c.Label, label) {
			return c.ID
		}
	}
	t.Fatalf("no choice %q in %+v", label, out.Choices)
	return ""
}

// phrasingShop is the shop of testdata/phrasings (see its README): zones
// that list their cities.
func phrasingShop() lapak.Shop {
	s := testShop()
	s.Zones = []lapak.Zone{
		{Name: "Jabodetabek", Fee: 15000, Areas: []string{"Jakarta", "Bogor", "Depok", "Tangerang", "Bekasi"}},
		{Name: "Jawa", Fee: 25000, Areas: []string{"Bandung", "Semarang", "Yogyakarta", "Solo", "Surabaya", "Malang"}},
		{Name: "Luar Jawa", Fee: 40000, Areas: []string{"Medan", "Makassar", "Denpasar", "Balikpapan", "Palembang"}},
	}
	return s
}

// do runs fn in a message's transaction of this customer, as storage would
// for a message: setting up a cart the way the shop would.
func (c *customer) do(fn lapak.HandleFunc) {
	c.t.Helper()
	c.h.n++
	err := c.h.s.HandleInbound(context.Background(), lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: c.chat, MessageID: fmt.Sprint(c.h.n)}, fn)
	if err != nil {
		c.t.Fatal(err)
	}
}

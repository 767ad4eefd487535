package flows_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows"
)

func TestApologySpeaksTheCustomersLanguage(t *testing.T) {
	e := flows.New(flows.Options{Shop: testShop()})
	conv := &lapak.Conversation{Inbound: lapak.Inbound{Channel: lapak.ChannelWhatsApp, ChatID: "62811"},
		Customer: lapak.Customer{Language: lapak.English}}
	e.Apology(conv)
	if len(conv.Outbox) != 1 || !strings.Contains(conv.Outbox[0].Msg.Text, "something went wrong") ||
		conv.Outbox[0].To != (lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "62811"}) {
		t.Fatalf("apology: %+v", conv.Outbox)
	}
	conv = &lapak.Conversation{Inbound: lapak.Inbound{Channel: lapak.ChannelWhatsApp, ChatID: "62811"}}
	e.Apology(conv)
	if !strings.Contains(conv.Outbox[0].Msg.Text, "Maaf kak") {
		t.Fatalf("apology for a new customer is not in the shop's language: %+v", conv.Outbox)
	}
}

func TestUnreadableStateStartsOver(t *testing.T) {
	e := flows.New(flows.Options{Shop: testShop()})
	for _, state := range [][]byte{[]byte("{not json"), []byte(`{"step":42}`), []byte(`{"step":"nonsense"}`)} {
		conv := &lapak.Conversation{Inbound: lapak.Inbound{Channel: lapak.ChannelConsole, ChatID: "1", Text: "halo"},
			State: state, Now: time.Now()}
		// A greeting needs no database: no ShopTx is given.
		if err := e.Handle(context.Background(), nil, conv); err != nil {
			t.Fatal(err)
		}
		if len(conv.Outbox) != 1 || !strings.Contains(conv.Outbox[0].Msg.Text, "Dapur Bu Sari") || len(conv.Outbox[0].Msg.Choices) != 7 {
			t.Fatalf("state %s: %+v", state, conv.Outbox)
		}
		if conv.Customer.Language != lapak.Indonesian {
			t.Fatalf("language not stored for a new customer")
		}
	}
}

func TestChoiceIDsFitTelegram(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "ids")
		for _, s := range []string{"halo", "katalog", "1", "1", "pesan keripik pedas 2", "keranjang", "checkout", "Rina",
			"081234567890", "Jabodetabek", "Jl. Anggrek No. 3, Depok", "transfer", "ubah"} {
			for _, out := range c.send(lapak.Inbound{Text: s}) {
				for _, ch := range out.Choices {
					if len(ch.ID) == 0 || len(ch.ID) > 64 || ch.Label == "" {
						t.Errorf("after %q: bad choice %+v", s, ch)
					}
				}
			}
		}
	})
}

// Whatever state is stored (an old version, a half-finished step), no input
// may make the engine fail or panic.
func TestForgedStatesNeverFail(t *testing.T) {
	steps := []string{"", "search", "qty", "cartqty", "name", "phone", "delivery", "address", "newaddress", "payment", "confirm", "cancelorder", "bogus"}
	inputs := []lapak.Inbound{{Text: "ya"}, {Text: "ubah"}, {Text: "2"}, {Text: "tidak"}, {Text: "Budi"}, {Text: "0812 3456 7890"},
		{Text: "Jl. Kenari No. 9, Bogor"}, {Text: "cod"}, {Text: "ambil sendiri"}, {Image: &lapak.Attachment{Ref: "x"}},
		{Phone: "081234567890"}, {ChoiceID: "confirm"}, {ChoiceID: "edit"}, {ChoiceID: "addr:new"}, {ChoiceID: "pay:transfer"}}
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		for _, step := range steps {
			for i, in := range inputs {
				c := h.customer(t, "forged-"+step+"-"+string(rune('a'+i)))
				c.say("pesan keripik pedas 1")
				state := []byte(`{"step":"` + step + `","variant":999999,"choices":[{"id":"cat:1","label":"Keripik"},{"id":"prod:999","label":"Hilang"}]}`)
				h.n++
				in.Channel, in.ChatID, in.MessageID = lapak.ChannelTelegram, c.chat, fmt.Sprint("forged-", h.n)
				err := h.s.HandleInbound(context.Background(), in, func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
					conv.State = state
					if err := h.e.Handle(ctx, tx, conv); err != nil {
						return err
					}
					if len(conv.Outbox) == 0 {
						t.Errorf("step %q, input %+v: no reply", step, in)
					}
					return nil
				})
				if err != nil {
					t.Errorf("step %q, input %+v: %v", step, in, err)
				}
				if len(c.orders()) != 0 {
					t.Errorf("step %q, input %+v: an order was placed", step, in)
				}
			}
		}
	})
}

package flows_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
)

// A voice note in the middle of checkout gets "please type" and leaves the
// customer's place: the next message answers the question still open.
func TestUnreadableMessageKeepsThePlace(t *testing.T) {
	shopTest(t, testShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "310")
		c.expect("pesan sambal roa 1", "masuk keranjang")
		c.expect("checkout", "nama penerima")
		got := joined(c.send(lapak.Inbound{Unsupported: true}))
		if !strings.Contains(got, "Tolong ketik ya kak") {
			t.Fatalf("voice note: %q", got)
		}
		c.expect("Siti Nur'aini", "Nomor HP")
	})
}

// WhatsApp logged out: the admins on other channels are told, in the
// shop's language; a WhatsApp admin is not.
func TestWhatsAppLogoutTellsOtherAdmins(t *testing.T) {
	shop := testShop()
	con := lapak.Identity{Channel: lapak.ChannelConsole, ChatID: "admin"}
	shop.Admins = []lapak.Identity{{Channel: lapak.ChannelWhatsApp, ChatID: "6289911112222"}, con}
	shopTest(t, shop, func(t *testing.T, h *harness) {
		c := h.customer(t, "320")
		var notes []lapak.Envelope
		c.do(func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
			conv.Inbound.Event = lapak.EventWhatsAppLoggedOut
			err := h.e.Handle(ctx, tx, conv)
			notes = conv.Outbox
			return err
		})
		if len(notes) != 1 || notes[0].To != con || !strings.Contains(notes[0].Msg.Text, "WhatsApp toko terputus") {
			t.Fatalf("notes %+v", notes)
		}
	})
}

// Promos stopped after a ban warning: every admin is told, naming the
// channel, on their own channel (WhatsApp admins too: notices still go).
func TestPromosStoppedTellsEveryAdmin(t *testing.T) {
	shop := testShop()
	wa := lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "6289911112222"}
	con := lapak.Identity{Channel: lapak.ChannelConsole, ChatID: "admin"}
	shop.Admins = []lapak.Identity{wa, con}
	shopTest(t, shop, func(t *testing.T, h *harness) {
		c := h.customer(t, "321")
		var notes []lapak.Envelope
		c.do(func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
			conv.Inbound.Event, conv.Inbound.ChatID = lapak.EventPromosStopped, "whatsapp"
			err := h.e.Handle(ctx, tx, conv)
			notes = conv.Outbox
			return err
		})
		if len(notes) != 2 || notes[0].To != wa || notes[1].To != con || !strings.Contains(notes[1].Msg.Text, "Promo di whatsapp dihentikan") {
			t.Fatalf("notes %+v", notes)
		}
	})
}

package telegram_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// A customer pastes the olshop "format order" as one Telegram message with
// real line breaks: the cart, the name, the phone, the address and the
// zone come from it, the phone number and postcode are no quantities, the
// recap follows at once, and "iya kak bener" places the order.
func TestPastedOrderFormThroughTelegram(t *testing.T) {
	shop := buSari()
	shop.Zones = []lapak.Zone{{Name: "Jabodetabek", Fee: 15000, Areas: []string{"Jakarta", "Depok", "Bekasi"}},
		{Name: "Jawa", Fee: 25000, Areas: []string{"Bandung", "Surabaya"}}}
	shop.COD = true
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		f := shopBot(t, s, shop)
		dwi := telegramtest.User{ID: 2002, FirstName: "Dwi"}
		c := &shopper{t: t, f: f, u: dwi}
		form := "Kak ini format ordernya ya 🙏\n" +
			"Nama: Dwi Lestari\n" +
			"No. WA: 0812-7788-9900\n" +
			"Alamat lengkap: Jl. Mawar No. 12 RT 03/RW 05\n" +
			"Kel. Kemiri Muka, Kec. Beji\n" +
			"Depok 16424\n" +
			"Pesanan:\n" +
			"- nastar x2\n" +
			"- sambel bwg level 3 1 botol\n" +
			"Pembayaran: transfer\n" +
			"Catatan: tolong bungkus rapi"
		got := c.say(form, "Cek lagi pesanannya", "Nastar Nanas × 2 = Rp190.000", "Sambal Bawang (Level 3) × 1 = Rp25.000",
			"Ongkir (Jabodetabek): Rp15.000", "Nama: Dwi Lestari", "+6281277889900", "Kemiri Muka", "Depok 16424",
			"Transfer bank", "Catatan: tolong bungkus rapi")
		if strings.Contains(got[len(got)-1].Text, "maksimal") {
			t.Fatalf("a number of the form was read as a quantity:\n%s", got[len(got)-1].Text)
		}
		placed := c.say("iya kak bener", "No. pesanan", "BCA 1234567890")
		number := regexp.MustCompile(`[A-Z0-9]{3}-[A-Z0-9]{3}`).FindString(placed[0].Text)
		cu, err := s.Customer(context.Background(), lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "2002"})
		if err != nil {
			t.Fatal(err)
		}
		if cu.Name != "Dwi Lestari" || cu.Phone != "6281277889900" {
			t.Fatalf("customer %+v", cu)
		}
		o, err := s.OrderByNumber(context.Background(), number)
		if err != nil {
			t.Fatal(err)
		}
		if o.Subtotal != 215000 || o.ShippingFee != 15000 || o.Zone != "Jabodetabek" || !strings.Contains(o.Address, "16424") ||
			o.Note != "tolong bungkus rapi" || len(o.Items) != 2 {
			t.Fatalf("order %+v", o)
		}
	})
}

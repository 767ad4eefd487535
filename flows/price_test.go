package flows_test

import (
	"regexp"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

// defaultPrice matches a price written the default way ("Rp12.000"), which a
// shop with its own format must never show.
var defaultPrice = regexp.MustCompile(`Rp[0-9]`)

func TestPricesUseTheShopsFormat(t *testing.T) {
	shop := testShop()
	f, err := lapak.ParsePriceFormat("Rp 15.000,-")
	if err != nil {
		t.Fatal(err)
	}
	shop.Price = f
	shopTest(t, shop, func(t *testing.T, h *harness) {
		c := h.customer(t, "300")
		var seen []string
		check := func(got string, want ...string) {
			t.Helper()
			seen = append(seen, got)
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Fatalf("reply lacks %q:\n%s", w, got)
				}
			}
		}
		cats := c.last("katalog")
		page := c.send(lapak.Inbound{ChoiceID: cats.Choices[0].ID})[0]
		check(page.Text, "Keripik Singkong – mulai Rp 12.000,-", "Kacang Bawang – Rp 20.000,-")
		detail := c.send(lapak.Inbound{ChoiceID: choiceID(t, page, "Keripik Singkong")})[0]
		check(joined([]lapak.Outbound{detail}), "Original – Rp 12.000,- (stok 25)")
		ask := c.send(lapak.Inbound{ChoiceID: choiceID(t, detail, "Original")})
		check(joined(ask), "Rp 12.000,-")
		check(c.say("2"), "Rp 24.000,-")
		check(c.say("keranjang"), "Keripik Singkong (Original) × 2 = Rp 24.000,-", "Subtotal: Rp 24.000,-")
		check(c.say("checkout"))
		check(c.say("Siti Aminah"))
		check(c.say("0812-3456-7890"), "Jabodetabek (Rp 15.000,-)")
		check(c.say("2"))
		check(c.say("Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok"))
		check(c.say("transfer"), "Keripik Singkong (Original) × 2 = Rp 24.000,-",
			"Ongkir (Jabodetabek): Rp 15.000,-", "Total: Rp 39.000,-")
		placed := c.say("ya")
		o := c.orders()[0]
		total := f.Format(o.Total) // 39.000 plus the unique transfer code
		check(placed, o.Number, total)
		if len(c.notes) != 1 {
			t.Fatalf("admin notes: %+v", c.notes)
		}
		check(c.notes[0].Msg.Text, total)
		check(c.say("pesanan saya"), o.Number, total)
		check(c.say(o.Number), "Subtotal: Rp 24.000,-", "Rp 15.000,-", "Total: "+total)
		for _, s := range seen {
			if defaultPrice.MatchString(s) {
				t.Errorf("a price in the default format:\n%s", s)
			}
		}
	})
}

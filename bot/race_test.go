package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/flows"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// recorder is a channel that keeps what each chat received.
type recorder struct {
	mu   sync.Mutex
	sent map[string][]string
}

func (r *recorder) Name() lapak.Channel { return lapak.ChannelConsole }
func (r *recorder) Deliver(_ context.Context, d *bot.Delivery) error {
	chat, m := d.ChatID(), d.Msg
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent[chat] = append(r.sent[chat], m.Text)
	return nil
}

// Fifty customers confirm their order for the last ten units at the same
// moment, through the whole pipeline: exactly ten get the goods, the stock
// ends at zero, and the other forty are told politely it ran out.
func TestLastTenUnitsToFiftyCustomers(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		rows := catalog.DemoRows()
		for i := range rows {
			if rows[i].SKU == "LPS-LGT" {
				rows[i].Stock = 10
			}
		}
		if _, err := s.ImportCatalog(ctx, rows); err != nil {
			t.Fatal(err)
		}
		quiet := slog.New(slog.DiscardHandler)
		engine := flows.New(flows.Options{Logger: quiet, Shop: lapak.Shop{
			Name: "Toko Uji", PickupAddress: "Jl. Pasar 1", OrderTTL: 24 * time.Hour,
			BankAccounts: []lapak.BankAccount{{Bank: "BCA", Number: "1234567890", Holder: "Toko Uji"}},
		}})
		out := &recorder{sent: map[string][]string{}}
		sender := bot.NewSender(bot.SenderOptions{Store: s, Channels: []bot.Channel{out}, Logger: quiet})
		router := bot.NewRouter(bot.RouterOptions{Store: s, Handle: engine.Handle, Apology: engine.Apology, Logger: quiet})

		const customers = 50
		say := func(chat, id, text string) {
			if err := router.Handle(ctx, lapak.Inbound{Channel: lapak.ChannelConsole, ChatID: chat, MessageID: id, Text: text}); err != nil {
				t.Error(err)
			}
		}
		// Everyone gets to the recap, one unit each in the cart.
		var wg sync.WaitGroup
		for c := range customers {
			chat := fmt.Sprintf("c%02d", c)
			wg.Go(func() {
				for i, text := range []string{"pesan lapis legit 1", "checkout", "Ani", "081234567890"} {
					say(chat, fmt.Sprint(chat, "-", i), text)
				}
			})
		}
		wg.Wait()
		// Then all confirm at once.
		start := make(chan struct{})
		for c := range customers {
			chat := fmt.Sprintf("c%02d", c)
			wg.Go(func() {
				<-start
				say(chat, chat+"-ya", "ya")
			})
		}
		close(start)
		wg.Wait()
		if _, err := sender.Drain(ctx); err != nil {
			t.Fatal(err)
		}

		v, err := s.VariantBySKU(ctx, "LPS-LGT")
		if err != nil {
			t.Fatal(err)
		}
		var orders, units int
		if err := s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			placed, err := tx.OrdersByStatus(ctx, []lapak.OrderStatus{lapak.StatusPendingPayment}, 1000)
			for _, o := range placed {
				for _, it := range o.Items {
					if it.SKU == "LPS-LGT" {
						orders, units = orders+1, units+it.Qty
					}
				}
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if orders != 10 || units != 10 {
			t.Errorf("%d orders hold %d units, want 10 and 10", orders, units)
		}
		if v.Stock != 0 {
			t.Errorf("stock ends at %d, want 0", v.Stock)
		}
		placed, soldOut := 0, 0
		for c := range customers {
			texts := out.sent[fmt.Sprintf("c%02d", c)]
			last := texts[len(texts)-1]
			switch {
			case strings.Contains(last, "No. pesanan"):
				placed++
			case strings.Contains(last, "baru saja habis"):
				soldOut++
			default:
				t.Errorf("customer %d's last reply: %q", c, last)
			}
		}
		if placed != 10 || soldOut != 40 {
			t.Errorf("%d orders placed and %d told it ran out; want 10 and 40", placed, soldOut)
		}
	})
}

package storage_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

var (
	ctx   = context.Background()
	quiet = slog.New(slog.NewTextHandler(io.Discard, nil))
)

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// testRows is a small shop: limited, unlimited and multi-variant products.
func testRows() []lapak.CatalogRow {
	return []lapak.CatalogRow{
		{SKU: "KRP-ORI", Name: "Keripik Singkong", Category: "Camilan", Variant: "Original", Price: 12000, Stock: 10},
		{SKU: "KRP-PDS", Name: "Keripik Singkong", Category: "Camilan", Variant: "Pedas", Price: 13000, Stock: 5},
		{SKU: "SBL-250", Name: "Sambal Bawang", Category: "Bumbu", Price: 25000, Stock: 3, Description: "Pedas mantap", Keywords: "sambel bawang; garlic chili sauce", Image: "demo:sambal"},
		{SKU: "KUE-NST", Name: "Kue Nastar", Category: "Kue", Price: 85000, Unlimited: true},
		{SKU: "BSK-CKL", Name: "Basreng", Category: "Camilan", Price: 15000, Stock: 0},
	}
}

func seed(t *testing.T, s *storage.Store) {
	t.Helper()
	if _, err := s.ImportCatalog(ctx, testRows()); err != nil {
		t.Fatalf("seed: %v", err)
	}
}

func msg(chat, id string) lapak.Inbound {
	return lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: id, ChatID: chat, SenderName: "Budi", Text: "halo"}
}

// count runs a COUNT query written with ? placeholders.
func count(t *testing.T, s *storage.Store, query string, args ...any) int {
	t.Helper()
	var n int
	db := storage.DBOf(s)
	if err := db.GetContext(ctx, &n, db.Rebind(query), args...); err != nil {
		t.Fatalf("count %q: %v", query, err)
	}
	return n
}

func variant(t *testing.T, s *storage.Store, sku string) lapak.Variant {
	t.Helper()
	v, err := s.VariantBySKU(ctx, sku)
	if err != nil {
		t.Fatalf("variant %s: %v", sku, err)
	}
	return v
}

func stock(t *testing.T, s *storage.Store, sku string) int {
	t.Helper()
	return variant(t, s, sku).Stock
}

// handle runs fn for a fresh message of chat and fails the test on error.
func handle(t *testing.T, s *storage.Store, chat string, fn lapak.HandleFunc) {
	t.Helper()
	if err := s.HandleInbound(ctx, msg(chat, fmt.Sprintf("%s-%d", chat, time.Now().UnixNano())), fn); err != nil {
		t.Fatalf("HandleInbound: %v", err)
	}
}

func TestOpenRejectsBadURLs(t *testing.T) {
	for url, want := range map[string]string{
		"mysql://root:secret@host/db": `storage: DATABASE_URL: unsupported scheme "mysql": use postgres://… or sqlite:PATH`,
		"sqlite::memory:":             "in-memory SQLite is not supported",
		"":                            "DATABASE_URL is empty",
		"lapak.sqlite3":               "no scheme",
	} {
		_, err := storage.Open(ctx, url, storage.Options{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(%q) = %v, want error containing %q", url, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) error leaks the password: %v", url, err)
		}
	}
}

func TestOpenBareSQLitePath(t *testing.T) {
	s, err := storage.Open(ctx, t.TempDir()+"/shop.db", storage.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Dialect() != "sqlite" {
		t.Fatalf("dialect %q", s.Dialect())
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateTwiceIsNoop(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		// One version per number: a dialect's own file shares its number.
		files, _ := filepath.Glob("migrations/*.sql")
		versions := map[string]bool{}
		for _, f := range files {
			versions[filepath.Base(f)[:4]] = true
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_schema_version`); n != len(versions) {
			t.Fatalf("%d versions recorded, want %d", n, len(versions))
		}
		if n, _ := s.ProductCount(ctx); n != 4 {
			t.Fatalf("products after re-migrate = %d, want 4", n)
		}
	})
}

// The audit log and the order history refuse changes and deletions in the
// database itself, not only in Lapak's code.
func TestAppendOnlyTables(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		o, err := place(t, s, "800", lapak.Order{PaymentMethod: lapak.PayTransfer, Items: []lapak.OrderItem{{VariantID: variant(t, s, "KRP-ORI").ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		handle(t, s, "800", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			if _, err := tx.TransitionOrder(ctx, o.Number, lapak.StatusPaid, c.Now); err != nil {
				return err
			}
			return tx.Audit(ctx, lapak.AuditEntry{Actor: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "1"},
				Command: "paid", Target: o.Number, Before: "pending_payment", After: "paid", At: c.Now})
		})
		db := storage.DBOf(s)
		refuse := []string{
			`UPDATE lapak_audit_log SET after_value = 'forged'`,
			`DELETE FROM lapak_audit_log`,
			`UPDATE lapak_order_events SET to_status = 'completed'`,
			`DELETE FROM lapak_order_events`,
		}
		if s.Dialect() == storage.Postgres {
			refuse = append(refuse, `TRUNCATE lapak_audit_log`, `TRUNCATE lapak_order_events`)
		}
		for _, q := range refuse {
			if _, err := db.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want an append-only refusal", q, err)
			}
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_audit_log WHERE after_value = 'paid'`); n != 1 {
			t.Errorf("audit rows as written = %d, want 1", n)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_order_events WHERE to_status = 'paid'`); n != 1 {
			t.Errorf("order events as written = %d, want 1", n)
		}
	})
}

func TestHandleInboundDedupe(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		calls := 0
		fn := func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			calls++
			c.Reply(lapak.Outbound{Text: "Halo kak!"})
			return nil
		}
		in := msg("100", "m1")
		if err := s.HandleInbound(ctx, in, fn); err != nil {
			t.Fatal(err)
		}
		err := s.HandleInbound(ctx, in, fn)
		if !errors.Is(err, lapak.ErrDuplicate) {
			t.Fatalf("second delivery: err = %v, want ErrDuplicate", err)
		}
		if calls != 1 {
			t.Fatalf("flow ran %d times, want 1", calls)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_inbound`); n != 1 {
			t.Fatalf("%d inbound rows, want 1", n)
		}
		if n, _ := s.PendingOutbox(ctx); n != 1 {
			t.Fatalf("%d outbox rows, want 1", n)
		}
		// Same message id on another channel is another message.
		in.Channel = lapak.ChannelWhatsApp
		if err := s.HandleInbound(ctx, in, fn); err != nil {
			t.Fatalf("same id on whatsapp: %v", err)
		}
	})
}

func TestHandleInboundErrorRollsBack(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		v := variant(t, s, "KRP-ORI")
		boom := errors.New("boom")
		err := s.HandleInbound(ctx, msg("200", "m1"), func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			c.Customer.Name = "Budi"
			c.State = []byte("checkout")
			c.Reply(lapak.Outbound{Text: "ok"})
			if err := tx.SetCartQty(ctx, c.Customer.ID, v.ID, 2); err != nil {
				return err
			}
			o := lapak.Order{CustomerID: c.Customer.ID, PaymentMethod: lapak.PayCOD,
				Items: []lapak.OrderItem{{VariantID: v.ID, Qty: 2}}}
			if err := tx.PlaceOrder(ctx, &o); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		for _, table := range []string{"lapak_customers", "lapak_inbound", "lapak_outbox", "lapak_orders", "lapak_cart_items"} {
			if n := count(t, s, `SELECT COUNT(*) FROM `+table); n != 0 {
				t.Errorf("%s has %d rows after a failed flow", table, n)
			}
		}
		if got := stock(t, s, "KRP-ORI"); got != 10 {
			t.Errorf("stock %d after rollback, want 10", got)
		}
		// The message was not recorded, so a redelivery is handled.
		if err := s.HandleInbound(ctx, msg("200", "m1"), func(context.Context, lapak.ShopTx, *lapak.Conversation) error { return nil }); err != nil {
			t.Fatalf("redelivery after failure: %v", err)
		}
	})
}

func TestCustomerCreatedOnceAndSaved(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		var firstID int64
		handle(t, s, "300", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			firstID = c.Customer.ID
			if c.Customer.Name != "" {
				t.Errorf("new customer got name %q from the platform display name", c.Customer.Name)
			}
			if c.State != nil {
				t.Errorf("new customer has state %q", c.State)
			}
			if !c.Now.Equal(t0) {
				t.Errorf("conv.Now = %v, want %v", c.Now, t0)
			}
			c.Customer.Name = "Siti"
			c.Customer.Phone = "08123456789"
			c.Customer.Language = lapak.English
			c.Customer.OptedOut = true
			c.Customer.OptedOutAt = &c.Now
			c.Customer.NeedsHuman = true
			c.Customer.Referrer = "RESELLER1"
			c.State = []byte(`{"step":"menu"}`)
			return nil
		})
		handle(t, s, "300", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			if c.Customer.ID != firstID {
				t.Errorf("second message got customer %d, want %d", c.Customer.ID, firstID)
			}
			if string(c.State) != `{"step":"menu"}` {
				t.Errorf("state = %q", c.State)
			}
			return nil
		})
		got, err := s.Customer(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "300"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Siti" || got.Phone != "08123456789" || got.Language != lapak.English || !got.OptedOut ||
			got.OptedOutAt == nil || !got.OptedOutAt.Equal(t0) || !got.NeedsHuman || got.Referrer != "RESELLER1" ||
			got.ExternalID != "300" || got.Channel != lapak.ChannelTelegram || !got.CreatedAt.Equal(t0) {
			t.Errorf("saved customer = %+v", got)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_customers`); n != 1 {
			t.Errorf("%d customers, want 1", n)
		}
		_, err = s.Customer(ctx, lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "300"})
		if !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("unknown customer: err = %v, want ErrNotFound", err)
		}
	})
}

func TestCatalogReads(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		handle(t, s, "350", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			cats, err := tx.Categories(ctx)
			if err != nil {
				return err
			}
			var names []string
			for _, c := range cats {
				names = append(names, fmt.Sprintf("%s:%d", c.Name, c.Products))
			}
			if got := strings.Join(names, ","); got != "Camilan:2,Bumbu:1,Kue:1" {
				t.Errorf("categories = %s", got)
			}
			ps, total, err := tx.ProductsInCategory(ctx, cats[0].ID, 0, 1)
			if err != nil {
				return err
			}
			if total != 2 || len(ps) != 1 || ps[0].Name != "Basreng" {
				t.Errorf("page 1 = %+v total %d", ps, total)
			}
			ps, _, err = tx.ProductsInCategory(ctx, cats[0].ID, 1, 1)
			if err != nil {
				return err
			}
			if len(ps) != 1 || len(ps[0].Variants) != 2 || ps[0].Variants[0].Name != "Original" || ps[0].MinPrice() != 12000 {
				t.Errorf("page 2 = %+v", ps)
			}
			all, err := tx.AllProducts(ctx)
			if err != nil {
				return err
			}
			if len(all) != 4 {
				t.Errorf("%d products, want 4", len(all))
			}
			p, err := tx.Product(ctx, all[len(all)-1].ID)
			if err != nil {
				return err
			}
			if p.Name != "Kue Nastar" || !p.Variants[0].Unlimited || p.Category != "Kue" {
				t.Errorf("product = %+v", p)
			}
			if _, err := tx.Product(ctx, 99999); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("missing product: %v", err)
			}
			return nil
		})
	})
}

func TestCart(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		pedas, ori, nastar := variant(t, s, "KRP-PDS"), variant(t, s, "KRP-ORI"), variant(t, s, "KUE-NST")
		handle(t, s, "400", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			id := c.Customer.ID
			for _, step := range []struct {
				v   int64
				qty int
			}{{pedas.ID, 2}, {ori.ID, 1}, {nastar.ID, 3}, {pedas.ID, 4}, {ori.ID, 0}} {
				if err := tx.SetCartQty(ctx, id, step.v, step.qty); err != nil {
					return err
				}
			}
			cart, err := tx.Cart(ctx, id)
			if err != nil {
				return err
			}
			if len(cart) != 2 || cart[0].SKU != "KRP-PDS" || cart[0].Qty != 4 || cart[1].SKU != "KUE-NST" ||
				!cart[1].Unlimited || cart[0].Title() != "Keripik Singkong (Pedas)" {
				t.Errorf("cart = %+v", cart)
			}
			if cart.Subtotal() != 4*13000+3*85000 {
				t.Errorf("subtotal = %v", cart.Subtotal())
			}
			for _, bad := range []int{-1, lapak.MaxQuantity + 1} {
				if err := tx.SetCartQty(ctx, id, ori.ID, bad); err == nil {
					t.Errorf("qty %d accepted", bad)
				}
			}
			if err := tx.SetCartQty(ctx, id, 99999, 1); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("unknown variant: %v", err)
			}
			if err := tx.ClearCart(ctx, id); err != nil {
				return err
			}
			cart, err = tx.Cart(ctx, id)
			if err != nil || len(cart) != 0 {
				t.Errorf("cart after clear = %+v, %v", cart, err)
			}
			return nil
		})
	})
}

func TestCartLineLimit(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		var rows []lapak.CatalogRow
		for i := 0; i <= lapak.MaxCartLines; i++ {
			rows = append(rows, lapak.CatalogRow{SKU: fmt.Sprintf("S%02d", i), Name: fmt.Sprintf("Produk %02d", i), Category: "Semua", Price: 1000, Unlimited: true})
		}
		if _, err := s.ImportCatalog(ctx, rows); err != nil {
			t.Fatal(err)
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = variant(t, s, r.SKU).ID
		}
		handle(t, s, "450", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			for _, id := range ids[:lapak.MaxCartLines] {
				if err := tx.SetCartQty(ctx, c.Customer.ID, id, 1); err != nil {
					return err
				}
			}
			if err := tx.SetCartQty(ctx, c.Customer.ID, ids[lapak.MaxCartLines], 1); err == nil {
				t.Error("cart accepted more than MaxCartLines lines")
			}
			// Changing an existing line is still fine.
			return tx.SetCartQty(ctx, c.Customer.ID, ids[0], 5)
		})
	})
}

// TestLastUnitsRace is the product's promise: 50 customers race for the
// last 10 units; exactly 10 get them and stock never goes below zero.
func TestLastUnitsRace(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		if _, err := s.ImportCatalog(ctx, []lapak.CatalogRow{
			{SKU: "LAST", Name: "Kue Lebaran", Category: "Kue", Price: 50000, Stock: 10},
		}); err != nil {
			t.Fatal(err)
		}
		v := variant(t, s, "LAST")
		const buyers = 50
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			ok, out  int
			failures []error
		)
		for i := 0; i < buyers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var placed bool
				err := s.HandleInbound(ctx, msg(fmt.Sprintf("buyer-%d", i), fmt.Sprintf("m-%d", i)), func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
					placed = false
					if err := tx.SetCartQty(ctx, c.Customer.ID, v.ID, 1); err != nil {
						return err
					}
					o := lapak.Order{CustomerID: c.Customer.ID, PaymentMethod: lapak.PayTransfer,
						Items: []lapak.OrderItem{{VariantID: v.ID, Qty: 1}}}
					err := tx.PlaceOrder(ctx, &o)
					if errors.Is(err, lapak.ErrOutOfStock) {
						c.Reply(lapak.Outbound{Text: "habis"})
						return nil
					}
					if err != nil {
						return err
					}
					placed = true
					c.Reply(lapak.Outbound{Text: "pesanan " + o.Number})
					return tx.ClearCart(ctx, c.Customer.ID)
				})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					failures = append(failures, err)
				case placed:
					ok++
				default:
					out++
				}
			}()
		}
		wg.Wait()
		if len(failures) > 0 {
			t.Fatalf("%d handlers failed, first: %v", len(failures), failures[0])
		}
		if ok != 10 || out != buyers-10 {
			t.Fatalf("%d orders placed, %d told out of stock; want 10 and %d", ok, out, buyers-10)
		}
		if got := stock(t, s, "LAST"); got != 0 {
			t.Fatalf("stock = %d, want 0", got)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_orders`); n != 10 {
			t.Fatalf("%d order rows, want 10", n)
		}
		if n := count(t, s, `SELECT COUNT(DISTINCT unique_code) FROM lapak_orders`); n != 10 {
			t.Fatalf("%d distinct unique codes among 10 transfers", n)
		}
		if n, _ := s.PendingOutbox(ctx); n != buyers {
			t.Fatalf("%d replies queued, want %d", n, buyers)
		}
	})
}

// place runs one message whose flow places an order; it returns the order
// (or the PlaceOrder error, which the flow swallows so the rest commits).
func place(t *testing.T, s *storage.Store, chat string, o lapak.Order) (lapak.Order, error) {
	t.Helper()
	var placeErr error
	handle(t, s, chat, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		o.CustomerID = c.Customer.ID
		placeErr = tx.PlaceOrder(ctx, &o)
		c.Customer.Name = "Pembeli " + chat
		c.Reply(lapak.Outbound{Text: "ok"})
		return nil
	})
	return o, placeErr
}

func TestPlaceOrder(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		ori, nastar := variant(t, s, "KRP-ORI"), variant(t, s, "KUE-NST")
		exp := t0.Add(24 * time.Hour)
		o, err := place(t, s, "500", lapak.Order{
			PaymentMethod: lapak.PayTransfer, Delivery: lapak.DeliveryCourier, Zone: "Jakarta", Breakdown: lapak.Breakdown{ShippingFee: 10000},
			Address: "Jl. Melati 5", Recipient: "Siti", Phone: "0812", Note: "tanpa plastik", ExpiresAt: &exp,
			// A price from the caller is not trusted: the catalog's is used.
			Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 3, UnitPrice: 1}, {VariantID: nastar.ID, Qty: 2}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if o.UniqueCode < 1 || o.UniqueCode > 999 {
			t.Errorf("unique code %d", o.UniqueCode)
		}
		wantSub := lapak.Money(3*12000 + 2*85000)
		if o.Subtotal != wantSub || o.Total != wantSub+10000+o.UniqueCode || o.Number == "" || o.ID == 0 {
			t.Errorf("placed order = %+v", o)
		}
		got, err := s.OrderByNumber(ctx, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != lapak.StatusPendingPayment || got.Total != o.Total || len(got.Items) != 2 ||
			got.Items[0].ProductName != "Keripik Singkong" || got.Items[0].VariantName != "Original" ||
			got.Items[0].UnitPrice != 12000 || got.Address != "Jl. Melati 5" || got.Note != "tanpa plastik" ||
			got.ExpiresAt == nil || !got.ExpiresAt.Equal(exp) || !got.CreatedAt.Equal(t0) {
			t.Errorf("stored order = %+v", got)
		}
		if stock(t, s, "KRP-ORI") != 7 || !variant(t, s, "KUE-NST").Unlimited {
			t.Errorf("stock after order: ori %d", stock(t, s, "KRP-ORI"))
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_order_events WHERE to_status = 'pending_payment'`); n != 1 {
			t.Errorf("%d creation events", n)
		}

		// Second item runs out: the first item's reservation is undone, no
		// order is stored, but the flow's other changes commit.
		sambal := variant(t, s, "SBL-250")
		_, err = place(t, s, "501", lapak.Order{PaymentMethod: lapak.PayCOD,
			Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 2}, {VariantID: sambal.ID, Qty: 4}}})
		var se *lapak.StockError
		if !errors.As(err, &se) || !errors.Is(err, lapak.ErrOutOfStock) || se.Available != 3 || se.SKU != "SBL-250" || se.Title != "Sambal Bawang" {
			t.Fatalf("err = %v, want StockError for SBL-250 with 3 left", err)
		}
		if stock(t, s, "KRP-ORI") != 7 || stock(t, s, "SBL-250") != 3 {
			t.Errorf("stock changed by failed order: ori %d sambal %d", stock(t, s, "KRP-ORI"), stock(t, s, "SBL-250"))
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_orders`); n != 1 {
			t.Errorf("%d orders, want 1", n)
		}
		if c, _ := s.Customer(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "501"}); c.Name != "Pembeli 501" {
			t.Errorf("the rest of the transaction did not commit: customer %+v", c)
		}
		if _, err := place(t, s, "502", lapak.Order{PaymentMethod: lapak.PayCOD}); !errors.Is(err, lapak.ErrEmptyCart) {
			t.Errorf("empty order: %v", err)
		}
		// Out-of-stock zero-stock product.
		basreng := variant(t, s, "BSK-CKL")
		if _, err := place(t, s, "503", lapak.Order{PaymentMethod: lapak.PayCOD,
			Items: []lapak.OrderItem{{VariantID: basreng.ID, Qty: 1}}}); !errors.Is(err, lapak.ErrOutOfStock) {
			t.Errorf("zero stock: %v", err)
		}
	})
}

func TestUniqueCodesDistinctAmongUnpaidTransfers(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		nastar := variant(t, s, "KUE-NST")
		var orders []lapak.Order
		seen := map[lapak.Money]bool{}
		handle(t, s, "600", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			for i := 0; i < 60; i++ {
				o := lapak.Order{CustomerID: c.Customer.ID, PaymentMethod: lapak.PayTransfer,
					Items: []lapak.OrderItem{{VariantID: nastar.ID, Qty: 1}}}
				if err := tx.PlaceOrder(ctx, &o); err != nil {
					return err
				}
				if seen[o.UniqueCode] {
					t.Errorf("unique code %d used twice", o.UniqueCode)
				}
				seen[o.UniqueCode] = true
				orders = append(orders, o)
			}
			cod := lapak.Order{CustomerID: c.Customer.ID, PaymentMethod: lapak.PayCOD,
				Items: []lapak.OrderItem{{VariantID: nastar.ID, Qty: 1}}}
			if err := tx.PlaceOrder(ctx, &cod); err != nil {
				return err
			}
			if cod.UniqueCode != 0 || cod.Total != 85000 {
				t.Errorf("COD order got unique code %d total %v", cod.UniqueCode, cod.Total)
			}
			list, err := tx.CustomerOrders(ctx, c.Customer.ID, 5)
			if err != nil {
				return err
			}
			if len(list) != 5 || list[0].Number != cod.Number || len(list[0].Items) != 1 {
				t.Errorf("newest orders = %d, first %s, want %s", len(list), list[0].Number, cod.Number)
			}
			return nil
		})
	})
}

func TestTransitionOrder(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		ori := variant(t, s, "KRP-ORI")
		o, err := place(t, s, "700", lapak.Order{PaymentMethod: lapak.PayTransfer, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 4}}})
		if err != nil {
			t.Fatal(err)
		}
		o2, err := place(t, s, "700", lapak.Order{PaymentMethod: lapak.PayTransfer, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		if stock(t, s, "KRP-ORI") != 4 {
			t.Fatalf("stock %d, want 4", stock(t, s, "KRP-ORI"))
		}
		handle(t, s, "700", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			// Transfer orders cannot skip payment.
			if _, err := tx.TransitionOrder(ctx, o.Number, lapak.StatusProcessing, c.Now); !errors.Is(err, lapak.ErrIllegalTransition) {
				t.Errorf("pending transfer -> processing: %v", err)
			}
			paid, err := tx.TransitionOrder(ctx, o.Number, lapak.StatusPaid, c.Now)
			if err != nil || paid.Status != lapak.StatusPaid {
				t.Errorf("pay: %+v %v", paid.Status, err)
			}
			if _, err := tx.TransitionOrder(ctx, o2.Number, lapak.StatusCancelled, c.Now); err != nil {
				t.Errorf("cancel: %v", err)
			}
			if _, err := tx.TransitionOrder(ctx, o2.Number, lapak.StatusPaid, c.Now); !errors.Is(err, lapak.ErrIllegalTransition) {
				t.Errorf("cancelled -> paid: %v", err)
			}
			if _, err := tx.TransitionOrder(ctx, "NOP-ZZZ", lapak.StatusPaid, c.Now); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("unknown order: %v", err)
			}
			got, err := tx.Order(ctx, o.Number)
			if err != nil || got.Status != lapak.StatusPaid {
				t.Errorf("order in tx: %+v %v", got.Status, err)
			}
			return nil
		})
		if got := stock(t, s, "KRP-ORI"); got != 6 {
			t.Errorf("stock after cancelling 2 = %d, want 6", got)
		}
		if got, _ := s.OrderByNumber(ctx, o2.Number); got.Status != lapak.StatusCancelled {
			t.Errorf("cancelled order status %s", got.Status)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM lapak_order_events WHERE order_id = ?`, o.ID); n != 2 {
			t.Errorf("%d events for paid order, want 2", n)
		}
	})
}

// reply queues n replies from chat in one message.
func reply(t *testing.T, s *storage.Store, ch lapak.Channel, chat string, texts ...string) {
	t.Helper()
	in := msg(chat, fmt.Sprintf("%s-%d", chat, time.Now().UnixNano()))
	in.Channel = ch
	if err := s.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		for _, text := range texts {
			c.Reply(lapak.Outbound{Text: text, Choices: []lapak.Choice{{ID: "menu", Label: "Menu"}}, Image: "demo:x"})
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func texts(ms []lapak.OutboxMessage) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Envelope.To.ChatID+":"+m.Msg.Text)
	}
	return strings.Join(out, ",")
}

func TestOutbox(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		tg := []lapak.Channel{lapak.ChannelTelegram}
		reply(t, s, lapak.ChannelTelegram, "A", "a1", "a2")
		reply(t, s, lapak.ChannelTelegram, "B", "b1")
		reply(t, s, lapak.ChannelWhatsApp, "W", "w1")

		// One row per chat, its oldest: a2 waits behind a1.
		got, err := s.ClaimOutbox(ctx, tg, 2, 2*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if texts(got) != "A:a1,B:b1" {
			t.Fatalf("first claim = %s", texts(got))
		}
		m := got[0]
		if m.CustomerID == 0 || m.Class != lapak.PaceReply || m.Msg.Image != "demo:x" || len(m.Msg.Choices) != 1 ||
			m.Msg.Choices[0].Label != "Menu" || m.Attempts != 0 || !m.CreatedAt.Equal(t0) {
			t.Errorf("claimed message = %+v", m)
		}
		// Leased rows are not handed out twice, a2 does not overtake a1, and
		// other channels are not claimed.
		if got2, err := s.ClaimOutbox(ctx, tg, 10, time.Minute); err != nil || len(got2) != 0 {
			t.Fatalf("second claim = %s %v", texts(got2), err)
		}
		// a1 fails for now: nothing of chat A goes out before its retry is due.
		if err := s.MarkRetry(ctx, got[0].ID, t0.Add(time.Minute), "timeout"); err != nil {
			t.Fatal(err)
		}
		if got3, _ := s.ClaimOutbox(ctx, tg, 10, time.Minute); len(got3) != 0 {
			t.Fatalf("claimed %s while a1 waits for its retry", texts(got3))
		}
		clock.Advance(time.Minute)
		got4, err := s.ClaimOutbox(ctx, tg, 10, time.Minute)
		if err != nil || texts(got4) != "A:a1" || got4[0].Attempts != 1 {
			t.Fatalf("after retry delay: %s %v (%+v)", texts(got4), err, got4)
		}
		if err := s.MarkSent(ctx, got4[0].ID, lapak.PaceReply); err != nil {
			t.Fatal(err)
		}
		got5, err := s.ClaimOutbox(ctx, tg, 10, time.Minute)
		if err != nil || texts(got5) != "A:a2" {
			t.Fatalf("after a1 sent: %s %v", texts(got5), err)
		}
		if err := s.MarkSent(ctx, got5[0].ID, lapak.PaceReply); err != nil {
			t.Fatal(err)
		}
		// b1's sender crashed: after the lease it comes back.
		clock.Advance(2 * time.Minute)
		got6, err := s.ClaimOutbox(ctx, tg, 10, time.Minute)
		if err != nil || texts(got6) != "B:b1" {
			t.Fatalf("after lease expiry: %s %v", texts(got6), err)
		}
		if err := s.MarkFailed(ctx, got6[0].ID, "bad request"); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.PendingOutbox(ctx); n != 1 {
			t.Fatalf("pending = %d, want 1 (whatsapp)", n)
		}
		if err := s.MarkSent(ctx, 999999, lapak.PaceReply); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("MarkSent unknown id: %v", err)
		}
	})
}

func TestOutboxPerChatOrderAcrossSenders(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		tg := []lapak.Channel{lapak.ChannelTelegram}
		reply(t, s, lapak.ChannelTelegram, "A", "a1")
		first, err := s.ClaimOutbox(ctx, tg, 1, time.Minute)
		if err != nil || texts(first) != "A:a1" {
			t.Fatalf("claim = %s %v", texts(first), err)
		}
		reply(t, s, lapak.ChannelTelegram, "A", "a2")
		reply(t, s, lapak.ChannelTelegram, "B", "b1")
		// Another sender must not take a2 while a1 is still in flight.
		other, err := s.ClaimOutbox(ctx, tg, 10, time.Minute)
		if err != nil || texts(other) != "B:b1" {
			t.Fatalf("other sender claimed %s %v", texts(other), err)
		}
		if err := s.MarkSent(ctx, first[0].ID, lapak.PaceReply); err != nil {
			t.Fatal(err)
		}
		next, err := s.ClaimOutbox(ctx, tg, 10, time.Minute)
		if err != nil || texts(next) != "A:a2" {
			t.Fatalf("after a1 sent: %s %v", texts(next), err)
		}
	})
}

func TestMarkUnreachable(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		reply(t, s, lapak.ChannelWhatsApp, "628111", "x1", "x2")
		reply(t, s, lapak.ChannelWhatsApp, "628222", "y1")
		who := lapak.Identity{Channel: lapak.ChannelWhatsApp, ChatID: "628111"}
		if err := s.MarkUnreachable(ctx, who, "blocked"); err != nil {
			t.Fatal(err)
		}
		c, err := s.Customer(ctx, who)
		if err != nil || !c.Unreachable {
			t.Fatalf("customer = %+v %v", c, err)
		}
		got, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelWhatsApp}, 10, time.Minute)
		if err != nil || texts(got) != "628222:y1" {
			t.Fatalf("claim = %s %v", texts(got), err)
		}
	})
}

func TestImportCatalog(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		res, err := s.ImportCatalog(ctx, testRows())
		if err != nil || res != (lapak.ImportResult{Created: 5}) {
			t.Fatalf("import = %+v %v", res, err)
		}
		// A bad row anywhere: nothing changes.
		bad := testRows()
		bad[0].Price = 99999
		bad = append(bad, lapak.CatalogRow{SKU: "NEW", Name: "Baru", Category: "Baru", Price: 1000, Stock: 1},
			lapak.CatalogRow{SKU: "", Name: "Tanpa SKU", Category: "Baru", Price: 1000},
			lapak.CatalogRow{SKU: "NEG", Name: "Minus", Category: "Baru", Price: -5})
		_, err = s.ImportCatalog(ctx, bad)
		if err == nil || !strings.Contains(err.Error(), "row 7") || !strings.Contains(err.Error(), "row 8") {
			t.Fatalf("bad import err = %v, want rows 7 and 8 named", err)
		}
		if v := variant(t, s, "KRP-ORI"); v.Price != 12000 {
			t.Errorf("price changed by a failed import: %v", v.Price)
		}
		if _, err := s.VariantBySKU(ctx, "NEW"); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("NEW exists after failed import: %v", err)
		}
		dup := append(testRows(), testRows()[0])
		if _, err := s.ImportCatalog(ctx, dup); err == nil || !strings.Contains(err.Error(), "KRP-ORI") {
			t.Errorf("duplicate SKU: %v", err)
		}
		// Re-import updates by SKU.
		again := testRows()
		again[0].Price, again[0].Stock = 14000, 50
		again[3].Unlimited, again[3].Stock = false, 7
		again[2].Description = "Lebih pedas"
		again = append(again, lapak.CatalogRow{SKU: "TEH-1", Name: "Teh Tarik", Category: "Minuman", Price: 8000, Unlimited: true})
		res, err = s.ImportCatalog(ctx, again)
		if err != nil || res != (lapak.ImportResult{Created: 1, Updated: 5}) {
			t.Fatalf("re-import = %+v %v", res, err)
		}
		if v := variant(t, s, "KRP-ORI"); v.Price != 14000 || v.Stock != 50 {
			t.Errorf("updated variant = %+v", v)
		}
		if v := variant(t, s, "KUE-NST"); v.Unlimited || v.Stock != 7 {
			t.Errorf("nastar = %+v", v)
		}
		if n, _ := s.ProductCount(ctx); n != 5 {
			t.Errorf("products = %d, want 5", n)
		}
		rows, err := s.ExportCatalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Category+"/"+r.SKU)
		}
		if strings.Join(got, ",") != "Camilan/BSK-CKL,Camilan/KRP-ORI,Camilan/KRP-PDS,Bumbu/SBL-250,Kue/KUE-NST,Minuman/TEH-1" {
			t.Errorf("export order = %v", got)
		}
	})
}

func TestExportRoundTrip(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		rows, err := s.ExportCatalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		other := storagetest.Open(t, s.Dialect())
		if _, err := other.ImportCatalog(ctx, rows); err != nil {
			t.Fatal(err)
		}
		back, err := other.ExportCatalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(back) != fmt.Sprint(rows) {
			t.Errorf("round trip differs:\n%v\n%v", rows, back)
		}
		want := map[string]lapak.CatalogRow{}
		for _, r := range testRows() {
			r.HasResellerPrice, r.HasMinResellerQty, r.HasCommission = true, true, true // the shop's rows give every value
			want[r.SKU] = r
		}
		for _, r := range back {
			if r != want[r.SKU] {
				t.Errorf("exported %+v, imported %+v", r, want[r.SKU])
			}
		}
	})
}

func TestAddresses(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		save := func(text, zone string) lapak.Address {
			var a lapak.Address
			handle(t, s, "900", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				a = lapak.Address{CustomerID: c.Customer.ID, Text: text, Zone: zone}
				return tx.SaveAddress(ctx, &a)
			})
			clock.Advance(time.Minute)
			return a
		}
		first := save("Jl. Melati No. 5, Bandung", "Bandung")
		for i := 1; i <= 5; i++ {
			save(fmt.Sprintf("Jl. Mawar %d", i), "Jakarta")
		}
		again := save("  jl. melati   no. 5, BANDUNG ", "Bandung")
		if again.ID == first.ID {
			t.Fatalf("the oldest address should have been dropped after 5 more")
		}
		again2 := save("JL. MAWAR 5", "Jakarta")
		var list []lapak.Address
		handle(t, s, "900", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			var err error
			list, err = tx.Addresses(ctx, c.Customer.ID)
			if err := tx.SaveAddress(ctx, &lapak.Address{CustomerID: c.Customer.ID, Text: "   "}); err == nil {
				t.Error("empty address accepted")
			}
			if err := tx.SaveAddress(ctx, &lapak.Address{CustomerID: c.Customer.ID, Text: strings.Repeat("x", lapak.MaxAddressText+1)}); err == nil {
				t.Error("too long address accepted")
			}
			return err
		})
		if len(list) != 5 {
			t.Fatalf("%d addresses kept, want 5", len(list))
		}
		if list[0].ID != again2.ID || list[0].Text != "JL. MAWAR 5" || list[1].ID != again.ID || list[1].Zone != "Bandung" {
			t.Errorf("addresses = %+v", list)
		}
	})
}

func TestKeyValue(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		if _, err := s.GetValue(ctx, "telegram.offset"); !errors.Is(err, lapak.ErrNotFound) {
			t.Fatalf("unset: %v", err)
		}
		for _, v := range []string{"41", "42"} {
			if err := s.SetValue(ctx, "telegram.offset", v); err != nil {
				t.Fatal(err)
			}
		}
		if v, err := s.GetValue(ctx, "telegram.offset"); err != nil || v != "42" {
			t.Fatalf("got %q %v", v, err)
		}
	})
}

// Several instances starting at once on one PostgreSQL all migrate cleanly.
func TestConcurrentMigratePostgres(t *testing.T) {
	dsn := storagetest.PostgresSchema(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := storage.Open(ctx, dsn, storage.Options{Logger: quiet, MaxConns: 2})
			if err != nil {
				errs[i] = err
				return
			}
			defer s.Close()
			errs[i] = s.Migrate(ctx)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Parallel senders never get the same row, nor rows of one chat at once.
func TestParallelClaimers(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		const chats, perChat = 10, 6
		for c := 0; c < chats; c++ {
			for i := 0; i < perChat; i++ {
				reply(t, s, lapak.ChannelTelegram, fmt.Sprint("chat", c), fmt.Sprint(i))
			}
		}
		var (
			mu       sync.Mutex
			inFlight = map[string]bool{}
			seen     = map[int64]bool{}
			next     = map[string]int{}
			problems []string
			wg       sync.WaitGroup
		)
		for w := 0; w < 5; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					got, err := s.ClaimOutbox(ctx, []lapak.Channel{lapak.ChannelTelegram}, 3, time.Hour)
					if err != nil {
						mu.Lock()
						problems = append(problems, err.Error())
						mu.Unlock()
						return
					}
					if len(got) == 0 {
						if n, _ := s.PendingOutbox(ctx); n == 0 {
							return
						}
						continue
					}
					mu.Lock()
					mine := map[string]bool{}
					for _, m := range got {
						chat := m.To.ChatID
						if seen[m.ID] {
							problems = append(problems, fmt.Sprintf("row %d claimed twice", m.ID))
						}
						if inFlight[chat] && !mine[chat] {
							problems = append(problems, "two senders hold "+chat)
						}
						if m.Msg.Text != fmt.Sprint(next[chat]) {
							problems = append(problems, fmt.Sprintf("%s got %s, want %d", chat, m.Msg.Text, next[chat]))
						}
						next[chat]++
						seen[m.ID], inFlight[chat], mine[chat] = true, true, true
					}
					mu.Unlock()
					for _, m := range got {
						// Clear in-flight before marking sent: once sent, another
						// sender may rightly take the chat's next row.
						mu.Lock()
						if m.ID == got[len(got)-1].ID || m.To.ChatID != got[len(got)-1].To.ChatID {
							delete(inFlight, m.To.ChatID)
						}
						mu.Unlock()
						if err := s.MarkSent(ctx, m.ID, lapak.PaceReply); err != nil {
							mu.Lock()
							problems = append(problems, err.Error())
							mu.Unlock()
						}
					}
				}
			}()
		}
		wg.Wait()
		if len(problems) > 0 {
			t.Fatalf("%d problems, first: %s", len(problems), problems[0])
		}
		if len(seen) != chats*perChat {
			t.Fatalf("%d rows delivered, want %d", len(seen), chats*perChat)
		}
	})
}

// A button names a variant and a deep link a SKU: both find the whole
// product without reading the catalog.
func TestProductOfVariantAndBySKU(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		pds := variant(t, s, "KRP-PDS")
		handle(t, s, "1", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			for _, get := range []func() (lapak.Product, error){
				func() (lapak.Product, error) { return tx.ProductOfVariant(ctx, pds.ID) },
				func() (lapak.Product, error) { return tx.ProductBySKU(ctx, "krp-pds") },
			} {
				p, err := get()
				if err != nil || p.Name != "Keripik Singkong" || len(p.Variants) != 2 {
					t.Errorf("product = %+v, %v; want Keripik Singkong with 2 variants", p, err)
				}
			}
			if _, err := tx.ProductOfVariant(ctx, 999999); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("unknown variant: %v", err)
			}
			if _, err := tx.ProductBySKU(ctx, "NOPE"); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("unknown SKU: %v", err)
			}
			return nil
		})
	})
}

// TestCatalogRevision: the revision a conversation reads changes with every
// catalog change search can see (import, keywords, price) and not with stock
// (orders, /stok), so an index of the catalog is rebuilt only when needed.
func TestCatalogRevision(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		rev := func() int64 {
			t.Helper()
			var r int64
			handle(t, s, "rev", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
				r = c.Catalog
				return nil
			})
			return r
		}
		empty := rev()
		seed(t, s)
		seeded := rev()
		if seeded == empty {
			t.Fatal("import did not change the revision")
		}
		handle(t, s, "rev", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			_, err := tx.SetStock(ctx, "KRP-ORI", 3)
			return err
		})
		o := lapak.Order{CustomerID: 0, Status: lapak.StatusPendingPayment, Delivery: lapak.DeliveryPickup, Recipient: "Budi",
			Phone: "6281234567890", PaymentMethod: lapak.PayCOD, Items: []lapak.OrderItem{{VariantID: variant(t, s, "KRP-PDS").ID,
				SKU: "KRP-PDS", ProductName: "Keripik Singkong", VariantName: "Pedas", UnitPrice: 13000, Qty: 1}}}
		handle(t, s, "rev", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			o.CustomerID = c.Customer.ID
			o.ComputeTotals()
			return tx.PlaceOrder(ctx, &o)
		})
		if got := rev(); got != seeded {
			t.Fatalf("stock changes moved the revision %d -> %d", seeded, got)
		}
		handle(t, s, "rev", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			_, err := tx.SetPrice(ctx, "KRP-ORI", 12500)
			return err
		})
		priced := rev()
		if priced == seeded {
			t.Fatal("a price change did not change the revision")
		}
		rows := testRows()
		rows[0].Keywords = "kripik; cassava chips"
		if _, err := s.ImportCatalog(ctx, rows); err != nil {
			t.Fatal(err)
		}
		if rev() == priced {
			t.Fatal("new keywords did not change the revision")
		}
		handle(t, s, "rev", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			p, err := tx.ProductBySKU(ctx, "KRP-ORI")
			if err == nil && p.Keywords != "kripik; cassava chips" {
				t.Errorf("keywords read back as %q", p.Keywords)
			}
			return err
		})
	})
}

package storage_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

func TestDashProductsSearchPagesAndHidden(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		if _, err := s.ImportCatalog(ctx, []lapak.CatalogRow{{SKU: "DSC_100", Name: "Diskon 100% Kue", Category: "Kue", Price: 1000, Stock: 1}}); err != nil {
			t.Fatal(err)
		}
		// Hidden products are listed too.
		p, err := s.DashProductBySKU(ctx, "bsk-ckl")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			_, err := tx.SetProductHidden(ctx, p.ID, true)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		all, total, err := s.DashProducts(ctx, lapak.ProductQuery{Limit: 2})
		if err != nil || total != 5 || len(all) != 2 || all[0].Name != "Basreng" || len(all[0].Variants) != 1 || !all[0].Hidden {
			t.Fatalf("first page: %d of %d, %+v, %v", len(all), total, all, err)
		}
		next, _, err := s.DashProducts(ctx, lapak.ProductQuery{Limit: 2, Offset: 2})
		if err != nil || len(next) != 2 || next[0].ID == all[1].ID {
			t.Fatalf("second page: %+v %v", next, err)
		}
		for q, want := range map[string]int{"pds": 1, "SINGKONG": 1, "100%": 1, "dsc_": 1, "%": 1, "_": 1, "zzz": 0, "": 5} {
			got, n, err := s.DashProducts(ctx, lapak.ProductQuery{Search: q, Limit: 50})
			if err != nil || n != want || len(got) != want {
				t.Errorf("search %q: %d (%d listed), want %d, %v", q, n, len(got), want, err)
			}
		}
		cats, err := s.DashCategories(ctx)
		if err != nil || len(cats) != 3 {
			t.Fatalf("categories: %+v %v", cats, err)
		}
		var kue lapak.Category
		for _, c := range cats {
			if c.Name == "Kue" {
				kue = c
			}
		}
		if got, n, _ := s.DashProducts(ctx, lapak.ProductQuery{CategoryID: kue.ID, Limit: 50}); n != 2 || kue.Products != 2 || len(got) != 2 {
			t.Errorf("category Kue: %d products, counted %d", n, kue.Products)
		}
		if _, err := s.DashProduct(ctx, 99999); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("unknown product: %v", err)
		}
	})
}

func TestDashCustomers(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		ori := variant(t, s, "KRP-ORI")
		for _, chat := range []string{"500", "500", "501"} {
			if _, err := place(t, s, chat, lapak.Order{PaymentMethod: lapak.PayCOD, Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}}); err != nil {
				t.Fatal(err)
			}
		}
		handle(t, s, "502", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			c.Customer.Name = "Tanpa_Pesanan"
			c.Customer.Phone = "6281299887766"
			return nil
		})
		cs, total, err := s.DashCustomers(ctx, lapak.CustomerQuery{Limit: 10})
		if err != nil || total != 3 || len(cs) != 3 {
			t.Fatalf("customers: %d of %d, %v", len(cs), total, err)
		}
		orders := map[string]int{}
		for _, c := range cs {
			orders[c.ExternalID] = c.Orders
			if c.Orders > 0 && c.LastOrder.IsZero() || c.Orders == 0 && !c.LastOrder.IsZero() {
				t.Errorf("%s: last order %v with %d orders", c.ExternalID, c.LastOrder, c.Orders)
			}
		}
		if orders["500"] != 2 || orders["501"] != 1 || orders["502"] != 0 {
			t.Errorf("orders counted: %v", orders)
		}
		if got, n, _ := s.DashCustomers(ctx, lapak.CustomerQuery{Search: "a_p", Limit: 10}); n != 1 || got[0].Name != "Tanpa_Pesanan" {
			t.Errorf("search with _: %d %+v", n, got)
		}
		// A phone number is found written the way people type it.
		for _, q := range []string{"0812 9988", "+62812-9988", "6281299887766", "99887766"} {
			if got, n, _ := s.DashCustomers(ctx, lapak.CustomerQuery{Search: q, Limit: 10}); n != 1 || got[0].Name != "Tanpa_Pesanan" {
				t.Errorf("search %q: %d %+v", q, n, got)
			}
		}
		if got, n, _ := s.DashCustomers(ctx, lapak.CustomerQuery{Search: "pembeli", Limit: 1, Offset: 1}); n != 2 || len(got) != 1 {
			t.Errorf("second page of a search: %d %+v", n, got)
		}
		d, err := s.DashCustomer(ctx, cs[2].ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.ID != cs[2].ID || d.OrderCount != len(d.Orders) || d.Attribution != nil {
			t.Errorf("detail: %+v", d)
		}
		if _, err := s.DashCustomer(ctx, 99999); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("unknown customer: %v", err)
		}
	})
}

package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// exportFile is the shop's catalog as lapak export writes it.
func exportFile(t *testing.T, s *storage.Store) string {
	t.Helper()
	rows, err := s.ExportCatalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := catalog.WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func readFile(t *testing.T, file string) []lapak.CatalogRow {
	t.Helper()
	rows, err := catalog.ReadCSV(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Export, sell, edit a price in the file, import: the sale stays sold and
// the plan says so; --stock=file puts the file's stock back on purpose.
func TestImportKeepsStockSoldSinceExport(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		file := exportFile(t, s)
		ori, pedas := variant(t, s, "KRP-ORI"), variant(t, s, "KRP-PDS")
		if _, err := place(t, s, "700", lapak.Order{PaymentMethod: lapak.PayCOD, Delivery: lapak.DeliveryPickup,
			Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 3}, {VariantID: pedas.ID, Qty: 1}}}); err != nil {
			t.Fatal(err)
		}
		// The seller raises a price and counts new stock for one product.
		edited := strings.Replace(file, "KRP-ORI,Keripik Singkong,Camilan,Original,12000,", "KRP-ORI,Keripik Singkong,Camilan,Original,12500,", 1)
		edited = strings.Replace(edited, "SBL-250,Sambal Bawang,Bumbu,,25000,3,", "SBL-250,Sambal Bawang,Bumbu,,25000,30,", 1)
		if edited == file {
			t.Fatalf("the edit did not apply to:\n%s", file)
		}
		rows := readFile(t, edited)

		plan, err := s.PlanCatalogImport(ctx, rows, lapak.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.PriceChanges) != 1 || plan.PriceChanges[0] != (lapak.PriceChange{SKU: "KRP-ORI", Title: "Keripik Singkong (Original)", From: 12000, To: 12500}) {
			t.Errorf("price changes %+v", plan.PriceChanges)
		}
		if len(plan.StockChanges) != 1 || plan.StockChanges[0].SKU != "SBL-250" || plan.StockChanges[0].To.N != 30 {
			t.Errorf("stock changes %+v", plan.StockChanges)
		}
		kept := map[string]lapak.StockChange{}
		for _, k := range plan.StockKept {
			kept[k.SKU] = k
		}
		if len(kept) != 2 || kept["KRP-ORI"].From.N != 7 || kept["KRP-ORI"].Exported.N != 10 || kept["KRP-PDS"].From.N != 4 {
			t.Errorf("stock kept %+v", plan.StockKept)
		}
		if plan.Unchanged != 3 || len(plan.NewVariants) != 0 || len(plan.Missing) != 0 {
			t.Errorf("plan %+v", plan)
		}
		if v := variant(t, s, "KRP-ORI"); v.Price != 12000 {
			t.Errorf("planning changed the price: %v", v.Price)
		}

		applied, err := s.ApplyCatalogImport(ctx, rows, lapak.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(applied.StockKept) != 2 {
			t.Errorf("applied plan %+v", applied)
		}
		if v := variant(t, s, "KRP-ORI"); v.Price != 12500 || v.Stock != 7 {
			t.Errorf("KRP-ORI = %+v, want the new price and the stock after the sale", v)
		}
		if got := stock(t, s, "KRP-PDS"); got != 4 {
			t.Errorf("KRP-PDS stock %d, want 4", got)
		}
		if got := stock(t, s, "SBL-250"); got != 30 {
			t.Errorf("SBL-250 stock %d, want the counted 30", got)
		}

		// The file wins when asked.
		if _, err := s.ApplyCatalogImport(ctx, rows, lapak.ImportOptions{StockFromFile: true}); err != nil {
			t.Fatal(err)
		}
		if got := stock(t, s, "KRP-ORI"); got != 10 {
			t.Errorf("--stock=file: KRP-ORI stock %d, want 10", got)
		}
		// A file without the export column is the seller's word, as before.
		if _, err := s.ImportCatalog(ctx, testRows()); err != nil {
			t.Fatal(err)
		}
		if got := stock(t, s, "KRP-PDS"); got != 5 {
			t.Errorf("plain rows: KRP-PDS stock %d, want 5", got)
		}
	})
}

// The plan lists new products and variants, other changes, and products
// missing from the file (which stay).
func TestImportPlan(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		rows := testRows()[:4] // BSK-CKL is missing
		rows[2].Description = "Lebih pedas"
		rows[3].Name = "Kue Nastar Keju" // a new product takes the SKU
		rows = append(rows, lapak.CatalogRow{SKU: "TEH-1", Name: "Teh Tarik", Category: "Minuman", Price: 8000, Unlimited: true})
		var progress []int
		plan, err := s.ApplyCatalogImport(ctx, rows, lapak.ImportOptions{Progress: func(done, total int) { progress = append(progress, done, total) }})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(plan.NewProducts) != "[{Kue Kue Nastar Keju} {Minuman Teh Tarik}]" {
			t.Errorf("new products %v", plan.NewProducts)
		}
		if len(plan.NewVariants) != 1 || plan.NewVariants[0].SKU != "TEH-1" {
			t.Errorf("new variants %+v", plan.NewVariants)
		}
		if fmt.Sprint(plan.Details) != "[{SBL-250 Sambal Bawang [description]} {KUE-NST Kue Nastar Keju [name]}]" {
			t.Errorf("details %v", plan.Details)
		}
		if len(plan.Missing) != 1 || plan.Missing[0].SKU != "BSK-CKL" || plan.Unchanged != 2 {
			t.Errorf("missing %+v, unchanged %d", plan.Missing, plan.Unchanged)
		}
		if _, err := s.VariantBySKU(ctx, "BSK-CKL"); err != nil {
			t.Errorf("a product missing from the file was removed: %v", err)
		}
		if len(progress) == 0 || progress[len(progress)-2] != progress[len(progress)-1] {
			t.Errorf("progress %v does not end at the total", progress)
		}
		// The emptied product is gone; nothing else is.
		if n, _ := s.ProductCount(ctx); n != 5 {
			t.Errorf("products = %d, want 5", n)
		}
		again, err := s.PlanCatalogImport(ctx, rows, lapak.ImportOptions{})
		if err != nil || again.Changes() || again.Unchanged != len(rows) {
			t.Errorf("re-plan changes something: %+v %v", again, err)
		}
	})
}

// bigCatalog is n rows over n/5 products in 20 categories.
func bigCatalog(n int) []lapak.CatalogRow {
	rows := make([]lapak.CatalogRow, n)
	for i := range rows {
		rows[i] = lapak.CatalogRow{SKU: fmt.Sprintf("SKU-%06d", i), Name: fmt.Sprintf("Produk %05d", i/5),
			Category: fmt.Sprintf("Kategori %02d", i/5%20), Variant: fmt.Sprintf("Varian %d", i%5),
			Price: lapak.Money(1000 + i), Stock: i % 50, Description: "Deskripsi produk yang cukup panjang untuk diuji."}
	}
	return rows
}

// A 50,000-row file imports on both databases, and again as an update.
func TestImportFiftyThousandRows(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 50,000 rows")
	}
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		rows := bigCatalog(50_000)
		start := time.Now()
		res, err := s.ImportCatalog(ctx, rows)
		if err != nil || res.Created != 50_000 {
			t.Fatalf("import = %+v %v", res, err)
		}
		first := time.Since(start)
		for i := range rows {
			rows[i].Price += 500
		}
		start = time.Now()
		plan, err := s.ApplyCatalogImport(ctx, rows, lapak.ImportOptions{})
		if err != nil || len(plan.PriceChanges) != 50_000 {
			t.Fatalf("update = %d price changes, %v", len(plan.PriceChanges), err)
		}
		t.Logf("%s: 50,000 rows imported in %v, updated in %v", s.Dialect(), first, time.Since(start))
		if v := variant(t, s, "SKU-049999"); v.Price != 1000+49999+500 {
			t.Errorf("last variant %+v", v)
		}
	})
}

func TestImportRowLimit(t *testing.T) {
	s := storagetest.Open(t, storage.SQLite)
	_, err := s.ImportCatalog(ctx, make([]lapak.CatalogRow, lapak.MaxCatalogRows+1))
	if err == nil || !strings.Contains(err.Error(), "at most 100000") {
		t.Errorf("err = %v", err)
	}
}

// BenchmarkImport imports a fresh catalog of 10,000 and 50,000 rows.
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{10_000, 50_000} {
		rows := bigCatalog(n)
		for _, d := range storagetest.Dialects {
			b.Run(fmt.Sprintf("%s/%d", d, n), func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					s := storagetest.Open(b, d)
					b.StartTimer()
					if _, err := s.ImportCatalog(ctx, rows); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// Orders for bookkeeping: by creation time, in pages, with items and
// the customer's channel.
func TestOrdersCreatedBetween(t *testing.T) {
	clock := storagetest.NewClock(t0)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, s *storage.Store) {
		clock.Set(t0)
		seed(t, s)
		ori, nastar := variant(t, s, "KRP-ORI"), variant(t, s, "KUE-NST")
		var numbers []string
		for i := range 3 {
			clock.Set(t0.Add(time.Duration(i) * 24 * time.Hour))
			o, err := place(t, s, fmt.Sprint(800+i), lapak.Order{PaymentMethod: lapak.PayCOD, Delivery: lapak.DeliveryPickup, Recipient: "Siti",
				Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}, {VariantID: nastar.ID, Qty: 2}}})
			if err != nil {
				t.Fatal(err)
			}
			numbers = append(numbers, o.Number)
		}
		var got []string
		err := s.OrdersCreatedBetween(ctx, t0.Add(24*time.Hour), t0.Add(72*time.Hour), func(o lapak.Order, c lapak.Customer) error {
			if len(o.Items) != 2 || o.Items[1].Qty != 2 || o.Subtotal != 12000+2*85000 || c.Channel != lapak.ChannelTelegram || c.Name == "" {
				t.Errorf("order %+v of %+v", o, c)
			}
			got = append(got, o.Number)
			return nil
		})
		if err != nil || fmt.Sprint(got) != fmt.Sprint(numbers[1:]) {
			t.Errorf("orders %v (%v), want %v", got, err, numbers[1:])
		}
	})
}

// With HideMissing the file is the whole catalog: a shown product it does
// not name is hidden (planned and applied alike), one it names by category
// and name stays, and nothing is deleted.
func TestImportHideMissing(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		rows := testRows()[:3]                                                                                 // Kue Nastar and Basreng are not named
		rows = append(rows, lapak.CatalogRow{SKU: "KUE-NST-2", Name: "Kue Nastar", Category: "Kue", Price: 1}) // named by category and name
		opt := lapak.ImportOptions{HideMissing: true}
		plan, err := s.PlanCatalogImport(ctx, rows, opt)
		if err != nil || fmt.Sprint(plan.Hide) != "[{Camilan Basreng}]" {
			t.Fatalf("planned to hide %v (%v)", plan.Hide, err)
		}
		applied, err := s.ApplyCatalogImport(ctx, rows, opt)
		if err != nil || fmt.Sprint(applied.Hide) != "[{Camilan Basreng}]" {
			t.Fatalf("hid %v (%v)", applied.Hide, err)
		}
		hidden := map[string]bool{}
		if err := s.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			all, err := tx.AllProducts(ctx)
			for _, p := range all {
				hidden[p.Name] = p.Hidden
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// Customers' product list leaves hidden products out.
		if _, shown := hidden["Basreng"]; shown || len(hidden) != 3 || hidden["Kue Nastar"] {
			t.Errorf("after the import, shown (hidden?): %v", hidden)
		}
		if _, err := s.VariantBySKU(ctx, "BSK-CKL"); err != nil {
			t.Errorf("the hidden product's variant: %v", err)
		}
		if again, err := s.PlanCatalogImport(ctx, rows, opt); err != nil || again.Changes() {
			t.Errorf("a hidden product is hidden again: %+v %v", again.Hide, err)
		}
	})
}

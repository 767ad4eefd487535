package storage_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// shopView is what the cart and checkout read of one SKU: its variant
// (reseller price, minimum) and its product (commission rate), through the
// ShopTx, with the catalog revision the message saw.
func shopView(t *testing.T, s *storage.Store, sku string) (lapak.Product, lapak.Variant, int64) {
	t.Helper()
	var p lapak.Product
	var rev int64
	handle(t, s, "view", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		var err error
		rev = c.Catalog
		p, err = tx.ProductBySKU(ctx, sku)
		return err
	})
	for _, v := range p.Variants {
		if v.SKU == sku {
			return p, v, rev
		}
	}
	t.Fatalf("%s not among %+v", sku, p.Variants)
	return p, lapak.Variant{}, rev
}

// The reseller columns: imported from a file, read by the shop's
// transaction (and the search index's AllProducts), exported, imported back
// unchanged; a file without the columns (an older export) keeps them; empty
// cells clear them.
func TestImportResellerTerms(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		seed(t, s)
		_, _, rev0 := shopView(t, s, "KRP-ORI")
		old := exportFile(t, s) // before any reseller term: the older export
		file := strings.Replace(old, "KRP-ORI,Keripik Singkong,Camilan,Original,12000,10,,,,,,,10",
			"KRP-ORI,Keripik Singkong,Camilan,Original,12000,10,,,,10000,12,\"7,5%\",10", 1)
		file = strings.Replace(file, "KRP-PDS,Keripik Singkong,Camilan,Pedas,13000,5,,,,,,,5",
			"KRP-PDS,Keripik Singkong,Camilan,Pedas,13000,5,,,,11000,,,5", 1)
		if file == old {
			t.Fatalf("the edit did not apply to:\n%s", old)
		}
		plan, err := s.ApplyCatalogImport(ctx, readFile(t, file), lapak.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmtDetails(plan.Details); got != "KRP-ORI:commission,reseller_price,min_reseller_qty KRP-PDS:reseller_price" {
			t.Errorf("details %s", got)
		}
		p, v, rev := shopView(t, s, "KRP-ORI")
		if v.ResellerPrice != 10000 || v.MinResellerQty != 12 || p.CommissionRate != 750 || v.Price != 12000 {
			t.Errorf("KRP-ORI %+v of %+v", v, p)
		}
		if rev == rev0 {
			t.Error("the catalog revision did not move: the search index keeps the old terms")
		}
		if _, v, _ := shopView(t, s, "KRP-PDS"); v.ResellerPrice != 11000 || v.MinResellerQty != 0 {
			t.Errorf("KRP-PDS %+v", v)
		}
		if p, v, _ := shopView(t, s, "SBL-250"); v.ResellerPrice != 0 || v.MinResellerQty != 0 || p.CommissionRate != 0 {
			t.Errorf("SBL-250 has terms: %+v of %+v", v, p)
		}
		if v := variant(t, s, "KRP-ORI"); v.ResellerPrice != 10000 || v.MinResellerQty != 12 {
			t.Errorf("VariantBySKU %+v", v)
		}

		// Exported as imported; the export imports back changing nothing,
		// into this shop and into a fresh one.
		exported := exportFile(t, s)
		if !strings.Contains(exported, "KRP-ORI,Keripik Singkong,Camilan,Original,12000,10,,,,10000,12,\"7,5%\",10\n") {
			t.Errorf("export:\n%s", exported)
		}
		again, err := s.PlanCatalogImport(ctx, readFile(t, exported), lapak.ImportOptions{})
		if err != nil || again.Changes() {
			t.Errorf("re-import of the export changes %+v (%v)", again.Details, err)
		}
		other := storagetest.Open(t, s.Dialect())
		if _, err := other.ImportCatalog(ctx, readFile(t, exported)); err != nil {
			t.Fatal(err)
		}
		if got := exportFile(t, other); got != exported {
			t.Errorf("round trip through another shop:\n%s\nwant\n%s", got, exported)
		}

		// The older export (no reseller columns), with a new price: the
		// reseller terms stay.
		old = withoutColumns(t, old, "reseller_price", "min_reseller_qty", "commission")
		older := strings.Replace(old, "KRP-ORI,Keripik Singkong,Camilan,Original,12000,", "KRP-ORI,Keripik Singkong,Camilan,Original,12500,", 1)
		plan, err = s.ApplyCatalogImport(ctx, readFile(t, older), lapak.ImportOptions{})
		if err != nil || len(plan.PriceChanges) != 1 || len(plan.Details) != 0 {
			t.Fatalf("older file: %+v %v", plan, err)
		}
		if p, v, _ := shopView(t, s, "KRP-ORI"); v.ResellerPrice != 10000 || v.MinResellerQty != 12 || p.CommissionRate != 750 || v.Price != 12500 {
			t.Errorf("an older export wiped the terms: %+v of %+v", v, p)
		}
		// ... but not a price below the kept reseller price.
		below := strings.Replace(old, "KRP-ORI,Keripik Singkong,Camilan,Original,12000,", "KRP-ORI,Keripik Singkong,Camilan,Original,9000,", 1)
		for _, apply := range []bool{false, true} {
			var err error
			if apply {
				_, err = s.ApplyCatalogImport(ctx, readFile(t, below), lapak.ImportOptions{})
			} else {
				_, err = s.PlanCatalogImport(ctx, readFile(t, below), lapak.ImportOptions{})
			}
			if err == nil || !strings.Contains(err.Error(), "row 2: KRP-ORI's price Rp9.000 is below its reseller price Rp10.000") {
				t.Errorf("apply %v: %v", apply, err)
			}
		}
		if v := variant(t, s, "KRP-ORI"); v.Price != 12500 {
			t.Errorf("a refused import changed the price: %+v", v)
		}

		// Empty cells clear them.
		cleared := strings.Replace(exportFile(t, s), "10000,12,\"7,5%\"", ",,", 1)
		plan, err = s.ApplyCatalogImport(ctx, readFile(t, cleared), lapak.ImportOptions{})
		if err != nil || fmtDetails(plan.Details) != "KRP-ORI:commission,reseller_price,min_reseller_qty" {
			t.Fatalf("clearing: %s %v", fmtDetails(plan.Details), err)
		}
		if p, v, _ := shopView(t, s, "KRP-ORI"); v.ResellerPrice != 0 || v.MinResellerQty != 0 || p.CommissionRate != 0 {
			t.Errorf("not cleared: %+v of %+v", v, p)
		}
		// Another variant of the product still has its own.
		if _, v, _ := shopView(t, s, "KRP-PDS"); v.ResellerPrice != 11000 {
			t.Errorf("KRP-PDS %+v", v)
		}
	})
}

// Rows built in code must mark a reseller term given, or it would be
// ignored without a word; out-of-range terms are refused.
func TestImportResellerTermsValidated(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, s *storage.Store) {
		rows := testRows()
		rows[0].ResellerPrice = 5000
		rows[1].ResellerPrice, rows[1].HasResellerPrice = 20000, true
		rows[2].MinResellerQty, rows[2].HasMinResellerQty = lapak.MaxQuantity+1, true
		rows[3].Commission, rows[3].HasCommission = lapak.MaxRate+1, true
		_, err := s.ImportCatalog(ctx, rows)
		for _, want := range []string{"row 1: a reseller term is set but not marked given", "row 2: reseller price 20000 is not between 0 (none) and the price 13000",
			"row 3: minimum reseller quantity 1000", "row 4: commission 10001 basis points"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err %v lacks %q", err, want)
			}
		}
		if n, _ := s.ProductCount(ctx); n != 0 {
			t.Errorf("%d products after a refused import", n)
		}
	})
}

func fmtDetails(ds []lapak.DetailChange) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, d.SKU+":"+strings.Join(d.Fields, ","))
	}
	return strings.Join(parts, " ")
}

// withoutColumns is a CSV file without the named columns, as an older
// export wrote it.
func withoutColumns(t *testing.T, file string, names ...string) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(file)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var drop []int
	for i, h := range recs[0] {
		if slices.Contains(names, h) {
			drop = append(drop, i)
		}
	}
	if len(drop) != len(names) {
		t.Fatalf("columns %v not all in %v", names, recs[0])
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, rec := range recs {
		var keep []string
		for i, c := range rec {
			if !slices.Contains(drop, i) {
				keep = append(keep, c)
			}
		}
		_ = w.Write(keep)
	}
	w.Flush()
	return buf.String()
}

// BenchmarkImportResellerTerms imports a fresh 50,000-row catalog whose
// file has the reseller columns (BenchmarkImport's has none).
func BenchmarkImportResellerTerms(b *testing.B) {
	rows := bigCatalog(50_000)
	for i := range rows {
		r := &rows[i]
		r.ResellerPrice, r.MinResellerQty, r.Commission = r.Price-100, i%10, lapak.Rate(500+i%5*100)
		r.HasResellerPrice, r.HasMinResellerQty, r.HasCommission = true, true, true
	}
	for _, d := range storagetest.Dialects {
		b.Run(d, func(b *testing.B) {
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

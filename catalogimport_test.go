package lapak_test

import (
	"fmt"
	"testing"

	"github.com/lapak-id/lapak"
)

// The reseller terms in a plan: a changed one is a detail of its SKU (the
// commission of the product's first row); a file without the columns
// (Has… false) changes none, whatever the row holds.
func TestPlanImportResellerTerms(t *testing.T) {
	shop := []lapak.CatalogRow{
		{SKU: "A-1", Name: "Keripik", Category: "Camilan", Variant: "Ori", Price: 12000, Stock: 5, ResellerPrice: 10000, MinResellerQty: 6, Commission: 800},
		{SKU: "A-2", Name: "Keripik", Category: "Camilan", Variant: "Pedas", Price: 13000, Stock: 5, ResellerPrice: 11000, Commission: 800},
		{SKU: "B-1", Name: "Sambal", Category: "Bumbu", Price: 25000, Stock: 3},
	}
	given := func(r lapak.CatalogRow) lapak.CatalogRow {
		r.HasResellerPrice, r.HasMinResellerQty, r.HasCommission = true, true, true
		return r
	}
	var file []lapak.CatalogRow
	for _, r := range shop {
		file = append(file, given(r))
	}
	if p := lapak.PlanImport(shop, file, lapak.ImportOptions{}); p.Changes() || p.Unchanged != 3 {
		t.Errorf("the shop's own terms change %+v", p.Details)
	}

	file[0].MinResellerQty = 12
	file[1].ResellerPrice, file[1].Commission = 0, 500 // not its product's first row: the commission is not read
	file[2].Commission, file[2].ResellerPrice = 750, 20000
	file = append(file, given(lapak.CatalogRow{SKU: "B-2", Name: "Sambal", Category: "Bumbu", Variant: "Besar", Price: 40000, ResellerPrice: 35000}))
	p := lapak.PlanImport(shop, file, lapak.ImportOptions{})
	if got := fmt.Sprint(p.Details); got != "[{A-1 Keripik (Ori) [min_reseller_qty]} {A-2 Keripik (Pedas) [reseller_price]} {B-1 Sambal [commission reseller_price]}]" {
		t.Errorf("details %s", got)
	}
	if len(p.NewVariants) != 1 || p.NewVariants[0].ResellerPrice != 35000 || p.Unchanged != 0 || len(p.PriceChanges) != 0 {
		t.Errorf("plan %+v", p)
	}

	// The same values from a file without the columns: nothing to do.
	for i := range file {
		file[i].HasResellerPrice, file[i].HasMinResellerQty, file[i].HasCommission = false, false, false
	}
	p = lapak.PlanImport(shop, file[:3], lapak.ImportOptions{})
	if p.Changes() || p.Unchanged != 3 {
		t.Errorf("a file without the columns changes %+v", p.Details)
	}
	// Each column on its own.
	file[2].HasCommission = true
	if p := lapak.PlanImport(shop, file[:3], lapak.ImportOptions{}); fmt.Sprint(p.Details) != "[{B-1 Sambal [commission]}]" {
		t.Errorf("commission only: %v", p.Details)
	}
}

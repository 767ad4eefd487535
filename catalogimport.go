package lapak

// MaxCatalogRows bounds one catalog file, and so one import: a file this
// big still reads, plans and imports in seconds.
const MaxCatalogRows = 100_000

// ImportOptions say how an import treats the shop's stock.
type ImportOptions struct {
	// StockFromFile makes every row's stock win, even one the seller left
	// as it was exported while the shop sold some.
	StockFromFile bool
	// HideMissing hides from customers every product the file does not
	// name (by SKU or by category and name): the file is the whole
	// catalog. Nothing is deleted; /tampilkan shows a product again.
	HideMissing bool
	// Progress, when set, is told how many of the rows are written so far.
	Progress func(done, total int)
}

// ImportPlan is what importing a catalog file would change: what `lapak
// import` shows before it asks. Products in the shop but not in the file
// are listed (Missing) and left alone; an import never deletes a product.
type ImportPlan struct {
	Total        int          // rows in the file
	NewProducts  []ProductRef // products (by category and name) that do not exist yet
	NewVariants  []CatalogRow // SKUs that do not exist yet
	PriceChanges []PriceChange
	StockChanges []StockChange // the file's stock replaces the shop's
	// StockKept are rows whose stock the seller left as exported while the
	// shop's stock changed since (orders, /stok): the shop's stock stays.
	StockKept []StockChange
	Details   []DetailChange // other fields changed: name, category, description, ...
	Unchanged int            // existing SKUs the file leaves exactly as they are
	Missing   []CatalogRow   // in the shop, not in the file: kept as they are
	// Hide are the shown products that HideMissing hides (the store fills
	// it in: only it knows which products are shown).
	Hide []ProductRef
	// Actions has one entry per file row, in file order: what the store
	// writes for it.
	Actions []RowAction
}

// ProductRef names a product the way a catalog file does.
type ProductRef struct{ Category, Name string }

// PriceChange is one SKU's new price.
type PriceChange struct {
	SKU, Title string
	From, To   Money
}

// StockChange is one SKU's stock: From is the shop's now, To the file's.
// For a kept stock, Exported is what the export wrote (and the file still
// says).
type StockChange struct {
	SKU, Title string
	From, To   StockLevel
	Exported   StockLevel
}

// DetailChange names the fields other than price and stock a row changes.
type DetailChange struct {
	SKU, Title string
	// "name", "category", "variant", "description", "keywords", "image",
	// "commission" (the product's), "reseller_price", "min_reseller_qty"
	Fields []string
}

// RowAction is what the store does with one file row.
type RowAction struct {
	New      bool // a new variant
	SetStock bool // write the file's stock (always for a new variant)
}

// Result counts the plan as ImportResult does: variants created, and
// variants matched by SKU (changed or not).
func (p ImportPlan) Result() ImportResult {
	return ImportResult{Created: len(p.NewVariants), Updated: p.Total - len(p.NewVariants)}
}

// PlanImport compares a catalog file with the shop's catalog (both as
// rows, SKUs unique in each) and says what importing it changes. A row
// whose stock equals its ExportedStock, in a shop whose stock for that SKU
// changed since the export, keeps the shop's stock unless
// opt.StockFromFile: the seller edited something else (prices, say) and
// the sales made in between stay sold.
func PlanImport(shop, file []CatalogRow, opt ImportOptions) ImportPlan {
	p := ImportPlan{Total: len(file), Actions: make([]RowAction, len(file))}
	bySKU := make(map[string]CatalogRow, len(shop))
	products := make(map[ProductRef]CatalogRow, len(shop))
	for _, r := range shop {
		bySKU[r.SKU] = r
		ref := ProductRef{r.Category, r.Name}
		if _, ok := products[ref]; !ok {
			products[ref] = r
		}
	}
	inFile := make(map[string]bool, len(file))
	seenProduct := make(map[ProductRef]bool)
	for i, r := range file {
		inFile[r.SKU] = true
		ref := ProductRef{r.Category, r.Name}
		first := !seenProduct[ref]
		seenProduct[ref] = true
		if _, ok := products[ref]; !ok && first {
			p.NewProducts = append(p.NewProducts, ref)
		}
		// A product's details come from its first row in the file.
		var fields []string
		if prod, exists := products[ref]; exists && first {
			for _, f := range [][3]string{{"description", prod.Description, r.Description},
				{"keywords", prod.Keywords, r.Keywords}, {"image", prod.Image, r.Image}} {
				if f[1] != f[2] {
					fields = append(fields, f[0])
				}
			}
			if r.HasCommission && r.Commission != prod.Commission {
				fields = append(fields, "commission")
			}
		}
		title := ItemTitle(r.Name, r.Variant)
		cur, ok := bySKU[r.SKU]
		if !ok {
			p.NewVariants = append(p.NewVariants, r)
			p.Actions[i] = RowAction{New: true, SetStock: true}
			if len(fields) > 0 {
				p.Details = append(p.Details, DetailChange{SKU: r.SKU, Title: title, Fields: fields})
			}
			continue
		}
		changed := false
		if r.Price != cur.Price {
			p.PriceChanges = append(p.PriceChanges, PriceChange{SKU: r.SKU, Title: title, From: cur.Price, To: r.Price})
			changed = true
		}
		switch want, now := r.Level(), cur.Level(); {
		case !opt.StockFromFile && r.HasExportedStock && want == r.ExportedStock && now != r.ExportedStock:
			p.StockKept = append(p.StockKept, StockChange{SKU: r.SKU, Title: title, From: now, To: want, Exported: r.ExportedStock})
		case want != now:
			p.StockChanges = append(p.StockChanges, StockChange{SKU: r.SKU, Title: title, From: now, To: want, Exported: r.ExportedStock})
			p.Actions[i].SetStock = true
			changed = true
		}
		var moved []string
		for _, f := range [][3]string{{"name", cur.Name, r.Name}, {"category", cur.Category, r.Category}, {"variant", cur.Variant, r.Variant}} {
			if f[1] != f[2] {
				moved = append(moved, f[0])
			}
		}
		fields = append(moved, fields...)
		// A file without the reseller columns leaves them as they are.
		if r.HasResellerPrice && r.ResellerPrice != cur.ResellerPrice {
			fields = append(fields, "reseller_price")
		}
		if r.HasMinResellerQty && r.MinResellerQty != cur.MinResellerQty {
			fields = append(fields, "min_reseller_qty")
		}
		if len(fields) > 0 {
			p.Details = append(p.Details, DetailChange{SKU: r.SKU, Title: title, Fields: fields})
			changed = true
		}
		if !changed {
			p.Unchanged++
		}
	}
	for _, r := range shop {
		if !inFile[r.SKU] {
			p.Missing = append(p.Missing, r)
		}
	}
	return p
}

// Changes reports whether applying the plan changes the catalog at all
// (a row's position in the file aside).
func (p ImportPlan) Changes() bool {
	return len(p.NewVariants)+len(p.PriceChanges)+len(p.StockChanges)+len(p.Details)+len(p.Hide) > 0
}

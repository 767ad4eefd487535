package lapak

// Category groups products in the menu.
type Category struct {
	ID       int64
	Name     string
	Position int
	Products int // number of products, filled by listings
}

// Product is a named good in the catalog. What a customer actually buys is
// one of its variants (rasa, ukuran); a product without variants has exactly
// one variant with an empty name.
type Product struct {
	ID          int64
	CategoryID  int64
	Category    string
	Name        string
	Description string
	// Keywords are other names customers use, separated by ";" ("basreng;
	// baso goreng; spicy meatball chips"): search and chat understanding
	// read them like the name.
	Keywords string
	Image    string // image reference, see Outbound.Image
	// Hidden products are left out of the customers' catalog, categories
	// and search; carts and orders that hold them still work.
	Hidden bool
	// CommissionRate is the rate a reseller earns on this product instead
	// of their tier's (the catalog's commission column); 0: the tier's.
	CommissionRate Rate
	Variants       []Variant
}

// Variant is one sellable SKU of a product.
type Variant struct {
	ID        int64
	ProductID int64
	SKU       string
	Name      string // "" when the product has no variants
	Price     Money
	Stock     int  // units on hand; ignored when Unlimited
	Unlimited bool // made to order, never runs out
	// ResellerPrice is what an approved reseller pays for one unit (the
	// catalog's reseller_price column, at most Price); 0: none, they pay
	// Price. MinResellerQty is the least they order of it at that price;
	// 0: no minimum. Customers never see either.
	ResellerPrice  Money
	MinResellerQty int
}

// Available reports whether qty units can be sold now.
func (v Variant) Available(qty int) bool { return v.Unlimited || v.Stock >= qty }

// InStock reports whether at least one unit can be sold.
func (v Variant) InStock() bool { return v.Available(1) }

// MinPrice is the lowest variant price, shown in listings ("mulai Rp12.000").
func (p Product) MinPrice() Money {
	var min Money
	for i, v := range p.Variants {
		if i == 0 || v.Price < min {
			min = v.Price
		}
	}
	return min
}

// InStock reports whether any variant can be sold.
func (p Product) InStock() bool {
	for _, v := range p.Variants {
		if v.InStock() {
			return true
		}
	}
	return false
}

// CatalogRow is one line of the catalog CSV: one variant with its product.
type CatalogRow struct {
	SKU         string
	Name        string
	Category    string
	Variant     string
	Price       Money
	Stock       int
	Unlimited   bool // the stock cell was empty or "-"
	Description string
	Keywords    string
	Image       string
	// ExportedStock is the stock this row had when Lapak exported it (the
	// file's stock_at_export column), when HasExportedStock: an import
	// keeps the shop's stock for a row whose stock the seller left as
	// exported, so sales made meanwhile are not undone (see PlanImport).
	ExportedStock    StockLevel
	HasExportedStock bool
	// Reseller terms: the variant's ResellerPrice (0: none) and
	// MinResellerQty (0: no minimum), the product's Commission (its first
	// row's, like Description; 0: the tier's rate). A file without one of
	// these columns leaves the shop's values for it: an older export must
	// not wipe them. Has… says the row gives the value (the file has the
	// column); rows the store exports give all three.
	ResellerPrice     Money
	MinResellerQty    int
	Commission        Rate
	HasResellerPrice  bool
	HasMinResellerQty bool
	HasCommission     bool
}

// Level is the row's stock as a StockLevel.
func (r CatalogRow) Level() StockLevel { return StockLevel{N: r.Stock, Unlimited: r.Unlimited} }

// StockLevel is a variant's stock: a count of units, or unlimited.
type StockLevel struct {
	N         int
	Unlimited bool
}

// ImportResult says what a catalog import changed.
type ImportResult struct {
	Created int // variants created
	Updated int // variants updated (matched by SKU)
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/lapak-id/lapak"
)

// tx is the lapak.ShopTx a flow gets: every call runs in the transaction of
// the inbound message being handled.
type tx struct {
	s   *Store
	tx  *sqlx.Tx
	now time.Time
}

// maxAddresses is how many saved addresses a customer keeps.
const maxAddresses = 5

func (t *tx) get(ctx context.Context, dest any, query string, args ...any) error {
	return t.tx.GetContext(ctx, dest, t.tx.Rebind(query), args...)
}

func (t *tx) sel(ctx context.Context, dest any, query string, args ...any) error {
	return t.tx.SelectContext(ctx, dest, t.tx.Rebind(query), args...)
}

func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.tx.Rebind(query), args...)
}

// ---- catalog ----

type categoryRow struct {
	ID       int64  `db:"id"`
	Name     string `db:"name"`
	Position int    `db:"position"`
	Products int    `db:"products"`
}

// Categories counts only the products customers see (not hidden ones).
func (t *tx) Categories(ctx context.Context) ([]lapak.Category, error) {
	var rows []categoryRow
	err := t.sel(ctx, &rows, `
		SELECT c.id, c.name, c.position, COUNT(p.id) AS products
		FROM lapak_categories c LEFT JOIN lapak_products p ON p.category_id = c.id AND NOT p.hidden
		GROUP BY c.id, c.name, c.position
		ORDER BY c.position, c.id`)
	if err != nil {
		return nil, fmt.Errorf("storage: listing categories: %w", err)
	}
	out := make([]lapak.Category, len(rows))
	for i, r := range rows {
		out[i] = lapak.Category{ID: r.ID, Name: r.Name, Position: r.Position, Products: r.Products}
	}
	return out, nil
}

type productRow struct {
	ID          int64  `db:"id"`
	CategoryID  int64  `db:"category_id"`
	Category    string `db:"category"`
	Name        string `db:"name"`
	Description string `db:"description"`
	Keywords    string `db:"keywords"`
	Image       string `db:"image"`
	Hidden      bool   `db:"hidden"`
	// NULL: the reseller's tier rate.
	CommissionRate sql.NullInt64 `db:"commission_rate"`
}

type variantRow struct {
	ID        int64         `db:"id"`
	ProductID int64         `db:"product_id"`
	SKU       string        `db:"sku"`
	Name      string        `db:"name"`
	Price     int64         `db:"price"`
	Stock     sql.NullInt64 `db:"stock"`
	// NULL: no reseller price.
	ResellerPrice  sql.NullInt64 `db:"reseller_price"`
	MinResellerQty int           `db:"min_reseller_qty"`
}

func (r variantRow) variant() lapak.Variant {
	return lapak.Variant{ID: r.ID, ProductID: r.ProductID, SKU: r.SKU, Name: r.Name,
		Price: lapak.Money(r.Price), Stock: int(r.Stock.Int64), Unlimited: !r.Stock.Valid,
		ResellerPrice: lapak.Money(r.ResellerPrice.Int64), MinResellerQty: r.MinResellerQty}
}

const selectProducts = `
	SELECT p.id, p.category_id, c.name AS category, p.name, p.description, p.keywords, p.image, p.hidden, p.commission_rate
	FROM lapak_products p JOIN lapak_categories c ON c.id = p.category_id`

const selectVariants = `SELECT id, product_id, sku, name, price, stock, reseller_price, min_reseller_qty FROM lapak_variants`

// withVariants turns product rows into products carrying their variants.
func withVariants(ctx context.Context, q sqlx.QueryerContext, rows []productRow) ([]lapak.Product, error) {
	out := make([]lapak.Product, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int64, len(rows))
	index := make(map[int64]int, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
		index[r.ID] = i
		out[i] = lapak.Product{ID: r.ID, CategoryID: r.CategoryID, Category: r.Category,
			Name: r.Name, Description: r.Description, Keywords: r.Keywords, Image: r.Image, Hidden: r.Hidden,
			CommissionRate: lapak.Rate(r.CommissionRate.Int64)}
	}
	query, args, err := sqlx.In(selectVariants+` WHERE product_id IN (?) ORDER BY product_id, position, id`, ids)
	if err != nil {
		return nil, err
	}
	var vs []variantRow
	if err := sqlx.SelectContext(ctx, q, &vs, q.(interface{ Rebind(string) string }).Rebind(query), args...); err != nil {
		return nil, err
	}
	for _, v := range vs {
		p := &out[index[v.ProductID]]
		p.Variants = append(p.Variants, v.variant())
	}
	return out, nil
}

func (t *tx) ProductsInCategory(ctx context.Context, categoryID int64, offset, limit int) ([]lapak.Product, int, error) {
	if offset < 0 {
		offset = 0
	}
	if limit <= 0 {
		limit = 10
	}
	var total int
	if err := t.get(ctx, &total, `SELECT COUNT(*) FROM lapak_products WHERE category_id = ? AND NOT hidden`, categoryID); err != nil {
		return nil, 0, fmt.Errorf("storage: counting products: %w", err)
	}
	var rows []productRow
	if err := t.sel(ctx, &rows, selectProducts+` WHERE p.category_id = ? AND NOT p.hidden ORDER BY p.name, p.id LIMIT ? OFFSET ?`,
		categoryID, limit, offset); err != nil {
		return nil, 0, fmt.Errorf("storage: listing products: %w", err)
	}
	ps, err := withVariants(ctx, t.tx, rows)
	if err != nil {
		return nil, 0, fmt.Errorf("storage: listing variants: %w", err)
	}
	return ps, total, nil
}

// AllProducts leaves hidden products out: it is what customers search.
func (t *tx) AllProducts(ctx context.Context) ([]lapak.Product, error) {
	return allProducts(ctx, t.tx)
}

func allProducts(ctx context.Context, q sqlx.QueryerContext) ([]lapak.Product, error) {
	var rows []productRow
	if err := sqlx.SelectContext(ctx, q, &rows, selectProducts+` WHERE NOT p.hidden ORDER BY c.position, c.id, p.name, p.id`); err != nil {
		return nil, fmt.Errorf("storage: listing products: %w", err)
	}
	ps, err := withVariants(ctx, q, rows)
	if err != nil {
		return nil, fmt.Errorf("storage: listing variants: %w", err)
	}
	return ps, nil
}

func (t *tx) Product(ctx context.Context, id int64) (lapak.Product, error) {
	var r productRow
	err := t.get(ctx, &r, selectProducts+` WHERE p.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Product{}, fmt.Errorf("storage: product %d: %w", id, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Product{}, fmt.Errorf("storage: product %d: %w", id, err)
	}
	ps, err := withVariants(ctx, t.tx, []productRow{r})
	if err != nil {
		return lapak.Product{}, fmt.Errorf("storage: product %d variants: %w", id, err)
	}
	return ps[0], nil
}

func (t *tx) ProductOfVariant(ctx context.Context, variantID int64) (lapak.Product, error) {
	return t.productWhere(ctx, `id = ?`, variantID)
}

func (t *tx) ProductBySKU(ctx context.Context, sku string) (lapak.Product, error) {
	return t.productWhere(ctx, `LOWER(sku) = LOWER(?)`, sku)
}

// productWhere loads the product of the variant matching where: one variant
// lookup instead of reading the whole catalog on every button press.
func (t *tx) productWhere(ctx context.Context, where string, arg any) (lapak.Product, error) {
	var id int64
	err := t.get(ctx, &id, `SELECT product_id FROM lapak_variants WHERE `+where, arg) // where is one of our constants
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Product{}, fmt.Errorf("storage: variant %v: %w", arg, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Product{}, fmt.Errorf("storage: variant %v: %w", arg, err)
	}
	return t.Product(ctx, id)
}

// ---- cart ----

type cartRow struct {
	VariantID   int64         `db:"variant_id"`
	ProductID   int64         `db:"product_id"`
	SKU         string        `db:"sku"`
	ProductName string        `db:"product_name"`
	VariantName string        `db:"variant_name"`
	Price       int64         `db:"price"`
	Qty         int           `db:"qty"`
	Stock       sql.NullInt64 `db:"stock"`
	AddedPrice  sql.NullInt64 `db:"added_price"`
	Hidden      bool          `db:"hidden"`
	RetailPrice int64         `db:"retail_price"`
}

// resellerPriced is true in SQL for variant v bought qty at a time by
// customer ? when the customer is an approved reseller and v has a
// reseller price, below its price (a /harga since may have lowered the
// price under it), whose minimum quantity qty reaches.
func resellerPriced(qty string) string {
	return `(v.reseller_price IS NOT NULL AND v.reseller_price < v.price AND ` + qty + ` >= v.min_reseller_qty AND EXISTS (SELECT 1 FROM lapak_resellers r
		WHERE r.customer_id = ? AND r.status = 'approved'))`
}

// unitPrice is the price in SQL of variant v for customer ? buying qty.
func unitPrice(qty string) string {
	return `CASE WHEN ` + resellerPriced(qty) + ` THEN v.reseller_price ELSE v.price END`
}

func (t *tx) Cart(ctx context.Context, customerID int64) (lapak.Cart, error) {
	var rows []cartRow
	err := t.sel(ctx, &rows, `
		SELECT ci.variant_id, v.product_id, v.sku, p.name AS product_name, v.name AS variant_name,
		       `+unitPrice("ci.qty")+` AS price, ci.qty, v.stock, ci.added_price, p.hidden,
		       v.price AS retail_price
		FROM lapak_cart_items ci
		JOIN lapak_variants v ON v.id = ci.variant_id
		JOIN lapak_products p ON p.id = v.product_id
		WHERE ci.customer_id = ?
		ORDER BY ci.id`, customerID, customerID)
	if err != nil {
		return nil, fmt.Errorf("storage: loading cart: %w", err)
	}
	cart := make(lapak.Cart, len(rows))
	for i, r := range rows {
		cart[i] = lapak.CartLine{VariantID: r.VariantID, ProductID: r.ProductID, SKU: r.SKU,
			ProductName: r.ProductName, VariantName: r.VariantName, UnitPrice: lapak.Money(r.Price),
			Qty: r.Qty, Stock: int(r.Stock.Int64), Unlimited: !r.Stock.Valid, Hidden: r.Hidden, AddedPrice: lapak.Money(r.AddedPrice.Int64),
			RetailPrice: lapak.Money(r.RetailPrice)}
	}
	return cart, nil
}

func (t *tx) SetCartQty(ctx context.Context, customerID, variantID int64, qty int) error {
	if qty < 0 || qty > lapak.MaxQuantity {
		return fmt.Errorf("storage: cart quantity %d is outside 0..%d", qty, lapak.MaxQuantity)
	}
	if qty == 0 {
		if _, err := t.exec(ctx, `DELETE FROM lapak_cart_items WHERE customer_id = ? AND variant_id = ?`, customerID, variantID); err != nil {
			return fmt.Errorf("storage: removing cart line: %w", err)
		}
		return t.cartEmptied(ctx, customerID)
	}
	var n int
	if err := t.get(ctx, &n, `SELECT COUNT(*) FROM lapak_variants WHERE id = ?`, variantID); err != nil {
		return fmt.Errorf("storage: setting cart quantity: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("storage: variant %d: %w", variantID, lapak.ErrNotFound)
	}
	res, err := t.exec(ctx, `UPDATE lapak_cart_items SET qty = ?, added_price = (SELECT `+unitPrice("?")+` FROM lapak_variants v WHERE v.id = ?)
		WHERE customer_id = ? AND variant_id = ?`, qty, qty, customerID, variantID, customerID, variantID)
	if err != nil {
		return fmt.Errorf("storage: setting cart quantity: %w", err)
	}
	if k, _ := res.RowsAffected(); k > 0 {
		return nil
	}
	if err := t.get(ctx, &n, `SELECT COUNT(*) FROM lapak_cart_items WHERE customer_id = ?`, customerID); err != nil {
		return fmt.Errorf("storage: counting cart lines: %w", err)
	}
	if n >= lapak.MaxCartLines {
		return fmt.Errorf("storage: cart already has the maximum of %d different items", lapak.MaxCartLines)
	}
	if _, err := t.exec(ctx, `INSERT INTO lapak_cart_items (customer_id, variant_id, qty, added_price)
		VALUES (?, ?, ?, (SELECT `+unitPrice("?")+` FROM lapak_variants v WHERE v.id = ?))`,
		customerID, variantID, qty, qty, customerID, variantID); err != nil {
		return fmt.Errorf("storage: adding cart line: %w", err)
	}
	return nil
}

func (t *tx) ClearCart(ctx context.Context, customerID int64) error {
	if _, err := t.exec(ctx, `DELETE FROM lapak_cart_items WHERE customer_id = ?`, customerID); err != nil {
		return fmt.Errorf("storage: clearing cart: %w", err)
	}
	return t.cartEmptied(ctx, customerID)
}

// ---- addresses ----

type addressRow struct {
	ID         int64     `db:"id"`
	CustomerID int64     `db:"customer_id"`
	Text       string    `db:"text"`
	Zone       string    `db:"zone"`
	LastUsedAt time.Time `db:"last_used_at"`
}

func (t *tx) Addresses(ctx context.Context, customerID int64) ([]lapak.Address, error) {
	var rows []addressRow
	if err := t.sel(ctx, &rows, `
		SELECT id, customer_id, text, zone, last_used_at FROM lapak_addresses
		WHERE customer_id = ? ORDER BY last_used_at DESC, id DESC`, customerID); err != nil {
		return nil, fmt.Errorf("storage: listing addresses: %w", err)
	}
	out := make([]lapak.Address, len(rows))
	for i, r := range rows {
		out[i] = lapak.Address{ID: r.ID, CustomerID: r.CustomerID, Text: r.Text, Zone: r.Zone, LastUsedAt: utc(r.LastUsedAt)}
	}
	return out, nil
}

// normAddress makes "Jl. Melati 5" and " jl.  melati 5" the same address.
func normAddress(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func (t *tx) SaveAddress(ctx context.Context, a *lapak.Address) error {
	text := strings.TrimSpace(a.Text)
	if text == "" {
		return errors.New("storage: saving address: the address is empty")
	}
	if utf8.RuneCountInString(text) > lapak.MaxAddressText {
		return fmt.Errorf("storage: saving address: longer than %d characters", lapak.MaxAddressText)
	}
	norm := normAddress(text)
	var id int64
	err := t.get(ctx, &id, `UPDATE lapak_addresses SET last_used_at = ?, zone = ?, text = ?
		WHERE customer_id = ? AND norm = ? RETURNING id`, t.now, a.Zone, text, a.CustomerID, norm)
	if errors.Is(err, sql.ErrNoRows) {
		err = t.get(ctx, &id, `INSERT INTO lapak_addresses (customer_id, text, norm, zone, last_used_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, a.CustomerID, text, norm, a.Zone, t.now)
	}
	if err != nil {
		return fmt.Errorf("storage: saving address: %w", err)
	}
	if _, err := t.exec(ctx, `DELETE FROM lapak_addresses WHERE customer_id = ? AND id NOT IN (
		SELECT id FROM lapak_addresses WHERE customer_id = ? ORDER BY last_used_at DESC, id DESC LIMIT ?)`,
		a.CustomerID, a.CustomerID, maxAddresses); err != nil {
		return fmt.Errorf("storage: pruning addresses: %w", err)
	}
	a.ID, a.Text, a.LastUsedAt = id, text, t.now
	return nil
}

// ---- orders ----

const savepointOrder = "lapak_place_order"

// PlaceOrder stores o and reserves its stock. Item names and prices are
// taken from the catalog, not from the caller, and totals recomputed. On any
// error (a *lapak.StockError when an item ran out) nothing it wrote stays,
// while the rest of the transaction goes on.
func (t *tx) PlaceOrder(ctx context.Context, o *lapak.Order) error {
	if len(o.Items) == 0 {
		return fmt.Errorf("storage: placing order: %w", lapak.ErrEmptyCart)
	}
	if len(o.Items) > lapak.MaxCartLines {
		return fmt.Errorf("storage: placing order: more than %d items", lapak.MaxCartLines)
	}
	for _, it := range o.Items {
		if it.Qty < 1 || it.Qty > lapak.MaxQuantity {
			return fmt.Errorf("storage: placing order: quantity %d is outside 1..%d", it.Qty, lapak.MaxQuantity)
		}
	}
	orig := *o
	orig.Items = append([]lapak.OrderItem(nil), o.Items...)
	if err := t.savepoint(ctx, savepointOrder, func() error { return t.placeOrder(ctx, o) }); err != nil {
		*o = orig
		return err
	}
	return nil
}

// savepoint runs fn inside a savepoint: when fn fails, what it wrote is
// undone and the rest of the transaction goes on.
func (t *tx) savepoint(ctx context.Context, name string, fn func() error) error {
	if _, err := t.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("storage: savepoint %s: %w", name, err)
	}
	if err := fn(); err != nil {
		if _, rbErr := t.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name); rbErr != nil {
			return errors.Join(err, rbErr)
		}
		if _, rbErr := t.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name); rbErr != nil {
			return errors.Join(err, rbErr)
		}
		return err
	}
	if _, err := t.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name); err != nil {
		return fmt.Errorf("storage: savepoint %s: %w", name, err)
	}
	return nil
}

type itemSourceRow struct {
	SKU         string        `db:"sku"`
	VariantName string        `db:"variant_name"`
	Price       int64         `db:"price"`
	Stock       sql.NullInt64 `db:"stock"`
	ProductName string        `db:"product_name"`
}

func (t *tx) placeOrder(ctx context.Context, o *lapak.Order) error {
	// Reserve in variant-id order so two orders locking the same variants
	// can never deadlock on PostgreSQL.
	order := make([]int, len(o.Items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return o.Items[order[a]].VariantID < o.Items[order[b]].VariantID })
	for _, i := range order {
		it := &o.Items[i]
		var src itemSourceRow
		err := t.get(ctx, &src, `SELECT v.sku, v.name AS variant_name, `+unitPrice("?")+` AS price, v.stock, p.name AS product_name
			FROM lapak_variants v JOIN lapak_products p ON p.id = v.product_id WHERE v.id = ?`, it.Qty, o.CustomerID, it.VariantID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("storage: placing order: variant %d: %w", it.VariantID, lapak.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("storage: placing order: %w", err)
		}
		it.SKU, it.ProductName, it.VariantName, it.UnitPrice = src.SKU, src.ProductName, src.VariantName, lapak.Money(src.Price)
		// The conditional update is the reservation: stock never goes negative.
		res, err := t.exec(ctx, `UPDATE lapak_variants SET stock = stock - ?
			WHERE id = ? AND (stock IS NULL OR stock >= ?)`, it.Qty, it.VariantID, it.Qty)
		if err != nil {
			return fmt.Errorf("storage: reserving stock: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var left sql.NullInt64
			if err := t.get(ctx, &left, `SELECT stock FROM lapak_variants WHERE id = ?`, it.VariantID); err != nil {
				return fmt.Errorf("storage: reserving stock: %w", err)
			}
			return &lapak.StockError{SKU: it.SKU, Title: it.Title(), Available: int(left.Int64)}
		}
	}

	var voucherID int64
	if o.Voucher != "" {
		id, err := t.takeVoucher(ctx, o)
		if err != nil {
			return err
		}
		voucherID = id
	} else if o.Discount != 0 {
		return fmt.Errorf("storage: placing order: a discount of %s without a voucher", o.Discount)
	}
	o.Status = lapak.StatusPendingPayment
	o.CreatedAt, o.UpdatedAt = t.now, t.now
	if o.ExpiresAt != nil {
		e := o.ExpiresAt.UTC().Truncate(time.Microsecond)
		o.ExpiresAt = &e
	}
	// Number and unique code must be unique: draw again on a clash.
	const tries = 20
	for attempt := 1; ; attempt++ {
		err := t.insertOrder(ctx, o)
		if err == nil {
			break
		}
		if !isUniqueViolation(err) || attempt == tries {
			return fmt.Errorf("storage: placing order: %w", err)
		}
	}
	for _, it := range o.Items {
		if _, err := t.exec(ctx, `INSERT INTO lapak_order_items
			(order_id, variant_id, sku, product_name, variant_name, unit_price, qty) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			o.ID, it.VariantID, it.SKU, it.ProductName, it.VariantName, int64(it.UnitPrice), it.Qty); err != nil {
			return fmt.Errorf("storage: placing order items: %w", err)
		}
	}
	if voucherID != 0 {
		if err := t.orderVoucher(ctx, o, voucherID); err != nil {
			return err
		}
	}
	if err := t.orderReseller(ctx, o); err != nil {
		return err
	}
	if err := t.reportDirty(ctx, o.ID); err != nil {
		return err
	}
	return t.orderEvent(ctx, o.ID, "", o.Status)
}

// insertOrder draws a number (and a unique code for transfers) and inserts
// the order row inside its own savepoint, so a clash can be retried.
func (t *tx) insertOrder(ctx context.Context, o *lapak.Order) error {
	return t.savepoint(ctx, "lapak_order_row", func() error { return t.insertOrderRow(ctx, o) })
}

func (t *tx) insertOrderRow(ctx context.Context, o *lapak.Order) error {
	o.UniqueCode = 0
	if o.PaymentMethod == lapak.PayTransfer {
		code, err := t.freeUniqueCode(ctx)
		if err != nil {
			return err
		}
		o.UniqueCode = code
	}
	o.ComputeTotals()
	if o.Total < 0 {
		return fmt.Errorf("order total %s is negative", o.Total)
	}
	o.Number = lapak.NewOrderNumber()
	return t.get(ctx, &o.ID, `INSERT INTO lapak_orders
		(number, customer_id, status, subtotal, discount, shipping_fee, unique_code, total,
		 delivery, zone, address, recipient, phone, payment_method, note, referrer,
		 created_at, updated_at, expires_at, reseller_id, reseller_source, reseller_at, dropship)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		o.Number, o.CustomerID, string(o.Status), int64(o.Subtotal), int64(o.Discount), int64(o.ShippingFee),
		int64(o.UniqueCode), int64(o.Total), string(o.Delivery), o.Zone, o.Address, o.Recipient, o.Phone,
		string(o.PaymentMethod), o.Note, o.Referrer, o.CreatedAt, o.UpdatedAt, nullTime(o.ExpiresAt),
		nullID(o.Reseller.ID), string(o.Reseller.Source), nullTime(o.Reseller.At), o.Dropship)
}

// errNoUniqueCode: every code 1..999 is held by an unpaid transfer.
var errNoUniqueCode = errors.New("all transfer unique codes 1..999 are in use by unpaid orders")

func (t *tx) freeUniqueCode(ctx context.Context) (lapak.Money, error) {
	var used []int64
	if err := t.sel(ctx, &used, `SELECT unique_code FROM lapak_orders
		WHERE status = 'pending_payment' AND payment_method = 'transfer'`); err != nil {
		return 0, err
	}
	taken := make(map[int64]bool, len(used))
	for _, c := range used {
		taken[c] = true
	}
	free := make([]int64, 0, 999)
	for c := int64(1); c <= 999; c++ {
		if !taken[c] {
			free = append(free, c)
		}
	}
	if len(free) == 0 {
		return 0, errNoUniqueCode
	}
	return lapak.Money(free[rand.IntN(len(free))]), nil
}

func (t *tx) orderEvent(ctx context.Context, orderID int64, from, to lapak.OrderStatus) error {
	if _, err := t.exec(ctx, `INSERT INTO lapak_order_events (order_id, from_status, to_status, at) VALUES (?, ?, ?, ?)`,
		orderID, string(from), string(to), t.now); err != nil {
		return fmt.Errorf("storage: recording order event: %w", err)
	}
	return nil
}

type orderRow struct {
	ID            int64          `db:"id"`
	Number        string         `db:"number"`
	CustomerID    int64          `db:"customer_id"`
	Status        string         `db:"status"`
	Subtotal      int64          `db:"subtotal"`
	Discount      int64          `db:"discount"`
	ShippingFee   int64          `db:"shipping_fee"`
	UniqueCode    int64          `db:"unique_code"`
	Total         int64          `db:"total"`
	Delivery      string         `db:"delivery"`
	Zone          string         `db:"zone"`
	Address       string         `db:"address"`
	Recipient     string         `db:"recipient"`
	Phone         string         `db:"phone"`
	PaymentMethod string         `db:"payment_method"`
	Note          string         `db:"note"`
	Referrer      string         `db:"referrer"`
	CreatedAt     time.Time      `db:"created_at"`
	UpdatedAt     time.Time      `db:"updated_at"`
	ExpiresAt     sql.NullTime   `db:"expires_at"`
	PaymentURL    string         `db:"payment_url"`
	Courier       string         `db:"courier"`
	Tracking      string         `db:"tracking_number"`
	Voucher       string         `db:"voucher_code"`
	ResellerID    sql.NullInt64  `db:"reseller_id"`
	ResellerCode  sql.NullString `db:"reseller_code"`
	ResellerSrc   string         `db:"reseller_source"`
	ResellerAt    sql.NullTime   `db:"reseller_at"`
	Dropship      bool           `db:"dropship"`
}

const selectOrders = `SELECT id, number, customer_id, status, subtotal, discount, shipping_fee, unique_code, total,
	delivery, zone, address, recipient, phone, payment_method, note, referrer, created_at, updated_at, expires_at,
	payment_url, courier, tracking_number, voucher_code, reseller_id,
	(SELECT code FROM lapak_resellers r WHERE r.id = lapak_orders.reseller_id) AS reseller_code, reseller_source, reseller_at,
	dropship
	FROM lapak_orders`

func (r orderRow) order() lapak.Order {
	return lapak.Order{ID: r.ID, Number: r.Number, CustomerID: r.CustomerID, Status: lapak.OrderStatus(r.Status),
		Breakdown: lapak.Breakdown{Subtotal: lapak.Money(r.Subtotal), Discount: lapak.Money(r.Discount),
			ShippingFee: lapak.Money(r.ShippingFee), UniqueCode: lapak.Money(r.UniqueCode), Total: lapak.Money(r.Total)},
		Delivery: lapak.DeliveryMethod(r.Delivery), Zone: r.Zone, Address: r.Address, Recipient: r.Recipient, Phone: r.Phone,
		PaymentMethod: lapak.PaymentMethod(r.PaymentMethod), Note: r.Note, Referrer: r.Referrer,
		CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt), ExpiresAt: utcPtr(r.ExpiresAt),
		PaymentURL: r.PaymentURL, Shipment: lapak.Shipment{Courier: r.Courier, Tracking: r.Tracking}, Voucher: r.Voucher,
		Reseller: lapak.OrderReseller{ID: r.ResellerID.Int64, Code: r.ResellerCode.String,
			Source: lapak.AttributionSource(r.ResellerSrc), At: utcPtr(r.ResellerAt)}, Dropship: r.Dropship}
}

type orderItemRow struct {
	VariantID   sql.NullInt64 `db:"variant_id"`
	SKU         string        `db:"sku"`
	ProductName string        `db:"product_name"`
	VariantName string        `db:"variant_name"`
	UnitPrice   int64         `db:"unit_price"`
	Qty         int           `db:"qty"`
}

// loadOrder reads one order with its items; lock adds the row lock.
func loadOrder(ctx context.Context, q sqlx.QueryerContext, where string, lock string, args ...any) (lapak.Order, error) {
	rb := q.(interface{ Rebind(string) string })
	var r orderRow
	if err := sqlx.GetContext(ctx, q, &r, rb.Rebind(selectOrders+" WHERE "+where+lock), args...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return lapak.Order{}, lapak.ErrNotFound
		}
		return lapak.Order{}, err
	}
	o := r.order()
	if err := loadItems(ctx, q, &o); err != nil {
		return lapak.Order{}, err
	}
	return o, nil
}

func loadItems(ctx context.Context, q sqlx.QueryerContext, o *lapak.Order) error {
	rb := q.(interface{ Rebind(string) string })
	var items []orderItemRow
	if err := sqlx.SelectContext(ctx, q, &items, rb.Rebind(`SELECT variant_id, sku, product_name, variant_name, unit_price, qty
		FROM lapak_order_items WHERE order_id = ? ORDER BY id`), o.ID); err != nil {
		return err
	}
	o.Items = make([]lapak.OrderItem, len(items))
	for i, it := range items {
		o.Items[i] = lapak.OrderItem{VariantID: it.VariantID.Int64, SKU: it.SKU, ProductName: it.ProductName,
			VariantName: it.VariantName, UnitPrice: lapak.Money(it.UnitPrice), Qty: it.Qty}
	}
	return nil
}

func (t *tx) Order(ctx context.Context, number string) (lapak.Order, error) {
	o, err := loadOrder(ctx, t.tx, "number = ?", "", number)
	if err != nil {
		return lapak.Order{}, fmt.Errorf("storage: order %s: %w", number, err)
	}
	return o, nil
}

func (t *tx) LockOrder(ctx context.Context, number string) (lapak.Order, error) {
	o, err := loadOrder(ctx, t.tx, "number = ?", t.s.forUpdate(), number)
	if err != nil {
		return lapak.Order{}, fmt.Errorf("storage: order %s: %w", number, err)
	}
	return o, nil
}

func (t *tx) CustomerOrders(ctx context.Context, customerID int64, limit int) ([]lapak.Order, error) {
	if limit <= 0 {
		limit = 10
	}
	var rows []orderRow
	if err := t.sel(ctx, &rows, selectOrders+` WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
		customerID, limit); err != nil {
		return nil, fmt.Errorf("storage: listing orders: %w", err)
	}
	out := make([]lapak.Order, len(rows))
	for i, r := range rows {
		out[i] = r.order()
		if err := loadItems(ctx, t.tx, &out[i]); err != nil {
			return nil, fmt.Errorf("storage: listing order items: %w", err)
		}
	}
	return out, nil
}

func (t *tx) TransitionOrder(ctx context.Context, number string, to lapak.OrderStatus, at time.Time) (lapak.Order, error) {
	o, err := loadOrder(ctx, t.tx, "number = ?", t.s.forUpdate(), number)
	if err != nil {
		return lapak.Order{}, fmt.Errorf("storage: order %s: %w", number, err)
	}
	if err := t.transition(ctx, &o, to, at); err != nil {
		return lapak.Order{}, err
	}
	return o, nil
}

// transition applies the state machine to a locked order, records the
// event and gives stock back when the new status releases it.
func (t *tx) transition(ctx context.Context, o *lapak.Order, to lapak.OrderStatus, at time.Time) error {
	from := o.Status
	if err := o.Transition(to, at.UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	// paid_at: when it left pending_payment for a paid status (COD: for
	// processing), what a report dates the sale by; set once.
	var paidAt sql.NullTime
	if from == lapak.StatusPendingPayment && to.Paid() {
		paidAt = sql.NullTime{Time: o.UpdatedAt, Valid: true}
	}
	if _, err := t.exec(ctx, `UPDATE lapak_orders SET status = ?, updated_at = ?, paid_at = COALESCE(paid_at, ?) WHERE id = ?`,
		string(o.Status), o.UpdatedAt, paidAt, o.ID); err != nil {
		return fmt.Errorf("storage: updating order %s: %w", o.Number, err)
	}
	if err := t.reportDirty(ctx, o.ID); err != nil {
		return err
	}
	if from.Paid() != to.Paid() {
		// Whether the customer's later orders are repeat orders changes.
		if err := t.reportDirtyAfter(ctx, o); err != nil {
			return err
		}
	}
	if _, err := t.exec(ctx, `INSERT INTO lapak_order_events (order_id, from_status, to_status, at) VALUES (?, ?, ?, ?)`,
		o.ID, string(from), string(to), o.UpdatedAt); err != nil {
		return fmt.Errorf("storage: recording order event: %w", err)
	}
	if to.ReleasesStock() {
		items := append([]lapak.OrderItem(nil), o.Items...)
		sort.SliceStable(items, func(a, b int) bool { return items[a].VariantID < items[b].VariantID })
		for _, it := range items {
			if it.VariantID == 0 {
				continue
			}
			if _, err := t.exec(ctx, `UPDATE lapak_variants SET stock = stock + ? WHERE id = ? AND stock IS NOT NULL`,
				it.Qty, it.VariantID); err != nil {
				return fmt.Errorf("storage: releasing stock: %w", err)
			}
		}
		if o.Voucher != "" {
			if err := t.releaseVoucher(ctx, o.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

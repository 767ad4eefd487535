package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/lapak-id/lapak"
)

// The catalog from the phone: products added and changed by admins in chat
// (lapak.ProductTx), inside the message's transaction. The revision
// triggers (0011, 0017) bump the catalog revision, so search sees them.

var _ lapak.ProductTx = (*tx)(nil)

// AddProduct stores a new product with its variants (see lapak.ProductTx).
func (t *tx) AddProduct(ctx context.Context, p *lapak.Product) error {
	if existing, err := t.ProductByName(ctx, p.Name); err == nil {
		return fmt.Errorf("storage: adding product: %w", &lapak.ExistsError{What: "name", Value: existing.Name})
	} else if !errors.Is(err, lapak.ErrNotFound) {
		return fmt.Errorf("storage: adding product: %w", err)
	}
	for _, v := range p.Variants {
		var sku string
		err := t.get(ctx, &sku, `SELECT sku FROM lapak_variants WHERE LOWER(sku) = LOWER(?)`, v.SKU)
		if err == nil {
			return fmt.Errorf("storage: adding product: %w", &lapak.ExistsError{What: "sku", Value: sku})
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("storage: adding product: %w", err)
		}
	}
	var cat categoryRow
	err := t.get(ctx, &cat, `SELECT id, name, position FROM lapak_categories WHERE LOWER(name) = LOWER(?) ORDER BY id LIMIT 1`, p.Category)
	if errors.Is(err, sql.ErrNoRows) {
		cat.Name = p.Category
		err = t.get(ctx, &cat.ID, `INSERT INTO lapak_categories (name, position)
			SELECT ?, COALESCE(MAX(position), 0) + 1 FROM lapak_categories RETURNING id`, p.Category)
	}
	if err != nil {
		return fmt.Errorf("storage: adding product: category: %w", err)
	}
	err = t.get(ctx, &p.ID, `INSERT INTO lapak_products (category_id, name, description, keywords, image, hidden)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, cat.ID, p.Name, p.Description, p.Keywords, p.Image, p.Hidden)
	if isUniqueViolation(err) {
		return fmt.Errorf("storage: adding product: %w", &lapak.ExistsError{What: "name", Value: p.Name})
	}
	if err != nil {
		return fmt.Errorf("storage: adding product: %w", err)
	}
	p.CategoryID, p.Category = cat.ID, cat.Name
	if p.Image != "" {
		if _, err := t.AppendProductPhoto(ctx, p.ID, p.Image); err != nil {
			return err
		}
	}
	for i := range p.Variants {
		v := &p.Variants[i]
		var stock sql.NullInt64
		if !v.Unlimited {
			stock = sql.NullInt64{Int64: int64(v.Stock), Valid: true}
		}
		err := t.get(ctx, &v.ID, `INSERT INTO lapak_variants (product_id, sku, name, price, stock, position)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, p.ID, v.SKU, v.Name, int64(v.Price), stock, i+1)
		if isUniqueViolation(err) {
			return fmt.Errorf("storage: adding product: %w", &lapak.ExistsError{What: "sku", Value: v.SKU})
		}
		if err != nil {
			return fmt.Errorf("storage: adding product: variant %s: %w", v.SKU, err)
		}
		v.ProductID = p.ID
	}
	return nil
}

// AddVariant adds a variant to a product (see lapak.ProductTx).
func (t *tx) AddVariant(ctx context.Context, productID int64, v *lapak.Variant) error {
	p, err := t.lockProduct(ctx, productID)
	if err != nil {
		return fmt.Errorf("storage: adding variant: %w", err)
	}
	// Read under the lock: a variant another admin added meanwhile counts.
	for _, x := range p.Variants {
		if strings.EqualFold(x.Name, v.Name) {
			return fmt.Errorf("storage: adding variant: %w", &lapak.ExistsError{What: "variant", Value: x.Name})
		}
	}
	var sku string
	err = t.get(ctx, &sku, `SELECT sku FROM lapak_variants WHERE LOWER(sku) = LOWER(?)`, v.SKU)
	if err == nil {
		return fmt.Errorf("storage: adding variant: %w", &lapak.ExistsError{What: "sku", Value: sku})
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("storage: adding variant: %w", err)
	}
	var stock sql.NullInt64
	if !v.Unlimited {
		stock = sql.NullInt64{Int64: int64(v.Stock), Valid: true}
	}
	err = t.get(ctx, &v.ID, `INSERT INTO lapak_variants (product_id, sku, name, price, stock, position)
		SELECT ?, ?, ?, ?, ?, COALESCE(MAX(position), 0) + 1 FROM lapak_variants WHERE product_id = ? RETURNING id`,
		productID, v.SKU, v.Name, int64(v.Price), stock, productID)
	if isUniqueViolation(err) {
		return fmt.Errorf("storage: adding variant: %w", &lapak.ExistsError{What: "sku", Value: v.SKU})
	}
	if err != nil {
		return fmt.Errorf("storage: adding variant %s: %w", v.SKU, err)
	}
	v.ProductID = productID
	return nil
}

// ProductByName finds a product by name in any category, case-insensitive.
func (t *tx) ProductByName(ctx context.Context, name string) (lapak.Product, error) {
	var id int64
	err := t.get(ctx, &id, `SELECT id FROM lapak_products WHERE LOWER(name) = LOWER(?) ORDER BY id LIMIT 1`, strings.TrimSpace(name))
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Product{}, fmt.Errorf("storage: product %q: %w", name, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Product{}, fmt.Errorf("storage: product %q: %w", name, err)
	}
	return t.Product(ctx, id)
}

// lockProduct locks a product's row and reads it as it is.
func (t *tx) lockProduct(ctx context.Context, id int64) (lapak.Product, error) {
	var got int64
	err := t.get(ctx, &got, `SELECT id FROM lapak_products WHERE id = ?`+t.s.forUpdate(), id)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Product{}, fmt.Errorf("storage: product %d: %w", id, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Product{}, fmt.Errorf("storage: product %d: %w", id, err)
	}
	return t.Product(ctx, id)
}

// The product columns an admin changes, each its own statement (constants:
// no SQL is built from input).
const (
	setProductHidden      = `UPDATE lapak_products SET hidden = ? WHERE id = ?`
	setProductName        = `UPDATE lapak_products SET name = ? WHERE id = ?`
	setProductDescription = `UPDATE lapak_products SET description = ? WHERE id = ?`
)

func (t *tx) setProduct(ctx context.Context, id int64, query, what string, value any) (lapak.Product, error) {
	before, err := t.lockProduct(ctx, id)
	if err != nil {
		return lapak.Product{}, err
	}
	if _, err := t.exec(ctx, query, value, id); err != nil {
		if isUniqueViolation(err) {
			return lapak.Product{}, fmt.Errorf("storage: product %d: %s: %w", id, what, &lapak.ExistsError{What: "name", Value: fmt.Sprint(value)})
		}
		return lapak.Product{}, fmt.Errorf("storage: product %d: %s: %w", id, what, err)
	}
	return before, nil
}

func (t *tx) SetProductHidden(ctx context.Context, id int64, hidden bool) (lapak.Product, error) {
	return t.setProduct(ctx, id, setProductHidden, "hiding", hidden)
}

// SetProductName renames a product; a name another product has (in any
// category, any case) is an *lapak.ExistsError.
func (t *tx) SetProductName(ctx context.Context, id int64, name string) (lapak.Product, error) {
	if other, err := t.ProductByName(ctx, name); err == nil && other.ID != id {
		return lapak.Product{}, fmt.Errorf("storage: renaming product %d: %w", id, &lapak.ExistsError{What: "name", Value: other.Name})
	} else if err != nil && !errors.Is(err, lapak.ErrNotFound) {
		return lapak.Product{}, err
	}
	return t.setProduct(ctx, id, setProductName, "renaming", name)
}

func (t *tx) SetProductDescription(ctx context.Context, id int64, description string) (lapak.Product, error) {
	return t.setProduct(ctx, id, setProductDescription, "describing", description)
}

// SetProductImage replaces the product's cover with image (its first
// photo; "" removes the cover, the next photo becoming it).
func (t *tx) SetProductImage(ctx context.Context, id int64, image string) (lapak.Product, error) {
	before, err := t.lockProduct(ctx, id)
	if err != nil {
		return lapak.Product{}, err
	}
	if err := t.coverFollowsImage(ctx, id, image); err != nil {
		return lapak.Product{}, err
	}
	return before, nil
}

// QueuePhoto records a product photo to copy into the store after commit.
func (t *tx) QueuePhoto(ctx context.Context, u lapak.PhotoUpload) error {
	if _, err := t.exec(ctx, `INSERT INTO lapak_photo_uploads (product_id, source, previous, by_channel, by_chat, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, u.ProductID, u.Source, u.Previous, string(u.By.Channel), u.By.ChatID, t.now, t.now); err != nil {
		return fmt.Errorf("storage: queueing product photo: %w", err)
	}
	return nil
}

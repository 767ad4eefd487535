package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/lapak-id/lapak"
)

// A product's category and keywords, changed by an admin (the dashboard's
// product page, /ubah in chat). The revision triggers see both columns.

const setProductKeywords = `UPDATE lapak_products SET keywords = ? WHERE id = ?`

// SetProductKeywords: see lapak.ProductTx.
func (t *tx) SetProductKeywords(ctx context.Context, id int64, keywords string) (lapak.Product, error) {
	return t.setProduct(ctx, id, setProductKeywords, "setting keywords", keywords)
}

// SetProductCategory: see lapak.ProductTx.
func (t *tx) SetProductCategory(ctx context.Context, id int64, category string) (lapak.Product, error) {
	category = strings.TrimSpace(category)
	var cat int64
	err := t.get(ctx, &cat, `SELECT id FROM lapak_categories WHERE LOWER(name) = LOWER(?) ORDER BY id LIMIT 1`, category)
	if errors.Is(err, sql.ErrNoRows) {
		err = t.get(ctx, &cat, `INSERT INTO lapak_categories (name, position)
			SELECT ?, COALESCE(MAX(position), 0) + 1 FROM lapak_categories RETURNING id`, category)
	}
	if err != nil {
		return lapak.Product{}, fmt.Errorf("storage: product %d: category %q: %w", id, category, err)
	}
	return t.setProduct(ctx, id, `UPDATE lapak_products SET category_id = ? WHERE id = ?`, "moving", cat)
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/lapak-id/lapak"
)

// The dashboard's catalog pages: every product, hidden ones too, a page at
// a time (reads only; changes are the shop's operations).

// likePattern is s for a LIKE … ESCAPE '\' that finds it anywhere, any case.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(strings.TrimSpace(s))) + "%"
}

const dashProductsWhere = ` WHERE (? = 0 OR p.category_id = ?)
	AND (? = '' OR LOWER(p.name) LIKE ? ESCAPE '\' OR EXISTS (SELECT 1 FROM lapak_variants sv
		WHERE sv.product_id = p.id AND LOWER(sv.sku) LIKE ? ESCAPE '\'))`

// DashProducts is a page of the catalog as the dashboard lists it (by
// category's place in the menu, then name), hidden products included, and
// how many products match in all.
func (s *Store) DashProducts(ctx context.Context, q lapak.ProductQuery) ([]lapak.Product, int, error) {
	q.Limit = min(max(q.Limit, 1), 200)
	q.Offset = max(q.Offset, 0)
	search := strings.TrimSpace(q.Search)
	like := likePattern(search)
	args := []any{q.CategoryID, q.CategoryID, search, like, like}
	var total int
	if err := s.db.GetContext(ctx, &total, s.db.Rebind(`SELECT COUNT(*) FROM lapak_products p`+dashProductsWhere), args...); err != nil {
		return nil, 0, fmt.Errorf("storage: counting the catalog: %w", err)
	}
	var rows []productRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(selectProducts+dashProductsWhere+
		` ORDER BY c.position, c.id, p.name, p.id LIMIT ? OFFSET ?`), append(args, q.Limit, q.Offset)...); err != nil {
		return nil, 0, fmt.Errorf("storage: listing the catalog: %w", err)
	}
	ps, err := withVariants(ctx, s.db, rows)
	if err != nil {
		return nil, 0, fmt.Errorf("storage: listing the catalog's variants: %w", err)
	}
	return ps, total, nil
}

// DashProduct is one product by id, hidden or not; lapak.ErrNotFound when
// there is none.
func (s *Store) DashProduct(ctx context.Context, id int64) (lapak.Product, error) {
	var r productRow
	err := s.db.GetContext(ctx, &r, s.db.Rebind(selectProducts+` WHERE p.id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Product{}, fmt.Errorf("storage: product %d: %w", id, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Product{}, fmt.Errorf("storage: product %d: %w", id, err)
	}
	ps, err := withVariants(ctx, s.db, []productRow{r})
	if err != nil {
		return lapak.Product{}, fmt.Errorf("storage: product %d's variants: %w", id, err)
	}
	return ps[0], nil
}

// DashProductBySKU is the product one of whose variants has sku (any
// case); lapak.ErrNotFound when there is none.
func (s *Store) DashProductBySKU(ctx context.Context, sku string) (lapak.Product, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, s.db.Rebind(`SELECT product_id FROM lapak_variants WHERE LOWER(sku) = LOWER(?)`), strings.TrimSpace(sku))
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Product{}, fmt.Errorf("storage: variant %s: %w", sku, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Product{}, fmt.Errorf("storage: variant %s: %w", sku, err)
	}
	return s.DashProduct(ctx, id)
}

// DashCategories are every category in menu order, with how many products
// (hidden ones too) each holds.
func (s *Store) DashCategories(ctx context.Context) ([]lapak.Category, error) {
	var rows []struct {
		ID       int64  `db:"id"`
		Name     string `db:"name"`
		Position int    `db:"position"`
		Products int    `db:"products"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT c.id, c.name, c.position,
		(SELECT COUNT(*) FROM lapak_products p WHERE p.category_id = c.id) AS products
		FROM lapak_categories c ORDER BY c.position, c.id LIMIT 1000`); err != nil {
		return nil, fmt.Errorf("storage: listing categories: %w", err)
	}
	out := make([]lapak.Category, len(rows))
	for i, r := range rows {
		out[i] = lapak.Category{ID: r.ID, Name: r.Name, Position: r.Position, Products: r.Products}
	}
	return out, nil
}

// DashProductPhotos are product id's photos in order, the first the cover
// (none for a product without photos or an unknown one).
func (s *Store) DashProductPhotos(ctx context.Context, id int64) ([]lapak.ProductPhoto, error) {
	var rows []photoRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(selectProductPhotos), id); err != nil {
		return nil, fmt.Errorf("storage: photos of product %d: %w", id, err)
	}
	out := make([]lapak.ProductPhoto, len(rows))
	for i, r := range rows {
		out[i] = lapak.ProductPhoto(r)
	}
	return out, nil
}

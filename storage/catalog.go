package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/lapak-id/lapak"
)

// ImportCatalog applies catalog rows all-or-nothing: categories by name
// (new ones appended in order of first appearance), products by (category,
// name), variants upserted by SKU.
func (s *Store) ImportCatalog(ctx context.Context, rows []lapak.CatalogRow) (lapak.ImportResult, error) {
	var res lapak.ImportResult
	if err := validateRows(rows); err != nil {
		return res, err
	}
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("storage: importing catalog: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: s.now()}

	var nextPos int
	if err := t.get(ctx, &nextPos, `SELECT COALESCE(MAX(position), 0) + 1 FROM lapak_categories`); err != nil {
		return res, fmt.Errorf("storage: importing catalog: %w", err)
	}
	categories := map[string]int64{}
	products := map[[2]string]int64{}
	for i, r := range rows {
		line := i + 1
		catID, ok := categories[r.Category]
		if !ok {
			err := t.get(ctx, &catID, `SELECT id FROM lapak_categories WHERE name = ?`, r.Category)
			if errors.Is(err, sql.ErrNoRows) {
				err = t.get(ctx, &catID, `INSERT INTO lapak_categories (name, position) VALUES (?, ?) RETURNING id`, r.Category, nextPos)
				nextPos++
			}
			if err != nil {
				return lapak.ImportResult{}, fmt.Errorf("storage: importing catalog row %d: category: %w", line, err)
			}
			categories[r.Category] = catID
		}
		key := [2]string{r.Category, r.Name}
		prodID, ok := products[key]
		if !ok {
			err := t.get(ctx, &prodID, `INSERT INTO lapak_products (category_id, name, description, keywords, image) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (category_id, name) DO UPDATE SET description = excluded.description, keywords = excluded.keywords,
				image = excluded.image
				RETURNING id`, catID, r.Name, r.Description, r.Keywords, r.Image)
			if err != nil {
				return lapak.ImportResult{}, fmt.Errorf("storage: importing catalog row %d: product: %w", line, err)
			}
			products[key] = prodID
		}
		var stock sql.NullInt64
		if !r.Unlimited {
			stock = sql.NullInt64{Int64: int64(r.Stock), Valid: true}
		}
		res2, err := t.exec(ctx, `UPDATE lapak_variants SET product_id = ?, name = ?, price = ?, stock = ?, position = ?
			WHERE sku = ?`, prodID, r.Variant, int64(r.Price), stock, line, r.SKU)
		if err != nil {
			return lapak.ImportResult{}, fmt.Errorf("storage: importing catalog row %d: variant: %w", line, err)
		}
		if n, _ := res2.RowsAffected(); n > 0 {
			res.Updated++
			continue
		}
		if _, err := t.exec(ctx, `INSERT INTO lapak_variants (product_id, sku, name, price, stock, position)
			VALUES (?, ?, ?, ?, ?, ?)`, prodID, r.SKU, r.Variant, int64(r.Price), stock, line); err != nil {
			return lapak.ImportResult{}, fmt.Errorf("storage: importing catalog row %d: variant: %w", line, err)
		}
		res.Created++
	}
	// A product whose variants all moved elsewhere would show up empty.
	if _, err := t.exec(ctx, `DELETE FROM lapak_products WHERE NOT EXISTS
		(SELECT 1 FROM lapak_variants v WHERE v.product_id = lapak_products.id)`); err != nil {
		return lapak.ImportResult{}, fmt.Errorf("storage: importing catalog: %w", err)
	}
	if err := dbtx.Commit(); err != nil {
		return lapak.ImportResult{}, fmt.Errorf("storage: importing catalog: %w", err)
	}
	return res, nil
}

// validateRows checks every row before anything is written, naming each
// bad row (1-based) so a seller can fix the file in one go.
func validateRows(rows []lapak.CatalogRow) error {
	var problems []string
	seen := map[string]int{}
	for i, r := range rows {
		line := i + 1
		bad := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("row %d: ", line)+fmt.Sprintf(format, args...))
		}
		switch {
		case strings.TrimSpace(r.SKU) == "":
			bad("SKU is empty")
		case strings.TrimSpace(r.Name) == "":
			bad("product name is empty")
		case strings.TrimSpace(r.Category) == "":
			bad("category is empty")
		case r.Price < 0 || r.Price > lapak.MaxMoney:
			bad("price %d is out of range", int64(r.Price))
		case !r.Unlimited && r.Stock < 0:
			bad("stock %d is negative", r.Stock)
		}
		if prev, ok := seen[r.SKU]; ok && r.SKU != "" {
			bad("SKU %q already used in row %d", r.SKU, prev)
		}
		seen[r.SKU] = line
	}
	if len(problems) > 0 {
		return fmt.Errorf("storage: importing catalog: nothing imported: %s", strings.Join(problems, "; "))
	}
	return nil
}

type exportRow struct {
	SKU         string        `db:"sku"`
	Name        string        `db:"name"`
	Category    string        `db:"category"`
	Variant     string        `db:"variant"`
	Price       int64         `db:"price"`
	Stock       sql.NullInt64 `db:"stock"`
	Description string        `db:"description"`
	Keywords    string        `db:"keywords"`
	Image       string        `db:"image"`
}

// ExportCatalog lists every variant as a catalog row, by category position,
// product name and variant order.
func (s *Store) ExportCatalog(ctx context.Context) ([]lapak.CatalogRow, error) {
	var rows []exportRow
	if err := s.db.SelectContext(ctx, &rows, `
		SELECT v.sku, p.name, c.name AS category, v.name AS variant, v.price, v.stock, p.description, p.keywords, p.image
		FROM lapak_variants v
		JOIN lapak_products p ON p.id = v.product_id
		JOIN lapak_categories c ON c.id = p.category_id
		ORDER BY c.position, c.id, p.name, p.id, v.position, v.id`); err != nil {
		return nil, fmt.Errorf("storage: exporting catalog: %w", err)
	}
	out := make([]lapak.CatalogRow, len(rows))
	for i, r := range rows {
		out[i] = lapak.CatalogRow{SKU: r.SKU, Name: r.Name, Category: r.Category, Variant: r.Variant,
			Price: lapak.Money(r.Price), Stock: int(r.Stock.Int64), Unlimited: !r.Stock.Valid,
			Description: r.Description, Keywords: r.Keywords, Image: r.Image}
	}
	return out, nil
}

// ProductCount counts the products in the catalog.
func (s *Store) ProductCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM lapak_products`); err != nil {
		return 0, fmt.Errorf("storage: counting products: %w", err)
	}
	return n, nil
}

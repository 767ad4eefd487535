package shop

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// A product's category, keywords and kept photo: the dashboard's product
// page and /ubah in chat.

// SetCategory moves the product an SKU belongs to into the category named
// (1 to lapak.MaxCategoryName characters; matched in any case, a new one
// is added at the end of the menu).
func (s *Shop) SetCategory(ctx context.Context, tx ProductsTx, by Actor, sku, category string) (ProductChange, error) {
	category, ok := cleanText(category)
	if !ok || category == "" || utf8.RuneCountInString(category) > lapak.MaxCategoryName {
		return ProductChange{}, fieldErr("category", category, 0, fmt.Sprintf("1 to %d characters", lapak.MaxCategoryName))
	}
	p, found, err := productBySKU(ctx, tx, sku)
	if err != nil {
		return ProductChange{}, err
	}
	before, err := tx.SetProductCategory(ctx, p.ID, category)
	if err != nil {
		return ProductChange{}, fmt.Errorf("shop: moving %s: %w", sku, err)
	}
	after, err := tx.Product(ctx, p.ID)
	if err != nil {
		return ProductChange{}, fmt.Errorf("shop: moving %s: %w", sku, err)
	}
	if err := s.audit(ctx, tx, by, "category", found, before.Category, after.Category); err != nil {
		return ProductChange{}, err
	}
	return ProductChange{Before: before, After: after, SKU: found}, nil
}

// CleanKeywords tidies keywords as the catalog keeps them: one line, the
// words between ";" trimmed, empty ones dropped ("basreng; baso goreng").
func CleanKeywords(s string) string {
	var out []string
	for _, k := range strings.Split(s, ";") {
		if k, _ = cleanText(k); k != "" {
			out = append(out, k)
		}
	}
	return strings.Join(out, "; ")
}

// SetKeywords sets the other names customers use for the product an SKU
// belongs to, separated by ";" (at most lapak.MaxKeywords characters;
// empty removes them): search and chat understanding read them.
func (s *Shop) SetKeywords(ctx context.Context, tx ProductsTx, by Actor, sku, keywords string) (ProductChange, error) {
	if _, ok := cleanText(keywords); !ok {
		return ProductChange{}, fieldErr("keywords", keywords, 0, "one line")
	}
	keywords = CleanKeywords(keywords)
	if utf8.RuneCountInString(keywords) > lapak.MaxKeywords {
		return ProductChange{}, fieldErr("keywords", keywords, 0, fmt.Sprintf("at most %d characters", lapak.MaxKeywords))
	}
	p, found, err := productBySKU(ctx, tx, sku)
	if err != nil {
		return ProductChange{}, err
	}
	before, err := tx.SetProductKeywords(ctx, p.ID, keywords)
	if err != nil {
		return ProductChange{}, fmt.Errorf("shop: keywords of %s: %w", sku, err)
	}
	after := before
	after.Keywords = keywords
	if err := s.audit(ctx, tx, by, "keywords", found, clipAudit(before.Keywords), clipAudit(keywords)); err != nil {
		return ProductChange{}, err
	}
	return ProductChange{Before: before, After: after, SKU: found}, nil
}

// SetKeptPhoto makes a picture the shop already keeps (ref is "stored:ID",
// from storage's KeepPhoto: a photo uploaded in the dashboard) the photo
// of product id. Unlike SetPhoto there is nothing to fetch afterwards:
// customers see it at once, on every channel.
func (s *Shop) SetKeptPhoto(ctx context.Context, tx ProductsTx, by Actor, id int64, ref string) (ProductChange, error) {
	if _, ok := lapak.ParseStoredRef(ref); !ok {
		return ProductChange{}, &FieldError{Field: "photo", Value: ref, Err: lapak.ErrNotPhoto}
	}
	before, err := tx.SetProductImage(ctx, id, ref)
	if err != nil {
		return ProductChange{}, fmt.Errorf("shop: setting a photo: %w", err)
	}
	after := before
	after.Image = ref
	sku := ""
	if len(before.Variants) > 0 {
		sku = before.Variants[0].SKU
	}
	if err := s.audit(ctx, tx, by, "photo", sku, clipAudit(before.Image), ref); err != nil {
		return ProductChange{}, err
	}
	return ProductChange{Before: before, After: after, SKU: sku}, nil
}

// RecordImport writes the audit entry of a catalog file imported by by
// (the import itself is the store's one transaction): the file's name and
// what it did.
func (s *Shop) RecordImport(ctx context.Context, tx Tx, by Actor, file string, res lapak.ImportResult) error {
	return s.audit(ctx, tx, by, "import", clipAudit(file), "", fmt.Sprintf("%d new, %d updated", res.Created, res.Updated))
}

package shop

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// The catalog from the phone: adding products, hiding and showing them,
// renaming them, describing them and setting their photo. Each is one
// operation in the caller's transaction with an audit entry; the storage
// bumps the catalog revision, so search sees the change at once.

// ProductsTx is what a product operation needs.
type ProductsTx interface {
	Tx
	lapak.CatalogTx
	lapak.ProductTx
}

// FieldError says which part of a product an operation refuses, and why:
// the desk tells the admin exactly that.
type FieldError struct {
	// Field is "name", "category", "variant", "price", "stock", "sku",
	// "description", "variants" (none or too many) or "photo".
	Field string
	Value string // as given
	// Variant is the 1-based variant the problem is in, 0 when none.
	Variant int
	Err     error // what is wrong, for the log
}

func (e *FieldError) Error() string {
	where := e.Field
	if e.Variant > 0 {
		where = fmt.Sprintf("variant %d: %s", e.Variant, e.Field)
	}
	return fmt.Sprintf("shop: product %s %q: %v", where, e.Value, e.Err)
}

func (e *FieldError) Unwrap() []error { return []error{ErrInvalid, e.Err} }

func fieldErr(field, value string, variant int, why string) error {
	return &FieldError{Field: field, Value: value, Variant: variant, Err: errors.New(why)}
}

// skuPattern is an SKU as admins may give one: letters, digits, - _ .
var skuPattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._-]*$`)

// cleanText trims, folds runs of spaces, and refuses control characters.
func cleanText(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	return s, !strings.ContainsFunc(s, unicode.IsControl)
}

// CheckProduct checks a product before it is added, tidying it in place
// (spaces folded, given SKUs upper-cased): what AddProduct refuses, told
// before anything is asked of the store. A bad part is a *FieldError.
func CheckProduct(p *lapak.Product) error {
	var ok bool
	if p.Name, ok = cleanText(p.Name); !ok || p.Name == "" || utf8.RuneCountInString(p.Name) > lapak.MaxProductName {
		return fieldErr("name", p.Name, 0, fmt.Sprintf("1 to %d characters", lapak.MaxProductName))
	}
	if p.Category, ok = cleanText(p.Category); !ok || p.Category == "" || utf8.RuneCountInString(p.Category) > lapak.MaxCategoryName {
		return fieldErr("category", p.Category, 0, fmt.Sprintf("1 to %d characters", lapak.MaxCategoryName))
	}
	p.Description = strings.TrimSpace(p.Description)
	if utf8.RuneCountInString(p.Description) > lapak.MaxDescription || strings.ContainsFunc(p.Description, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) {
		return fieldErr("description", p.Description, 0, fmt.Sprintf("at most %d characters", lapak.MaxDescription))
	}
	if len(p.Variants) == 0 || len(p.Variants) > lapak.MaxVariants {
		return fieldErr("variants", strconv.Itoa(len(p.Variants)), 0, fmt.Sprintf("1 to %d variants", lapak.MaxVariants))
	}
	names := map[string]bool{}
	skus := map[string]bool{}
	for i := range p.Variants {
		v := &p.Variants[i]
		n := i + 1
		if v.Name, ok = cleanText(v.Name); !ok || utf8.RuneCountInString(v.Name) > lapak.MaxVariantName || (v.Name == "" && len(p.Variants) > 1) {
			return fieldErr("variant", v.Name, n, fmt.Sprintf("a name of 1 to %d characters for each of several variants", lapak.MaxVariantName))
		}
		if names[strings.ToLower(v.Name)] {
			return fieldErr("variant", v.Name, n, "two variants with one name")
		}
		names[strings.ToLower(v.Name)] = true
		if v.Price <= 0 || v.Price > lapak.MaxMoney {
			return fieldErr("price", v.Price.Digits(), n, "more than zero")
		}
		if !v.Unlimited && (v.Stock < 0 || v.Stock > lapak.MaxStock) {
			return fieldErr("stock", strconv.Itoa(v.Stock), n, fmt.Sprintf("0 to %d", lapak.MaxStock))
		}
		if v.SKU != "" {
			v.SKU = strings.ToUpper(strings.TrimSpace(v.SKU))
			if len(v.SKU) > lapak.MaxSKU || !skuPattern.MatchString(v.SKU) {
				return fieldErr("sku", v.SKU, n, fmt.Sprintf("letters, digits, - _ . only, at most %d", lapak.MaxSKU))
			}
			if skus[v.SKU] {
				return fieldErr("sku", v.SKU, n, "two variants with one SKU")
			}
			skus[v.SKU] = true
		}
	}
	return nil
}

// AddProduct adds p (name, category, description, variants with SKU,
// name, price and stock) to the catalog. A variant without an SKU gets one
// made from the names ("NASTAR-KEJU-450G"), unique in the catalog; given
// SKUs are upper-cased. It returns the product as stored. Bad parts are a
// *FieldError, an SKU or name in the catalog a *lapak.ExistsError.
func (s *Shop) AddProduct(ctx context.Context, tx ProductsTx, by Actor, p lapak.Product) (lapak.Product, error) {
	if err := CheckProduct(&p); err != nil {
		return lapak.Product{}, err
	}
	skus := map[string]bool{}
	for _, v := range p.Variants {
		skus[v.SKU] = v.SKU != ""
	}
	for i := range p.Variants {
		if p.Variants[i].SKU != "" {
			continue
		}
		sku, err := s.freeSKU(ctx, tx, MakeSKU(p.Name, p.Variants[i].Name), skus)
		if err != nil {
			return lapak.Product{}, err
		}
		p.Variants[i].SKU = sku
		skus[sku] = true
	}
	p.ID, p.Hidden, p.Keywords = 0, false, ""
	if err := tx.AddProduct(ctx, &p); err != nil {
		return lapak.Product{}, fmt.Errorf("shop: adding %q: %w", p.Name, err)
	}
	for _, v := range p.Variants {
		after := fmt.Sprintf("%s | %s | price %s | stock %s", lapak.ItemTitle(p.Name, v.Name), p.Category, v.Price.Digits(), stockValue(v))
		if err := s.audit(ctx, tx, by, "add", v.SKU, "", after); err != nil {
			return lapak.Product{}, err
		}
	}
	return p, nil
}

// MakeSKU is a readable SKU from a product's and a variant's names: the
// first three words of the name (six letters each at most) and the variant
// without spaces, upper-case ASCII: "Nastar Keju", "450 g" → "NASTAR-KEJU-450G".
func MakeSKU(product, variant string) string {
	word := func(w string, n int) string {
		var b strings.Builder
		for _, r := range strings.ToUpper(w) {
			if (r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') && b.Len() < n {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	var parts []string
	for _, w := range strings.FieldsFunc(product, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if x := word(w, 6); x != "" && len(parts) < 3 {
			parts = append(parts, x)
		}
	}
	if len(parts) == 0 {
		parts = []string{"PRODUK"}
	}
	if v := word(variant, 8); v != "" {
		parts = append(parts, v)
	}
	return strings.Join(parts, "-")
}

// freeSKU is base, or base-2, base-3, … : the first not in the catalog
// and not taken by the product being added.
func (s *Shop) freeSKU(ctx context.Context, tx ProductsTx, base string, taken map[string]bool) (string, error) {
	base = base[:min(len(base), lapak.MaxSKU-4)]
	for n := 1; n < 1000; n++ {
		sku := base
		if n > 1 {
			sku = base + "-" + strconv.Itoa(n)
		}
		if taken[sku] {
			continue
		}
		_, err := tx.ProductBySKU(ctx, sku)
		if errors.Is(err, lapak.ErrNotFound) {
			return sku, nil
		}
		if err != nil {
			return "", fmt.Errorf("shop: making an SKU: %w", err)
		}
	}
	return "", fmt.Errorf("shop: no free SKU for %s: %w", base, ErrInvalid)
}

// ProductChange is what a product operation did.
type ProductChange struct {
	Before lapak.Product // as it was
	After  lapak.Product // as it is now
	SKU    string        // the SKU it was found by, as the catalog writes it
}

// productBySKU finds the product an SKU belongs to.
func productBySKU(ctx context.Context, tx ProductsTx, sku string) (lapak.Product, string, error) {
	p, err := tx.ProductBySKU(ctx, strings.TrimSpace(sku))
	if err != nil {
		return lapak.Product{}, "", fmt.Errorf("shop: product of %s: %w", sku, err)
	}
	for _, v := range p.Variants {
		if strings.EqualFold(v.SKU, strings.TrimSpace(sku)) {
			return p, v.SKU, nil
		}
	}
	return p, strings.ToUpper(sku), nil
}

// SetHidden hides the product an SKU belongs to from customers (hidden
// true) or shows it again. Carts and orders holding it keep working.
func (s *Shop) SetHidden(ctx context.Context, tx ProductsTx, by Actor, sku string, hidden bool) (ProductChange, error) {
	p, found, err := productBySKU(ctx, tx, sku)
	if err != nil {
		return ProductChange{}, err
	}
	before, err := tx.SetProductHidden(ctx, p.ID, hidden)
	if err != nil {
		return ProductChange{}, fmt.Errorf("shop: hiding %s: %w", sku, err)
	}
	after := before
	after.Hidden = hidden
	cmd, was, now := "show", "hidden", "visible"
	if hidden {
		cmd, was, now = "hide", "visible", "hidden"
	}
	if before.Hidden == hidden {
		was = now
	}
	if err := s.audit(ctx, tx, by, cmd, found, was, now); err != nil {
		return ProductChange{}, err
	}
	return ProductChange{Before: before, After: after, SKU: found}, nil
}

// Rename gives the product an SKU belongs to a new name (1 to
// lapak.MaxProductName characters, not another product's).
func (s *Shop) Rename(ctx context.Context, tx ProductsTx, by Actor, sku, name string) (ProductChange, error) {
	name, ok := cleanText(name)
	if !ok || name == "" || utf8.RuneCountInString(name) > lapak.MaxProductName {
		return ProductChange{}, fieldErr("name", name, 0, fmt.Sprintf("1 to %d characters", lapak.MaxProductName))
	}
	p, found, err := productBySKU(ctx, tx, sku)
	if err != nil {
		return ProductChange{}, err
	}
	before, err := tx.SetProductName(ctx, p.ID, name)
	if err != nil {
		return ProductChange{}, fmt.Errorf("shop: renaming %s: %w", sku, err)
	}
	after := before
	after.Name = name
	if err := s.audit(ctx, tx, by, "name", found, before.Name, name); err != nil {
		return ProductChange{}, err
	}
	return ProductChange{Before: before, After: after, SKU: found}, nil
}

// Describe sets the description of the product an SKU belongs to (up to
// lapak.MaxDescription characters; empty removes it).
func (s *Shop) Describe(ctx context.Context, tx ProductsTx, by Actor, sku, description string) (ProductChange, error) {
	description = strings.TrimSpace(description)
	if utf8.RuneCountInString(description) > lapak.MaxDescription || strings.ContainsFunc(description, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) {
		return ProductChange{}, fieldErr("description", description, 0, fmt.Sprintf("at most %d characters", lapak.MaxDescription))
	}
	p, found, err := productBySKU(ctx, tx, sku)
	if err != nil {
		return ProductChange{}, err
	}
	before, err := tx.SetProductDescription(ctx, p.ID, description)
	if err != nil {
		return ProductChange{}, fmt.Errorf("shop: describing %s: %w", sku, err)
	}
	after := before
	after.Description = description
	if err := s.audit(ctx, tx, by, "description", found, clipAudit(before.Description), clipAudit(description)); err != nil {
		return ProductChange{}, err
	}
	return ProductChange{Before: before, After: after, SKU: found}, nil
}

func clipAudit(s string) string {
	if utf8.RuneCountInString(s) > 300 {
		return string([]rune(s)[:300]) + "…"
	}
	return s
}

// SetPhoto makes a photo an admin sent on channel ch the picture of
// product id: at once by the channel's reference, and kept by the shop
// (the photo job copies its bytes into the store after commit). A photo
// the platform says is larger than lapak.MaxPhotoBytes, or that is not a
// picture, is a *FieldError ("photo") wrapping lapak.ErrPhotoTooBig or
// lapak.ErrNotPhoto.
func (s *Shop) SetPhoto(ctx context.Context, tx ProductsTx, by Actor, id int64, ch lapak.Channel, photo lapak.Attachment) (ProductChange, error) {
	if photo.Size > lapak.MaxPhotoBytes {
		return ProductChange{}, &FieldError{Field: "photo", Value: strconv.FormatInt(photo.Size, 10), Err: lapak.ErrPhotoTooBig}
	}
	if photo.MIME != "" && !strings.HasPrefix(photo.MIME, "image/") || photo.Ref == "" {
		return ProductChange{}, &FieldError{Field: "photo", Value: photo.MIME, Err: lapak.ErrNotPhoto}
	}
	source := lapak.MediaRef(ch, photo.Ref)
	before, err := tx.SetProductImage(ctx, id, source)
	if err != nil {
		return ProductChange{}, fmt.Errorf("shop: setting a photo: %w", err)
	}
	if err := tx.QueuePhoto(ctx, lapak.PhotoUpload{ProductID: id, Source: source, Previous: before.Image, By: by.Identity}); err != nil {
		return ProductChange{}, err
	}
	after := before
	after.Image = source
	sku := ""
	if len(before.Variants) > 0 {
		sku = before.Variants[0].SKU
	}
	if err := s.audit(ctx, tx, by, "photo", sku, clipAudit(before.Image), clipAudit(source)); err != nil {
		return ProductChange{}, err
	}
	return ProductChange{Before: before, After: after, SKU: sku}, nil
}

// ErrHiddenProduct refuses a change a hidden product does not take: show
// it first.
var ErrHiddenProduct = errors.New("the product is hidden from customers")

// AddVariant adds a variant (name, price, stock; an SKU, else one made
// from the names as AddProduct makes them) to the product productID, after
// its variants, checked as AddProduct checks a product's variants: a name
// none of its variants has (any case), a price more than zero, a stock of
// 0 to lapak.MaxStock (or unlimited), at most lapak.MaxVariants variants.
// Bad parts are a *FieldError, an SKU in the catalog a *lapak.ExistsError,
// an unknown product lapak.ErrNotFound, a hidden one ErrHiddenProduct. It
// returns the product as it is now and the variant as stored.
func (s *Shop) AddVariant(ctx context.Context, tx ProductsTx, by Actor, productID int64, v lapak.Variant) (lapak.Product, lapak.Variant, error) {
	p, err := tx.Product(ctx, productID)
	if err != nil {
		return lapak.Product{}, lapak.Variant{}, fmt.Errorf("shop: adding a variant to product %d: %w", productID, err)
	}
	if p.Hidden {
		return lapak.Product{}, lapak.Variant{}, fmt.Errorf("shop: adding a variant to %q: %w", p.Name, ErrHiddenProduct)
	}
	n := len(p.Variants) + 1
	var ok bool
	if v.Name, ok = cleanText(v.Name); !ok || v.Name == "" || utf8.RuneCountInString(v.Name) > lapak.MaxVariantName {
		return lapak.Product{}, lapak.Variant{}, fieldErr("variant", v.Name, n, fmt.Sprintf("a name of 1 to %d characters", lapak.MaxVariantName))
	}
	for _, x := range p.Variants {
		if strings.EqualFold(x.Name, v.Name) {
			return lapak.Product{}, lapak.Variant{}, fieldErr("variant", v.Name, n, "two variants with one name")
		}
		if x.Name == "" {
			// The product's one variant has no name: two would be told apart by none.
			return lapak.Product{}, lapak.Variant{}, fieldErr("variant", x.Name, 1, "a name for each of several variants")
		}
	}
	if len(p.Variants) >= lapak.MaxVariants {
		return lapak.Product{}, lapak.Variant{}, fieldErr("variants", strconv.Itoa(n), 0, fmt.Sprintf("1 to %d variants", lapak.MaxVariants))
	}
	if v.Price <= 0 || v.Price > lapak.MaxMoney {
		return lapak.Product{}, lapak.Variant{}, fieldErr("price", v.Price.Digits(), n, "more than zero")
	}
	if !v.Unlimited && (v.Stock < 0 || v.Stock > lapak.MaxStock) {
		return lapak.Product{}, lapak.Variant{}, fieldErr("stock", strconv.Itoa(v.Stock), n, fmt.Sprintf("0 to %d", lapak.MaxStock))
	}
	if v.Unlimited {
		v.Stock = 0
	}
	if v.SKU = strings.ToUpper(strings.TrimSpace(v.SKU)); v.SKU != "" {
		if len(v.SKU) > lapak.MaxSKU || !skuPattern.MatchString(v.SKU) {
			return lapak.Product{}, lapak.Variant{}, fieldErr("sku", v.SKU, n, fmt.Sprintf("letters, digits, - _ . only, at most %d", lapak.MaxSKU))
		}
	} else if v.SKU, err = s.freeSKU(ctx, tx, MakeSKU(p.Name, v.Name), nil); err != nil {
		return lapak.Product{}, lapak.Variant{}, err
	}
	v.ID, v.ResellerPrice, v.MinResellerQty = 0, 0, 0
	var ee *lapak.ExistsError
	if err := tx.AddVariant(ctx, p.ID, &v); errors.As(err, &ee) && ee.What == "variant" {
		return lapak.Product{}, lapak.Variant{}, fieldErr("variant", v.Name, n, "two variants with one name") // added meanwhile
	} else if err != nil {
		return lapak.Product{}, lapak.Variant{}, fmt.Errorf("shop: adding a variant to %q: %w", p.Name, err)
	}
	after := fmt.Sprintf("%s | price %s | stock %s", lapak.ItemTitle(p.Name, v.Name), v.Price.Digits(), stockValue(v))
	if err := s.audit(ctx, tx, by, "variant", v.SKU, "", after); err != nil {
		return lapak.Product{}, lapak.Variant{}, err
	}
	p.Variants = append(p.Variants, v)
	return p, v, nil
}

package lapak

import (
	"context"
	"errors"
	"fmt"
)

// Bounds on what an admin types for a product in chat (and what the shop's
// product operations accept).
const (
	MaxProductName  = 80
	MaxCategoryName = 40
	MaxVariantName  = 40
	MaxDescription  = 1000
	MaxSKU          = 32
	MaxVariants     = 20
	MaxKeywords     = 500
)

// ProductTx adds and changes products (admins only): the catalog from the
// phone. Every change of what customers see bumps the catalog revision, so
// search sees it.
type ProductTx interface {
	// AddProduct stores p with its variants in the category p.Category
	// names (case-insensitive; a new one is added at the end of the menu)
	// and assigns the IDs. An SKU or product name already in the catalog
	// is an *ExistsError, and nothing is written.
	AddProduct(ctx context.Context, p *Product) error
	// AddVariant adds v (SKU, name, price, stock) to product productID
	// under the product's row lock, after its last variant, and assigns
	// v.ID and v.ProductID. ErrNotFound for an unknown product; an SKU
	// already in the catalog, or a variant name the product has (any
	// case, What "variant"), is an *ExistsError, and nothing is written.
	AddVariant(ctx context.Context, productID int64, v *Variant) error
	// ProductByName finds a product by its name in any category,
	// case-insensitive (ErrNotFound when there is none).
	ProductByName(ctx context.Context, name string) (Product, error)
	// SetProductHidden, SetProductName, SetProductDescription and
	// SetProductImage change one product under its row lock and return it
	// as it was before (ErrNotFound for an unknown id).
	SetProductHidden(ctx context.Context, id int64, hidden bool) (Product, error)
	SetProductName(ctx context.Context, id int64, name string) (Product, error)
	SetProductDescription(ctx context.Context, id int64, description string) (Product, error)
	SetProductImage(ctx context.Context, id int64, image string) (Product, error)
	// SetProductCategory moves a product to the category named (any case;
	// a new one is added at the end of the menu); SetProductKeywords sets
	// its keywords. Both return it as it was before.
	SetProductCategory(ctx context.Context, id int64, category string) (Product, error)
	SetProductKeywords(ctx context.Context, id int64, keywords string) (Product, error)
	// QueuePhoto records a photo to copy from its channel into the store
	// (the photo job does it after commit).
	QueuePhoto(ctx context.Context, u PhotoUpload) error
}

// ErrExists is wrapped by *ExistsError.
var ErrExists = errors.New("already in the catalog")

// ExistsError says an SKU or a product name is already taken.
type ExistsError struct {
	What  string // "sku", "name" or "variant"
	Value string // as the catalog has it
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s %q is already in the catalog", e.What, e.Value)
}

func (e *ExistsError) Unwrap() error { return ErrExists }

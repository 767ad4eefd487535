package lapak

import (
	"context"
	"errors"
)

// MaxProductPhotos bounds a product's photos: the cover and seven more.
const MaxProductPhotos = 8

// MaxDetailPhotos is how many of a product's photos a customer gets in
// chat when they open its details: the cover with the details, then the
// next ones, one message each.
const MaxDetailPhotos = 4

// Why a photo operation is refused.
var (
	// ErrTooManyPhotos: the product has MaxProductPhotos already.
	ErrTooManyPhotos = errors.New("a product has at most 8 photos")
	// ErrStalePhotos: a new order that does not name exactly the
	// product's photos (one was added or removed since the page was shown).
	ErrStalePhotos = errors.New("the product's photos changed meanwhile")
)

// ProductPhoto is one of a product's photos, in the seller's order: the
// first is the cover (Product.Image).
type ProductPhoto struct {
	ID        int64
	ProductID int64
	Position  int    // 1-based; 1 is the cover
	Ref       string // an Outbound.Image reference ("stored:ID", "media:…", a URL)
}

// ProductPhotoTx keeps a product's ordered photos. Every change sets the
// product's image to the first photo's ref ("" when none is left) in the
// same transaction; the product writes that know one image (SetProductImage,
// AddProduct, imports) make the first photo follow the image instead.
type ProductPhotoTx interface {
	// ProductPhotos are product id's photos in order (none for an unknown
	// product); a plain read, for showing them.
	ProductPhotos(ctx context.Context, id int64) ([]ProductPhoto, error)
	// LockProductPhotos locks product id's row and returns its photos in
	// order: what a change checks against (ErrNotFound for an unknown id).
	LockProductPhotos(ctx context.Context, id int64) ([]ProductPhoto, error)
	// AppendProductPhoto adds ref after product id's last photo.
	AppendProductPhoto(ctx context.Context, id int64, ref string) (ProductPhoto, error)
	// DeleteProductPhoto removes one photo of product id (ErrNotFound when
	// it is not one of its photos).
	DeleteProductPhoto(ctx context.Context, id, photo int64) error
	// SetProductPhotoOrder puts product id's photos in the order of ids,
	// which the caller checked names each of them once.
	SetProductPhotoOrder(ctx context.Context, id int64, ids []int64) error
}

package shop

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	lapak "github.com/lapak-id/lapak"
)

// A product's photos, in the seller's order, the first the cover (the
// picture customers see with the product): adding one at the end,
// removing one, putting them in a new order. The dashboard's product page
// calls these; they take any Actor, so the chat desk can too. The chat's
// /foto (SetPhoto) and SetKeptPhoto replace the cover, as they always did:
// a seller who sends "the photo" of a product from the phone means the one
// customers see, and the other photos stay.

// PhotosTx is what a photo operation needs.
type PhotosTx interface {
	Tx
	lapak.CatalogTx
	lapak.ProductPhotoTx
}

// PhotosChange is a product after a photo operation, with its photos in
// their new order.
type PhotosChange struct {
	Product lapak.Product
	Photos  []lapak.ProductPhoto
	SKU     string // the product's first SKU, for the audit entry
}

// Cover is the first photo's ref, "" when there is none.
func (c PhotosChange) Cover() string {
	if len(c.Photos) == 0 {
		return ""
	}
	return c.Photos[0].Ref
}

func (s *Shop) photosDone(ctx context.Context, tx PhotosTx, by Actor, id int64, command, before, after string) (PhotosChange, error) {
	p, err := tx.Product(ctx, id)
	if err != nil {
		return PhotosChange{}, fmt.Errorf("shop: photos of product %d: %w", id, err)
	}
	photos, err := tx.ProductPhotos(ctx, id)
	if err != nil {
		return PhotosChange{}, err
	}
	c := PhotosChange{Product: p, Photos: photos}
	if len(p.Variants) > 0 {
		c.SKU = p.Variants[0].SKU
	}
	if err := s.audit(ctx, tx, by, command, c.SKU, before, after); err != nil {
		return PhotosChange{}, err
	}
	return c, nil
}

// AddProductPhoto adds a picture the shop keeps (ref "stored:ID", from
// storage's KeepPhoto) after product id's last photo; a product without
// photos gets it as its cover. A product with lapak.MaxProductPhotos
// already is a *FieldError ("photo") wrapping lapak.ErrTooManyPhotos.
func (s *Shop) AddProductPhoto(ctx context.Context, tx PhotosTx, by Actor, id int64, ref string) (PhotosChange, error) {
	if _, ok := lapak.ParseStoredRef(ref); !ok {
		return PhotosChange{}, &FieldError{Field: "photo", Value: ref, Err: lapak.ErrNotPhoto}
	}
	photos, err := tx.LockProductPhotos(ctx, id)
	if err != nil {
		return PhotosChange{}, fmt.Errorf("shop: adding a photo: %w", err)
	}
	if len(photos) >= lapak.MaxProductPhotos {
		return PhotosChange{}, &FieldError{Field: "photo", Value: strconv.Itoa(len(photos)), Err: lapak.ErrTooManyPhotos}
	}
	if _, err := tx.AppendProductPhoto(ctx, id, ref); err != nil {
		return PhotosChange{}, err
	}
	return s.photosDone(ctx, tx, by, id, "photo.add", "", ref)
}

// RemoveProductPhoto removes photo from product id's photos (lapak.ErrNotFound
// when it is not one of them); removing the cover makes the next one the
// cover. The picture itself stays kept (an order or a promo may show it).
func (s *Shop) RemoveProductPhoto(ctx context.Context, tx PhotosTx, by Actor, id, photo int64) (PhotosChange, error) {
	photos, err := tx.LockProductPhotos(ctx, id)
	if err != nil {
		return PhotosChange{}, fmt.Errorf("shop: removing a photo: %w", err)
	}
	ref := ""
	for _, ph := range photos {
		if ph.ID == photo {
			ref = ph.Ref
		}
	}
	if ref == "" {
		return PhotosChange{}, fmt.Errorf("shop: photo %d of product %d: %w", photo, id, lapak.ErrNotFound)
	}
	if err := tx.DeleteProductPhoto(ctx, id, photo); err != nil {
		return PhotosChange{}, err
	}
	return s.photosDone(ctx, tx, by, id, "photo.remove", clipAudit(ref), "")
}

// ReorderProductPhotos puts product id's photos in the order of ids, the
// first becoming the cover. ids must name each of its photos exactly once:
// a list from a page shown before a photo was added or removed is refused
// with lapak.ErrStalePhotos (and a list with a photo twice or someone
// else's with ErrInvalid), and nothing changes.
func (s *Shop) ReorderProductPhotos(ctx context.Context, tx PhotosTx, by Actor, id int64, ids []int64) (PhotosChange, error) {
	photos, err := tx.LockProductPhotos(ctx, id)
	if err != nil {
		return PhotosChange{}, fmt.Errorf("shop: ordering photos: %w", err)
	}
	have := make(map[int64]bool, len(photos))
	for _, ph := range photos {
		have[ph.ID] = true
	}
	seen := make(map[int64]bool, len(ids))
	for _, photo := range ids {
		if seen[photo] {
			return PhotosChange{}, fmt.Errorf("shop: photo %d twice in the order: %w", photo, ErrInvalid)
		}
		seen[photo] = true
		if !have[photo] {
			return PhotosChange{}, fmt.Errorf("shop: photo %d is not one of product %d's: %w", photo, id, lapak.ErrStalePhotos)
		}
	}
	if len(ids) != len(photos) {
		return PhotosChange{}, fmt.Errorf("shop: %d photos in the order, product %d has %d: %w", len(ids), id, len(photos), lapak.ErrStalePhotos)
	}
	before := photoIDs(photos)
	if err := tx.SetProductPhotoOrder(ctx, id, ids); err != nil {
		return PhotosChange{}, err
	}
	return s.photosDone(ctx, tx, by, id, "photo.order", before, joinIDs(ids))
}

func photoIDs(photos []lapak.ProductPhoto) string {
	ids := make([]int64, len(photos))
	for i, ph := range photos {
		ids[i] = ph.ID
	}
	return joinIDs(ids)
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// ChatPhotosTx is what adding a photo sent in chat needs.
type ChatPhotosTx interface {
	ProductsTx
	lapak.ProductPhotoTx
}

// AddChatPhoto adds a photo an admin sent on channel ch after product
// id's last photo (/foto SKU tambah): at once by the channel's reference,
// kept by the shop after commit as SetPhoto's are (a copy that fails for
// good removes it again). Too big, not a picture and a full product are
// the *FieldErrors SetPhoto and AddProductPhoto give.
func (s *Shop) AddChatPhoto(ctx context.Context, tx ChatPhotosTx, by Actor, id int64, ch lapak.Channel, photo lapak.Attachment) (PhotosChange, error) {
	if photo.Size > lapak.MaxPhotoBytes {
		return PhotosChange{}, &FieldError{Field: "photo", Value: strconv.FormatInt(photo.Size, 10), Err: lapak.ErrPhotoTooBig}
	}
	if photo.MIME != "" && !strings.HasPrefix(photo.MIME, "image/") || photo.Ref == "" {
		return PhotosChange{}, &FieldError{Field: "photo", Value: photo.MIME, Err: lapak.ErrNotPhoto}
	}
	photos, err := tx.LockProductPhotos(ctx, id)
	if err != nil {
		return PhotosChange{}, fmt.Errorf("shop: adding a photo: %w", err)
	}
	if len(photos) >= lapak.MaxProductPhotos {
		return PhotosChange{}, &FieldError{Field: "photo", Value: strconv.Itoa(len(photos)), Err: lapak.ErrTooManyPhotos}
	}
	source := lapak.MediaRef(ch, photo.Ref)
	if _, err := tx.AppendProductPhoto(ctx, id, source); err != nil {
		return PhotosChange{}, err
	}
	if err := tx.QueuePhoto(ctx, lapak.PhotoUpload{ProductID: id, Source: source, By: by.Identity}); err != nil {
		return PhotosChange{}, err
	}
	return s.photosDone(ctx, tx, by, id, "photo.add", "", clipAudit(source))
}

package storage

import (
	"context"
	"fmt"

	"github.com/lapak-id/lapak"
)

// A product's ordered photos (lapak.ProductPhotoTx, migration 0035). The
// first is the cover, and lapak_products.image is always the cover's ref:
// the photo operations set the image from the list, and the writes that
// know one image (SetProductImage: the chat's /foto and SetKeptPhoto;
// AddProduct; the photo job; imports) make the cover follow the image.

var _ lapak.ProductPhotoTx = (*tx)(nil)

const selectProductPhotos = `SELECT id, product_id, position, ref FROM lapak_product_photos WHERE product_id = ? ORDER BY position, id`

type photoRow struct {
	ID        int64  `db:"id"`
	ProductID int64  `db:"product_id"`
	Position  int    `db:"position"`
	Ref       string `db:"ref"`
}

func (t *tx) ProductPhotos(ctx context.Context, id int64) ([]lapak.ProductPhoto, error) {
	var rows []photoRow
	if err := t.sel(ctx, &rows, selectProductPhotos, id); err != nil {
		return nil, fmt.Errorf("storage: photos of product %d: %w", id, err)
	}
	out := make([]lapak.ProductPhoto, len(rows))
	for i, r := range rows {
		out[i] = lapak.ProductPhoto(r)
	}
	return out, nil
}

// LockProductPhotos locks the product and reads its photos. A product with
// an image and no photos (written before 0035 by a path that did not keep
// the list) gets its image as its cover first.
func (t *tx) LockProductPhotos(ctx context.Context, id int64) ([]lapak.ProductPhoto, error) {
	p, err := t.lockProduct(ctx, id)
	if err != nil {
		return nil, err
	}
	photos, err := t.ProductPhotos(ctx, id)
	if err != nil || len(photos) > 0 || p.Image == "" {
		return photos, err
	}
	if _, err := t.AppendProductPhoto(ctx, id, p.Image); err != nil {
		return nil, err
	}
	return t.ProductPhotos(ctx, id)
}

func (t *tx) AppendProductPhoto(ctx context.Context, id int64, ref string) (lapak.ProductPhoto, error) {
	ph := lapak.ProductPhoto{ProductID: id, Ref: ref}
	if err := t.get(ctx, &ph.Position, `SELECT COALESCE(MAX(position), 0) + 1 FROM lapak_product_photos WHERE product_id = ?`, id); err != nil {
		return ph, fmt.Errorf("storage: adding a photo to product %d: %w", id, err)
	}
	if err := t.get(ctx, &ph.ID, `INSERT INTO lapak_product_photos (product_id, position, ref) VALUES (?, ?, ?) RETURNING id`,
		id, ph.Position, ref); err != nil {
		return ph, fmt.Errorf("storage: adding a photo to product %d: %w", id, err)
	}
	return ph, t.imageFromPhotos(ctx, id)
}

func (t *tx) DeleteProductPhoto(ctx context.Context, id, photo int64) error {
	res, err := t.exec(ctx, `DELETE FROM lapak_product_photos WHERE id = ? AND product_id = ?`, photo, id)
	if err != nil {
		return fmt.Errorf("storage: removing photo %d of product %d: %w", photo, id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("storage: photo %d of product %d: %w", photo, id, lapak.ErrNotFound)
	}
	return t.renumberPhotos(ctx, id)
}

func (t *tx) SetProductPhotoOrder(ctx context.Context, id int64, ids []int64) error {
	for i, photo := range ids {
		if _, err := t.exec(ctx, `UPDATE lapak_product_photos SET position = ? WHERE id = ? AND product_id = ?`, i+1, photo, id); err != nil {
			return fmt.Errorf("storage: ordering the photos of product %d: %w", id, err)
		}
	}
	return t.imageFromPhotos(ctx, id)
}

// renumberPhotos gives product id's photos the positions 1..n in their
// order, then sets its image to the cover's.
func (t *tx) renumberPhotos(ctx context.Context, id int64) error {
	photos, err := t.ProductPhotos(ctx, id)
	if err != nil {
		return err
	}
	for i, ph := range photos {
		if ph.Position == i+1 {
			continue
		}
		if _, err := t.exec(ctx, `UPDATE lapak_product_photos SET position = ? WHERE id = ?`, i+1, ph.ID); err != nil {
			return fmt.Errorf("storage: ordering the photos of product %d: %w", id, err)
		}
	}
	return t.imageFromPhotos(ctx, id)
}

// imageFromPhotos sets product id's image to its first photo's ref, ""
// when it has none.
func (t *tx) imageFromPhotos(ctx context.Context, id int64) error {
	var refs []string
	if err := t.sel(ctx, &refs, `SELECT ref FROM lapak_product_photos WHERE product_id = ? ORDER BY position, id LIMIT 1`, id); err != nil {
		return fmt.Errorf("storage: the cover of product %d: %w", id, err)
	}
	cover := ""
	if len(refs) > 0 {
		cover = refs[0]
	}
	if _, err := t.exec(ctx, `UPDATE lapak_products SET image = ? WHERE id = ? AND image <> ?`, cover, id, cover); err != nil {
		return fmt.Errorf("storage: the cover of product %d: %w", id, err)
	}
	return nil
}

// coverFollowsImage makes product id's image its cover: image replaces the
// first photo (or is the first one), and "" removes the first photo, the
// next becoming the cover (and the image).
func (t *tx) coverFollowsImage(ctx context.Context, id int64, image string) error {
	photos, err := t.ProductPhotos(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case image == "" && len(photos) == 0:
		return t.imageFromPhotos(ctx, id)
	case image == "":
		return t.DeleteProductPhoto(ctx, id, photos[0].ID)
	case len(photos) == 0:
		_, err := t.AppendProductPhoto(ctx, id, image)
		return err
	}
	if _, err := t.exec(ctx, `UPDATE lapak_product_photos SET ref = ? WHERE id = ?`, image, photos[0].ID); err != nil {
		return fmt.Errorf("storage: the cover of product %d: %w", id, err)
	}
	return t.imageFromPhotos(ctx, id)
}

// coversFollowImages makes the whole catalog's covers follow its images
// after an import wrote the files' images: an image replaces the cover, an
// image with no photos becomes the first, and an emptied image means the
// file wants no picture: the product's photos go, so importing the same
// file twice changes nothing the second time.
var coversFollowImages = []string{
	`DELETE FROM lapak_product_photos WHERE product_id IN (SELECT id FROM lapak_products WHERE image = '')`,
	`UPDATE lapak_product_photos SET ref = (SELECT p.image FROM lapak_products p WHERE p.id = lapak_product_photos.product_id)
		WHERE position = 1 AND ref <> (SELECT p.image FROM lapak_products p WHERE p.id = lapak_product_photos.product_id)`,
	`INSERT INTO lapak_product_photos (product_id, position, ref)
		SELECT p.id, 1, p.image FROM lapak_products p
		WHERE p.image <> '' AND NOT EXISTS (SELECT 1 FROM lapak_product_photos f WHERE f.product_id = p.id)`,
}

func (t *tx) coversFollowImages(ctx context.Context) error {
	for _, q := range coversFollowImages {
		if _, err := t.exec(ctx, q); err != nil {
			return fmt.Errorf("storage: product covers: %w", err)
		}
	}
	return nil
}

package dashboard

import (
	"bytes"
	"context"
	"errors"
	"image"
	_ "image/gif" // image.DecodeConfig reads the pictures channels send
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"strconv"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

// A product's photo from the dashboard: uploaded (a phone offers its
// camera), checked by its bytes, kept by the shop ("stored:ID") and set on
// the product at once, so customers see it in chat; the schema holds one
// photo per product, so a new one replaces the old. Kept pictures are
// served back by their id for the pages' thumbnails.

// pictureType is the MIME type of a picture the shop keeps, "" for bytes
// that are not one: the sniffed type, and for JPEG, PNG and GIF a header
// that decodes (WebP is taken by its signature).
func pictureType(data []byte) string {
	mime := http.DetectContentType(data)
	switch mime {
	case "image/jpeg", "image/png", "image/gif":
		if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
			return ""
		}
		return mime
	case "image/webp":
		return mime
	}
	return ""
}

func (d *Dashboard) photoUpload(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	p, err := d.product(ctx, r.PathValue("key"))
	if err != nil {
		return err
	}
	mb := lapak.MaxPhotoBytes >> 20
	up, err := readUpload(w, r, c, "photo", lapak.MaxPhotoBytes)
	switch {
	case errors.Is(err, errTooBig):
		return c.redirect(w, r, productPath(p), c.t("catalog.photobig", mb))
	case err != nil:
		return err
	case len(up.File) == 0:
		return c.redirect(w, r, productPath(p), c.t("catalog.photonone"))
	case pictureType(up.File) == "":
		return c.redirect(w, r, productPath(p), c.t("catalog.photonot"))
	}
	ref, err := d.opt.Store.KeepPhoto(ctx, up.File)
	switch {
	case errors.Is(err, lapak.ErrPhotoTooBig):
		return c.redirect(w, r, productPath(p), c.t("catalog.photobig", mb))
	case errors.Is(err, lapak.ErrNotPhoto):
		return c.redirect(w, r, productPath(p), c.t("catalog.photonot"))
	case err != nil:
		return err
	}
	err = c.do(ctx, func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := d.opt.Shop.SetKeptPhoto(ctx, tx, by, p.ID, ref)
		return err
	})
	if err != nil {
		return err
	}
	return c.redirect(w, r, productPath(p), c.t("catalog.photosaved", p.Name))
}

// photoServe sends a kept picture by its id: pictures never change under
// an id, so browsers may keep them.
func (d *Dashboard) photoServe(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := strconv.ParseInt(r.PathValue("media"), 10, 64)
	if err != nil || id <= 0 {
		return lapak.ErrNotFound
	}
	data, err := d.opt.Store.Media(r.Context(), id)
	if err != nil {
		return err
	}
	mime := pictureType(data)
	if mime == "" {
		return lapak.ErrNotFound
	}
	h := w.Header()
	h.Set("Content-Type", mime)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	_, err = w.Write(data)
	return err
}

// imageServe sends a product's picture that the shop does not keep (yet):
// a photo sent in chat that the photo job has not copied, a demo picture,
// through the media loader. It may change, so it is kept briefly.
func (d *Dashboard) imageServe(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := d.product(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	if p.Image == "" || d.opt.Media == nil {
		return lapak.ErrNotFound
	}
	if id, ok := lapak.ParseStoredRef(p.Image); ok {
		http.Redirect(w, r, Prefix+"catalog/photo/"+strconv.FormatInt(id, 10), http.StatusFound)
		return nil
	}
	data, _, err := d.opt.Media.Load(r.Context(), p.Image)
	if err != nil || len(data) > lapak.MaxPhotoBytes {
		d.log.Info("dashboard: a product's picture cannot be shown", "product", p.ID, "err", err)
		return lapak.ErrNotFound
	}
	mime := pictureType(data)
	if mime == "" {
		return lapak.ErrNotFound
	}
	h := w.Header()
	h.Set("Content-Type", mime)
	h.Set("Cache-Control", "private, max-age=300")
	_, err = w.Write(data)
	return err
}

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
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

// A product's photos from the dashboard: uploaded, several at once (a
// phone offers its camera), checked by their bytes, kept by the shop
// ("stored:ID") and added after the product's last photo at once, so
// customers see them in chat; deleted; put in a new order (drag and drop
// on a computer, ↑ ↓ forms on a phone or without JS), the first being the
// cover customers see with the product. Kept pictures are served back by
// their id for the pages' thumbnails.

// photoUploadBody bounds a photo upload's whole body: a product's photos
// at once, at their largest.
const photoUploadBody = lapak.MaxProductPhotos*lapak.MaxPhotoBytes + 1<<20

// photoItem is one photo as the product page shows it.
type photoItem struct {
	ID       int64
	N        int    // 1-based place
	URL      string // the thumbnail, "" when it cannot be shown
	Up, Down string // the order with this photo moved up or down, "" at an end
}

// photoItems are a product's photos for its page, and their order as ids.
func (d *Dashboard) photoItems(p lapak.Product, photos []lapak.ProductPhoto) ([]photoItem, string) {
	ids := make([]int64, len(photos))
	for i, ph := range photos {
		ids[i] = ph.ID
	}
	moved := func(i, j int) string {
		if j < 0 || j >= len(ids) {
			return ""
		}
		o := append([]int64(nil), ids...)
		o[i], o[j] = o[j], o[i]
		return joinIDs(o)
	}
	items := make([]photoItem, len(photos))
	for i, ph := range photos {
		items[i] = photoItem{ID: ph.ID, N: i + 1, URL: d.photoRefURL(p.ID, ph), Up: moved(i, i-1), Down: moved(i, i+1)}
	}
	return items, joinIDs(ids)
}

// photoRefURL is where the dashboard shows one of product id's photos.
func (d *Dashboard) photoRefURL(id int64, ph lapak.ProductPhoto) string {
	if media, ok := lapak.ParseStoredRef(ph.Ref); ok {
		return Prefix + "catalog/photo/" + strconv.FormatInt(media, 10)
	}
	if ph.Ref != "" && d.opt.Media != nil {
		return Prefix + "catalog/image/" + strconv.FormatInt(id, 10) + "?photo=" + strconv.FormatInt(ph.ID, 10)
	}
	return ""
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// parseIDs reads "3,1,2": at most max ids; ok false for anything else.
func parseIDs(s string, max int) ([]int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 20*max {
		return nil, false
	}
	parts := strings.Split(s, ",")
	if len(parts) > max {
		return nil, false
	}
	out := make([]int64, len(parts))
	for i, part := range parts {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || id <= 0 {
			return nil, false
		}
		out[i] = id
	}
	return out, true
}

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

// photoUpload adds the photos chosen, all or none: a file too big or not
// a picture, or more than the product has room for, refuses them all
// before any is kept.
func (d *Dashboard) photoUpload(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	p, err := d.product(ctx, r.PathValue("key"))
	if err != nil {
		return err
	}
	mb := lapak.MaxPhotoBytes >> 20
	up, err := readUploadBody(w, r, c, "photo", lapak.MaxPhotoBytes, photoUploadBody)
	switch {
	case errors.Is(err, errTooBig):
		return c.redirect(w, r, productPath(p), c.t("catalog.photobig", mb))
	case err != nil:
		return err
	}
	var files [][]byte
	for _, f := range up.Files {
		if len(f.Data) == 0 {
			continue
		}
		if pictureType(f.Data) == "" {
			return c.redirect(w, r, productPath(p), c.t("catalog.photonot"))
		}
		files = append(files, f.Data)
	}
	if len(files) == 0 {
		return c.redirect(w, r, productPath(p), c.t("catalog.photonone"))
	}
	full := func(had int) error {
		return c.redirect(w, r, productPath(p), c.t("catalog.photofull", lapak.MaxProductPhotos, p.Name, had))
	}
	photos, err := d.opt.Store.DashProductPhotos(ctx, p.ID)
	if err != nil {
		return err
	}
	had := len(photos)
	if had == 0 && p.Image != "" {
		had = 1 // an image from before the photo list: the shop makes it the first
	}
	if had+len(files) > lapak.MaxProductPhotos {
		return full(had)
	}
	refs := make([]string, len(files))
	for i, data := range files {
		ref, err := d.opt.Store.KeepPhoto(ctx, data)
		switch {
		case errors.Is(err, lapak.ErrPhotoTooBig):
			return c.redirect(w, r, productPath(p), c.t("catalog.photobig", mb))
		case errors.Is(err, lapak.ErrNotPhoto):
			return c.redirect(w, r, productPath(p), c.t("catalog.photonot"))
		case err != nil:
			return err
		}
		refs[i] = ref
	}
	err = c.do(ctx, func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		for _, ref := range refs {
			if _, err := d.opt.Shop.AddProductPhoto(ctx, tx, by, p.ID, ref); err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, lapak.ErrTooManyPhotos):
		// Another upload took the room meanwhile; none of these is added.
		now, _ := d.opt.Store.DashProductPhotos(ctx, p.ID)
		return full(len(now))
	case err != nil:
		return err
	}
	return c.redirect(w, r, productPath(p), c.t("catalog.photosadded", len(refs), p.Name))
}

// photoDelete removes one photo; the next becomes the cover when it was it.
func (d *Dashboard) photoDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	p, err := d.product(ctx, r.PathValue("key"))
	if err != nil {
		return err
	}
	photo, err := strconv.ParseInt(r.PathValue("photo"), 10, 64)
	if err != nil || photo <= 0 {
		return lapak.ErrNotFound
	}
	err = c.do(ctx, func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := d.opt.Shop.RemoveProductPhoto(ctx, tx, by, p.ID, photo)
		return err
	})
	switch {
	case errors.Is(err, lapak.ErrNotFound):
		return c.redirect(w, r, productPath(p), c.t("catalog.photogone"))
	case err != nil:
		return err
	}
	return c.redirect(w, r, productPath(p), c.t("catalog.photoremoved", p.Name))
}

// photoOrder puts the photos in the order posted ("order": every photo's
// id, the cover first), from the drag and drop or a ↑ ↓ button; an order
// made on a page shown before a photo was added or deleted is refused.
func (d *Dashboard) photoOrder(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	p, err := d.product(ctx, r.PathValue("key"))
	if err != nil {
		return err
	}
	ids, ok := parseIDs(r.PostFormValue("order"), lapak.MaxProductPhotos)
	if !ok {
		return c.redirect(w, r, productPath(p), c.t("catalog.photostale", p.Name))
	}
	err = c.do(ctx, func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := d.opt.Shop.ReorderProductPhotos(ctx, tx, by, p.ID, ids)
		return err
	})
	switch {
	case errors.Is(err, lapak.ErrStalePhotos), errors.Is(err, shop.ErrInvalid):
		return c.redirect(w, r, productPath(p), c.t("catalog.photostale", p.Name))
	case err != nil:
		return err
	}
	return c.redirect(w, r, productPath(p), c.t("catalog.photoordered", p.Name))
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
	ref := p.Image
	if q := r.URL.Query().Get("photo"); q != "" {
		// One of the product's other photos, by its id.
		photos, err := d.opt.Store.DashProductPhotos(r.Context(), p.ID)
		if err != nil {
			return err
		}
		ref = ""
		for _, ph := range photos {
			if strconv.FormatInt(ph.ID, 10) == q {
				ref = ph.Ref
			}
		}
	}
	if ref == "" || d.opt.Media == nil {
		return lapak.ErrNotFound
	}
	if id, ok := lapak.ParseStoredRef(ref); ok {
		http.Redirect(w, r, Prefix+"catalog/photo/"+strconv.FormatInt(id, 10), http.StatusFound)
		return nil
	}
	data, _, err := d.opt.Media.Load(r.Context(), ref)
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

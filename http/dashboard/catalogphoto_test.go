package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

// uploadMany posts several files in one field, as <input multiple> does.
func (b *browser) uploadMany(path, field string, files map[string][]byte, order []string) (int, string) {
	b.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", b.csrf)
	for _, name := range order {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(files[name])
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	return res.StatusCode, res.Header.Get("Location")
}

// colourPNG is a small picture of one colour: different bytes for each n.
func colourPNG(t *testing.T, n int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 5, 4))
	for x := range 5 {
		for y := range 4 {
			img.Set(x, y, color.RGBA{uint8(20 * n), uint8(255 - 20*n), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (h *harness) photos(id int64) []lapak.ProductPhoto {
	h.t.Helper()
	ps, err := h.st.DashProductPhotos(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return ps
}

func photoRefs(ps []lapak.ProductPhoto) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Ref
	}
	return out
}

func TestCatalogPhotoGallery(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		seedCatalog(t, h)
		b := h.loginAs(lapak.RoleStaff) // staff keep the catalog
		p := h.productBySKU("KRP-ORI")
		path := "/dashboard/catalog/" + strconv.FormatInt(p.ID, 10)
		flash := func(loc string, want ...string) string {
			t.Helper()
			_, body := b.get(loc)
			mustContain(t, body, want...)
			return body
		}

		// Three at once: kept in the order chosen, the first the cover.
		files := map[string][]byte{"a.png": colourPNG(t, 1), "b.png": colourPNG(t, 2), "c.png": colourPNG(t, 3)}
		code, loc := b.uploadMany(path+"/photo", "photo", files, []string{"a.png", "b.png", "c.png"})
		if code != http.StatusSeeOther {
			t.Fatalf("three photos: %d", code)
		}
		body := flash(loc, "3 foto ditambahkan ke Keripik Pedas")
		ps := h.photos(p.ID)
		if len(ps) != 3 || h.productBySKU("KRP-ORI").Image != ps[0].Ref {
			t.Fatalf("three photos: %+v, image %q", ps, h.productBySKU("KRP-ORI").Image)
		}
		for i, name := range []string{"a.png", "b.png", "c.png"} {
			id, _ := lapak.ParseStoredRef(ps[i].Ref)
			if got, err := h.st.Media(context.Background(), id); err != nil || !bytes.Equal(got, files[name]) {
				t.Fatalf("photo %d is not %s: %v", i+1, name, err)
			}
		}
		src := func(ph lapak.ProductPhoto) string {
			id, _ := lapak.ParseStoredRef(ph.Ref)
			return fmt.Sprintf("/dashboard/catalog/photo/%d", id)
		}
		a, bb, c := ps[0], ps[1], ps[2]
		mustContain(t, body, `id="product-photo" class="photo" src="`+src(a)+`"`, `id="photo-list"`,
			fmt.Sprintf(`id="photo-%d" data-id="%d" draggable="true"`, a.ID, a.ID), `id="photo-order-form"`,
			fmt.Sprintf(`id="photo-order" value="%d,%d,%d"`, a.ID, bb.ID, c.ID), fmt.Sprintf(`id="photo-down-%d"`, a.ID),
			fmt.Sprintf(`id="photo-up-%d"`, c.ID), fmt.Sprintf(`id="photo-delete-%d"`, bb.ID), `id="photo-form"`, `data-room="5"`)
		if strings.Contains(body, fmt.Sprintf(`id="photo-up-%d"`, a.ID)) || strings.Contains(body, fmt.Sprintf(`id="photo-down-%d"`, c.ID)) {
			t.Errorf("a ↑ on the first or a ↓ on the last photo")
		}

		// A new order (as the drag and drop posts it): the cover follows.
		order := func(ids ...int64) (int, string) {
			var s []string
			for _, id := range ids {
				s = append(s, strconv.FormatInt(id, 10))
			}
			code, _, loc := b.post(path+"/photos/order", url.Values{"order": {strings.Join(s, ",")}})
			return code, loc
		}
		code, loc = order(c.ID, a.ID, bb.ID)
		if code != http.StatusSeeOther {
			t.Fatalf("reorder: %d", code)
		}
		body = flash(loc, "Urutan foto Keripik Pedas disimpan")
		if got := photoRefs(h.photos(p.ID)); got[0] != c.Ref || got[1] != a.Ref || got[2] != bb.Ref || h.productBySKU("KRP-ORI").Image != c.Ref {
			t.Fatalf("after the reorder: %v, image %q", got, h.productBySKU("KRP-ORI").Image)
		}
		mustContain(t, body, `id="product-photo" class="photo" src="`+src(c)+`"`)
		// The ↓ of the cover, as the page wrote it (no JS needed).
		m := regexp.MustCompile(`name="order" value="([0-9,]+)"><button class="secondary small" id="photo-down-` + strconv.FormatInt(c.ID, 10) + `"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no ↓ form for the cover")
		}
		if code, _, loc := b.post(path+"/photos/order", url.Values{"order": {m[1]}}); code != http.StatusSeeOther {
			t.Fatalf("↓: %d", code)
		} else {
			flash(loc, "Urutan foto Keripik Pedas disimpan")
		}
		if got := photoRefs(h.photos(p.ID)); got[0] != a.Ref || got[1] != c.Ref || h.productBySKU("KRP-ORI").Image != a.Ref {
			t.Fatalf("after ↓: %v", got)
		}

		// An order from a page shown before a photo went is refused.
		for _, stale := range [][]int64{{a.ID, c.ID}, {a.ID, c.ID, bb.ID, 424242}, {a.ID, a.ID, c.ID}} {
			code, loc := order(stale...)
			if code != http.StatusSeeOther {
				t.Fatalf("stale order %v: %d", stale, code)
			}
			flash(loc, "Foto Keripik Pedas berubah sejak halaman ini dibuka")
		}
		if code, _, loc := b.post(path+"/photos/order", url.Values{"order": {"1,x"}}); code != http.StatusSeeOther {
			t.Fatalf("garbled order: %d", code)
		} else {
			flash(loc, "berubah sejak halaman ini dibuka")
		}
		if got := photoRefs(h.photos(p.ID)); got[0] != a.Ref || got[1] != c.Ref || got[2] != bb.Ref {
			t.Fatalf("after refused orders: %v", got)
		}
		// Without the CSRF token, nothing.
		nob := h.loginAs(lapak.RoleOwner)
		nob.csrf = "wrong"
		if code, _, _ := nob.post(path+"/photos/order", url.Values{"order": {fmt.Sprintf("%d,%d,%d", bb.ID, c.ID, a.ID)}}); code != http.StatusForbidden {
			t.Fatalf("order without the token: %d", code)
		}
		if code, _, _ := nob.post(fmt.Sprintf("%s/photos/%d/delete", path, a.ID), nil); code != http.StatusForbidden {
			t.Fatalf("delete without the token: %d", code)
		}

		// Deleting the cover makes the next one the cover.
		code, _, loc = b.post(fmt.Sprintf("%s/photos/%d/delete", path, a.ID), nil)
		if code != http.StatusSeeOther {
			t.Fatalf("delete: %d", code)
		}
		body = flash(loc, "Foto dihapus dari Keripik Pedas")
		if got := photoRefs(h.photos(p.ID)); len(got) != 2 || got[0] != c.Ref || h.productBySKU("KRP-ORI").Image != c.Ref {
			t.Fatalf("after deleting the cover: %v, image %q", got, h.productBySKU("KRP-ORI").Image)
		}
		mustContain(t, body, `id="product-photo" class="photo" src="`+src(c)+`"`)
		code, _, loc = b.post(fmt.Sprintf("%s/photos/%d/delete", path, a.ID), nil)
		if code != http.StatusSeeOther {
			t.Fatalf("deleted twice: %d", code)
		}
		flash(loc, "Foto itu sudah tidak ada")

		// A batch with one file that is not a picture is refused whole.
		code, loc = b.uploadMany(path+"/photo", "photo", map[string][]byte{"d.png": colourPNG(t, 4), "notes.txt": []byte("bukan foto")}, []string{"d.png", "notes.txt"})
		if code != http.StatusSeeOther {
			t.Fatalf("with a text file: %d", code)
		}
		flash(loc, "File ini bukan gambar")
		if n := len(h.photos(p.ID)); n != 2 {
			t.Fatalf("%d photos after a refused batch", n)
		}
		// More than the room left is refused whole; up to eight is fine.
		many := map[string][]byte{}
		var names []string
		for i := range 7 {
			name := fmt.Sprintf("m%d.png", i)
			many[name], names = colourPNG(t, 5+i), append(names, name)
		}
		code, loc = b.uploadMany(path+"/photo", "photo", many, names)
		if code != http.StatusSeeOther {
			t.Fatalf("seven more: %d", code)
		}
		flash(loc, "Paling banyak 8 foto per produk, dan Keripik Pedas sudah punya 2")
		if n := len(h.photos(p.ID)); n != 2 {
			t.Fatalf("%d photos after too many", n)
		}
		code, loc = b.uploadMany(path+"/photo", "photo", many, names[:6])
		if code != http.StatusSeeOther {
			t.Fatalf("six more: %d", code)
		}
		body = flash(loc, "6 foto ditambahkan ke Keripik Pedas", `id="photo-full"`)
		if strings.Contains(body, `id="photo-form"`) {
			t.Errorf("an upload form on a product with 8 photos")
		}
		if n := len(h.photos(p.ID)); n != lapak.MaxProductPhotos {
			t.Fatalf("%d photos, want 8", n)
		}
		// The ninth, posted anyway, is refused politely.
		code, loc = b.uploadMany(path+"/photo", "photo", map[string][]byte{"n.png": colourPNG(t, 12)}, []string{"n.png"})
		if code != http.StatusSeeOther {
			t.Fatalf("ninth: %d", code)
		}
		flash(loc, "Paling banyak 8 foto per produk, dan Keripik Pedas sudah punya 8")
		if n := len(h.photos(p.ID)); n != lapak.MaxProductPhotos {
			t.Fatalf("%d photos after the ninth", n)
		}

		audit := strings.Join(h.auditLines(), "\n")
		for _, want := range []string{"dashboard:telegram:777 photo.add KRP-ORI  > " + a.Ref,
			fmt.Sprintf("dashboard:telegram:777 photo.order KRP-ORI %d,%d,%d > %d,%d,%d", a.ID, bb.ID, c.ID, c.ID, a.ID, bb.ID),
			"dashboard:telegram:777 photo.remove KRP-ORI " + a.Ref + " > "} {
			if !strings.Contains(audit, want) {
				t.Errorf("audit lacks %q:\n%s", want, audit)
			}
		}
		if n := strings.Count(audit, "photo.add"); n != 9 {
			t.Errorf("%d photo.add entries, want 9", n)
		}
	})
}

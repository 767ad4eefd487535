package dashboard

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

// The catalog pages: the product list, one product's page (details, price
// and stock per variant, hide/show, its photo), adding a product, bulk
// stock and price, and the CLI's catalog files (export, import with a
// plan first). Every change is a shop operation in one transaction.

// catalogStore is what the catalog pages read (storage.Store).
type catalogStore interface {
	DashProducts(ctx context.Context, q lapak.ProductQuery) ([]lapak.Product, int, error)
	DashProduct(ctx context.Context, id int64) (lapak.Product, error)
	DashProductBySKU(ctx context.Context, sku string) (lapak.Product, error)
	DashCategories(ctx context.Context) ([]lapak.Category, error)
	// KeepPhoto keeps a picture's bytes ("stored:ID"); Media reads them back.
	KeepPhoto(ctx context.Context, data []byte) (string, error)
	Media(ctx context.Context, id int64) ([]byte, error)
	// DashProductPhotos are a product's photos in order, the cover first.
	DashProductPhotos(ctx context.Context, id int64) ([]lapak.ProductPhoto, error)
	ExportCatalog(ctx context.Context) ([]lapak.CatalogRow, error)
	PlanCatalogImport(ctx context.Context, rows []lapak.CatalogRow, opt lapak.ImportOptions) (lapak.ImportPlan, error)
	ApplyCatalogImport(ctx context.Context, rows []lapak.CatalogRow, opt lapak.ImportOptions) (lapak.ImportPlan, error)
}

const (
	// catalogPage is how many products a page of the list shows.
	catalogPage = 50
	// bulkPage is how many products the bulk page shows at once.
	bulkPage = 50
	// maxUploadBody bounds an upload's whole body (http.MaxBytesReader). A
	// file over its own limit (a 20 MB photo) is read to the end of the
	// body and thrown away, so the browser gets the polite refusal instead
	// of a cut connection; a body beyond this is cut.
	maxUploadBody = 32 << 20
	// newVariantRows is how many variant lines the add form offers.
	newVariantRows = 5
)

var catalogWords = words{
	"catalog.title":          {"Katalog", "Catalog"},
	"catalog.search":         {"Cari nama atau SKU", "Search a name or SKU"},
	"catalog.category":       {"Kategori", "Category"},
	"catalog.allcategories":  {"Semua kategori", "All categories"},
	"catalog.product":        {"Produk", "Product"},
	"catalog.variants":       {"Varian", "Variants"},
	"catalog.variant":        {"Varian", "Variant"},
	"catalog.price":          {"Harga", "Price"},
	"catalog.stock":          {"Stok", "Stock"},
	"catalog.unlimited":      {"tak terbatas", "unlimited"},
	"catalog.hidden":         {"tersembunyi", "hidden"},
	"catalog.soldout":        {"habis", "sold out"},
	"catalog.nophoto":        {"tanpa foto", "no photo"},
	"catalog.count":          {"%d produk", "%d products"},
	"catalog.none":           {"Belum ada produk yang cocok.", "No products match."},
	"catalog.add":            {"Tambah produk", "Add a product"},
	"catalog.bulk":           {"Ubah stok & harga sekaligus", "Edit stock & prices at once"},
	"catalog.export":         {"Unduh katalog", "Download the catalog"},
	"catalog.import":         {"Impor katalog", "Import a catalog"},
	"catalog.name":           {"Nama produk", "Product name"},
	"catalog.description":    {"Deskripsi", "Description"},
	"catalog.keywords":       {"Kata kunci (pisahkan dengan ;)", "Keywords (separate with ;)"},
	"catalog.keywordshint":   {"Nama lain yang dipakai pelanggan, mis. basreng; baso goreng", "Other names customers use, e.g. basreng; baso goreng"},
	"catalog.sku":            {"SKU", "SKU"},
	"catalog.stockhint":      {"Kosongkan untuk tetap tak terbatas", "Leave empty to keep it unlimited"},
	"catalog.pricehint":      {"mis. 46000, 46.000 atau 46rb", "e.g. 46000, 46.000 or 46rb"},
	"catalog.saved":          {"Perubahan %s disimpan.", "Changes to %s saved."},
	"catalog.nochange":       {"Tidak ada yang berubah.", "Nothing changed."},
	"catalog.problems":       {"Belum disimpan: periksa isian yang ditandai.", "Not saved: check the marked fields."},
	"catalog.hide":           {"Sembunyikan dari pelanggan", "Hide from customers"},
	"catalog.show":           {"Tampilkan ke pelanggan", "Show to customers"},
	"catalog.nowhidden":      {"%s disembunyikan dari pelanggan.", "%s is hidden from customers."},
	"catalog.nowshown":       {"%s tampil lagi untuk pelanggan.", "%s is shown to customers again."},
	"catalog.hiddennote":     {"Produk ini tersembunyi: pelanggan tidak melihatnya.", "This product is hidden: customers do not see it."},
	"catalog.photo":          {"Foto produk", "Product photo"},
	"catalog.photohint":      {"JPEG, PNG, GIF atau WebP, paling besar %d MB per foto; boleh beberapa sekaligus. Di HP bisa langsung dari kamera.", "JPEG, PNG, GIF or WebP, at most %d MB each; several at once is fine. On a phone you can take them with the camera."},
	"catalog.photoorder":     {"Sampai %d foto. Foto pertama adalah sampul yang dilihat pelanggan; di komputer geser fotonya, atau pakai ↑ ↓ untuk mengubah urutan.", "Up to %d photos. The first is the cover customers see; on a computer drag the photos, or use ↑ ↓ to change the order."},
	"catalog.upload":         {"Unggah foto", "Upload the photos"},
	"catalog.photosadded":    {"%d foto ditambahkan ke %s. Pelanggan melihatnya sekarang.", "%d photos added to %s. Customers see them now."},
	"catalog.photofull":      {"Paling banyak %d foto per produk, dan %s sudah punya %d. Hapus dulu foto yang tidak dipakai. Tidak ada yang diubah.", "At most %d photos per product, and %s has %d already. Delete the ones you do not use first. Nothing changed."},
	"catalog.photoremoved":   {"Foto dihapus dari %s.", "The photo is deleted from %s."},
	"catalog.photoordered":   {"Urutan foto %s disimpan. Foto pertama jadi sampul.", "The order of %s's photos is saved. The first is the cover."},
	"catalog.photostale":     {"Foto %s berubah sejak halaman ini dibuka (ada yang ditambah atau dihapus). Urutan tidak diubah: lihat urutan terbaru, lalu coba lagi.", "The photos of %s changed since this page was opened (one was added or deleted). The order is unchanged: look at the latest one, then try again."},
	"catalog.photogone":      {"Foto itu sudah tidak ada. Tidak ada yang diubah.", "That photo is gone already. Nothing changed."},
	"catalog.photocover":     {"Sampul", "Cover"},
	"catalog.photoup":        {"Naikkan foto %d", "Move photo %d up"},
	"catalog.photodown":      {"Turunkan foto %d", "Move photo %d down"},
	"catalog.photodelete":    {"Hapus", "Delete"},
	"catalog.photodelete2":   {"Hapus foto %d", "Delete photo %d"},
	"catalog.photosave":      {"Simpan urutan", "Save the order"},
	"catalog.photobig":       {"Foto terlalu besar: paling besar %d MB. Kecilkan dulu (atau kirim lewat chat dengan /foto), lalu coba lagi. Tidak ada yang diubah.", "The photo is too big: at most %d MB. Make it smaller (or send it in chat with /foto) and try again. Nothing changed."},
	"catalog.photonot":       {"File ini bukan gambar (JPEG, PNG, GIF atau WebP). Tidak ada yang diubah.", "This file is not a picture (JPEG, PNG, GIF or WebP). Nothing changed."},
	"catalog.photonone":      {"Pilih foto dulu, lalu unggah.", "Choose a photo first, then upload it."},
	"catalog.history":        {"Di chat, pelanggan melihat sampul, nama, harga dan stok ini; yang membuka detail produk juga menerima foto berikutnya.", "In chat, customers see this cover, name, price and stock; those who open the product's details get the next photos too."},
	"catalog.err.name":       {"Nama 1 sampai %d huruf.", "A name of 1 to %d characters."},
	"catalog.err.nameexists": {"Nama ini sudah dipakai produk lain: %s.", "Another product has this name: %s."},
	"catalog.err.skuexists":  {"SKU ini sudah dipakai: %s.", "This SKU is taken: %s."},
	"catalog.err.category":   {"Kategori 1 sampai %d huruf.", "A category of 1 to %d characters."},
	"catalog.err.desc":       {"Deskripsi paling panjang %d huruf.", "A description of at most %d characters."},
	"catalog.err.keywords":   {"Kata kunci satu baris, paling panjang %d huruf.", "Keywords on one line, at most %d characters."},
	"catalog.err.price":      {"Harga %q tidak terbaca: tulis mis. 46000, 46.000 atau 46rb (lebih dari nol).", "Price %q cannot be read: write e.g. 46000, 46.000 or 46rb (more than zero)."},
	"catalog.err.stock":      {"Stok %q: tulis angka bulat 0 sampai %d.", "Stock %q: write a whole number from 0 to %d."},
	"catalog.err.variant":    {"Nama varian paling panjang %d huruf, wajib bila ada beberapa varian, tidak boleh kembar.", "Variant names of at most %d characters, needed when there are several, all different."},
	"catalog.err.variants":   {"Isi paling sedikit satu varian (harga wajib).", "Fill in at least one variant (a price is needed)."},
	"catalog.err.sku":        {"SKU hanya huruf, angka, - _ . (paling panjang %d).", "An SKU has only letters, digits, - _ . (at most %d)."},
	"catalog.err.sku2":       {"SKU %s tidak ada di katalog.", "SKU %s is not in the catalog."},
	"catalog.err.gone":       {"Produk ini tidak ada lagi.", "This product no longer exists."},
	"catalog.new.title":      {"Tambah produk", "Add a product"},
	"catalog.new.variants":   {"Varian (kosongkan nama bila hanya satu)", "Variants (leave the name empty when there is only one)"},
	"catalog.new.skuhint":    {"SKU (boleh kosong: dibuat otomatis)", "SKU (may be empty: made for you)"},
	"catalog.new.stockhint":  {"Stok (kosong: tak terbatas)", "Stock (empty: unlimited)"},
	"catalog.new.added":      {"%s ditambahkan ke katalog.", "%s is added to the catalog."},
	"catalog.new.line":       {"Varian %d: %s", "Variant %d: %s"},
	"catalog.varadd.title":   {"Tambah varian", "Add a variant"},
	"catalog.varadd.button":  {"Tambah varian", "Add the variant"},
	"catalog.varadd.name":    {"Nama varian", "Variant name"},
	"catalog.varadd.hidden":  {"Tampilkan produk ini dulu untuk menambah varian.", "Show this product first to add a variant."},
	"catalog.varadd.problem": {"Varian belum ditambahkan: periksa isian yang ditandai.", "The variant is not added: check the marked fields."},
	"catalog.varadd.added":   {"Varian %s ditambahkan ke %s (SKU %s).", "Variant %s is added to %s (SKU %s)."},
	"catalog.varadd.dup":     {"Produk ini sudah punya varian %q.", "This product already has a variant %q."},
	"catalog.varadd.noname":  {"Nama varian 1 sampai %d huruf.", "A variant name of 1 to %d characters."},
	"catalog.varadd.unnamed": {"Varian produk ini tidak bernama, jadi varian lain tidak bisa dibedakan darinya.", "This product's variant has no name, so another could not be told apart from it."},
	"catalog.varadd.full":    {"Satu produk paling banyak %d varian.", "A product has at most %d variants."},
	"catalog.bulk.title":     {"Stok & harga sekaligus", "Stock & prices at once"},
	"catalog.bulk.hint":      {"Ubah angkanya lalu simpan. Hanya yang diubah yang disimpan, semuanya sekaligus: bila ada satu yang salah, tidak ada yang disimpan.", "Change the numbers, then save. Only what you changed is saved, all at once: if one is wrong, nothing is saved."},
	"catalog.bulk.saved":     {"%d perubahan disimpan.", "%d changes saved."},
	"catalog.bulk.problems":  {"Belum ada yang disimpan: %d isian perlu diperbaiki.", "Nothing saved yet: %d entries need fixing."},
	"catalog.import.title":   {"Impor katalog", "Import a catalog"},
	"catalog.import.hint":    {"File CSV atau XLSX seperti hasil unduhan katalog (sama dengan `lapak import`). Anda melihat rencananya dulu; tidak ada yang berubah sebelum Anda menekan Terapkan.", "A CSV or XLSX file like the catalog download (the same as `lapak import`). You see the plan first; nothing changes until you press Apply."},
	"catalog.import.file":    {"File katalog", "Catalog file"},
	"catalog.import.keep":    {"Stok yang dibiarkan seperti saat diunduh tetap memakai stok toko (penjualan sejak itu tidak hilang)", "Stock left as downloaded keeps the shop's stock (sales since are not undone)"},
	"catalog.import.usefile": {"Stok dari file selalu menang", "The file's stock always wins"},
	"catalog.import.hide":    {"File ini seluruh katalog: sembunyikan produk yang tidak ada di file (tidak dihapus)", "This file is the whole catalog: hide products it does not name (nothing is deleted)"},
	"catalog.import.plan":    {"Lihat rencana", "See the plan"},
	"catalog.import.apply":   {"Terapkan perubahan ini", "Apply these changes"},
	"catalog.import.errors":  {"File ini punya %d masalah. Tidak ada yang diimpor; perbaiki lalu unggah lagi.", "This file has %d problems. Nothing was imported; fix them and upload it again."},
	"catalog.import.line":    {"baris %d: %s", "line %d: %s"},
	"catalog.import.big":     {"File terlalu besar untuk dasbor (paling besar %d MB). Pakai `lapak import` untuk file sebesar ini. Tidak ada yang diubah.", "The file is too big for the dashboard (at most %d MB). Use `lapak import` for a file this size. Nothing changed."},
	"catalog.import.nofile":  {"Pilih file CSV atau XLSX dulu.", "Choose a CSV or XLSX file first."},
	"catalog.import.rows":    {"%d baris di file", "%d rows in the file"},
	"catalog.import.nothing": {"Tidak ada perubahan: katalog sudah sama dengan file.", "Nothing to change: the catalog already matches the file."},
	"catalog.import.done":    {"Diimpor: %d baru, %d diperbarui.", "Imported: %d new, %d updated."},
	"catalog.plan.newprod":   {"Produk baru", "New products"},
	"catalog.plan.newvar":    {"Varian baru", "New variants"},
	"catalog.plan.price":     {"Harga berubah", "Price changes"},
	"catalog.plan.stock":     {"Stok berubah", "Stock changes"},
	"catalog.plan.kept":      {"Stok toko dipertahankan (berubah sejak diunduh)", "Shop stock kept (changed since the download)"},
	"catalog.plan.details":   {"Data lain berubah", "Other changes"},
	"catalog.plan.unchanged": {"Tidak berubah: %d", "Unchanged: %d"},
	"catalog.plan.missing":   {"Ada di toko, tidak ada di file (tetap, tidak dihapus)", "In the shop, not in the file (kept, not deleted)"},
	"catalog.plan.hide":      {"Disembunyikan dari pelanggan", "Hidden from customers"},
	"catalog.plan.more":      {"… dan %d lagi", "… and %d more"},
}

// catalogRoutes mounts the catalog pages.
func (d *Dashboard) catalogRoutes() {
	d.get("catalog", false, d.catalogList)
	d.get("catalog/new", false, d.productNew)
	d.post("catalog/new", false, d.productAdd)
	d.get("catalog/bulk", false, d.bulkPage)
	d.post("catalog/bulk", false, d.bulkSave)
	d.get("catalog/export.csv", false, d.catalogExport)
	d.get("catalog/export.xlsx", false, d.catalogExport)
	d.get("catalog/import", false, d.importPage)
	d.upload("catalog/import", d.importPlan)
	d.post("catalog/import/apply", false, d.importApply)
	d.get("catalog/photo/{media}", false, d.photoServe)
	d.get("catalog/{key}", false, d.productPage)
	d.post("catalog/{key}", false, d.productSave)
	d.post("catalog/{key}/hide", false, d.productHide)
	d.post("catalog/{key}/variants", false, d.variantAdd)
	d.post("catalog/{key}/show", false, d.productHide)
	d.upload("catalog/{key}/photo", d.photoUpload)
	d.post("catalog/{key}/photos/order", false, d.photoOrder)
	d.post("catalog/{key}/photos/{photo}/delete", false, d.photoDelete)
	d.get("catalog/image/{key}", false, d.imageServe)
}

// upload mounts a multipart POST: the session is checked by wrap, the
// CSRF token by readUpload (it is the form's first field, so it is read
// before the file and the file is read only after it matched).
func (d *Dashboard) upload(path string, h handler) {
	d.mux.Handle("POST "+Prefix+path, d.wrap(true, false, false, h))
}

// errTooBig: an upload larger than its limit.
var errTooBig = errors.New("dashboard: upload too big")

// upload is a multipart form as readUpload read it.
type upload struct {
	Fields map[string]string
	File   []byte
	Name   string // the file's name as the browser gave it
	// Files are all the files of the field, in the form's order (File and
	// Name are the first).
	Files []uploadFile
}

type uploadFile struct {
	Name string
	Data []byte
}

// readUpload reads a multipart form whose first field is "csrf" and whose
// file field is file, of at most max bytes (errTooBig beyond, the rest of
// the body then read and dropped); other fields are kept if short. A wrong
// or missing token is errCSRF (and nothing else is read); an unreadable
// body errBadRequest. The whole body is at most maxUploadBody.
func readUpload(w http.ResponseWriter, r *http.Request, c *call, file string, max int64) (upload, error) {
	return readUploadBody(w, r, c, file, max, maxUploadBody)
}

// readUploadBody is readUpload for a body of at most body bytes: several
// files of max bytes each.
func readUploadBody(w http.ResponseWriter, r *http.Request, c *call, file string, max, body int64) (upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, body)
	mr, err := r.MultipartReader()
	if err != nil {
		return upload{}, errBadRequest
	}
	up := upload{Fields: map[string]string{}}
	first := true
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) && !first {
			return up, errTooBig
		}
		if err != nil {
			return up, errBadRequest
		}
		name := part.FormName()
		if first {
			token, _ := io.ReadAll(io.LimitReader(part, 200))
			if c.ses == nil || name != "csrf" || subtle.ConstantTimeCompare(token, []byte(c.ses.CSRF)) != 1 {
				return up, errCSRF
			}
			first = false
			continue
		}
		if name == file && part.FileName() != "" {
			data, err := io.ReadAll(io.LimitReader(part, max+1))
			if errors.As(err, &mbe) {
				return up, errTooBig
			}
			if int64(len(data)) > max {
				io.Copy(io.Discard, r.Body) // bounded by body
				return up, errTooBig
			}
			if err != nil {
				return up, errBadRequest
			}
			if len(up.Files) == 0 {
				up.File, up.Name = data, part.FileName()
			}
			up.Files = append(up.Files, uploadFile{Name: part.FileName(), Data: data})
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, 4<<10))
		if errors.As(err, &mbe) {
			return up, errTooBig
		}
		if err != nil {
			return up, errBadRequest
		}
		up.Fields[name] = string(v)
	}
	if first {
		return up, errCSRF
	}
	return up, nil
}

// ---- the list ----

type catalogListPage struct {
	Products   []productLine
	Categories []lapak.Category
	Search     string
	Category   int64
	Total      int
	Page       int
	Prev, Next string // links, "" when none
}

// productLine is a product as the list shows it.
type productLine struct {
	lapak.Product
	RowID string // the row's id: the first variant's SKU
	Photo string // the thumbnail's URL, "" for none
}

func (d *Dashboard) productLine(p lapak.Product) productLine {
	l := productLine{Product: p, RowID: strconv.FormatInt(p.ID, 10), Photo: d.photoURL(p)}
	if len(p.Variants) > 0 {
		l.RowID = p.Variants[0].SKU
	}
	return l
}

// photoURL is where the dashboard shows product p's photo: a picture the
// shop keeps by its id, others through the media loader.
func (d *Dashboard) photoURL(p lapak.Product) string {
	if id, ok := lapak.ParseStoredRef(p.Image); ok {
		return Prefix + "catalog/photo/" + strconv.FormatInt(id, 10)
	}
	if p.Image != "" && d.opt.Media != nil {
		// A photo sent in chat not kept yet, a demo picture: by the product.
		return Prefix + "catalog/image/" + strconv.FormatInt(p.ID, 10)
	}
	return ""
}

// pageNumber reads ?page= (1-based, bounded).
func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, 100_000)
}

// pageLinks are the previous and next page's links of a list at path with
// query q.
func pageLinks(path string, q url.Values, page, per, total int) (prev, next string) {
	link := func(n int) string {
		q := maps(q)
		q.Set("page", strconv.Itoa(n))
		return Prefix + path + "?" + q.Encode()
	}
	if page > 1 {
		prev = link(page - 1)
	}
	if page*per < total {
		next = link(page + 1)
	}
	return prev, next
}

func maps(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		if v[0] != "" && k != "page" {
			out[k] = v
		}
	}
	return out
}

// boundedQuery is a search box's text, at most 100 characters.
func boundedQuery(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100])
	}
	return s
}

func (d *Dashboard) catalogList(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	page := catalogListPage{Search: boundedQuery(r.URL.Query().Get("q")), Page: pageNumber(r)}
	page.Category, _ = strconv.ParseInt(r.URL.Query().Get("cat"), 10, 64)
	ps, total, err := d.opt.Store.DashProducts(ctx, lapak.ProductQuery{Search: page.Search, CategoryID: page.Category,
		Offset: (page.Page - 1) * catalogPage, Limit: catalogPage})
	if err != nil {
		return err
	}
	if page.Categories, err = d.opt.Store.DashCategories(ctx); err != nil {
		return err
	}
	for _, p := range ps {
		page.Products = append(page.Products, d.productLine(p))
	}
	page.Total = total
	q := url.Values{"q": {page.Search}}
	if page.Category != 0 {
		q.Set("cat", strconv.FormatInt(page.Category, 10))
	}
	page.Prev, page.Next = pageLinks("catalog", q, page.Page, catalogPage, total)
	return c.render(w, r, "catalog", page)
}

// ---- one product ----

// productForm is the product page: the product as stored, what the person
// typed where a save was refused, and the problems.
type productForm struct {
	productLine
	Photos     []photoItem
	Order      string // the photos' ids as shown, "3,1,2"
	CanAdd     int    // how many more photos the product may have
	Categories []lapak.Category
	Values     map[string]string // field name → value shown
	Problems   map[string]string // field name → what is wrong
	Problem    string            // a problem of the whole form
	Max        map[string]int
}

// value is what field shows: what was typed, else def.
func (f productForm) Value(field, def string) string {
	if v, ok := f.Values[field]; ok {
		return v
	}
	return def
}

func limits() map[string]int {
	return map[string]int{"name": lapak.MaxProductName, "category": lapak.MaxCategoryName, "description": lapak.MaxDescription,
		"keywords": lapak.MaxKeywords, "variant": lapak.MaxVariantName, "photoMB": lapak.MaxPhotoBytes >> 20, "photos": lapak.MaxProductPhotos}
}

// product finds the product of a {key}: its id, else an SKU.
func (d *Dashboard) product(ctx context.Context, key string) (lapak.Product, error) {
	if id, err := strconv.ParseInt(key, 10, 64); err == nil && id > 0 {
		p, err := d.opt.Store.DashProduct(ctx, id)
		if err == nil && len(p.Variants) == 0 {
			return lapak.Product{}, lapak.ErrNotFound
		}
		if !errors.Is(err, lapak.ErrNotFound) {
			return p, err
		}
	}
	if len(key) > lapak.MaxSKU {
		return lapak.Product{}, lapak.ErrNotFound
	}
	p, err := d.opt.Store.DashProductBySKU(ctx, key)
	if err == nil && len(p.Variants) == 0 {
		// Not possible through the shop's operations; nothing to edit.
		return lapak.Product{}, lapak.ErrNotFound
	}
	return p, err
}

func (d *Dashboard) productPage(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := d.product(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	return d.renderProduct(w, r, c, http.StatusOK, p, nil, nil, "")
}

func (d *Dashboard) renderProduct(w http.ResponseWriter, r *http.Request, c *call, code int, p lapak.Product,
	values, problems map[string]string, problem string) error {
	cats, err := d.opt.Store.DashCategories(r.Context())
	if err != nil {
		return err
	}
	photos, err := d.opt.Store.DashProductPhotos(r.Context(), p.ID)
	if err != nil {
		return err
	}
	f := productForm{productLine: d.productLine(p), Categories: cats, Values: values, Problems: problems, Problem: problem, Max: limits()}
	f.Photos, f.Order = d.photoItems(p, photos)
	f.CanAdd = max(lapak.MaxProductPhotos-len(photos), 0)
	return c.renderAt(w, r, code, "product", f)
}

// productPath is a product's page under Prefix.
func productPath(p lapak.Product) string { return "catalog/" + strconv.FormatInt(p.ID, 10) }

// formError refuses a whole save: the transaction rolls back and the form
// is shown again with the problems.
type formError struct{ problems map[string]string }

func (e *formError) Error() string {
	return fmt.Sprintf("dashboard: %d problems in the form", len(e.problems))
}

// variantEdits reads the price-SKU and stock-SKU fields of variants: what
// changed from the was-price-/was-stock- values the page was shown with
// (so a sale since is not undone by a number the seller left alone).
type variantEdit struct {
	SKU      string
	Price    lapak.Money
	SetPrice bool
	Stock    int
	SetStock bool
}

func (c *call) variantEdits(form url.Values, skus []string, problems map[string]string) []variantEdit {
	var out []variantEdit
	for _, sku := range skus {
		e := variantEdit{SKU: sku}
		pf, sf := "price-"+sku, "stock-"+sku
		if raw, ok := form[pf]; ok {
			typed := strings.TrimSpace(raw[0])
			if typed != strings.TrimSpace(form.Get("was-"+pf)) {
				m, err := lapak.ParsePrice(typed)
				if err != nil || m <= 0 || len(typed) > 30 {
					problems[pf] = c.t("catalog.err.price", clipRunes(typed, 30))
				} else {
					e.Price, e.SetPrice = m, true
				}
			}
		}
		if raw, ok := form[sf]; ok {
			typed := strings.TrimSpace(raw[0])
			if typed != strings.TrimSpace(form.Get("was-"+sf)) {
				n, err := strconv.Atoi(strings.ReplaceAll(typed, ".", ""))
				if err != nil || n < 0 || n > lapak.MaxStock || len(typed) > 12 {
					problems[sf] = c.t("catalog.err.stock", clipRunes(typed, 30), lapak.MaxStock)
				} else {
					e.Stock, e.SetStock = n, true
				}
			}
		}
		if e.SetPrice || e.SetStock {
			out = append(out, e)
		}
	}
	return out
}

// skusOf are the SKUs of vs.
func skusOf(vs []lapak.Variant) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.SKU
	}
	return out
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		return string([]rune(s)[:n]) + "…"
	}
	return s
}

// applyEdits runs edits in tx (SetPrice, SetStock: the same as /harga and
// /stok, low-stock alerts included); it returns how many changes it made.
// A change the shop refuses is a *formError on its line.
func (c *call) applyEdits(ctx context.Context, tx lapak.OpsTx, by shop.Actor, edits []variantEdit) (int, error) {
	n := 0
	refused := func(field, sku string, err error) error {
		switch {
		case errors.Is(err, lapak.ErrNotFound):
			return &formError{map[string]string{field: c.t("catalog.err.sku2", sku)}}
		case errors.Is(err, shop.ErrInvalid) && strings.HasPrefix(field, "price-"):
			return &formError{map[string]string{field: c.t("catalog.err.price", "")}}
		case errors.Is(err, shop.ErrInvalid):
			return &formError{map[string]string{field: c.t("catalog.err.stock", "", lapak.MaxStock)}}
		}
		return err
	}
	for _, e := range edits {
		if e.SetPrice {
			if _, err := c.d.opt.Shop.SetPrice(ctx, tx, by, e.SKU, e.Price); err != nil {
				return n, refused("price-"+e.SKU, e.SKU, err)
			}
			n++
		}
		if e.SetStock {
			if _, err := c.d.opt.Shop.SetStock(ctx, tx, by, e.SKU, e.Stock); err != nil {
				return n, refused("stock-"+e.SKU, e.SKU, err)
			}
			n++
		}
	}
	return n, nil
}

// problemOf words what the shop refused in a product as a form problem:
// the field it is about and the sentence; ok false for an error that is
// not the person's.
func (c *call) problemOf(err error) (field, msg string, ok bool) {
	var fe *shop.FieldError
	var ee *lapak.ExistsError
	switch {
	case errors.As(err, &ee) && ee.What == "sku":
		return "sku", c.t("catalog.err.skuexists", ee.Value), true
	case errors.As(err, &ee):
		return "name", c.t("catalog.err.nameexists", ee.Value), true
	case errors.As(err, &fe):
		switch fe.Field {
		case "name":
			msg = c.t("catalog.err.name", lapak.MaxProductName)
		case "category":
			msg = c.t("catalog.err.category", lapak.MaxCategoryName)
		case "description":
			msg = c.t("catalog.err.desc", lapak.MaxDescription)
		case "keywords":
			msg = c.t("catalog.err.keywords", lapak.MaxKeywords)
		case "variants":
			msg = c.t("catalog.err.variants")
		case "variant":
			msg = c.t("catalog.err.variant", lapak.MaxVariantName)
		case "price":
			msg = c.t("catalog.err.price", fe.Value)
		case "stock":
			msg = c.t("catalog.err.stock", fe.Value, lapak.MaxStock)
		case "sku":
			msg = c.t("catalog.err.sku", lapak.MaxSKU)
		default:
			return "", "", false
		}
		field = fe.Field
		if fe.Variant > 0 {
			msg = c.t("catalog.new.line", fe.Variant, msg)
			field = fmt.Sprintf("v%d", fe.Variant)
		}
		return field, msg, true
	}
	return "", "", false
}

// formValues keeps what was typed, to show it again.
func formValues(form url.Values) map[string]string {
	out := map[string]string{}
	for k, v := range form {
		if k != "csrf" && len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out
}

func (d *Dashboard) productSave(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	p, err := d.product(ctx, r.PathValue("key"))
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	form := r.PostForm
	problems := map[string]string{}
	edits := c.variantEdits(form, skusOf(p.Variants), problems)
	sku := p.Variants[0].SKU
	text := func(field, now string) (string, bool) {
		v, ok := form[field]
		if !ok {
			return "", false
		}
		typed := strings.TrimSpace(strings.ReplaceAll(v[0], "\r\n", "\n"))
		return typed, typed != now
	}
	name, setName := text("name", p.Name)
	desc, setDesc := text("description", p.Description)
	cat, setCat := text("category", p.Category)
	if strings.EqualFold(strings.Join(strings.Fields(cat), " "), p.Category) {
		setCat = false // the same category, in another case
	}
	kw, setKw := text("keywords", p.Keywords)
	if setKw && shop.CleanKeywords(kw) == p.Keywords {
		setKw = false
	}
	if len(problems) > 0 {
		return d.renderProduct(w, r, c, http.StatusUnprocessableEntity, p, formValues(form), problems, c.t("catalog.problems"))
	}
	changes := 0
	err = c.do(ctx, func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		fail := func(field string, err error) error {
			if f, msg, ok := c.problemOf(err); ok {
				if f == "sku" || f == "" {
					f = field
				}
				return &formError{map[string]string{f: msg}}
			}
			return err
		}
		if setName {
			if _, err := d.opt.Shop.Rename(ctx, tx, by, sku, name); err != nil {
				return fail("name", err)
			}
			changes++
		}
		if setDesc {
			if _, err := d.opt.Shop.Describe(ctx, tx, by, sku, desc); err != nil {
				return fail("description", err)
			}
			changes++
		}
		if setCat {
			if _, err := d.opt.Shop.SetCategory(ctx, tx, by, sku, cat); err != nil {
				return fail("category", err)
			}
			changes++
		}
		if setKw {
			if _, err := d.opt.Shop.SetKeywords(ctx, tx, by, sku, kw); err != nil {
				return fail("keywords", err)
			}
			changes++
		}
		n, err := c.applyEdits(ctx, tx, by, edits)
		changes += n
		return err
	})
	var fe *formError
	switch {
	case errors.As(err, &fe):
		return d.renderProduct(w, r, c, http.StatusUnprocessableEntity, p, formValues(form), fe.problems, c.t("catalog.problems"))
	case errors.Is(err, lapak.ErrNotFound):
		return c.redirect(w, r, "catalog", c.t("catalog.err.gone"))
	case err != nil:
		return err
	case changes == 0:
		return c.redirect(w, r, productPath(p), c.t("catalog.nochange"))
	}
	if setName {
		p.Name = name
	}
	return c.redirect(w, r, productPath(p), c.t("catalog.saved", p.Name))
}

func (d *Dashboard) productHide(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	p, err := d.product(ctx, r.PathValue("key"))
	if err != nil {
		return err
	}
	hide := strings.HasSuffix(r.URL.Path, "/hide")
	err = c.do(ctx, func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := d.opt.Shop.SetHidden(ctx, tx, by, p.Variants[0].SKU, hide)
		return err
	})
	if err != nil {
		return err
	}
	msg := c.t("catalog.nowshown", p.Name)
	if hide {
		msg = c.t("catalog.nowhidden", p.Name)
	}
	return c.redirect(w, r, productPath(p), msg)
}

// ---- adding a variant ----

// variantAdd adds a variant to a product (the form #variant-add: name,
// price and stock, empty for unlimited), as /ubah SKU varian tambah does
// in chat. What is wrong is shown on the product's page, nothing written.
func (d *Dashboard) variantAdd(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	p, err := d.product(ctx, r.PathValue("key"))
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	form := r.PostForm
	name := strings.Join(strings.Fields(form.Get("variant-name")), " ")
	price, stock := strings.TrimSpace(form.Get("variant-price")), strings.TrimSpace(form.Get("variant-stock"))
	problems := map[string]string{}
	v := lapak.Variant{Name: name, Unlimited: stock == ""}
	if m, err := lapak.ParsePrice(price); err != nil || m <= 0 || len(price) > 30 {
		problems["variant-price"] = c.t("catalog.err.price", clipRunes(price, 30))
	} else {
		v.Price = m
	}
	if stock != "" {
		n, err := strconv.Atoi(strings.ReplaceAll(stock, ".", ""))
		if err != nil || n < 0 || n > lapak.MaxStock || len(stock) > 12 {
			problems["variant-stock"] = c.t("catalog.err.stock", clipRunes(stock, 30), lapak.MaxStock)
		}
		v.Stock = n
	}
	var added lapak.Variant
	if len(problems) == 0 {
		err = c.do(ctx, func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
			var err error
			_, added, err = d.opt.Shop.AddVariant(ctx, tx, by, p.ID, v)
			return err
		})
		var fe *shop.FieldError
		var ee *lapak.ExistsError
		switch {
		case err == nil:
			return c.redirect(w, r, productPath(p), c.t("catalog.varadd.added", added.Name, p.Name, added.SKU))
		case errors.Is(err, lapak.ErrNotFound):
			return c.redirect(w, r, "catalog", c.t("catalog.err.gone"))
		case errors.Is(err, shop.ErrHiddenProduct):
			problems["variant-add"] = c.t("catalog.varadd.hidden")
		case errors.As(err, &ee):
			problems["variant-name"] = c.t("catalog.err.skuexists", ee.Value)
		case errors.As(err, &fe) && fe.Field == "variants":
			problems["variant-add"] = c.t("catalog.varadd.full", lapak.MaxVariants)
		case errors.As(err, &fe) && fe.Field == "variant" && fe.Value == "" && name != "":
			problems["variant-add"] = c.t("catalog.varadd.unnamed")
		case errors.As(err, &fe) && fe.Field == "variant" && hasVariant(p, name):
			problems["variant-name"] = c.t("catalog.varadd.dup", name)
		case errors.As(err, &fe) && fe.Field == "variant":
			problems["variant-name"] = c.t("catalog.varadd.noname", lapak.MaxVariantName)
		case errors.As(err, &fe) && fe.Field == "price":
			problems["variant-price"] = c.t("catalog.err.price", fe.Value)
		case errors.As(err, &fe) && fe.Field == "stock":
			problems["variant-stock"] = c.t("catalog.err.stock", fe.Value, lapak.MaxStock)
		default:
			return err
		}
	}
	return d.renderProduct(w, r, c, http.StatusUnprocessableEntity, p, formValues(form), problems, c.t("catalog.varadd.problem"))
}

// hasVariant reports whether p has a variant named name, in any case.
func hasVariant(p lapak.Product, name string) bool {
	for _, v := range p.Variants {
		if strings.EqualFold(v.Name, name) {
			return true
		}
	}
	return false
}

// ---- adding a product ----

type newProductPage struct {
	Categories []lapak.Category
	Rows       []int
	Values     map[string]string
	Problems   map[string]string
	Problem    string
	Max        map[string]int
}

func (f newProductPage) Value(field string) string { return f.Values[field] }

func (d *Dashboard) renderNew(w http.ResponseWriter, r *http.Request, c *call, code int, values, problems map[string]string, problem string) error {
	cats, err := d.opt.Store.DashCategories(r.Context())
	if err != nil {
		return err
	}
	rows := make([]int, newVariantRows)
	for i := range rows {
		rows[i] = i + 1
	}
	return c.renderAt(w, r, code, "productnew", newProductPage{Categories: cats, Rows: rows, Values: values, Problems: problems, Problem: problem, Max: limits()})
}

func (d *Dashboard) productNew(w http.ResponseWriter, r *http.Request, c *call) error {
	return d.renderNew(w, r, c, http.StatusOK, nil, nil, "")
}

func (d *Dashboard) productAdd(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	form := r.PostForm
	p := lapak.Product{Name: form.Get("name"), Category: form.Get("category"), Description: strings.ReplaceAll(form.Get("description"), "\r\n", "\n")}
	problems := map[string]string{}
	for i := 1; i <= newVariantRows; i++ {
		f := func(k string) string { return strings.TrimSpace(form.Get(fmt.Sprintf("%s%d", k, i))) }
		vname, price, stock, sku := f("vname"), f("vprice"), f("vstock"), f("vsku")
		if vname == "" && price == "" && stock == "" && sku == "" {
			continue
		}
		v := lapak.Variant{Name: vname, SKU: sku, Unlimited: stock == ""}
		n := len(p.Variants) + 1
		m, err := lapak.ParsePrice(price)
		if err != nil || m <= 0 {
			problems[fmt.Sprintf("v%d", i)] = c.t("catalog.new.line", n, c.t("catalog.err.price", clipRunes(price, 30)))
		}
		v.Price = m
		if stock != "" {
			s, err := strconv.Atoi(strings.ReplaceAll(stock, ".", ""))
			if err != nil || s < 0 || s > lapak.MaxStock {
				problems[fmt.Sprintf("v%d", i)] = c.t("catalog.new.line", n, c.t("catalog.err.stock", clipRunes(stock, 30), lapak.MaxStock))
			}
			v.Stock = s
		}
		p.Variants = append(p.Variants, v)
	}
	if len(problems) > 0 {
		return d.renderNew(w, r, c, http.StatusUnprocessableEntity, formValues(form), problems, c.t("catalog.problems"))
	}
	// The same checks as /tambah in chat (shop.CheckProduct), told first.
	check := p
	check.Variants = append([]lapak.Variant(nil), p.Variants...)
	err := shop.CheckProduct(&check)
	var added lapak.Product
	if err == nil {
		err = c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
			var err error
			added, err = d.opt.Shop.AddProduct(ctx, tx, by, p)
			return err
		})
	}
	if field, msg, ok := c.problemOf(err); ok {
		return d.renderNew(w, r, c, http.StatusUnprocessableEntity, formValues(form), map[string]string{field: msg}, c.t("catalog.problems"))
	}
	if err != nil {
		return err
	}
	return c.redirect(w, r, productPath(added), c.t("catalog.new.added", added.Name))
}

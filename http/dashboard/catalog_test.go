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
	"strconv"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

const (
	xssName  = `<script>alert(1)</script>`
	longName = "Keripik" + "SingkongBaladoPedasManisGurihRenyahBangetPokoknyaEnakSekaliBuatanIbuSari" // 80 characters, one word
)

// seedCatalog puts three products in the shop: one with two variants, one
// whose name is a script, one with a very long name.
func seedCatalog(t *testing.T, h *harness) {
	t.Helper()
	rows := []lapak.CatalogRow{
		{SKU: "KRP-ORI", Name: "Keripik Pedas", Category: "Keripik", Variant: "Original", Price: 12000, Stock: 10},
		{SKU: "KRP-BLD", Name: "Keripik Pedas", Category: "Keripik", Variant: "Balado", Price: 15000, Stock: 3},
		{SKU: "XSS-1", Name: xssName, Category: "Kue", Price: 5000, Stock: 1},
		{SKU: "LONG-1", Name: longName, Category: "Kue", Price: 7000, Unlimited: true},
	}
	if _, err := h.st.ImportCatalog(context.Background(), rows); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) productBySKU(sku string) lapak.Product {
	h.t.Helper()
	p, err := h.st.DashProductBySKU(context.Background(), sku)
	if err != nil {
		h.t.Fatal(err)
	}
	return p
}

func variantOf(p lapak.Product, sku string) lapak.Variant {
	for _, v := range p.Variants {
		if v.SKU == sku {
			return v
		}
	}
	return lapak.Variant{}
}

// auditLines are the audit log as "actor command target before > after".
func (h *harness) auditLines() []string {
	h.t.Helper()
	log, err := h.st.AuditLog(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, e := range log {
		out = append(out, e.Actor.String()+" "+e.Command+" "+e.Target+" "+e.Before+" > "+e.After)
	}
	return out
}

// upload posts a multipart form: the CSRF token first (as the pages'
// forms put it), then fields, then the file.
func (b *browser) upload(path string, fields map[string]string, field, name string, data []byte) (int, string, string) {
	b.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", b.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw), res.Header.Get("Location")
}

// uploadMaybe is upload for a body the server may cut: a failed request
// is code 0.
func (b *browser) uploadMaybe(path, field, name string, data []byte) (int, string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", b.csrf)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw), nil
}

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCatalogListShowsProductsEscaped(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		seedCatalog(t, h)
		b := h.loginAs(lapak.RoleStaff)
		code, body := b.get("/dashboard/catalog")
		if code != http.StatusOK {
			t.Fatalf("catalog: %d\n%s", code, body)
		}
		mustContain(t, body, `id="product-KRP-ORI"`, "Keripik Pedas", "Original", "Balado", "Rp12.000", "Rp15.000",
			`id="product-XSS-1"`, "&lt;script&gt;alert(1)&lt;/script&gt;", `class="clip" title="`+longName+`"`, "tak terbatas", "3 produk")
		if strings.Contains(body, xssName) {
			t.Error("the script in a product name reached the page unescaped")
		}
		// Search by SKU or name, filter by category.
		_, body = b.get("/dashboard/catalog?q=bld")
		mustContain(t, body, `id="product-KRP-ORI"`, "1 produk")
		if strings.Contains(body, "product-XSS-1") {
			t.Error("search by SKU shows other products")
		}
		_, body = b.get("/dashboard/catalog?q=" + url.QueryEscape("100%"))
		mustContain(t, body, "0 produk")
		kue := h.productBySKU("XSS-1").CategoryID
		_, body = b.get("/dashboard/catalog?cat=" + strconv.FormatInt(kue, 10))
		mustContain(t, body, `id="product-XSS-1"`, `id="product-LONG-1"`, "2 produk")
		// The product page escapes too, by id or by SKU.
		code, body = b.get("/dashboard/catalog/XSS-1")
		if code != http.StatusOK || strings.Contains(body, xssName) {
			t.Fatalf("product page by SKU: %d, unescaped script: %v", code, strings.Contains(body, xssName))
		}
		mustContain(t, body, "&lt;script&gt;", `id="photo-form"`, `id="photo-file"`, `name="photo"`, `id="photo-upload"`,
			`multiple`, `accept="image/*"`, `name="price-XSS-1"`, `name="stock-XSS-1"`, `id="product-save"`, `id="product-hide"`)
		if code, _ := b.get("/dashboard/catalog/NOPE-1"); code != http.StatusNotFound {
			t.Errorf("an unknown product: %d", code)
		}
	})
}

func TestCatalogProductEdit(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		seedCatalog(t, h)
		ctx := context.Background()
		b := h.loginAs(lapak.RoleOwner)
		p := h.productBySKU("KRP-ORI")
		path := "/dashboard/catalog/" + strconv.FormatInt(p.ID, 10)
		form := func() url.Values {
			return url.Values{"name": {p.Name}, "category": {p.Category}, "description": {""}, "keywords": {""},
				"price-KRP-ORI": {"12000"}, "was-price-KRP-ORI": {"12000"}, "stock-KRP-ORI": {"10"}, "was-stock-KRP-ORI": {"10"},
				"price-KRP-BLD": {"15000"}, "was-price-KRP-BLD": {"15000"}, "stock-KRP-BLD": {"3"}, "was-stock-KRP-BLD": {"3"}}
		}

		// Bad price and stock: nothing is saved, the form says what is wrong.
		bad := form()
		bad.Set("price-KRP-ORI", "abc")
		bad.Set("stock-KRP-BLD", "-1")
		bad.Set("name", "Keripik Baru")
		code, body, _ := b.post(path, bad)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad form: %d", code)
		}
		mustContain(t, body, `Harga &#34;abc&#34; tidak terbaca`, `Stok &#34;-1&#34;`, `value="Keripik Baru"`, `value="abc"`)
		if got := h.productBySKU("KRP-ORI"); got.Name != "Keripik Pedas" || variantOf(got, "KRP-ORI").Price != 12000 {
			t.Fatalf("a refused form changed the product: %+v", got)
		}

		// A good save: only what changed is written, each with its audit entry.
		good := form()
		good.Set("name", "Keripik Pedas Mantap")
		good.Set("category", "Camilan")
		good.Set("description", "Pedasnya pas")
		good.Set("keywords", "basreng; kripik")
		good.Set("price-KRP-ORI", "46rb")
		good.Set("stock-KRP-BLD", "7")
		code, body = b.follow(path, good)
		if code != http.StatusOK {
			t.Fatalf("save: %d\n%s", code, body)
		}
		mustContain(t, body, "Perubahan Keripik Pedas Mantap disimpan.")
		got := h.productBySKU("KRP-ORI")
		if got.Name != "Keripik Pedas Mantap" || got.Category != "Camilan" || got.Description != "Pedasnya pas" || got.Keywords != "basreng; kripik" ||
			variantOf(got, "KRP-ORI").Price != 46000 || variantOf(got, "KRP-ORI").Stock != 10 || variantOf(got, "KRP-BLD").Stock != 7 ||
			variantOf(got, "KRP-BLD").Price != 15000 {
			t.Fatalf("saved: %+v", got)
		}
		audit := strings.Join(h.auditLines(), "\n")
		for _, want := range []string{
			"dashboard:telegram:999 name KRP-ORI Keripik Pedas > Keripik Pedas Mantap",
			"dashboard:telegram:999 category KRP-ORI Keripik > Camilan",
			"dashboard:telegram:999 description KRP-ORI  > Pedasnya pas",
			"dashboard:telegram:999 keywords KRP-ORI  > basreng; kripik",
			"dashboard:telegram:999 price KRP-ORI price 12000 > price 46000",
			"dashboard:telegram:999 stock KRP-BLD stock 3 > stock 7",
		} {
			if !strings.Contains(audit, want) {
				t.Errorf("audit lacks %q:\n%s", want, audit)
			}
		}
		if strings.Contains(audit, "stock KRP-ORI") || strings.Contains(audit, "price KRP-BLD") {
			t.Errorf("unchanged values were written:\n%s", audit)
		}

		// A stock the seller left alone is not written back over a sale made
		// since the page was shown.
		if err := h.st.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			_, err := tx.SetStock(ctx, "KRP-ORI", 8)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		again := form()
		again.Set("name", "Keripik Pedas Mantap")
		again.Set("category", "Camilan")
		again.Set("description", "Pedasnya pas")
		again.Set("keywords", "basreng; kripik")
		again.Set("price-KRP-ORI", "46000")
		again.Set("was-price-KRP-ORI", "46000")
		again.Set("stock-KRP-BLD", "7")
		again.Set("was-stock-KRP-BLD", "7")
		_, body = b.follow(path, again)
		mustContain(t, body, "Tidak ada yang berubah.")
		if s := variantOf(h.productBySKU("KRP-ORI"), "KRP-ORI").Stock; s != 8 {
			t.Errorf("stock after an unchanged save: %d, want 8", s)
		}

		// A name another product has is refused with its name.
		taken := again
		taken.Set("name", longName)
		code, body, _ = b.post(path, taken)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("taken name: %d", code)
		}
		mustContain(t, body, "Nama ini sudah dipakai produk lain")

		// Hide and show.
		code, body = b.follow(path+"/hide", nil)
		mustContain(t, body, `id="product-show"`, "disembunyikan dari pelanggan")
		if !h.productBySKU("KRP-ORI").Hidden || code != http.StatusOK {
			t.Fatal("not hidden")
		}
		_, body = b.get("/dashboard/catalog")
		mustContain(t, body, `data-hidden="1"`)
		_, body = b.follow(path+"/show", nil)
		mustContain(t, body, `id="product-hide"`)
		if h.productBySKU("KRP-ORI").Hidden {
			t.Fatal("not shown again")
		}
		audit = strings.Join(h.auditLines(), "\n")
		mustContain(t, audit, "dashboard:telegram:999 hide KRP-ORI visible > hidden", "dashboard:telegram:999 show KRP-ORI hidden > visible")
	})
}

// A variant is added from the product's page by staff: what is wrong is
// told in the form and nothing is written; a post without the form's token
// is refused; the new variant is at once in the catalog, audited.
func TestCatalogAddVariant(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		seedCatalog(t, h)
		b := h.loginAs(lapak.RoleStaff)
		p := h.productBySKU("KRP-ORI")
		path := "/dashboard/catalog/" + strconv.FormatInt(p.ID, 10)
		_, body := b.get(path)
		mustContain(t, body, `id="variant-add"`, `action="`+path+`/variants"`, `id="variant-name"`, `id="variant-price"`, `id="variant-stock"`)

		for _, c := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"variant-name": {"Keju"}, "variant-price": {"abc"}, "variant-stock": {"5"}}, `Harga &#34;abc&#34; tidak terbaca`},
			{url.Values{"variant-name": {"Keju"}, "variant-price": {"0"}, "variant-stock": {"5"}}, `Harga &#34;0&#34; tidak terbaca`},
			{url.Values{"variant-name": {"Keju"}, "variant-price": {"12000"}, "variant-stock": {"-2"}}, `Stok &#34;-2&#34;`},
			{url.Values{"variant-name": {"balado"}, "variant-price": {"12000"}, "variant-stock": {"5"}}, `Produk ini sudah punya varian &#34;balado&#34;.`},
			{url.Values{"variant-name": {""}, "variant-price": {"12000"}, "variant-stock": {"5"}}, `Nama varian 1 sampai`},
		} {
			code, body, _ := b.post(path+"/variants", c.form)
			if code != http.StatusUnprocessableEntity {
				t.Fatalf("%v: %d", c.form, code)
			}
			mustContain(t, body, "Varian belum ditambahkan", c.want, `value="`+c.form.Get("variant-name")+`"`)
		}
		if code, _, _ := b.post(path+"/variants", url.Values{"csrf": {""}, "variant-name": {"Keju"}, "variant-price": {"12000"}}); code != http.StatusForbidden {
			t.Fatalf("without the token: %d", code)
		}
		if got := h.productBySKU("KRP-ORI"); len(got.Variants) != 2 {
			t.Fatalf("refused forms wrote variants: %+v", got.Variants)
		}

		code, body := b.follow(path+"/variants", url.Values{"variant-name": {" Keju  Manis "}, "variant-price": {"46.000"}, "variant-stock": {"12"}})
		if code != http.StatusOK {
			t.Fatalf("add: %d\n%s", code, body)
		}
		mustContain(t, body, "Varian Keju Manis ditambahkan ke Keripik Pedas (SKU KERIPI-PEDAS-KEJUMANI).", `id="variant-KERIPI-PEDAS-KEJUMANI"`)
		v := variantOf(h.productBySKU("KRP-ORI"), "KERIPI-PEDAS-KEJUMANI")
		if v.Name != "Keju Manis" || v.Price != 46000 || v.Stock != 12 || v.Unlimited {
			t.Fatalf("added: %+v", v)
		}
		if _, body := b.follow(path+"/variants", url.Values{"variant-name": {"Jumbo"}, "variant-price": {"46rb"}}); !strings.Contains(body, "Varian Jumbo ditambahkan") ||
			!variantOf(h.productBySKU("KRP-ORI"), "KERIPI-PEDAS-JUMBO").Unlimited {
			t.Fatalf("an empty stock is unlimited:\n%s", body)
		}
		mustContain(t, strings.Join(h.auditLines(), "\n"), "dashboard:telegram:777 variant KERIPI-PEDAS-KEJUMANI  > Keripik Pedas (Keju Manis) | price 46000 | stock 12")

		// A hidden product takes none: the page says to show it first.
		b.follow(path+"/hide", nil)
		_, body = b.get(path)
		mustContain(t, body, `id="variant-add-hidden"`)
		code, body, _ = b.post(path+"/variants", url.Values{"variant-name": {"Pedas"}, "variant-price": {"1000"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("hidden: %d", code)
		}
		mustContain(t, body, `id="variant-problem"`, "Tampilkan produk ini dulu")
		if code, _, _ := b.post("/dashboard/catalog/999999/variants", url.Values{"variant-name": {"Pedas"}, "variant-price": {"1000"}}); code != http.StatusNotFound {
			t.Fatalf("an unknown product: %d", code)
		}
	})
}

// A customer waiting for a sold-out product is told when the dashboard
// restocks it, as after /stok: the restock job sees the stock.
func TestCatalogRestockFromDashboardTellsWatchers(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		seedCatalog(t, h)
		ctx := context.Background()
		b := h.loginAs(lapak.RoleOwner)
		p := h.productBySKU("XSS-1")
		path := "/dashboard/catalog/" + strconv.FormatInt(p.ID, 10)
		set := func(stock, was string) {
			t.Helper()
			code, body, _ := b.post(path, url.Values{"stock-XSS-1": {stock}, "was-stock-XSS-1": {was}})
			if code != http.StatusSeeOther {
				t.Fatalf("setting stock %s: %d\n%s", stock, code, body)
			}
		}
		set("0", "1")
		in := lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: "w1", ChatID: "500", Text: "kabari kalau ready"}
		if err := h.st.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			return tx.WatchRestock(ctx, c.Customer.ID, p.ID, h.clock.Now())
		}); err != nil {
			t.Fatal(err)
		}
		notice := func(p lapak.Product, c lapak.Customer) []lapak.Envelope {
			return []lapak.Envelope{{To: c.Identity(), Msg: lapak.Outbound{Text: "ready lagi: " + p.Name}}}
		}
		if n, err := h.st.NotifyRestocked(ctx, 10, nil, notice); err != nil || n != 0 {
			t.Fatalf("sold out: %d told, %v", n, err)
		}
		set("5", "0")
		if n, err := h.st.NotifyRestocked(ctx, 10, nil, notice); err != nil || n != 1 {
			t.Fatalf("restocked from the dashboard: %d told, %v", n, err)
		}
	})
}

// A stock brought to the low-stock threshold from the dashboard alerts the
// admins, as /stok does (shop.SetStock).
func TestCatalogLowStockFromDashboardAlertsAdmins(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, st *storage.Store) {
		h := newHarness(t, st, clock, Options{})
		// The same dashboard with a shop whose low-stock threshold is 2.
		h.shop = shop.New(shop.Options{Shop: testSettings(), Store: st, LowStock: 2})
		h.d.opt.Shop = h.shop
		seedCatalog(t, h)
		b := h.loginAs(lapak.RoleOwner)
		p := h.productBySKU("KRP-ORI")
		code, _, _ := b.post("/dashboard/catalog/"+strconv.FormatInt(p.ID, 10), url.Values{"stock-KRP-ORI": {"1"}, "was-stock-KRP-ORI": {"10"}})
		if code != http.StatusSeeOther {
			t.Fatalf("stock: %d", code)
		}
		msgs, err := st.ClaimOutbox(context.Background(), []lapak.Channel{lapak.ChannelTelegram}, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 1 || msgs[0].To != testAdmin || !strings.Contains(msgs[0].Msg.Text, "Stok Keripik Pedas (Original) tinggal 1 (SKU KRP-ORI)") {
			t.Fatalf("admins told: %+v", msgs)
		}
	})
}

func TestCatalogPhotoUpload(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		seedCatalog(t, h)
		b := h.loginAs(lapak.RoleStaff)
		p := h.productBySKU("KRP-ORI")
		path := "/dashboard/catalog/" + strconv.FormatInt(p.ID, 10)

		// A text file and a 20 MB file are refused politely; nothing changes.
		code, _, loc := b.upload(path+"/photo", nil, "photo", "notes.txt", []byte("ini bukan foto, cuma catatan"))
		if code != http.StatusSeeOther {
			t.Fatalf("text file: %d", code)
		}
		_, body := b.get(loc)
		mustContain(t, body, "File ini bukan gambar", `id="product-nophoto"`)
		big := append(pngBytes(t), bytes.Repeat([]byte{0}, 20<<20)...)
		code, _, loc = b.upload(path+"/photo", nil, "photo", "besar.png", big)
		if code != http.StatusSeeOther {
			t.Fatalf("20 MB: %d", code)
		}
		_, body = b.get(loc)
		mustContain(t, body, "Foto terlalu besar: paling besar 5 MB")
		// Beyond the body limit, the body is cut: still no change, no 500.
		huge := append(pngBytes(t), bytes.Repeat([]byte{0}, 33<<20)...)
		if code, _, _ := b.uploadMaybe(path+"/photo", "photo", "huge.png", huge); code >= 500 {
			t.Fatalf("33 MB: %d", code)
		}
		if img := h.productBySKU("KRP-ORI").Image; img != "" {
			t.Fatalf("a refused upload set the picture %q", img)
		}
		// Without the CSRF token first nothing is read.
		nob := h.loginAs(lapak.RoleOwner)
		nob.csrf = "wrong"
		if code, _, _ := nob.upload(path+"/photo", nil, "photo", "a.png", pngBytes(t)); code != http.StatusForbidden {
			t.Fatalf("wrong token: %d", code)
		}

		// A PNG is kept and is the product's photo at once.
		data := pngBytes(t)
		code, _, loc = b.upload(path+"/photo", nil, "photo", "foto.png", data)
		if code != http.StatusSeeOther {
			t.Fatalf("png: %d", code)
		}
		_, body = b.get(loc)
		mustContain(t, body, "1 foto ditambahkan ke Keripik Pedas")
		img := h.productBySKU("KRP-ORI").Image
		id, ok := lapak.ParseStoredRef(img)
		if !ok {
			t.Fatalf("the product's picture is %q, not a stored one", img)
		}
		src := fmt.Sprintf("/dashboard/catalog/photo/%d", id)
		mustContain(t, body, `id="product-photo" class="photo" src="`+src+`"`)
		res, err := b.c.Get(h.srv.URL + src)
		if err != nil {
			t.Fatal(err)
		}
		back, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !bytes.Equal(back, data) || res.Header.Get("Content-Type") != "image/png" || !strings.Contains(res.Header.Get("Cache-Control"), "max-age") {
			t.Fatalf("photo back: %d bytes, %q, %q", len(back), res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
		}
		stored, err := h.st.Media(context.Background(), id)
		if err != nil || !bytes.Equal(stored, data) {
			t.Fatalf("stored bytes: %v", err)
		}
		_, body = b.get("/dashboard/catalog")
		mustContain(t, body, `<img src="`+src+`"`)
		mustContain(t, strings.Join(h.auditLines(), "\n"), "dashboard:telegram:777 photo.add KRP-ORI  > "+img)
		if code, _ := b.get("/dashboard/catalog/photo/999999"); code != http.StatusNotFound {
			t.Errorf("unknown photo: %d", code)
		}
	})
}

func TestCatalogBulkEditAllOrNothing(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		seedCatalog(t, h)
		b := h.loginAs(lapak.RoleOwner)
		code, body := b.get("/dashboard/catalog/bulk")
		if code != http.StatusOK {
			t.Fatalf("bulk page: %d", code)
		}
		mustContain(t, body, `name="price-KRP-ORI" value="12000"`, `name="stock-KRP-BLD" value="3"`, `name="stock-LONG-1" value=""`, `id="bulk-save"`)
		base := url.Values{"price-KRP-ORI": {"12000"}, "was-price-KRP-ORI": {"12000"}, "stock-KRP-ORI": {"10"}, "was-stock-KRP-ORI": {"10"},
			"price-XSS-1": {"5000"}, "was-price-XSS-1": {"5000"}, "stock-XSS-1": {"1"}, "was-stock-XSS-1": {"1"}}
		for _, c := range []struct{ field, value, says string }{
			{"price-XSS-1", "abc", "Harga &#34;abc&#34; tidak terbaca"},
			{"stock-XSS-1", "-4", "Stok &#34;-4&#34;"},
			{"price-XSS-1", "0", "Harga &#34;0&#34;"},
		} {
			f := url.Values{}
			for k, v := range base {
				f[k] = v
			}
			f.Set("price-KRP-ORI", "46.000") // good, but not saved alone
			f.Set(c.field, c.value)
			code, body, _ := b.post("/dashboard/catalog/bulk", f)
			if code != http.StatusUnprocessableEntity {
				t.Fatalf("%s=%s: %d", c.field, c.value, code)
			}
			mustContain(t, body, c.says, "Belum ada yang disimpan: 1 isian", `value="46.000"`)
			if got := variantOf(h.productBySKU("KRP-ORI"), "KRP-ORI"); got.Price != 12000 {
				t.Fatalf("%s=%s: a good line was saved with a bad one: %+v", c.field, c.value, got)
			}
		}
		// An SKU gone since the page was shown: the whole save is refused.
		f := url.Values{"price-KRP-ORI": {"46rb"}, "was-price-KRP-ORI": {"12000"}, "stock-GONE-1": {"3"}, "was-stock-GONE-1": {"2"}}
		code, body, _ = b.post("/dashboard/catalog/bulk", f)
		if code != http.StatusUnprocessableEntity || variantOf(h.productBySKU("KRP-ORI"), "KRP-ORI").Price != 12000 {
			t.Fatalf("unknown SKU: %d, price %d", code, variantOf(h.productBySKU("KRP-ORI"), "KRP-ORI").Price)
		}
		mustContain(t, body, "SKU GONE-1 tidak ada di katalog.")

		f = url.Values{}
		for k, v := range base {
			f[k] = v
		}
		f.Set("price-KRP-ORI", "46.000")
		f.Set("stock-XSS-1", "25")
		code, body = b.follow("/dashboard/catalog/bulk", f)
		mustContain(t, body, "2 perubahan disimpan.")
		if got := h.productBySKU("KRP-ORI"); variantOf(got, "KRP-ORI").Price != 46000 || variantOf(got, "KRP-ORI").Stock != 10 || code != http.StatusOK {
			t.Fatalf("bulk saved: %+v", got)
		}
		if got := h.productBySKU("XSS-1"); got.Variants[0].Stock != 25 || got.Variants[0].Price != 5000 {
			t.Fatalf("bulk saved: %+v", got)
		}
		audit := strings.Join(h.auditLines(), "\n")
		mustContain(t, audit, "dashboard:telegram:999 price KRP-ORI price 12000 > price 46000", "dashboard:telegram:999 stock XSS-1 stock 1 > stock 25")
		if n := strings.Count(audit, "dashboard:"); n != 2 {
			t.Errorf("%d audit entries, want 2:\n%s", n, audit)
		}
	})
}

func TestCatalogExportAndImport(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		seedCatalog(t, h)
		ctx := context.Background()
		b := h.loginAs(lapak.RoleOwner)
		res, err := b.c.Get(h.srv.URL + "/dashboard/catalog/export.csv")
		if err != nil {
			t.Fatal(err)
		}
		exported, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("export: %d %v", res.StatusCode, res.Header)
		}
		want, err := h.st.ExportCatalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var wantCSV bytes.Buffer
		if err := catalog.WriteCSV(&wantCSV, want); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(exported, wantCSV.Bytes()) {
			t.Fatalf("exported CSV differs from `lapak export`'s:\n%s\nwant:\n%s", exported, wantCSV.Bytes())
		}
		rows, err := catalog.Read("katalog.csv", bytes.NewReader(exported), catalog.ReadOptions{})
		if err != nil || len(rows) != 4 || rows[0].SKU != "KRP-ORI" {
			t.Fatalf("export reads back: %d rows, %v", len(rows), err)
		}
		if code, body := b.get("/dashboard/catalog/export.xlsx"); code != http.StatusOK || !strings.HasPrefix(body, "PK") {
			t.Fatalf("xlsx: %d", code)
		}

		// A file with errors: line-numbered problems, nothing changed.
		badFile := strings.Replace(string(exported), "12000", "dua belas ribu", 1)
		code, body, _ := b.upload("/dashboard/catalog/import", map[string]string{"stock": "keep"}, "file", "katalog.csv", []byte(badFile))
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad file: %d\n%s", code, body)
		}
		mustContain(t, body, "File ini punya 1 masalah", "baris 2:")
		// A good file shows the plan first and changes nothing yet.
		good := strings.Replace(string(exported), "12000", "13000", 1)
		code, body, _ = b.upload("/dashboard/catalog/import", map[string]string{"stock": "keep"}, "file", "katalog.csv", []byte(good))
		if code != http.StatusOK {
			t.Fatalf("plan: %d\n%s", code, body)
		}
		mustContain(t, body, `id="import-plan"`, "Harga berubah: 1", "KRP-ORI Keripik Pedas (Original): Rp12.000 → Rp13.000", `id="import-apply"`, "Tidak berubah: 3")
		if variantOf(h.productBySKU("KRP-ORI"), "KRP-ORI").Price != 12000 {
			t.Fatal("the plan changed the catalog")
		}
		i := strings.Index(body, `name="file" value="`)
		if i < 0 {
			t.Fatal("no file in the confirm form")
		}
		file := body[i+len(`name="file" value="`):]
		file = file[:strings.IndexByte(file, '"')]
		file = strings.ReplaceAll(file, "&#43;", "+")
		code, body = b.follow("/dashboard/catalog/import/apply", url.Values{"file": {file}, "name": {"katalog.csv"}, "stock": {"keep"}})
		if code != http.StatusOK {
			t.Fatalf("apply: %d\n%s", code, body)
		}
		mustContain(t, body, "Diimpor: 0 baru, 4 diperbarui.")
		if variantOf(h.productBySKU("KRP-ORI"), "KRP-ORI").Price != 13000 {
			t.Fatal("the import was not applied")
		}
		mustContain(t, strings.Join(h.auditLines(), "\n"), "dashboard:telegram:999 import katalog.csv  > 0 new, 4 updated")
		// A 20 MB file is refused politely.
		code, body, _ = b.upload("/dashboard/catalog/import", nil, "file", "besar.csv", bytes.Repeat([]byte("a"), 20<<20))
		if code != http.StatusRequestEntityTooLarge {
			t.Fatalf("big import: %d", code)
		}
		mustContain(t, body, "File terlalu besar untuk dasbor")
	})
}

func TestCatalogAddProduct(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		seedCatalog(t, h)
		b := h.loginAs(lapak.RoleStaff)
		if code, body := b.get("/dashboard/catalog/new"); code != http.StatusOK {
			t.Fatalf("new: %d\n%s", code, body)
		}
		form := url.Values{"name": {"Nastar Keju"}, "category": {"Kue Kering"}, "description": {"Renyah"},
			"vname1": {"450 g"}, "vprice1": {"85rb"}, "vstock1": {"20"}, "vname2": {"250 g"}, "vprice2": {"abc"}}
		code, body, _ := b.post("/dashboard/catalog/new", form)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad price: %d", code)
		}
		mustContain(t, body, "Varian 2: Harga &#34;abc&#34;", `value="Nastar Keju"`)
		form.Set("vprice2", "50.000")
		form.Set("vname2", "450 G") // two variants with one name: the check /tambah makes
		code, body, _ = b.post("/dashboard/catalog/new", form)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("same variant names: %d", code)
		}
		mustContain(t, body, "Varian 2: Nama varian")
		form.Set("vname2", "250 g")
		code, body = b.follow("/dashboard/catalog/new", form)
		if code != http.StatusOK {
			t.Fatalf("add: %d\n%s", code, body)
		}
		mustContain(t, body, "Nastar Keju ditambahkan ke katalog.", `name="price-NASTAR-KEJU-450G" value="85000"`, `name="stock-NASTAR-KEJU-250G" value=""`)
		p := h.productBySKU("NASTAR-KEJU-450G")
		if p.Category != "Kue Kering" || len(p.Variants) != 2 || !p.Variants[1].Unlimited || p.Variants[1].Price != 50000 {
			t.Fatalf("added: %+v", p)
		}
		mustContain(t, strings.Join(h.auditLines(), "\n"), "dashboard:telegram:777 add NASTAR-KEJU-450G")
		form.Set("name", "keripik pedas")
		code, body, _ = b.post("/dashboard/catalog/new", form)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("name taken: %d", code)
		}
		mustContain(t, body, "Nama ini sudah dipakai produk lain: Keripik Pedas")
	})
}

// mediaFunc is a MediaLoader from a function.
type mediaFunc func(ref string) ([]byte, error)

func (f mediaFunc) Load(_ context.Context, ref string) ([]byte, string, error) {
	data, err := f(ref)
	return data, "", err
}

// A picture the shop does not keep (a demo one, a chat photo not copied
// yet) is shown through the media loader.
func TestCatalogPictureThroughMediaLoader(t *testing.T) {
	clock := storagetest.NewClock(time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, st *storage.Store) {
		data := pngBytes(t)
		h := newHarness(t, st, clock, Options{Media: mediaFunc(func(ref string) ([]byte, error) {
			if ref == "demo:sambal" {
				return data, nil
			}
			return nil, lapak.ErrNotFound
		})})
		if _, err := st.ImportCatalog(context.Background(), []lapak.CatalogRow{
			{SKU: "SBL-1", Name: "Sambal", Category: "Bumbu", Price: 20000, Stock: 2, Image: "demo:sambal"},
			{SKU: "SBL-2", Name: "Sambal Ijo", Category: "Bumbu", Price: 20000, Stock: 2, Image: "demo:none"}}); err != nil {
			t.Fatal(err)
		}
		b := h.loginAs(lapak.RoleOwner)
		p := h.productBySKU("SBL-1")
		src := fmt.Sprintf("/dashboard/catalog/image/%d", p.ID)
		_, body := b.get("/dashboard/catalog")
		mustContain(t, body, `<img src="`+src+`"`)
		code, got := b.get(src)
		if code != http.StatusOK || got != string(data) {
			t.Fatalf("picture: %d, %d bytes", code, len(got))
		}
		if code, _ := b.get(fmt.Sprintf("/dashboard/catalog/image/%d", h.productBySKU("SBL-2").ID)); code != http.StatusNotFound {
			t.Fatalf("a picture the loader lacks: %d", code)
		}
		// Second after an uploaded photo, it is shown by its photo's id.
		if code, _, _ := b.upload(fmt.Sprintf("/dashboard/catalog/%d/photo", p.ID), nil, "photo", "a.png", colourPNG(t, 1)); code != http.StatusSeeOther {
			t.Fatalf("upload: %d", code)
		}
		ps := h.photos(p.ID)
		if len(ps) != 2 || ps[0].Ref != "demo:sambal" {
			t.Fatalf("photos: %+v", ps)
		}
		if code, _, _ := b.post(fmt.Sprintf("/dashboard/catalog/%d/photos/order", p.ID), url.Values{"order": {fmt.Sprintf("%d,%d", ps[1].ID, ps[0].ID)}}); code != http.StatusSeeOther {
			t.Fatalf("reorder: %d", code)
		}
		src = fmt.Sprintf("/dashboard/catalog/image/%d?photo=%d", p.ID, ps[0].ID)
		_, body = b.get(fmt.Sprintf("/dashboard/catalog/%d", p.ID))
		mustContain(t, body, `src="`+src+`"`)
		if code, got := b.get(src); code != http.StatusOK || got != string(data) {
			t.Fatalf("second picture: %d, %d bytes", code, len(got))
		}
		if code, _ := b.get(fmt.Sprintf("/dashboard/catalog/image/%d?photo=999999", p.ID)); code != http.StatusNotFound {
			t.Fatalf("another product's photo id: %d", code)
		}
	})
}

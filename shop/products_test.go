package shop_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

// inTx runs fn in a transaction of its own, as the dashboard would.
func (h *harness) inTx(fn func(tx lapak.OpsTx) error) error {
	return h.shop.Do(ctx, func(_ context.Context, tx lapak.OpsTx) error { return fn(tx) })
}

func (h *harness) product(sku string) lapak.Product {
	h.t.Helper()
	var p lapak.Product
	if err := h.inTx(func(tx lapak.OpsTx) error {
		var err error
		p, err = tx.ProductBySKU(ctx, sku)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return p
}

func TestAddProduct(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		add := func(p lapak.Product) (lapak.Product, error) {
			var got lapak.Product
			err := h.inTx(func(tx lapak.OpsTx) error {
				var err error
				got, err = h.shop.AddProduct(ctx, tx, sari, p)
				return err
			})
			return got, err
		}
		p, err := add(lapak.Product{Name: "  Nastar   Keju ", Category: "kue", Description: "Renyah", Variants: []lapak.Variant{
			{Name: "450 g", Price: 85000, Stock: 20}, {Name: "250 g", Price: 50000, Stock: 10, SKU: "nst-250"}}})
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "Nastar Keju" || p.Category != "Kue" || p.Variants[0].SKU != "NASTAR-KEJU-450G" || p.Variants[1].SKU != "NST-250" || p.ID == 0 {
			t.Fatalf("added: %+v", p)
		}
		if got := h.product("nastar-keju-450g"); got.ID != p.ID || got.Variants[1].Stock != 10 || got.Description != "Renyah" || got.Category != "Kue" {
			t.Fatalf("stored: %+v", got)
		}
		// The same readable SKU again gets a number; a new category is made.
		p2, err := add(lapak.Product{Name: "Nastar Keju!", Category: "Kue Kering", Variants: []lapak.Variant{{Name: "450 g", Price: 90000, Unlimited: true}}})
		if err != nil || p2.Variants[0].SKU != "NASTAR-KEJU-450G-2" || p2.Category != "Kue Kering" {
			t.Fatalf("second: %+v, %v", p2, err)
		}
		audit := strings.Join(h.audit(), "\n")
		for _, want := range []string{"telegram:999 add NASTAR-KEJU-450G  > Nastar Keju (450 g) | Kue | price 85000 | stock 20",
			"add NASTAR-KEJU-450G-2  > Nastar Keju! (450 g) | Kue Kering | price 90000 | stock unlimited"} {
			if !strings.Contains(audit, want) {
				t.Fatalf("audit lacks %q:\n%s", want, audit)
			}
		}
		before := len(h.audit())
		var fe *shop.FieldError
		var ee *lapak.ExistsError
		for _, c := range []struct {
			p     lapak.Product
			field string
		}{
			{lapak.Product{Name: "Kue Sagu", Category: "Kue", Variants: []lapak.Variant{{Price: -1}}}, "price"},
			{lapak.Product{Name: strings.Repeat("x", 81), Category: "Kue", Variants: []lapak.Variant{{Price: 1}}}, "name"},
			{lapak.Product{Name: "Kue Sagu", Category: "", Variants: []lapak.Variant{{Price: 1}}}, "category"},
			{lapak.Product{Name: "Kue Sagu", Category: "Kue"}, "variants"},
			{lapak.Product{Name: "Kue Sagu", Category: "Kue", Variants: []lapak.Variant{{Name: "a", Price: 1}, {Name: "A", Price: 2}}}, "variant"},
			{lapak.Product{Name: "Kue Sagu", Category: "Kue", Variants: []lapak.Variant{{Name: "a", Price: 1}, {Price: 2}}}, "variant"},
			{lapak.Product{Name: "Kue Sagu", Category: "Kue", Variants: []lapak.Variant{{Price: 1, Stock: -2}}}, "stock"},
			{lapak.Product{Name: "Kue Sagu", Category: "Kue", Variants: []lapak.Variant{{Price: 1, SKU: "A B"}}}, "sku"},
		} {
			_, err := add(c.p)
			if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, shop.ErrInvalid) {
				t.Fatalf("%+v: got %v, want a %s problem", c.p, err, c.field)
			}
		}
		if _, err := add(lapak.Product{Name: "kue nastar", Category: "Kue", Variants: []lapak.Variant{{Price: 1}}}); !errors.As(err, &ee) || ee.What != "name" || ee.Value != "Kue Nastar" {
			t.Fatalf("existing name: %v", err)
		}
		if _, err := add(lapak.Product{Name: "Kue Sagu", Category: "Kue", Variants: []lapak.Variant{{Price: 1, SKU: "smb-roa"}}}); !errors.As(err, &ee) || ee.What != "sku" || ee.Value != "SMB-ROA" {
			t.Fatalf("existing SKU: %v", err)
		}
		if n := len(h.audit()); n != before {
			t.Fatalf("refused products wrote %d audit entries", n-before)
		}
	})
}

func TestMakeSKU(t *testing.T) {
	for _, c := range []struct{ name, variant, want string }{
		{"Nastar Keju", "450 g", "NASTAR-KEJU-450G"},
		{"Keripik Singkong Balado Super Pedas", "Level 5", "KERIPI-SINGKO-BALADO-LEVEL5"},
		{"Kopi Susu Gula Aren", "", "KOPI-SUSU-GULA"},
		{"Dodol Garut (asli)", "1/2 kg", "DODOL-GARUT-ASLI-12KG"},
		{"蛋糕", "", "PRODUK"},
	} {
		if got := shop.MakeSKU(c.name, c.variant); got != c.want {
			t.Errorf("MakeSKU(%q, %q) = %q, want %q", c.name, c.variant, got, c.want)
		}
	}
}

func TestHideRenameDescribePhoto(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		var ch shop.ProductChange
		run := func(fn func(tx lapak.OpsTx) (shop.ProductChange, error)) error {
			return h.inTx(func(tx lapak.OpsTx) error {
				var err error
				ch, err = fn(tx)
				return err
			})
		}
		if err := run(func(tx lapak.OpsTx) (shop.ProductChange, error) {
			return h.shop.SetHidden(ctx, tx, sari, "smb-roa", true)
		}); err != nil {
			t.Fatal(err)
		}
		if ch.Before.Hidden || !ch.After.Hidden || ch.SKU != "SMB-ROA" || !h.product("SMB-ROA").Hidden {
			t.Fatalf("hide: %+v", ch)
		}
		if err := run(func(tx lapak.OpsTx) (shop.ProductChange, error) {
			return h.shop.SetHidden(ctx, tx, sari, "SMB-ROA", false)
		}); err != nil || h.product("SMB-ROA").Hidden {
			t.Fatalf("show: %v", err)
		}
		if err := run(func(tx lapak.OpsTx) (shop.ProductChange, error) {
			return h.shop.Rename(ctx, tx, sari, "SMB-ROA", "Sambal Roa Manado")
		}); err != nil {
			t.Fatal(err)
		}
		var ee *lapak.ExistsError
		if err := run(func(tx lapak.OpsTx) (shop.ProductChange, error) {
			return h.shop.Rename(ctx, tx, sari, "SMB-ROA", "kue nastar")
		}); !errors.As(err, &ee) {
			t.Fatalf("rename onto another product: %v", err)
		}
		if err := run(func(tx lapak.OpsTx) (shop.ProductChange, error) {
			return h.shop.Describe(ctx, tx, sari, "SMB-ROA", "Pedas, 200 ml")
		}); err != nil {
			t.Fatal(err)
		}
		if err := run(func(tx lapak.OpsTx) (shop.ProductChange, error) { return h.shop.SetHidden(ctx, tx, sari, "NOPE", true) }); !errors.Is(err, lapak.ErrNotFound) {
			t.Fatalf("unknown SKU: %v", err)
		}
		p := h.product("SMB-ROA")
		photo := func(a lapak.Attachment) error {
			return run(func(tx lapak.OpsTx) (shop.ProductChange, error) {
				return h.shop.SetPhoto(ctx, tx, sari, p.ID, lapak.ChannelTelegram, a)
			})
		}
		if err := photo(lapak.Attachment{Ref: "BIG", MIME: "image/jpeg", Size: 10 << 20}); !errors.Is(err, lapak.ErrPhotoTooBig) {
			t.Fatalf("10 MB photo: %v", err)
		}
		if err := photo(lapak.Attachment{Ref: "PDF", MIME: "application/pdf"}); !errors.Is(err, lapak.ErrNotPhoto) {
			t.Fatalf("a PDF: %v", err)
		}
		if err := photo(lapak.Attachment{Ref: "F1", MIME: "image/jpeg", Size: 1000}); err != nil {
			t.Fatal(err)
		}
		if got := h.product("SMB-ROA"); got.Name != "Sambal Roa Manado" || got.Description != "Pedas, 200 ml" || got.Image != "media:telegram:F1" {
			t.Fatalf("product: %+v", got)
		}
		if n, _ := h.s.PendingPhotos(ctx); n != 1 {
			t.Fatalf("%d photos queued, want 1", n)
		}
		want := []string{
			"telegram:999 hide SMB-ROA visible > hidden",
			"telegram:999 show SMB-ROA hidden > visible",
			"telegram:999 name SMB-ROA Sambal Roa > Sambal Roa Manado",
			"telegram:999 description SMB-ROA  > Pedas, 200 ml",
			"telegram:999 photo SMB-ROA  > media:telegram:F1",
		}
		if got := strings.Join(h.audit(), "\n"); got != strings.Join(want, "\n") {
			t.Fatalf("audit:\n%s\nwant\n%s", got, strings.Join(want, "\n"))
		}
	})
}

func TestAddVariant(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		add := func(id int64, v lapak.Variant) (lapak.Variant, error) {
			var got lapak.Variant
			err := h.inTx(func(tx lapak.OpsTx) error {
				var err error
				_, got, err = h.shop.AddVariant(ctx, tx, sari, id, v)
				return err
			})
			return got, err
		}
		krp := h.product("KRP-PDS")
		v, err := add(krp.ID, lapak.Variant{Name: "  Balado  Manis ", Price: 14000, Stock: 8})
		if err != nil {
			t.Fatal(err)
		}
		if v.SKU != "KERIPI-SINGKO-BALADOMA" || v.Name != "Balado Manis" || v.ID == 0 {
			t.Fatalf("added: %+v", v)
		}
		if got := h.product("KRP-PDS"); len(got.Variants) != 2 || got.Variants[1].SKU != v.SKU || got.Variants[1].Stock != 8 {
			t.Fatalf("stored: %+v", got)
		}
		if v, err := add(krp.ID, lapak.Variant{Name: "Original", Price: 12000, Unlimited: true, SKU: "krp-ori"}); err != nil || v.SKU != "KRP-ORI" || !h.variant("KRP-ORI").Unlimited {
			t.Fatalf("with an SKU: %+v, %v", v, err)
		}
		contains(t, strings.Join(h.audit(), "\n"), "telegram:999 variant KERIPI-SINGKO-BALADOMA  > Keripik Singkong (Balado Manis) | price 14000 | stock 8",
			"variant KRP-ORI  > Keripik Singkong (Original) | price 12000 | stock unlimited")
		before := len(h.audit())
		var fe *shop.FieldError
		var ee *lapak.ExistsError
		for _, c := range []struct {
			v     lapak.Variant
			field string
		}{
			{lapak.Variant{Name: "PEDAS", Price: 1}, "variant"},
			{lapak.Variant{Name: " ", Price: 1}, "variant"},
			{lapak.Variant{Name: "Keju", Price: 0}, "price"},
			{lapak.Variant{Name: "Keju", Price: -500}, "price"},
			{lapak.Variant{Name: "Keju", Price: 1, Stock: -1}, "stock"},
			{lapak.Variant{Name: "Keju", Price: 1, SKU: "A B"}, "sku"},
		} {
			if _, err := add(krp.ID, c.v); !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, shop.ErrInvalid) {
				t.Errorf("%+v: %v, want a %s FieldError", c.v, err, c.field)
			}
		}
		if _, err := add(krp.ID, lapak.Variant{Name: "Keju", Price: 1, SKU: "smb-roa"}); !errors.As(err, &ee) || ee.Value != "SMB-ROA" {
			t.Errorf("a taken SKU: %v", err)
		}
		// The product's one variant has no name: a second would not be told apart.
		if _, err := add(h.product("SMB-ROA").ID, lapak.Variant{Name: "Besar", Price: 1}); !errors.As(err, &fe) || fe.Field != "variant" {
			t.Errorf("beside an unnamed variant: %v", err)
		}
		if _, err := add(999999, lapak.Variant{Name: "Keju", Price: 1}); !errors.Is(err, lapak.ErrNotFound) {
			t.Errorf("an unknown product: %v", err)
		}
		if err := h.inTx(func(tx lapak.OpsTx) error {
			_, err := h.shop.SetHidden(ctx, tx, sari, "KUE-NST", true)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := add(h.product("KUE-NST").ID, lapak.Variant{Name: "Keju", Price: 1}); !errors.Is(err, shop.ErrHiddenProduct) {
			t.Errorf("a hidden product: %v", err)
		}
		if got := len(h.audit()); got != before+1 { // the hiding
			t.Errorf("refusals wrote audit entries: %d -> %d", before, got)
		}
		if got := h.product("KRP-PDS"); len(got.Variants) != 3 {
			t.Errorf("refusals wrote variants: %+v", got.Variants)
		}
		// At most lapak.MaxVariants.
		for i := len(h.product("KRP-PDS").Variants); i < lapak.MaxVariants; i++ {
			if _, err := add(krp.ID, lapak.Variant{Name: "Rasa " + strconv.Itoa(i), Price: 1000, Stock: 1}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := add(krp.ID, lapak.Variant{Name: "Satu lagi", Price: 1000}); !errors.As(err, &fe) || fe.Field != "variants" {
			t.Errorf("variant %d: %v", lapak.MaxVariants+1, err)
		}
	})
}

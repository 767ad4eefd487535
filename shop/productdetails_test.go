package shop_test

import (
	"errors"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

func TestProductDetails(t *testing.T) {
	shopTest(t, settings(), 0, func(t *testing.T, h *harness) {
		var p lapak.Product
		if err := h.inTx(func(tx lapak.OpsTx) error {
			var err error
			p, err = h.shop.AddProduct(ctx, tx, sari, lapak.Product{Name: "Basreng", Category: "Keripik", Variants: []lapak.Variant{{Price: 15000, Stock: 3}}})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		sku := p.Variants[0].SKU
		if err := h.inTx(func(tx lapak.OpsTx) error {
			if _, err := h.shop.SetCategory(ctx, tx, sari, sku, "  camilan  pedas "); err != nil {
				return err
			}
			_, err := h.shop.SetKeywords(ctx, tx, sari, sku, " baso goreng ;; spicy  chips ;")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		got := h.product(sku)
		if got.Category != "camilan pedas" || got.Keywords != "baso goreng; spicy chips" {
			t.Fatalf("stored: %+v", got)
		}
		// An existing category in another case is reused.
		if err := h.inTx(func(tx lapak.OpsTx) error {
			_, err := h.shop.SetCategory(ctx, tx, sari, sku, "KERIPIK")
			return err
		}); err != nil || h.product(sku).Category != "Keripik" {
			t.Fatalf("back to Keripik: %v %+v", err, h.product(sku))
		}
		var fe *shop.FieldError
		if err := h.inTx(func(tx lapak.OpsTx) error {
			_, err := h.shop.SetCategory(ctx, tx, sari, sku, strings.Repeat("x", 41))
			return err
		}); !errors.As(err, &fe) || fe.Field != "category" {
			t.Fatalf("long category: %v", err)
		}
		if err := h.inTx(func(tx lapak.OpsTx) error {
			_, err := h.shop.SetKeptPhoto(ctx, tx, sari, p.ID, "https://example.com/x.jpg")
			return err
		}); !errors.As(err, &fe) || fe.Field != "photo" {
			t.Fatalf("not a stored photo: %v", err)
		}
		if err := h.inTx(func(tx lapak.OpsTx) error {
			_, err := h.shop.SetKeptPhoto(ctx, tx, sari, p.ID, "stored:7")
			return err
		}); err != nil || h.product(sku).Image != "stored:7" {
			t.Fatalf("kept photo: %v %q", err, h.product(sku).Image)
		}
		audit := strings.Join(h.audit(), "\n")
		for _, want := range []string{"category " + sku + " Keripik > camilan pedas", "keywords " + sku + "  > baso goreng; spicy chips", "photo " + sku + "  > stored:7"} {
			if !strings.Contains(audit, want) {
				t.Errorf("audit lacks %q:\n%s", want, audit)
			}
		}
	})
}

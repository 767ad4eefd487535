package shop_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

func TestProductPhotos(t *testing.T) {
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
		photos := func() []lapak.ProductPhoto {
			t.Helper()
			var out []lapak.ProductPhoto
			if err := h.inTx(func(tx lapak.OpsTx) error {
				var err error
				out, err = tx.ProductPhotos(ctx, p.ID)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return out
		}
		refs := func() string {
			var s []string
			for _, ph := range photos() {
				s = append(s, ph.Ref)
			}
			return strings.Join(s, " ")
		}
		op := func(f func(tx lapak.OpsTx) (shop.PhotosChange, error)) (shop.PhotosChange, error) {
			var c shop.PhotosChange
			err := h.inTx(func(tx lapak.OpsTx) error {
				var err error
				c, err = f(tx)
				return err
			})
			return c, err
		}
		for i := 1; i <= 3; i++ {
			c, err := op(func(tx lapak.OpsTx) (shop.PhotosChange, error) {
				return h.shop.AddProductPhoto(ctx, tx, sari, p.ID, fmt.Sprintf("stored:%d", i))
			})
			if err != nil || len(c.Photos) != i || c.Product.Image != "stored:1" {
				t.Fatalf("photo %d: %v %+v", i, err, c)
			}
		}
		if got := refs(); got != "stored:1 stored:2 stored:3" || h.product(sku).Image != "stored:1" {
			t.Fatalf("three photos: %q, cover %q", got, h.product(sku).Image)
		}
		ph := photos()
		// A new order: the cover follows the first.
		c, err := op(func(tx lapak.OpsTx) (shop.PhotosChange, error) {
			return h.shop.ReorderProductPhotos(ctx, tx, sari, p.ID, []int64{ph[2].ID, ph[0].ID, ph[1].ID})
		})
		if err != nil || c.Cover() != "stored:3" || refs() != "stored:3 stored:1 stored:2" || h.product(sku).Image != "stored:3" {
			t.Fatalf("reordered: %v %q, cover %q", err, refs(), h.product(sku).Image)
		}
		// A stale or partial order is refused and changes nothing.
		for _, ids := range [][]int64{{ph[0].ID, ph[1].ID}, {ph[0].ID, ph[1].ID, ph[2].ID, 999999}, {ph[0].ID, ph[1].ID, 999999}} {
			if _, err := op(func(tx lapak.OpsTx) (shop.PhotosChange, error) {
				return h.shop.ReorderProductPhotos(ctx, tx, sari, p.ID, ids)
			}); !errors.Is(err, lapak.ErrStalePhotos) {
				t.Fatalf("stale order %v: %v", ids, err)
			}
		}
		if _, err := op(func(tx lapak.OpsTx) (shop.PhotosChange, error) {
			return h.shop.ReorderProductPhotos(ctx, tx, sari, p.ID, []int64{ph[0].ID, ph[0].ID, ph[1].ID})
		}); !errors.Is(err, shop.ErrInvalid) {
			t.Fatalf("a photo twice: %v", err)
		}
		if refs() != "stored:3 stored:1 stored:2" {
			t.Fatalf("after refused orders: %q", refs())
		}
		// Removing the cover makes the next one the cover.
		if c, err := op(func(tx lapak.OpsTx) (shop.PhotosChange, error) {
			return h.shop.RemoveProductPhoto(ctx, tx, sari, p.ID, ph[2].ID)
		}); err != nil || c.Cover() != "stored:1" || h.product(sku).Image != "stored:1" {
			t.Fatalf("cover removed: %v %q", err, h.product(sku).Image)
		}
		if got := photos(); len(got) != 2 || got[0].Position != 1 || got[1].Position != 2 {
			t.Fatalf("renumbered: %+v", got)
		}
		if _, err := op(func(tx lapak.OpsTx) (shop.PhotosChange, error) {
			return h.shop.RemoveProductPhoto(ctx, tx, sari, p.ID, ph[2].ID)
		}); !errors.Is(err, lapak.ErrNotFound) {
			t.Fatalf("removed twice: %v", err)
		}
		// The chat's /foto (SetKeptPhoto here) replaces the cover, the rest stay.
		if _, err := op(func(tx lapak.OpsTx) (shop.PhotosChange, error) {
			_, err := h.shop.SetKeptPhoto(ctx, tx, sari, p.ID, "stored:9")
			return shop.PhotosChange{}, err
		}); err != nil || refs() != "stored:9 stored:2" || h.product(sku).Image != "stored:9" {
			t.Fatalf("cover replaced: %v %q", err, refs())
		}
		// Up to eight; the ninth is refused politely.
		for i := 3; i <= lapak.MaxProductPhotos; i++ {
			if _, err := op(func(tx lapak.OpsTx) (shop.PhotosChange, error) {
				return h.shop.AddProductPhoto(ctx, tx, sari, p.ID, fmt.Sprintf("stored:%d", 10+i))
			}); err != nil {
				t.Fatalf("photo %d: %v", i, err)
			}
		}
		var fe *shop.FieldError
		if _, err := op(func(tx lapak.OpsTx) (shop.PhotosChange, error) {
			return h.shop.AddProductPhoto(ctx, tx, sari, p.ID, "stored:99")
		}); !errors.As(err, &fe) || fe.Field != "photo" || !errors.Is(err, lapak.ErrTooManyPhotos) {
			t.Fatalf("ninth photo: %v", err)
		}
		if n := len(photos()); n != lapak.MaxProductPhotos {
			t.Fatalf("%d photos after the ninth", n)
		}
		if _, err := op(func(tx lapak.OpsTx) (shop.PhotosChange, error) {
			return h.shop.AddProductPhoto(ctx, tx, sari, p.ID, "https://example.com/x.jpg")
		}); !errors.As(err, &fe) || !errors.Is(err, lapak.ErrNotPhoto) {
			t.Fatalf("not a kept picture: %v", err)
		}
		audit := strings.Join(h.audit(), "\n")
		for _, want := range []string{"photo.add " + sku + "  > stored:2",
			fmt.Sprintf("photo.order %s %d,%d,%d > %d,%d,%d", sku, ph[0].ID, ph[1].ID, ph[2].ID, ph[2].ID, ph[0].ID, ph[1].ID),
			"photo.remove " + sku + " stored:3 > "} {
			if !strings.Contains(audit, want) {
				t.Errorf("audit lacks %q:\n%s", want, audit)
			}
		}
	})
}

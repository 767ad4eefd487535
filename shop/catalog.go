package shop

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// VariantChange is what a stock or price change did to a variant.
type VariantChange struct {
	Before lapak.Variant // as it was
	After  lapak.Variant // as it is now
	// Title names it for people: the product with its variant ("" when
	// the product could not be read).
	Title string
}

// SetStock sets a variant's stock, found by SKU in any case (0 to
// lapak.MaxStock; a variant with unlimited stock becomes limited). The
// admins get one alert when the change brings it to the low-stock
// threshold or below.
func (s *Shop) SetStock(ctx context.Context, tx CatalogTx, by Actor, sku string, stock int) (VariantChange, error) {
	if stock < 0 || stock > lapak.MaxStock {
		return VariantChange{}, fmt.Errorf("shop: stock %d is outside 0..%d: %w", stock, lapak.MaxStock, ErrInvalid)
	}
	before, err := tx.SetStock(ctx, sku, stock)
	if err != nil {
		return VariantChange{}, fmt.Errorf("shop: setting stock of %s: %w", sku, err)
	}
	after := before
	after.Stock, after.Unlimited = stock, false
	if err := s.audit(ctx, tx, by, "stock", before.SKU, "stock "+stockValue(before), "stock "+strconv.Itoa(stock)); err != nil {
		return VariantChange{}, err
	}
	ch := VariantChange{Before: before, After: after}
	p, err := tx.Product(ctx, before.ProductID)
	if err != nil && !errors.Is(err, lapak.ErrNotFound) {
		return VariantChange{}, fmt.Errorf("shop: setting stock of %s: %w", sku, err)
	}
	if err == nil {
		ch.Title = lapak.ItemTitle(p.Name, before.Name)
	}
	if !before.Unlimited {
		alerts, err := s.LowStockAlerts(ctx, tx, ch.Title, before.SKU, before.Stock, stock)
		if err != nil {
			return VariantChange{}, err
		}
		if err := tx.Queue(ctx, alerts...); err != nil {
			return VariantChange{}, err
		}
	}
	return ch, nil
}

func stockValue(v lapak.Variant) string {
	if v.Unlimited {
		return "unlimited"
	}
	return strconv.Itoa(v.Stock)
}

// SetPrice sets a variant's price, found by SKU in any case; it must be
// more than zero.
func (s *Shop) SetPrice(ctx context.Context, tx CatalogTx, by Actor, sku string, price lapak.Money) (VariantChange, error) {
	if price <= 0 || price > lapak.MaxMoney {
		return VariantChange{}, fmt.Errorf("shop: price %d is out of range: %w", price, ErrInvalid)
	}
	before, err := tx.SetPrice(ctx, sku, price)
	if err != nil {
		return VariantChange{}, fmt.Errorf("shop: setting price of %s: %w", sku, err)
	}
	after := before
	after.Price = price
	if err := s.audit(ctx, tx, by, "price", before.SKU, "price "+before.Price.Digits(), "price "+price.Digits()); err != nil {
		return VariantChange{}, err
	}
	return VariantChange{Before: before, After: after}, nil
}

// LowStock is the low-stock threshold; 0 means no alerts.
func (s *Shop) LowStock() int { return s.lowStock }

// LowStockAlerts are the admins' alerts for a limited variant whose stock
// went from before to after: one when it crossed to the threshold or
// below, none otherwise. Each change knows its own before and after, so a
// crossing is told once even when two orders take stock at once.
func (s *Shop) LowStockAlerts(ctx context.Context, tx lapak.AdminTx, title, sku string, before, after int) ([]lapak.Envelope, error) {
	th := s.lowStock
	if th <= 0 || before <= th || after > th {
		return nil, nil
	}
	if after <= 0 {
		return s.toAdmins(ctx, tx, text.AdminSoldOut, title, sku)
	}
	return s.toAdmins(ctx, tx, text.AdminLowStock, title, after, sku)
}

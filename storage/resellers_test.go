package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// addReseller signs up the customer of chat as a reseller named name.
func addReseller(t *testing.T, s *storage.Store, chat, name string, status lapak.ResellerStatus) lapak.Reseller {
	t.Helper()
	var r lapak.Reseller
	handle(t, s, chat, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		r = lapak.Reseller{CustomerID: c.Customer.ID, Name: name, Phone: "6281234567890", City: "Bandung",
			Bank: lapak.ResellerBank{Name: "BCA", Number: "1234567890", Holder: name}, Status: status}
		return tx.AddReseller(ctx, &r)
	})
	return r
}

func TestResellerStore(t *testing.T) {
	forEachClocked(t, func(t *testing.T, s *storage.Store, clock *storagetest.Clock) {
		seed(t, s)
		addVoucher(t, s, lapak.Voucher{Code: "DEWI", Amount: 5000, StartsAt: t0})
		sari := addReseller(t, s, "601", "Sari Dewi", "")
		if sari.ID == 0 || sari.Code != "SARI" || sari.Status != lapak.ResellerApplicant || sari.Identity.ChatID != "601" ||
			sari.Bank.Number != "1234567890" || !sari.CreatedAt.Equal(t0) || sari.DecidedAt != nil {
			t.Fatalf("added %+v", sari)
		}
		// A clash takes the next number; a voucher's code is taken too.
		if r := addReseller(t, s, "602", "sari", lapak.ResellerApproved); r.Code != "SARI2" || r.DecidedAt == nil {
			t.Errorf("second sari: %+v", r)
		}
		if r := addReseller(t, s, "603", "Dewi", ""); r.Code != "DEWI2" {
			t.Errorf("dewi beside voucher DEWI: %+v", r)
		}
		// A voucher cannot take a reseller's code either.
		opsDo(t, s, func(ctx context.Context, tx lapak.OpsTx) error {
			var ee *lapak.ExistsError
			if err := tx.AddVoucher(ctx, &lapak.Voucher{Code: "sari", Amount: 5000, StartsAt: t0}); !errors.As(err, &ee) {
				t.Errorf("voucher SARI beside reseller SARI: %v", err)
			}
			return nil
		})
		// The same customer twice is refused.
		handle(t, s, "601", func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			err := tx.AddReseller(ctx, &lapak.Reseller{CustomerID: c.Customer.ID, Name: "Sari"})
			var ee *lapak.ExistsError
			if !errors.As(err, &ee) {
				t.Errorf("twice: %v", err)
			}
			return nil
		})

		clock.Advance(time.Hour)
		opsDo(t, s, func(ctx context.Context, tx lapak.OpsTx) error {
			got, err := tx.ResellerByCode(ctx, "sari")
			if err != nil || got.ID != sari.ID {
				t.Errorf("by code: %+v %v", got, err)
			}
			if _, err := tx.ResellerByCode(ctx, "NOBODY"); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("unknown code: %v", err)
			}
			r, err := tx.SetResellerStatus(ctx, sari.ID, lapak.ResellerApproved, "telegram:1", tx.Now())
			if err != nil || r.Status != lapak.ResellerApproved || r.DecidedBy != "telegram:1" || !r.DecidedAt.Equal(t0.Add(time.Hour)) {
				t.Errorf("approve: %+v %v", r, err)
			}
			var me *lapak.ResellerMoveError
			if _, err := tx.SetResellerStatus(ctx, sari.ID, lapak.ResellerRejected, "telegram:1", tx.Now()); !errors.As(err, &me) {
				t.Errorf("approved to rejected: %v", err)
			}
			r, err = tx.ChangeResellerCode(ctx, sari.ID, "sarikue", tx.Now())
			if err != nil || r.Code != "SARIKUE" || !r.CodeChanged {
				t.Errorf("change code: %+v %v", r, err)
			}
			if _, err := tx.ChangeResellerCode(ctx, sari.ID, "SARIKUE2", tx.Now()); !errors.Is(err, lapak.ErrCodeChanged) {
				t.Errorf("second change: %v", err)
			}
			var ee *lapak.ExistsError
			if _, err := tx.ChangeResellerCode(ctx, sari.ID+1, "HEMAT", tx.Now()); err != nil {
				t.Errorf("free code: %v", err)
			}
			if _, err := tx.ChangeResellerCode(ctx, sari.ID+2, "sarikue", tx.Now()); !errors.As(err, &ee) {
				t.Errorf("taken code: %v", err)
			}
			return nil
		})

		// Attribution, and an order placed through it.
		buyer := "610"
		handle(t, s, buyer, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
			if _, err := tx.Attribution(ctx, c.Customer.ID); !errors.Is(err, lapak.ErrNotFound) {
				t.Errorf("no attribution yet: %v", err)
			}
			return tx.SetAttribution(ctx, lapak.Attribution{CustomerID: c.Customer.ID, ResellerID: sari.ID, Source: lapak.SourceLink, At: c.Now})
		})
		clock.Advance(time.Hour)
		at := t0.Add(time.Hour)
		ori := variant(t, s, "KRP-ORI")
		o, err := place(t, s, buyer, lapak.Order{PaymentMethod: lapak.PayCOD, Delivery: lapak.DeliveryPickup,
			Items:    []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}},
			Reseller: lapak.OrderReseller{ID: sari.ID, Source: lapak.SourceLink, At: &at}})
		if err != nil {
			t.Fatal(err)
		}
		opsDo(t, s, func(ctx context.Context, tx lapak.OpsTx) error {
			got, err := tx.Order(ctx, o.Number)
			if err != nil || got.Reseller.ID != sari.ID || got.Reseller.Code != "SARIKUE" || got.Reseller.Source != lapak.SourceLink ||
				got.Reseller.At == nil || !got.Reseller.At.Equal(at) {
				t.Errorf("order reseller: %+v %v", got.Reseller, err)
			}
			a, err := tx.Attribution(ctx, o.CustomerID)
			if err != nil || a.ResellerID != sari.ID || a.Code != "SARIKUE" || a.Source != lapak.SourceLink ||
				!a.At.Equal(at) || a.LastOrderAt == nil || !a.LastOrderAt.Equal(t0.Add(2*time.Hour)) {
				t.Errorf("attribution after order: %+v %v", a, err)
			}
			// Replaced by a typed code.
			if err := tx.SetAttribution(ctx, lapak.Attribution{CustomerID: o.CustomerID, ResellerID: sari.ID + 1, Source: lapak.SourceTyped, At: tx.Now()}); err != nil {
				return err
			}
			a, err = tx.Attribution(ctx, o.CustomerID)
			if err != nil || a.ResellerID != sari.ID+1 || a.Source != lapak.SourceTyped || a.LastOrderAt != nil {
				t.Errorf("replaced: %+v %v", a, err)
			}
			list, err := tx.Resellers(ctx)
			if err != nil || len(list) != 3 || list[0].Code != "DEWI2" || list[0].Status != lapak.ResellerApplicant ||
				list[1].ID != sari.ID || list[1].Orders != 1 {
				t.Errorf("list: %+v %v", list, err)
			}
			return nil
		})
		// A plain order has no reseller.
		p, err := place(t, s, "611", lapak.Order{PaymentMethod: lapak.PayCOD, Delivery: lapak.DeliveryPickup,
			Items: []lapak.OrderItem{{VariantID: ori.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		opsDo(t, s, func(ctx context.Context, tx lapak.OpsTx) error {
			got, err := tx.Order(ctx, p.Number)
			if err != nil || got.Reseller != (lapak.OrderReseller{}) {
				t.Errorf("plain order reseller: %+v %v", got.Reseller, err)
			}
			return nil
		})
	})
}

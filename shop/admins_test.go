package shop_test

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

// An admin added with a code is an admin everywhere: their notices come
// from operations outside a chat turn too (a refund reminder, a low-stock
// alert); once removed, none.
func TestAdminsAddedWithACodeGetTheNotices(t *testing.T) {
	shopTest(t, settings(), 3, func(t *testing.T, h *harness) {
		dewi := lapak.Admin{Identity: lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "777"}, Name: "Dewi"}
		code, err := h.s.NewAdminCode(ctx, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		redeem := func(who lapak.Admin, code string) error {
			return h.shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error { return h.shop.RedeemAdminCode(ctx, tx, who, code) })
		}
		if err := redeem(dewi, "00000000"); !errors.Is(err, lapak.ErrAdminCode) {
			t.Fatalf("a wrong code: %v", err)
		}
		if err := redeem(dewi, code.Plain); err != nil {
			t.Fatal(err)
		}
		contains(t, h.last(admin.ChatID, 1), "Dewi (telegram:777) sekarang admin toko")
		if err := redeem(dewi, code.Plain); !errors.Is(err, shop.ErrAlreadyAdmin) {
			t.Fatalf("an admin redeeming again: %v", err)
		}
		if err := redeem(lapak.Admin{Identity: admin}, code.Plain); !errors.Is(err, shop.ErrAlreadyAdmin) {
			t.Fatalf("a configured admin redeeming: %v", err)
		}

		h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			_, err := h.shop.SetStock(ctx, tx, sari, "KRP-PDS", 2)
			return shop.Change{}, err
		})
		if got := h.told("777"); len(got) != 1 || !strings.Contains(got[0], "KRP-PDS") {
			t.Fatalf("low-stock alert to the new admin: %q", got)
		}

		var ok bool
		h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			if _, err := h.shop.RemoveAdmin(ctx, tx, sari, admin); !errors.Is(err, shop.ErrConfigAdmin) {
				t.Errorf("removing a configured admin: %v", err)
			}
			_, err := h.shop.RemoveAdmin(ctx, tx, sari, dewi.Identity)
			ok, _ = h.shop.IsAdmin(ctx, tx, dewi.Identity)
			return shop.Change{}, err
		})
		if ok {
			t.Fatal("still an admin after removal")
		}
		contains(t, h.last("777", 2), "Kamu bukan admin toko lagi")
		h.must(func(tx lapak.OpsTx) (shop.Change, error) {
			_, err := h.shop.SetStock(ctx, tx, sari, "SMB-ROA", 1)
			return shop.Change{}, err
		})
		if got := h.told("777"); len(got) != 2 {
			t.Fatalf("a removed admin still gets alerts: %q", got)
		}
		equal(t, "audit", h.audit()[:2], []string{
			"telegram:777 admin-add telegram:777  > admin (one-time code)",
			"telegram:999 stock KRP-PDS stock 10 > stock 2",
		})
	})
}

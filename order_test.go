package lapak_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
)

func TestOrderStateMachine(t *testing.T) {
	all := []lapak.OrderStatus{lapak.StatusPendingPayment, lapak.StatusPaid, lapak.StatusProcessing,
		lapak.StatusShipped, lapak.StatusCompleted, lapak.StatusCancelled, lapak.StatusExpired}
	legal := map[[2]lapak.OrderStatus]bool{
		{lapak.StatusPendingPayment, lapak.StatusPaid}:      true,
		{lapak.StatusPendingPayment, lapak.StatusCancelled}: true,
		{lapak.StatusPendingPayment, lapak.StatusExpired}:   true,
		{lapak.StatusPaid, lapak.StatusProcessing}:          true,
		{lapak.StatusPaid, lapak.StatusCancelled}:           true,
		{lapak.StatusProcessing, lapak.StatusShipped}:       true,
		{lapak.StatusProcessing, lapak.StatusCancelled}:     true,
		{lapak.StatusShipped, lapak.StatusCompleted}:        true,
	}
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	for _, from := range all {
		for _, to := range all {
			o := lapak.Order{Number: "K7M-4QP", Status: from, PaymentMethod: lapak.PayTransfer}
			err := o.Transition(to, now)
			if legal[[2]lapak.OrderStatus{from, to}] {
				if err != nil || o.Status != to || !o.UpdatedAt.Equal(now) {
					t.Errorf("%s → %s: %v", from, to, err)
				}
				continue
			}
			if !errors.Is(err, lapak.ErrIllegalTransition) || o.Status != from {
				t.Errorf("%s → %s: want ErrIllegalTransition and no change, got %v (status %s)", from, to, err, o.Status)
			}
		}
	}
	cod := lapak.Order{Status: lapak.StatusPendingPayment, PaymentMethod: lapak.PayCOD}
	if err := cod.Transition(lapak.StatusProcessing, now); err != nil {
		t.Fatalf("a COD order is processed before it is paid: %v", err)
	}
}

func TestOrderTotalsComeFromItems(t *testing.T) {
	o := lapak.Order{
		Items: []lapak.OrderItem{
			{ProductName: "Keripik Singkong", VariantName: "Pedas", UnitPrice: 13000, Qty: 2},
			{ProductName: "Sambal Roa", UnitPrice: 55000, Qty: 1},
		},
		Breakdown: lapak.Breakdown{ShippingFee: 10000, UniqueCode: 347, Total: 1}, // a stale total is overwritten
	}
	o.ComputeTotals()
	if o.Subtotal != 81000 || o.Total != 91347 {
		t.Fatalf("subtotal %v total %v", o.Subtotal, o.Total)
	}
	if got := o.Items[0].Title(); got != "Keripik Singkong (Pedas)" {
		t.Fatalf("title %q", got)
	}
}

func TestOrderNumberIsEasyToReadAloud(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		n := lapak.NewOrderNumber()
		if len(n) != 7 || n[3] != '-' || strings.ContainsAny(n, "0O1IL5S8BZ2") {
			t.Fatalf("order number %q", n)
		}
		seen[n] = true
	}
	if len(seen) < 990 {
		t.Fatalf("only %d distinct numbers in 1000", len(seen))
	}
}

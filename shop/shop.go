// Package shop holds the operations of the shop: confirming and rejecting
// payments, processing, shipping, completing, cancelling and expiring
// orders, setting stock and prices. The chat desk, the payment gateway's
// notifications, the background jobs and later the dashboard call the same
// functions.
//
// An operation is one function of a transaction: inside a chat turn it runs
// in that message's transaction (rule 3 of the design), elsewhere in one of
// its own (Shop.Do). It checks what the order's state allows, makes the
// change, writes the audit entry naming who made it and queues what the
// customer (and, where it matters, the admins) must be told, worded in
// their language, all in that transaction. It returns what happened, so
// the caller can tell the person who asked in whatever way it speaks.
package shop

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// Tx is what every operation needs besides the aggregates it changes: the
// audit log, the outbox, the admins to tell and the transaction's time.
type Tx interface {
	lapak.AuditTx
	lapak.OutboxTx
	lapak.AdminTx
	// Now is the time of the transaction: the change, its audit entry and
	// its messages all carry it.
	Now() time.Time
}

// OrderTx is what an operation on one order needs.
type OrderTx interface {
	Tx
	lapak.OrderTx
	lapak.CustomerTx
	// The reseller an order is attributed to earns commission on it, at
	// a product's own rate where it has one.
	lapak.ResellerTx
	lapak.CommissionTx
	lapak.CatalogTx
}

// PaymentTx is what a gateway's payment needs: an order, and which gateway
// payment settled it.
type PaymentTx interface {
	OrderTx
	lapak.GatewayTx
}

// ExpiryTx is what expiring unpaid orders needs.
type ExpiryTx interface {
	OrderTx
	lapak.ExpiryTx
}

// CatalogTx is what a stock or price change needs.
type CatalogTx interface {
	Tx
	lapak.CatalogTx
	lapak.VariantTx
}

// Store runs an operation in a transaction of its own (storage.Store).
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context, tx lapak.OpsTx) error) error
}

// Options configures a Shop.
type Options struct {
	// Shop is the shop's settings: its language (for admins and for
	// customers who never chose one), its admins and how it writes prices.
	Shop lapak.Shop
	// LowStock is the stock at or below which admins are told a limited
	// variant runs low (LAPAK_LOW_STOCK); 0 turns the alert off.
	LowStock int
	// Store gives Do and ExpireDue their own transactions; only callers
	// outside a chat turn need it.
	Store Store
	// Reachable reports whether a message to an admin can be delivered:
	// their channel runs in this process. The last reachable admin cannot
	// be removed. Nil means every admin is.
	Reachable func(lapak.Identity) bool
}

// Shop runs the operations of one shop. It holds no state of its own, so
// one Shop serves every caller concurrently.
type Shop struct {
	shop      lapak.Shop
	lowStock  int
	store     Store
	reachable func(lapak.Identity) bool
}

// New returns a Shop.
func New(opt Options) *Shop {
	s := &Shop{shop: opt.Shop, lowStock: max(opt.LowStock, 0), store: opt.Store, reachable: opt.Reachable}
	if s.reachable == nil {
		s.reachable = func(lapak.Identity) bool { return true }
	}
	if s.shop.Language != lapak.English {
		s.shop.Language = lapak.Indonesian
	}
	return s
}

// Do runs fn in one transaction of its own and commits when fn returns
// nil: how the dashboard, a gateway's notification or a job runs an
// operation. What the operation queued goes out only after the commit.
func (s *Shop) Do(ctx context.Context, fn func(ctx context.Context, tx lapak.OpsTx) error) error {
	if s.store == nil {
		return errors.New("shop: no store to run an operation in (Options.Store)")
	}
	return s.store.InTx(ctx, fn)
}

// Actor is who runs an operation, as the audit log names them: an admin's
// identity ("telegram:42"), a payment gateway ("midtrans:<transaction
// id>") or the shop itself ("system:expiry").
type Actor struct{ lapak.Identity }

// Admin is an admin acting through a channel.
func Admin(id lapak.Identity) Actor { return Actor{id} }

// DashboardChannel is the Actor channel of a person working in the
// dashboard: the audit log names them "dashboard:<user key>".
const DashboardChannel lapak.Channel = "dashboard"

// Dashboard is the dashboard user with key ("telegram:123", "password:owner").
func Dashboard(userKey string) Actor {
	return Actor{lapak.Identity{Channel: DashboardChannel, ChatID: userKey}}
}

// Gateway is a payment gateway reporting transaction ref.
func Gateway(name, ref string) Actor {
	return Actor{lapak.Identity{Channel: lapak.Channel(name), ChatID: ref}}
}

// Expiry is the shop expiring unpaid orders whose time is up.
var Expiry = Actor{lapak.Identity{Channel: "system", ChatID: "expiry"}}

// Errors of the operations, besides lapak.ErrNotFound (no such order or
// SKU) and *lapak.TransitionError (the state machine refused: From == To
// when the order already is where it was asked to go).
var (
	// ErrInvalid wraps input an operation refuses: a stock or price out of
	// range, a missing reason, a malformed shipment.
	ErrInvalid = errors.New("invalid input")
	// ErrWrongStatus is wrapped by *StatusError.
	ErrWrongStatus = errors.New("order is not in the status this needs")
)

// StatusError says an operation needs the order in another status:
// rejecting a proof needs it waiting for payment, correcting a tracking
// number needs it shipped.
type StatusError struct {
	Number string
	Status lapak.OrderStatus // where the order is
	Want   lapak.OrderStatus // where it must be
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("order %s is %s, not %s", e.Number, e.Status, e.Want)
}

func (e *StatusError) Unwrap() error { return ErrWrongStatus }

// Change is what an operation did to an order.
type Change struct {
	Order    lapak.Order       // as the operation left it
	From     lapak.OrderStatus // its status before
	Customer lapak.Customer    // the order's customer, who was told
	Reason   string            // RejectPayment, Cancel: as told to the customer
	Shipment lapak.Shipment    // Ship, CorrectResi: the courier and tracking number now
	Was      lapak.Shipment    // CorrectResi: the ones they replaced
	// Refund: Cancel of an order that had been paid; the customer was told
	// the money comes back and the admins reminded to send it.
	Refund bool
}

// MaxReason bounds a reason told to a customer.
const MaxReason = 300

func reason(r string) (string, error) {
	r = strings.TrimSpace(r)
	if r == "" {
		return "", fmt.Errorf("shop: a reason for the customer is needed: %w", ErrInvalid)
	}
	if utf8.RuneCountInString(r) > MaxReason {
		r = string([]rune(r)[:MaxReason])
	}
	return r, nil
}

// ---- wording ----

// lang is the language a customer reads.
func (s *Shop) lang(c lapak.Customer) lapak.Language {
	if c.Language == lapak.Indonesian || c.Language == lapak.English {
		return c.Language
	}
	return s.shop.Language
}

// Price writes an amount the way the shop writes prices.
func (s *Shop) Price(m lapak.Money) string { return s.shop.Price.Format(m) }

// tell is a notice to a customer, in their language.
func (s *Shop) tell(c lapak.Customer, k text.Key, args ...any) lapak.Envelope {
	return lapak.Envelope{To: c.Identity(), Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: text.Get(s.lang(c), k, args...)}}
}

// toAdmins is a notice to every admin (Admins), in the shop's language.
func (s *Shop) toAdmins(ctx context.Context, tx lapak.AdminTx, k text.Key, args ...any) ([]lapak.Envelope, error) {
	admins, err := s.Admins(ctx, tx)
	if err != nil {
		return nil, err
	}
	msg := text.Get(s.shop.Language, k, args...)
	out := make([]lapak.Envelope, 0, len(admins))
	for _, a := range admins {
		out = append(out, lapak.Envelope{To: a, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: msg}})
	}
	return out, nil
}

package shop

import (
	"context"
	"errors"
	"fmt"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// The order operations. Each locks the order, lets the state machine
// decide (of two admins confirming at once, the second finds the order
// already paid), writes one audit entry and queues the customer's notice.
// The audit's Command is the desk command's English name.

// moveOrder locks the order and advances it through steps.
func (s *Shop) moveOrder(ctx context.Context, tx OrderTx, number string, steps ...lapak.OrderStatus) (before, after lapak.Order, c lapak.Customer, err error) {
	before, err = tx.LockOrder(ctx, number)
	if err != nil {
		return before, after, c, fmt.Errorf("shop: order %s: %w", number, err)
	}
	after, c, err = s.advance(ctx, tx, before, steps...)
	return before, after, c, err
}

// advance moves a locked order through steps (more than one when an
// operation implies the one before: shipping a paid order processes it
// first) and returns it, with its customer. Each step writes what it
// means for the order's reseller in the commission ledger.
func (s *Shop) advance(ctx context.Context, tx OrderTx, o lapak.Order, steps ...lapak.OrderStatus) (lapak.Order, lapak.Customer, error) {
	var err error
	for _, to := range steps {
		if o, err = tx.TransitionOrder(ctx, o.Number, to, tx.Now()); err != nil {
			return o, lapak.Customer{}, fmt.Errorf("shop: %w", err)
		}
		if err := s.ledger(ctx, tx, o); err != nil {
			return o, lapak.Customer{}, err
		}
	}
	c, err := tx.CustomerByID(ctx, o.CustomerID)
	if err != nil {
		return o, c, fmt.Errorf("shop: customer of order %s: %w", o.Number, err)
	}
	return o, c, nil
}

func (s *Shop) audit(ctx context.Context, tx Tx, by Actor, command, target, before, after string) error {
	return tx.Audit(ctx, lapak.AuditEntry{Actor: by.Identity, Command: command, Target: target,
		Before: before, After: after, At: tx.Now()})
}

// simple runs an operation that is one status change with one notice.
func (s *Shop) simple(ctx context.Context, tx OrderTx, by Actor, command, number string, to lapak.OrderStatus, notice text.Key) (Change, error) {
	before, o, c, err := s.moveOrder(ctx, tx, number, to)
	if err != nil {
		return Change{}, err
	}
	if err := s.audit(ctx, tx, by, command, o.Number, string(before.Status), string(o.Status)); err != nil {
		return Change{}, err
	}
	if err := tx.Queue(ctx, s.tell(c, notice, o.Number)); err != nil {
		return Change{}, err
	}
	return Change{Order: o, From: before.Status, Customer: c}, nil
}

// ConfirmPayment marks an order waiting for payment paid (an admin checked
// the transfer or the proof) and tells the customer.
func (s *Shop) ConfirmPayment(ctx context.Context, tx OrderTx, by Actor, number string) (Change, error) {
	return s.simple(ctx, tx, by, "paid", number, lapak.StatusPaid, text.CustPaid)
}

// StartProcessing marks an order being prepared: a paid one, or a COD
// order (paid on delivery) straight from waiting.
func (s *Shop) StartProcessing(ctx context.Context, tx OrderTx, by Actor, number string) (Change, error) {
	return s.simple(ctx, tx, by, "process", number, lapak.StatusProcessing, text.CustProcessing)
}

// Complete marks a shipped order done.
func (s *Shop) Complete(ctx context.Context, tx OrderTx, by Actor, number string) (Change, error) {
	return s.simple(ctx, tx, by, "done", number, lapak.StatusCompleted, text.CustCompleted)
}

// RejectPayment refuses a payment proof: the order keeps waiting for
// payment and the customer is told why. Only an order waiting for payment
// has a proof to reject (a *StatusError otherwise).
func (s *Shop) RejectPayment(ctx context.Context, tx OrderTx, by Actor, number, why string) (Change, error) {
	why, err := reason(why)
	if err != nil {
		return Change{}, err
	}
	o, err := tx.LockOrder(ctx, number)
	if err != nil {
		return Change{}, fmt.Errorf("shop: order %s: %w", number, err)
	}
	if o.Status != lapak.StatusPendingPayment {
		return Change{}, &StatusError{Number: o.Number, Status: o.Status, Want: lapak.StatusPendingPayment}
	}
	if err := s.audit(ctx, tx, by, "reject", o.Number, string(o.Status), string(o.Status)+": "+why); err != nil {
		return Change{}, err
	}
	c, err := tx.CustomerByID(ctx, o.CustomerID)
	if err != nil {
		return Change{}, fmt.Errorf("shop: customer of order %s: %w", number, err)
	}
	if err := tx.Queue(ctx, s.tell(c, text.CustRejected, o.Number, why)); err != nil {
		return Change{}, err
	}
	return Change{Order: o, From: o.Status, Customer: c, Reason: why}, nil
}

// Ship marks an order shipped with its courier and tracking number and
// tells the customer both. A paid order goes through processing on the
// way: handing it to the courier means it was prepared.
func (s *Shop) Ship(ctx context.Context, tx OrderTx, by Actor, number string, ship lapak.Shipment) (Change, error) {
	ship, err := lapak.ParseShipment(ship.Courier, ship.Tracking)
	if err != nil {
		return Change{}, fmt.Errorf("shop: shipping %s: %w: %w", number, ErrInvalid, err)
	}
	before, err := tx.LockOrder(ctx, number)
	if err != nil {
		return Change{}, fmt.Errorf("shop: order %s: %w", number, err)
	}
	steps := []lapak.OrderStatus{lapak.StatusShipped}
	if before.Status == lapak.StatusPaid {
		steps = []lapak.OrderStatus{lapak.StatusProcessing, lapak.StatusShipped}
	}
	moved, c, err := s.advance(ctx, tx, before, steps...)
	if err != nil {
		return Change{}, err
	}
	if err := tx.SetShipment(ctx, moved.ID, ship); err != nil {
		return Change{}, fmt.Errorf("shop: shipping %s: %w", number, err)
	}
	moved.Shipment = ship
	if err := s.audit(ctx, tx, by, "ship", moved.Number, string(before.Status),
		string(moved.Status)+" "+ship.Courier+" "+ship.Tracking); err != nil {
		return Change{}, err
	}
	if err := tx.Queue(ctx, s.shippedNotice(c, moved, text.CustShipped)); err != nil {
		return Change{}, err
	}
	return Change{Order: moved, From: before.Status, Customer: c, Shipment: ship}, nil
}

// shippedNotice tells the customer an order's courier and tracking
// number (k: shipped, or corrected). A dropship order's customer is the
// reseller: they also get a link that opens a WhatsApp chat with their
// buyer with the tracking number written in, to forward if they choose.
func (s *Shop) shippedNotice(c lapak.Customer, o lapak.Order, k text.Key) lapak.Envelope {
	env := s.tell(c, k, o.Number, o.Shipment.Courier, o.Shipment.Tracking)
	if o.Dropship && o.Phone != "" {
		msg := text.Get(s.lang(c), text.CustShipped, o.Number, o.Shipment.Courier, o.Shipment.Tracking)
		env.Msg.Text += "\n\n" + text.Get(s.lang(c), text.ShippedForward, lapak.WhatsAppLink(o.Phone, msg))
	}
	return env
}

// CorrectResi replaces the courier and tracking number of a shipped order
// (a typo in /kirim) and tells the customer the right ones. Only a shipped
// order has one to correct (a *StatusError otherwise).
func (s *Shop) CorrectResi(ctx context.Context, tx OrderTx, by Actor, number string, ship lapak.Shipment) (Change, error) {
	ship, err := lapak.ParseShipment(ship.Courier, ship.Tracking)
	if err != nil {
		return Change{}, fmt.Errorf("shop: correcting the resi of %s: %w: %w", number, ErrInvalid, err)
	}
	o, err := tx.LockOrder(ctx, number)
	if err != nil {
		return Change{}, fmt.Errorf("shop: order %s: %w", number, err)
	}
	if o.Status != lapak.StatusShipped {
		return Change{}, &StatusError{Number: o.Number, Status: o.Status, Want: lapak.StatusShipped}
	}
	was := o.Shipment
	if err := tx.SetShipment(ctx, o.ID, ship); err != nil {
		return Change{}, fmt.Errorf("shop: correcting the resi of %s: %w", number, err)
	}
	o.Shipment = ship
	if err := s.audit(ctx, tx, by, "resi", o.Number, was.Courier+" "+was.Tracking, ship.Courier+" "+ship.Tracking); err != nil {
		return Change{}, err
	}
	c, err := tx.CustomerByID(ctx, o.CustomerID)
	if err != nil {
		return Change{}, fmt.Errorf("shop: customer of order %s: %w", number, err)
	}
	if err := tx.Queue(ctx, s.shippedNotice(c, o, text.CustResiCorrected)); err != nil {
		return Change{}, err
	}
	return Change{Order: o, From: o.Status, Customer: c, Shipment: ship, Was: was}, nil
}

// paid reports whether an order in status st has been paid: paid, or
// processing after a payment (a COD order is processed unpaid).
func paid(o lapak.Order, st lapak.OrderStatus) bool {
	return st == lapak.StatusPaid || st == lapak.StatusProcessing && o.PaymentMethod != lapak.PayCOD
}

// Cancel cancels an order for the reason told to the customer; its stock
// comes back. When it had been paid the customer is told the money will be
// refunded and the admins are reminded to send it.
func (s *Shop) Cancel(ctx context.Context, tx OrderTx, by Actor, number, why string) (Change, error) {
	why, err := reason(why)
	if err != nil {
		return Change{}, err
	}
	before, o, c, err := s.moveOrder(ctx, tx, number, lapak.StatusCancelled)
	if err != nil {
		return Change{}, err
	}
	if err := s.audit(ctx, tx, by, "cancel", o.Number, string(before.Status), string(o.Status)+": "+why); err != nil {
		return Change{}, err
	}
	ch := Change{Order: o, From: before.Status, Customer: c, Reason: why, Refund: paid(before, before.Status)}
	notice := s.tell(c, text.CustCancelled, o.Number, why)
	var admins []lapak.Envelope
	if ch.Refund {
		notice.Msg.Text += "\n\n" + text.Get(s.lang(c), text.CustRefund, s.Price(o.Total))
		if admins, err = s.toAdmins(ctx, tx, text.AdminRefundDue, o.Number, s.Price(o.Total), c.Label()); err != nil {
			return Change{}, err
		}
	}
	if err := tx.Queue(ctx, append([]lapak.Envelope{notice}, admins...)...); err != nil {
		return Change{}, err
	}
	return ch, nil
}

// Refund gives back the money of a shipped or completed order (a
// return, a complaint): the order becomes refunded, the customer is told
// why and how much, the admins are reminded to send it, and the reseller's
// commission on it is voided (or reversed, once confirmed). The stock is
// not put back: the seller sees what came back and sets it with /stok.
func (s *Shop) Refund(ctx context.Context, tx OrderTx, by Actor, number, why string) (Change, error) {
	why, err := reason(why)
	if err != nil {
		return Change{}, err
	}
	before, o, c, err := s.moveOrder(ctx, tx, number, lapak.StatusRefunded)
	if err != nil {
		return Change{}, err
	}
	if err := s.audit(ctx, tx, by, "refund", o.Number, string(before.Status), string(o.Status)+": "+why); err != nil {
		return Change{}, err
	}
	admins, err := s.toAdmins(ctx, tx, text.AdminRefundDue, o.Number, s.Price(o.Total), c.Label())
	if err != nil {
		return Change{}, err
	}
	notice := s.tell(c, text.CustRefunded, o.Number, s.Price(o.Total), why)
	if err := tx.Queue(ctx, append([]lapak.Envelope{notice}, admins...)...); err != nil {
		return Change{}, err
	}
	return Change{Order: o, From: before.Status, Customer: c, Reason: why, Refund: true}, nil
}

// Expire expires up to limit unpaid orders whose deadline has passed, in
// tx: their stock comes back, each gets an audit entry by Expiry and its
// customer a notice with the way back to the catalog. Orders another
// process is expiring are skipped. It returns the orders expired.
func (s *Shop) Expire(ctx context.Context, tx ExpiryTx, limit int) ([]Change, error) {
	due, err := tx.DueToExpire(ctx, tx.Now(), limit)
	if err != nil {
		return nil, fmt.Errorf("shop: expiring orders: %w", err)
	}
	out := make([]Change, 0, len(due))
	for _, before := range due {
		o, c, err := s.advance(ctx, tx, before, lapak.StatusExpired)
		if err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, Expiry, "expire", o.Number, string(before.Status), string(o.Status)); err != nil {
			return nil, err
		}
		lang := s.lang(c)
		notice := s.tell(c, text.OrderExpired, o.Number, s.Price(o.Total))
		notice.Msg.Choices = []lapak.Choice{
			{ID: "cats", Label: text.Get(lang, text.BtnCatalog)},
			{ID: "orders", Label: text.Get(lang, text.BtnOrders)},
		}
		if err := tx.Queue(ctx, notice); err != nil {
			return nil, err
		}
		out = append(out, Change{Order: o, From: before.Status, Customer: c})
	}
	return out, nil
}

// ExpireDue expires every unpaid order that is due, limit at a time, each
// batch in a transaction of its own. It returns how many expired.
func (s *Shop) ExpireDue(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		limit = 100
	}
	total := 0
	for {
		var n int
		err := s.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
			done, err := s.Expire(ctx, tx, limit)
			n = len(done)
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < limit {
			return total, nil
		}
	}
}

// ConfirmGatewayPayment applies a payment a gateway confirmed (its
// signature verified), under the order's row lock: an order waiting for
// payment becomes paid as ConfirmPayment makes it, by Gateway(p.Gateway,
// p.Ref), and the admins get the payment's details too. A payment applied
// before changes nothing (GatewayDuplicate), nor does one for an order paid
// another way (GatewayAlreadyPaid). A payment for an order that had
// expired or was cancelled is recorded, audited and told once
// (GatewayLate): the order stays closed, for the seller to refund or
// restore. An amount other than the order's total changes nothing and
// returns lapak.ErrAmountMismatch.
func (s *Shop) ConfirmGatewayPayment(ctx context.Context, tx PaymentTx, p lapak.GatewayPayment) (Change, lapak.GatewayOutcome, error) {
	if p.Gateway == "" || p.Ref == "" {
		return Change{}, "", fmt.Errorf("shop: a gateway payment needs the gateway and its transaction id: %w", ErrInvalid)
	}
	o, err := tx.LockOrder(ctx, p.Number)
	if err != nil {
		return Change{}, "", fmt.Errorf("shop: gateway payment of order %s: %w", p.Number, err)
	}
	ref, err := tx.PaymentRef(ctx, o.ID)
	if err != nil {
		return Change{}, "", fmt.Errorf("shop: gateway payment of order %s: %w", o.Number, err)
	}
	if ref == p.Ref {
		return Change{Order: o, From: o.Status}, lapak.GatewayDuplicate, nil
	}
	if p.Amount != o.Total {
		return Change{}, "", fmt.Errorf("shop: order %s: gateway paid %s, order total %s: %w", o.Number, p.Amount, o.Total, lapak.ErrAmountMismatch)
	}
	by := Gateway(p.Gateway, p.Ref)
	var ch Change
	var outcome lapak.GatewayOutcome
	switch o.Status {
	case lapak.StatusPendingPayment:
		if ch, err = s.ConfirmPayment(ctx, tx, by, o.Number); err != nil {
			return Change{}, "", err
		}
		outcome = lapak.GatewayPaidNow
	case lapak.StatusExpired, lapak.StatusCancelled:
		c, err := tx.CustomerByID(ctx, o.CustomerID)
		if err != nil {
			return Change{}, "", fmt.Errorf("shop: customer of order %s: %w", o.Number, err)
		}
		ch, outcome = Change{Order: o, From: o.Status, Customer: c}, lapak.GatewayLate
		if err := s.audit(ctx, tx, by, "paid", o.Number, string(o.Status),
			string(o.Status)+" (paid "+p.Amount.Digits()+" after it closed)"); err != nil {
			return Change{}, "", err
		}
	default:
		return Change{Order: o, From: o.Status}, lapak.GatewayAlreadyPaid, nil
	}
	if err := tx.SetPaymentRef(ctx, o.ID, p.Ref); err != nil {
		return Change{}, "", fmt.Errorf("shop: gateway payment of order %s: %w", o.Number, err)
	}
	notices, err := s.gatewayNotices(ctx, tx, ch, p)
	if err != nil {
		return Change{}, "", err
	}
	if err := tx.Queue(ctx, notices...); err != nil {
		return Change{}, "", err
	}
	return ch, outcome, nil
}

// gatewayNotices are what a gateway payment tells: the admins the details
// of a payment now applied (the customer got ConfirmPayment's notice), or
// the customer and the admins that it came after the order closed.
func (s *Shop) gatewayNotices(ctx context.Context, tx Tx, ch Change, p lapak.GatewayPayment) ([]lapak.Envelope, error) {
	c, o, l := ch.Customer, ch.Order, s.shop.Language
	method := p.Method
	if method == "" {
		method = "-"
	}
	if o.Status == lapak.StatusPaid {
		return s.toAdmins(ctx, tx, text.AdminGatewayPaid, o.Number, s.Price(p.Amount), method, c.Label())
	}
	lang := s.lang(c)
	late := s.tell(c, text.CustGatewayLate, s.Price(p.Amount), o.Number, text.Status(lang, o.Status))
	late.Msg.Choices = []lapak.Choice{{ID: "admin", Label: text.Get(lang, text.BtnAdmin)}}
	admins, err := s.toAdmins(ctx, tx, text.AdminGatewayLatePaid, o.Number, s.Price(p.Amount),
		text.Status(l, o.Status), c.Label(), p.Ref)
	return append([]lapak.Envelope{late}, admins...), err
}

// IsAlready reports whether err says the order already is where it was
// asked to go (a second admin pressing Paid): nothing changed.
func IsAlready(err error) bool {
	var te *lapak.TransitionError
	return errors.As(err, &te) && te.From == te.To
}

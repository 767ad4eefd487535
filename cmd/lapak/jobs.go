package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/jobs"
	"github.com/lapak-id/lapak/payment/midtrans"
	"github.com/lapak-id/lapak/storage"
)

var _ jobs.LeaseStore = (*storage.Store)(nil)

// expiryInterval is how often unpaid orders are expired and reminded, and
// waiting customers told of a restock; it also bounds each of those passes.
const expiryInterval = 30 * time.Second

// Delivered messages and inbound message ids are kept historyKeep, then
// pruned every pruneEvery (see storage.Store.Prune).
const (
	historyKeep = 30 * 24 * time.Hour
	pruneEvery  = time.Hour
)

// linkTimeout bounds one pass of the payment-link job.
const linkTimeout = time.Minute

// The background jobs, by name (the key of each one's lease).
const (
	jobExpire       = "expire-orders"
	jobRemind       = "remind-orders"
	jobRestock      = "restock-notices"
	jobPrune        = "prune"
	jobPaymentLinks = "payment-links"
	jobPhotos       = "product-photos"
	jobCartRemind   = "cart-reminders"
	jobCommissions  = "commissions"
	jobTiers        = "reseller-tiers"
)

// commissionInterval is how often held commissions are confirmed and a
// payout day's list looked for; tierInterval how often tiers are
// recomputed.
const (
	commissionInterval = time.Minute
	tierInterval       = 24 * time.Hour
)

// cartReminderInterval is how often forgotten carts are looked for: a
// reminder goes out within it of its time (or of the quiet hours' end).
const cartReminderInterval = time.Minute

// photoInterval is how often product photos sent from the phone are copied
// from their channel into the store (until then they show by the channel's
// reference, so nobody waits for it).
const photoInterval = 15 * time.Second

// openJobs makes the runner of the background jobs: the store holds their
// leases, so several `lapak serve` on one database share the work.
func (a *App) openJobs() {
	list := []jobs.Job{
		{Name: jobExpire, Interval: expiryInterval, Run: a.expireOrders,
			Did: "unpaid orders expired", Doing: "expiring unpaid orders"},
		{Name: jobRemind, Interval: expiryInterval, Run: a.remindOrders,
			Did: "unpaid orders reminded", Doing: "reminding unpaid orders"},
		{Name: jobRestock, Interval: expiryInterval, Run: a.notifyRestocked,
			Did: "restock watches settled (told a product is back, or skipped: opted out or unreachable)", Doing: "telling customers about restocked products"},
		{Name: jobCartRemind, Interval: cartReminderInterval, Run: a.remindCarts,
			Did: "forgotten carts reminded", Doing: "reminding forgotten carts"},
		{Name: jobPhotos, Interval: photoInterval, Run: a.savePhotos,
			Did: "product photos kept", Doing: "keeping product photos"},
		{Name: jobBroadcasts, Interval: broadcastInterval, Run: a.promo.Send,
			Did: "promo recipients handed to the outbox or settled", Doing: "sending promo broadcasts"},
		{Name: jobCommissions, Interval: commissionInterval, Run: a.commissions,
			Did: "commissions confirmed after their hold", Doing: "confirming commissions"},
		{Name: jobTiers, Interval: tierInterval, Run: a.tiers,
			Did: "resellers moved to another tier", Doing: "recomputing reseller tiers"},
		{Name: jobPrune, Interval: pruneEvery, Run: a.prune,
			Did:   fmt.Sprintf("old message records pruned (older than %d days)", int(historyKeep.Hours()/24)),
			Doing: "pruning old message records"},
	}
	if a.gateway != nil {
		// Woken after each committed message (committed), for a new order.
		list = append(list, jobs.Job{Name: jobPaymentLinks, Interval: midtrans.LinkInterval, Timeout: linkTimeout,
			Run: a.gateway.MakeDueLinks, Did: "midtrans: orders taken for a payment link", Doing: "midtrans: making payment links"})
	}
	a.jobs = jobs.New(jobs.Options{Jobs: list, Leases: a.store, Now: a.now, After: a.clock.After, Logger: a.log, Timeout: expiryInterval})
}

// prune deletes message records older than historyKeep.
func (a *App) prune(ctx context.Context) (int, error) {
	in, out, err := a.store.Prune(ctx, historyKeep)
	if in+out > 0 {
		a.log.Debug("old message records pruned", "inbound_ids", in, "outbox_rows", out)
	}
	return in + out, err
}

// savePhotos copies the product photos admins sent in chat from their
// channel into the store (the database or LAPAK_MEDIA_DIR); a photo whose
// channel runs in another process is left to that one.
func (a *App) savePhotos(ctx context.Context) (int, error) {
	fetch := func(ctx context.Context, ref string) ([]byte, error) {
		data, _, err := a.media.Load(ctx, ref)
		if errors.Is(err, bot.ErrNoFetcher) {
			return nil, storage.ErrElsewhere
		}
		return data, err
	}
	n, err := a.store.SavePhotos(ctx, 20, fetch, a.engine.PhotoFailedNotice)
	if n > 0 {
		a.sender.Notify() // a failure's notice
	}
	return n, err
}

// commissions confirms the commissions whose hold has passed, and on a
// payout day sends the admins the list of balances to pay.
func (a *App) commissions(ctx context.Context) (int, error) {
	n, err := a.shop.ConfirmDueCommissions(ctx)
	if err != nil {
		return n, err
	}
	var sent bool
	err = a.shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		sent, err = a.shop.SendPayoutList(ctx, tx)
		return err
	})
	if n > 0 || sent {
		a.sender.Notify()
	}
	return n, err
}

// tiers recomputes every reseller's tier from their 90-day sales.
func (a *App) tiers(ctx context.Context) (int, error) {
	var n int
	err := a.shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		n, err = a.shop.RecomputeTiers(ctx, tx)
		return err
	})
	if n > 0 {
		a.sender.Notify()
	}
	return n, err
}

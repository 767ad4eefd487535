package main

import (
	"context"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/payment/midtrans"
)

// openGateway wires online payment through Midtrans when a server key is
// set: the payment-link job and the notification endpoint share the store
// and word their messages with the engine.
func (a *App) openGateway() {
	m := a.cfg.Midtrans
	if m.ServerKey == "" {
		return
	}
	a.gateway = midtrans.New(midtrans.Options{
		ServerKey: m.ServerKey,
		BaseURL:   m.APIURL,
		Store:     a.store,
		Notices: midtrans.Notices{
			Link: a.engine.PaymentLinkNotice,
			Late: a.engine.PaymentLinkLateNotice,
		},
		Shop:   a.shop,
		Queued: func() { a.sender.Notify() }, // the sender exists before any order does
		Logger: a.log,
		Now:    a.now,
	})
}

// committed runs after every committed message: the sender delivers the
// replies, the payment-link job looks for a new gateway order, and a
// picture someone sent is copied into the store when it is a product photo.
// With linksInline (`lapak chat`) the link is made and the photo kept before
// the reply is printed.
func (a *App) committed(in lapak.Inbound) {
	a.sender.Notify()
	if d := a.dash.Load(); d != nil {
		d.ChatChanged() // the open inbox shows the message now
	}
	switch {
	case in.Image == nil:
	case a.linksInline:
		_, _ = a.jobs.RunJob(context.Background(), jobPhotos) // logged by the runner
	default:
		a.jobs.Wake(jobPhotos)
	}
	switch {
	case a.gateway == nil:
	case a.linksInline:
		_, _ = a.jobs.RunJob(context.Background(), jobPaymentLinks) // logged by the runner
	default:
		a.jobs.Wake(jobPaymentLinks)
	}
}

// logGateway says that online payment is on: the payment-link job runs on
// a.jobs and the notification endpoint is mounted on the HTTP server
// (serveHTTP).
func (a *App) logGateway() {
	if a.gateway == nil {
		return
	}
	mode := "production"
	if a.cfg.Midtrans.APIURL == midtrans.SandboxURL {
		mode = "sandbox"
	}
	a.log.Info("midtrans: online payment on", "snap", a.cfg.Midtrans.APIURL, "mode", mode, "notifications", midtrans.NotificationPath)
}

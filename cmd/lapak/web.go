package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"

	"github.com/lapak-id/lapak/bot"
	lapakhttp "github.com/lapak-id/lapak/http"
	"github.com/lapak-id/lapak/http/dashboard"
	"github.com/lapak-id/lapak/payment/midtrans"
)

// webhook is a channel that takes its updates over HTTP (Telegram in
// webhook mode): the app mounts its handler at its path.
type webhook interface {
	WebhookPath() string
	WebhookHandler() http.Handler
}

// httpServer is the one HTTP server of `lapak serve`: /healthz, /readyz
// with the database, the schema and every running channel, the Telegram
// webhook when it is on, Midtrans's notifications when Midtrans is on, and
// the seller's dashboard under /dashboard/.
func (a *App) httpServer() (*lapakhttp.Server, error) {
	srv := lapakhttp.New()
	srv.Check("database", a.store.Ping)
	srv.Check("migrations", a.store.CheckMigrations)
	for _, ch := range a.channels {
		if r, ok := ch.(bot.ReadyChecker); ok {
			srv.Check(string(ch.Name()), r.Ready)
		}
		if w, ok := ch.(webhook); ok && a.cfg.Telegram.WebhookURL != "" {
			srv.Handle(w.WebhookPath(), w.WebhookHandler())
		}
	}
	if a.gateway != nil {
		srv.Handle(midtrans.NotificationPath, a.gateway.Handler())
	}
	dash, err := a.dashboard()
	if err != nil {
		return nil, err
	}
	srv.Handle(dashboard.Prefix, dash)
	srv.OnShutdown(dash.Close) // the live inbox's streams end with the server
	a.dash.Store(dash)
	srv.Handle("GET /dashboard", http.RedirectHandler(dashboard.Prefix, http.StatusMovedPermanently))
	return srv, nil
}

// dashboard is the seller's dashboard, on the app's shop operations.
func (a *App) dashboard() (*dashboard.Dashboard, error) {
	return dashboard.New(dashboard.Options{Shop: a.shop, Promo: a.promo, Store: a.store, Settings: a.cfg.Shop, Media: a.media,
		Now: a.now, Logger: a.log, PublicURL: a.cfg.HTTP.PublicURL, Notify: a.sender.Notify,
		HandoverIdle: a.cfg.Dashboard.HandoverIdle, Owners: a.cfg.Shop.Admins,
		// The settings page says which secrets are set, never what they are.
		Secrets: []dashboard.Secret{
			{Name: "LAPAK_TELEGRAM_TOKEN", Set: a.cfg.Telegram.Token != ""},
			{Name: "LAPAK_TELEGRAM_WEBHOOK_SECRET", Set: a.cfg.Telegram.WebhookSecret != ""},
			{Name: "LAPAK_MIDTRANS_SERVER_KEY", Set: a.cfg.Midtrans.ServerKey != ""},
		}})
}

// serveHTTP listens on LAPAK_HTTP_LISTEN (and, for one release, on the
// deprecated per-feature addresses) and serves the HTTP server there until
// ctx is done. A listen error is returned at once, naming the setting, so
// serve does not start; a server that dies later calls stop.
func (a *App) serveHTTP(ctx context.Context, wg *sync.WaitGroup, stop context.CancelCauseFunc) error {
	for _, key := range a.cfg.Deprecated() {
		a.log.Warn(key + " is deprecated: use LAPAK_HTTP_LISTEN")
	}
	listeners := a.cfg.Listeners()
	lns := make([]net.Listener, 0, len(listeners))
	for _, l := range listeners {
		ln, err := net.Listen("tcp", l.Addr)
		if err != nil {
			for _, open := range lns {
				open.Close()
			}
			var op *net.OpError
			if errors.As(err, &op) && op.Err != nil {
				err = op.Err // "address already in use", without repeating the address
			}
			return fmt.Errorf("http: cannot listen on %s (%s): %w", l.Addr, l.Key, err)
		}
		lns = append(lns, ln)
	}
	if len(lns) > 0 {
		addr := lns[0].Addr().String() // LAPAK_HTTP_LISTEN's, with the port it got
		a.listening.Store(&addr)
	}
	srv, err := a.httpServer()
	if err != nil {
		for _, open := range lns {
			open.Close()
		}
		return err
	}
	for i, ln := range lns {
		a.log.Info("http: serving", "listen", ln.Addr().String(), "setting", listeners[i].Key)
		wg.Go(func() {
			if err := srv.Serve(ctx, ln); err != nil && ctx.Err() == nil {
				a.log.Error("http: server stopped", "listen", ln.Addr().String(), "err", err)
				// Webhooks and payments would go unrecorded: stop so the supervisor restarts us.
				stop(fmt.Errorf("http server on %s stopped: %w", ln.Addr(), err))
			}
		})
	}
	return nil
}

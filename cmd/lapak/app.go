package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/console"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/config"
	"github.com/lapak-id/lapak/flows"
	"github.com/lapak-id/lapak/http/dashboard"
	"github.com/lapak-id/lapak/jobs"
	"github.com/lapak-id/lapak/payment/midtrans"
	"github.com/lapak-id/lapak/promo"
	lapakshop "github.com/lapak-id/lapak/shop" // "shop" is the tests' name for a test shop
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/text"
)

// App is the wired program: the store, the flows, the router, the channels,
// the sender, the background jobs and the HTTP server, on one clock. Only
// this package knows how the parts fit together; Run runs them (`lapak
// serve`), and end-to-end tests build the same value with a clock they move.
type App struct {
	cfg      config.Config
	log      *slog.Logger
	clock    lapak.Clock
	now      func() time.Time // clock.Now
	store    *storage.Store
	shop     *lapakshop.Shop // the shop's operations: the desk, Midtrans and expiry share them
	engine   *flows.Engine
	router   *bot.Router
	sender   *bot.Sender
	channels []bot.Channel
	closers  []func() // run by Close after the router, newest first (WhatsApp client, its database)
	// jobs runs the background work (expiry, reminders, payment links, pruning).
	jobs *jobs.Runner
	// media resolves every picture the adapters send, including the ones
	// people sent on another channel (a proof from Telegram for an admin on
	// WhatsApp): each running channel registers how to fetch its own.
	media *bot.Media
	// gateway is online payment through Midtrans (nil when off); with
	// linksInline its payment-link job runs right after each commit.
	gateway     *midtrans.Gateway
	linksInline bool
	// promo is the promo broadcasts' operations; its job sends them.
	promo *promo.Promo
	// listening is the address the HTTP server listens on, once it does
	// (LAPAK_HTTP_LISTEN may ask for port 0).
	listening atomic.Pointer[string]
	// dash is the dashboard once the HTTP server serves it: a committed
	// message wakes its live inbox.
	dash atomic.Pointer[dashboard.Dashboard]
}

// dashboardURL is where the dashboard opens in a browser: LAPAK_PUBLIC_URL,
// else the loopback address this process serves on (or, before it
// listens, as in `lapak chat`, the one a `lapak serve` with the same
// settings serves on).
func (a *App) dashboardURL() string {
	listen := a.cfg.HTTP.Listen
	if l := a.listening.Load(); l != nil {
		listen = *l
	}
	return dashboard.BaseURL(a.cfg.HTTP.PublicURL, listen)
}

// openStore opens the database and applies the migrations.
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger, now func() time.Time) (*storage.Store, error) {
	st, err := storage.Open(ctx, cfg.DatabaseURL, storage.Options{MaxConns: cfg.DBMaxConns, Now: now, Logger: log,
		MediaDir: cfg.MediaDir, MediaFiles: cfg.MediaFiles})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// classPacer is a channel with its own budget for messages nobody just asked for.
type classPacer interface {
	ClassPacing() map[lapak.Pacing]bot.Pace
}

// channelFunc makes one chat channel once the router exists (an adapter
// hands its inbound messages to the router) and says how to pace it.
type channelFunc func(ctx context.Context, a *App) (bot.Channel, bot.Pace, error)

// openApp opens the store, seeds the demo catalog into an empty catalog when
// cfg.Demo is on, and wires the flows, the router, the channels and a sender
// that delivers on them.
func openApp(ctx context.Context, cfg config.Config, log *slog.Logger, clock lapak.Clock, channels ...channelFunc) (*App, error) {
	now := clock.Now
	st, err := openStore(ctx, cfg, log, now)
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: log, clock: clock, now: now, store: st, media: bot.NewMedia()}
	// Console pictures are files on this machine, readable with or without
	// the console channel (a proof typed in `lapak chat`, delivered by serve).
	a.media.Register(lapak.ChannelConsole, console.FetchImage)
	a.media.SetStore(st.Media) // product photos sent from the phone, for every channel
	a.media.SetDrawer(lapak.ShareImagePrefix, a.drawShare)
	a.media.SetDrawer(lapak.SlipImagePrefix, func(ctx context.Context, number string) ([]byte, error) {
		slip, err := slipOf(ctx, st, cfg.Shop, number)
		if err != nil {
			return nil, err
		}
		return slip.PNG()
	})
	if cfg.Demo {
		if err := a.seedDemo(ctx); err != nil {
			st.Close()
			return nil, err
		}
	}
	a.shop = lapakshop.New(lapakshop.Options{Shop: cfg.Shop, LowStock: cfg.LowStock, Store: st, Reachable: a.reachable})
	a.promo = newPromo(cfg, st, a.shop, log, now, func() { a.sender.Notify() }, a.media)
	a.engine = flows.New(flows.Options{Shop: cfg.Shop, Logger: log, Ops: a.shop,
		CODMaxTotal: cfg.CODMaxTotal, CODZones: cfg.CODZones, Promo: a.promo, Links: a.shareLinks,
		DashboardURL: a.dashboardURL, HandoverIdle: cfg.Dashboard.HandoverIdle})
	a.openGateway()
	a.router = bot.NewRouter(bot.RouterOptions{
		Store:    st,
		Handle:   a.engine.Handle,
		Apology:  a.engine.Apology,
		OnCommit: a.committed, // the sender exists before any message arrives
		Logger:   log,
		Now:      now,
		// Leave connections for the sender and the background jobs: handlers
		// queueing for the pool would otherwise starve delivery.
		Parallel: max(1, st.Conns()-2),
	})
	var chans []bot.Channel
	pacing := map[lapak.Channel]bot.Pace{}
	classPacing := map[lapak.Channel]map[lapak.Pacing]bot.Pace{}
	for _, open := range channels {
		ch, pace, err := open(ctx, a)
		if err != nil {
			a.Close()
			return nil, err
		}
		chans = append(chans, ch)
		pacing[ch.Name()] = pace
		if f, ok := ch.(bot.ImageFetcher); ok {
			a.media.Register(ch.Name(), f.FetchImage)
		}
		// A channel may pace messages nobody just asked for more slowly (WhatsApp).
		if cp, ok := ch.(classPacer); ok {
			classPacing[ch.Name()] = cp.ClassPacing()
		}
	}
	a.channels = chans
	parallel := 0 // the sender's default
	if len(chans) == 1 && chans[0].Name() == lapak.ChannelConsole {
		parallel = 1 // one terminal: print messages in the order they were queued
	}
	a.sender = bot.NewSender(bot.SenderOptions{Store: st, Channels: chans, Pacing: pacing, ClassPacing: classPacing, Logger: log, Now: now,
		Workers:     max(1, st.Conns()/8), // on PostgreSQL, overlapping drain loops keep up with 30 handlers
		Parallel:    parallel,
		BulkStopped: a.promosStopped,
		// Promos already queued wait out the quiet hours in the outbox too.
		Quiet: cfg.Shop.Quiet, Location: cfg.Shop.Location})
	a.openJobs()
	return a, nil
}

func (a *App) seedDemo(ctx context.Context) error {
	n, err := a.store.ProductCount(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	res, err := a.store.ImportCatalog(ctx, catalog.DemoRows())
	if err != nil {
		return fmt.Errorf("seeding the demo catalog: %w", err)
	}
	a.log.Info("demo catalog added (set LAPAK_DEMO=false to start empty)", "variants", res.Created)
	return nil
}

// expireOrders expires every unpaid order that is due, a batch at a time,
// queueing the notices, and wakes the sender if any expired.
func (a *App) expireOrders(ctx context.Context) (int, error) {
	total, err := a.shop.ExpireDue(ctx, 100)
	if err != nil {
		return total, err
	}
	if total > 0 {
		a.sender.Notify()
	}
	return total, nil
}

// remindOrders queues the one payment reminder of every unpaid order that
// reached the configured point, and wakes the sender if any was queued.
func (a *App) remindOrders(ctx context.Context) (int, error) {
	n, err := a.store.RemindOrders(ctx, a.cfg.OrderReminder, 100, a.engine.ReminderNotice)
	if n > 0 {
		a.sender.Notify()
	}
	return n, err
}

// notifyRestocked tells the customers waiting for a sold-out product that
// has stock again ("kabari kalau ready ya"), once each, first asked first
// told, outside the quiet hours, never those who opted out.
func (a *App) notifyRestocked(ctx context.Context) (int, error) {
	n, err := a.store.NotifyRestocked(ctx, 100, a.quiet, a.engine.RestockNotice)
	if n > 0 {
		a.sender.Notify()
	}
	return n, err
}

// remindCarts queues the one reminder of every cart left untouched for
// LAPAK_CART_REMINDER, outside the quiet hours (see storage.Store.RemindCarts).
func (a *App) remindCarts(ctx context.Context) (int, error) {
	n, err := a.store.RemindCarts(ctx, a.cfg.CartReminder, 100, a.quiet, a.engine.CartReminderNotice)
	if n > 0 {
		a.sender.Notify()
	}
	return n, err
}

// quiet reports whether t is inside the shop's quiet hours
// (LAPAK_QUIET_HOURS in LAPAK_TIMEZONE): nothing promotional goes out.
func (a *App) quiet(t time.Time) bool {
	loc := a.cfg.Shop.Location
	if loc == nil {
		loc = time.UTC
	}
	return a.cfg.Shop.Quiet.Quiet(t, loc)
}

// Run serves until ctx is done: the HTTP server, the channels' loops, the
// sender and the background jobs. A port that cannot be opened fails at
// once, before anything runs; a channel or the HTTP server that dies later
// stops the rest (an outage: the supervisor should restart us) and Run
// returns its error. Work in flight finishes before Run returns.
func (a *App) Run(ctx context.Context) error {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var wg sync.WaitGroup
	if err := a.serveHTTP(ctx, &wg, stop); err != nil {
		return err
	}
	a.logGateway()
	if len(a.channels) == 0 {
		a.log.Warn("no chat channel configured: set LAPAK_TELEGRAM_TOKEN (see the README, Set up your Telegram bot), link WhatsApp with `lapak whatsapp-login`, or use `lapak chat` for the console")
	}
	for _, ch := range a.channels {
		if r, ok := ch.(interface{ Run(context.Context) error }); ok {
			wg.Go(func() {
				if err := r.Run(ctx); err != nil && ctx.Err() == nil {
					a.log.Error("channel stopped", "channel", string(ch.Name()), "err", err)
					stop(fmt.Errorf("%s channel stopped: %w", ch.Name(), err))
				}
			})
		}
	}
	wg.Go(func() {
		if err := a.sender.Run(ctx); err != nil {
			a.log.Error("outbox sender stopped", "err", err)
		}
	})
	wg.Go(func() { a.jobs.Run(ctx) }) // expiry, reminders, payment links, pruning
	<-ctx.Done()
	a.log.Info("stopping: waiting for work in flight")
	wg.Wait()
	a.log.Info("stopped")
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// Close waits for messages in flight, then closes the database.
func (a *App) Close() error {
	if a.router != nil {
		a.router.Wait()
	}
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
	return a.store.Close()
}

// telegramChannel opens the Telegram bot and tries getMe once: a refused
// token stops the start; Telegram out of reach (network, 5xx) does not: the
// bot is not ready on /readyz and its Run retries with backoff.
func telegramChannel(ctx context.Context, a *App) (bot.Channel, bot.Pace, error) {
	t := a.cfg.Telegram
	tg, err := telegram.Open(telegram.Options{
		Token:   t.Token,
		APIURL:  t.APIURL,
		Webhook: telegram.WebhookOptions{URL: t.WebhookURL, Secret: t.WebhookSecret},
		Router:  a.router,
		Offsets: a.store,
		Logger:  a.log,
		Now:     a.now,
		Media:   a.media,
	})
	if err != nil {
		return nil, bot.Pace{}, err
	}
	if err := tg.Connect(ctx); err != nil {
		if errors.Is(err, telegram.ErrBadToken) || ctx.Err() != nil {
			return nil, bot.Pace{}, err
		}
		a.log.Warn("telegram: cannot reach Telegram at start: serving without it, retrying in the background", "err", err)
	}
	return tg, telegram.DefaultPace(), nil
}

// promosStopped tells the admins, through the flows, that the sender
// stopped promos on ch after a ban warning.
func (a *App) promosStopped(ch lapak.Channel, err error) {
	// The broadcasts under way are paused, so a restart does not push them
	// on by itself: the seller resumes them after looking.
	if list, lerr := a.promo.List(context.Background(), 100); lerr == nil {
		for _, b := range list {
			if b.Status == lapak.BroadcastActive {
				if _, perr := a.promo.Pause(context.Background(), b.ID); perr != nil {
					a.log.Error("could not pause a broadcast after a ban warning", "broadcast", b.ID, "err", perr)
				}
			}
		}
	} else {
		a.log.Error("could not list the broadcasts to pause after a ban warning", "err", lerr)
	}
	now := a.now()
	in := lapak.Inbound{Channel: "system", ChatID: string(ch), ReceivedAt: now, Event: lapak.EventPromosStopped,
		MessageID: "lapak:promos-stopped:" + strconv.FormatInt(now.UnixNano(), 10)}
	if herr := a.router.Handle(context.Background(), in); herr != nil {
		a.log.Error("could not queue the promos-stopped notice for the admins", "err", herr)
	}
}

// shareLinks is what resellers' links point at: the Telegram bot's
// username (known after getMe) and the linked WhatsApp number, "" for a
// channel not running.
func (a *App) shareLinks() (telegramBot, whatsAppNumber string) {
	for _, ch := range a.channels {
		switch c := ch.(type) {
		case interface{ Username() string }:
			telegramBot = c.Username()
		case interface{ Number() string }:
			whatsAppNumber = c.Number()
		}
	}
	return telegramBot, whatsAppNumber
}

// drawShare draws a reseller's share card (lapak.ShareRef, after its
// prefix) from the shop as it is now: the product's price and photo, the
// reseller's code and link.
func (a *App) drawShare(ctx context.Context, arg string) ([]byte, error) {
	code, sku, ok := lapak.ParseShareRef(lapak.ShareImagePrefix + arg)
	if !ok {
		return nil, fmt.Errorf("share card %q: not a share reference", arg)
	}
	var r lapak.Reseller
	var ps []lapak.Product
	var vs []lapak.Variant
	err := a.store.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		if r, err = tx.ResellerByCode(ctx, code); err != nil {
			return err
		}
		if sku == lapak.ShareCatalog {
			all, err := tx.AllProducts(ctx)
			ps, vs = catalog.ShareCatalogProducts(all)
			return err
		}
		p, err := tx.ProductBySKU(ctx, sku)
		if err != nil {
			return err
		}
		v, ok := catalog.ShareVariant(p, sku)
		if !ok {
			return fmt.Errorf("%s is hidden or sold out", sku)
		}
		ps, vs = []lapak.Product{p}, []lapak.Variant{v}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("share card %q: %w", arg, err)
	}
	if r.Status != lapak.ResellerApproved {
		return nil, fmt.Errorf("share card %q: reseller %s is %s", arg, r.Code, r.Status)
	}
	lang := r.Language
	if lang != lapak.Indonesian && lang != lapak.English {
		lang = a.cfg.Shop.Language
	}
	items := make([]catalog.ShareItem, len(ps))
	for i, p := range ps {
		items[i] = catalog.ShareItemOf(p, vs[i])
		if p.Image != "" {
			// A photo that cannot be loaded gets the initials tile.
			items[i].Photo, _, _ = a.media.Load(ctx, p.Image)
		}
	}
	bot, number := a.shareLinks()
	kit := catalog.ShareKit{Shop: a.cfg.Shop.Name, Code: r.Code, Lang: lang, Price: a.cfg.Shop.Price}
	if sku == lapak.ShareCatalog {
		kit.Link = lapak.ShareLink(bot, number, r.Code, "", text.Get(a.cfg.Shop.Language, text.WAPrefill, r.Code))
		return kit.CatalogCard(items)
	}
	kit.Link = lapak.ShareLink(bot, number, r.Code, vs[0].SKU, text.Get(a.cfg.Shop.Language, text.WAPrefillProduct, ps[0].Name, r.Code))
	return kit.ProductCard(items[0])
}

// slipOf is order number's packing slip: a dropship order's names the
// reseller as the sender, so their buyer sees them, not the shop.
func slipOf(ctx context.Context, st *storage.Store, shop lapak.Shop, number string) (catalog.Slip, error) {
	o, err := st.OrderByNumber(ctx, number)
	if err != nil {
		return catalog.Slip{}, err
	}
	slip := catalog.SlipFor(o, shop)
	if !o.Dropship {
		return slip, nil
	}
	err = st.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		r, err := tx.ResellerOfCustomer(ctx, o.CustomerID)
		slip.From = catalog.SlipParty{Name: r.Name, Phone: "+" + r.Phone}
		return err
	})
	if err != nil {
		return catalog.Slip{}, fmt.Errorf("the reseller of dropship order %s: %w", o.Number, err)
	}
	return slip, nil
}

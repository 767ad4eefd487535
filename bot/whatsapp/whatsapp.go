// Package whatsapp is the WhatsApp channel: the seller's own number, linked
// as a device through whatsmeow (WhatsApp's multi-device protocol). It turns
// whatsmeow events into channel-neutral lapak.Inbound messages for the
// bot.Router and delivers lapak.Outbound messages as WhatsApp text with
// numbered menus and pictures. It is the only package that imports whatsmeow.
package whatsapp

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
)

// Client is the part of *whatsmeow.Client that delivery uses; tests fake it.
type Client interface {
	SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error)
	Upload(ctx context.Context, data []byte, mediaType whatsmeow.MediaType) (whatsmeow.UploadResponse, error)
	SendChatPresence(ctx context.Context, jid types.JID, state types.ChatPresence, media types.ChatPresenceMedia) error
	IsConnected() bool
	Download(ctx context.Context, msg whatsmeow.DownloadableMessage) ([]byte, error)
	IsOnWhatsApp(ctx context.Context, phones []string) ([]types.IsOnWhatsAppResponse, error)
}

// Session is what Run needs on top of Client: *whatsmeow.Client has it.
type Session interface {
	Client
	Connect() error
	Disconnect()
	AddEventHandlerWithSuccessStatus(handler whatsmeow.EventHandlerWithSuccessStatus) uint32
}

// Options configures an Adapter.
type Options struct {
	Client Client // a *whatsmeow.Client in production
	// Router is where everything that arrives goes: customers' messages,
	// the seller's step-back (Router.TakeOver) and the logout notice.
	// Required by Run.
	Router *bot.Router
	// PNForLID maps a hidden-number sender (…@lid) to the phone JID. With a
	// *whatsmeow.Client it defaults to the device store's LID map.
	PNForLID func(ctx context.Context, lid types.JID) (types.JID, error)
	Logger   *slog.Logger
	Now      func() time.Time
	// StepBack is how long the bot stays out of a chat after the seller
	// typed in it from the phone; default 30m. It is stored on the
	// conversation (lapak.Takeover), so it outlasts a restart.
	StepBack time.Duration
	// MaxAge drops messages older than this that arrive after a long
	// disconnection: answering them hours later would confuse; default 12h.
	MaxAge time.Duration
	// Admins get a notice on their other channels when the session is
	// logged out: the notice is an inbound event addressed to the first of
	// them not on WhatsApp; the flows write it.
	Admins []lapak.Identity
	// Language of the adapter's own texts when the customer has not chosen
	// one yet; the shop's default.
	Language lapak.Language
	// NotifyPerMinute bounds messages nobody just asked for (ClassPacing);
	// default DefaultNotifyPerMinute.
	NotifyPerMinute int
	// PromosPerDay caps the promos (lapak.PaceBulk) the number sends a day
	// (BulkPerDay); 0 is DefaultPromosPerDay.
	PromosPerDay int
	// LinkedAt is when Lapak first ran this number: its first WarmUpDays
	// send fewer promos. Zero: an old number, no warm-up.
	LinkedAt time.Time
	// Location is the shop's time zone, where promo days begin; default UTC.
	Location *time.Location
	// HTTPClient fetches catalog pictures given as http(s) URLs; default
	// one with a 30s timeout.
	HTTPClient *http.Client
	// Media fetches the pictures people sent on other channels (a Telegram
	// customer's proof for a WhatsApp admin); nil: only WhatsApp's own.
	Media *bot.Media
}

// Adapter is one linked WhatsApp number. It implements bot.Channel.
type Adapter struct {
	opt Options
	log *slog.Logger

	mu  sync.Mutex
	ctx context.Context // Run's, for event handlers
	own string          // our own number once connected
	// registered are the numbers found on WhatsApp before a promo to them
	// (checked once per process).
	registered map[string]bool
}

var (
	_ bot.Channel      = (*Adapter)(nil)
	_ bot.ImageFetcher = (*Adapter)(nil)
)

// New checks the options and returns the adapter.
func New(opt Options) (*Adapter, error) {
	if opt.Client == nil {
		return nil, errors.New("whatsapp: no client")
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.StepBack <= 0 {
		opt.StepBack = 30 * time.Minute
	}
	if opt.Language == "" {
		opt.Language = lapak.Indonesian
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opt.MaxAge <= 0 {
		opt.MaxAge = 12 * time.Hour
	}
	if wc, ok := opt.Client.(*whatsmeow.Client); ok && opt.PNForLID == nil && wc.Store != nil && wc.Store.LIDs != nil {
		opt.PNForLID = wc.Store.LIDs.GetPNForLID
	}
	a := &Adapter{
		opt: opt,
		log: opt.Logger.With("channel", string(lapak.ChannelWhatsApp)),
		ctx: context.Background(),
	}
	return a, nil
}

// Name is lapak.ChannelWhatsApp.
func (a *Adapter) Name() lapak.Channel { return lapak.ChannelWhatsApp }

// DefaultPace is deliberately slow for replies: one message a second over
// the number and two seconds between messages to one chat, with jitter.
func DefaultPace() bot.Pace {
	return bot.Pace{PerSecond: 1, PerChatGap: 2 * time.Second, Jitter: 700 * time.Millisecond}
}

// DefaultNotifyPerMinute bounds messages the recipient did not just ask for.
const DefaultNotifyPerMinute = 5

// ClassPace is the shared budget for notifications and promos (messages the
// recipient did not just ask for): perMinute a minute over the number,
// jittered, and at least a minute between two to one chat. whatsmeow users
// report bans above about five a minute to people who did not write first.
func ClassPace(perMinute int) map[lapak.Pacing]bot.Pace {
	if perMinute <= 0 {
		perMinute = DefaultNotifyPerMinute
	}
	interval := time.Minute / time.Duration(perMinute)
	p := bot.Pace{PerSecond: float64(perMinute) / 60, PerChatGap: time.Minute, Jitter: interval / 2}
	return map[lapak.Pacing]bot.Pace{lapak.PaceNotify: p, lapak.PaceBulk: p}
}

// ClassPacing is the sender's budget for this number's notifications and
// promos: ClassPace(Options.NotifyPerMinute).
func (a *Adapter) ClassPacing() map[lapak.Pacing]bot.Pace { return ClassPace(a.opt.NotifyPerMinute) }

// DefaultPromosPerDay is the promos a number sends a day unless configured.
const DefaultPromosPerDay = 200

// WarmUpDays is how long a newly linked number sends fewer promos: 20 on
// its first day, doubling each day, up to the daily cap. A number that
// starts sending hundreds of messages to people who did not write first
// is what WhatsApp bans.
const WarmUpDays = 7

// BulkPerDay is the number's promo budget for the day now falls in
// (bot.DailyBudget), the warm-up of a new number included.
func (a *Adapter) BulkPerDay(now time.Time) (int, time.Time, time.Time) {
	loc := a.opt.Location
	if loc == nil {
		loc = time.UTC
	}
	return promosPerDay(a.opt.PromosPerDay, a.opt.LinkedAt, now, loc)
}

func promosPerDay(perDay int, linked, now time.Time, loc *time.Location) (int, time.Time, time.Time) {
	if perDay <= 0 {
		perDay = DefaultPromosPerDay
	}
	local := now.In(loc)
	start := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	end := start.AddDate(0, 0, 1)
	if !linked.IsZero() {
		l := linked.In(loc)
		first := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
		// Days since the first day, counted on the calendar (DST-proof).
		day := 0
		for d := first; d.Before(start) && day < WarmUpDays; d = d.AddDate(0, 0, 1) {
			day++
		}
		if day < WarmUpDays {
			perDay = min(perDay, 20<<day)
		}
	}
	return perDay, start, end
}

// Run connects (whatsmeow reconnects by itself after network trouble) and
// hands messages to the router until ctx is done. A logged-out or replaced
// session is logged clearly and Run returns nil: the rest of the shop keeps
// running without WhatsApp.
func (a *Adapter) Run(ctx context.Context) error {
	s, ok := a.opt.Client.(Session)
	if !ok {
		return errors.New("whatsapp: Run needs a connectable client (*whatsmeow.Client)")
	}
	if a.opt.Router == nil {
		return errors.New("whatsapp: Run needs a router")
	}
	if wc, ok := s.(*whatsmeow.Client); ok {
		if wc.Store == nil || wc.Store.ID == nil {
			return errors.New("whatsapp: no WhatsApp session: run `lapak whatsapp-login` first")
		}
		// At-least-once: the receipt goes out only after the router
		// committed the message; a failed handler makes WhatsApp re-deliver.
		wc.SynchronousAck = true
		wc.EnableDecryptedEventBuffer = true
		wc.InitialAutoReconnect = true // no network at start: keep trying in the background
	}
	a.mu.Lock()
	a.ctx = ctx
	a.mu.Unlock()
	s.AddEventHandlerWithSuccessStatus(a.HandleEvent)
	if err := s.Connect(); err != nil {
		// Not worth stopping the shop over: the other channels keep selling.
		a.log.Error("whatsapp: cannot connect; WhatsApp stays off until the next restart, the rest of the shop keeps running", "err", err)
	}
	<-ctx.Done()
	s.Disconnect()
	return nil
}

func (a *Adapter) runCtx() context.Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.ctx
}

// Number is the linked WhatsApp number (digits, country code first), for
// wa.me links; "" before a session is linked.
func (a *Adapter) Number() string {
	a.mu.Lock()
	own := a.own
	a.mu.Unlock()
	if own != "" {
		return own
	}
	if wc, ok := a.opt.Client.(*whatsmeow.Client); ok && wc.Store != nil && wc.Store.ID != nil {
		return wc.Store.ID.User
	}
	return ""
}

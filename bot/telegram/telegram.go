// Package telegram is the Telegram channel: it receives updates by long
// polling (or a webhook), hands them to the bot.Router as channel-neutral
// lapak.Inbound messages, and delivers lapak.Outbound messages with inline
// keyboards and photos. It is the only package that imports tgbotapi.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
)

// DefaultAPIURL is Telegram's own Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// OffsetKey is where the polling offset is persisted (storage.Store's lapak_kv).
const OffsetKey = "telegram.offset"

// OffsetStore persists small values; storage.Store implements it.
type OffsetStore interface {
	GetValue(ctx context.Context, key string) (string, error)
	SetValue(ctx context.Context, key, value string) error
}

// WebhookOptions switches the bot from long polling to a webhook.
type WebhookOptions struct {
	// URL is the public https URL Telegram posts to; empty means long
	// polling. The app mounts WebhookHandler at WebhookPath on its HTTP server.
	URL    string
	Secret string // 1–256 of A-Za-z0-9_-, checked on every request
}

// Options configures a Bot.
type Options struct {
	Token       string // never logged
	APIURL      string // base URL, default DefaultAPIURL; the adapter adds /bot<token>/<method>
	Webhook     WebhookOptions
	PollTimeout time.Duration // long-poll wait, default 50s
	Router      *bot.Router   // where updates go; required by Run, not by Deliver
	Offsets     OffsetStore   // required for polling: the offset survives restarts
	Logger      *slog.Logger
	// HTTPClient is optional; the default keeps enough idle connections for
	// the sender's parallel deliveries and times out after the long poll.
	HTTPClient *http.Client
	// IdleConns sizes the default client's idle pool; default 32.
	IdleConns int
	Now       func() time.Time // clock; default time.Now
	// RetryMin is the first wait before Run tries getMe again when Telegram
	// could not be reached; it doubles up to a minute. Default 1 s.
	RetryMin time.Duration

	// Media fetches the pictures people sent on other channels (a WhatsApp
	// customer's proof for a Telegram admin); nil: only Telegram's own.
	Media *bot.Media
}

// Bot is one Telegram bot account. It implements bot.Channel.
type Bot struct {
	opt    Options
	api    *tgbotapi.BotAPI // template, never changed after Open: copied per call with a context-bound client
	client *http.Client
	log    *slog.Logger
	health health                 // the last call that receives updates, for Ready
	self   atomic.Pointer[string] // the bot's username, once getMe answered
	photos photoCache             // file ids of pictures already uploaded
}

var (
	_ bot.Channel      = (*Bot)(nil)
	_ bot.ImageFetcher = (*Bot)(nil)
)

var secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// New is Open then Connect: the bot, checked against Telegram with getMe.
// A rejected token gives a precise error (ErrBadToken) without the token.
func New(ctx context.Context, opt Options) (*Bot, error) {
	b, err := Open(opt)
	if err != nil {
		return nil, err
	}
	if err := b.Connect(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// Open checks the options and returns the bot without calling Telegram:
// it can deliver and serve its webhook at once, and Run connects it first
// (getMe, retried with backoff while Telegram cannot be reached), so a
// network that is down at start does not stop the program.
func Open(opt Options) (*Bot, error) {
	if strings.TrimSpace(opt.Token) == "" {
		return nil, errors.New("telegram: no bot token: set LAPAK_TELEGRAM_TOKEN (from @BotFather)")
	}
	if opt.APIURL == "" {
		opt.APIURL = DefaultAPIURL
	}
	base, err := url.Parse(opt.APIURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("telegram: API URL %q: want a base URL like %s", opt.APIURL, DefaultAPIURL)
	}
	if opt.Webhook.URL != "" {
		if err := checkWebhook(opt.Webhook); err != nil {
			return nil, err
		}
	}
	if opt.PollTimeout <= 0 {
		opt.PollTimeout = 50 * time.Second
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.IdleConns <= 0 {
		opt.IdleConns = 32
	}
	client := opt.HTTPClient
	if client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConns = opt.IdleConns * 2
		tr.MaxIdleConnsPerHost = opt.IdleConns
		client = &http.Client{Transport: tr, Timeout: opt.PollTimeout + 20*time.Second}
	}
	// The endpoint is a Sprintf format: a literal % in the URL must not count.
	endpoint := strings.ReplaceAll(strings.TrimRight(opt.APIURL, "/"), "%", "%%") + "/bot%s/%s"
	// Built by hand: the library's constructors call getMe at once.
	api := &tgbotapi.BotAPI{Token: opt.Token, Client: client, Buffer: 100}
	api.SetAPIEndpoint(endpoint)
	b := &Bot{opt: opt, api: api, client: client, log: opt.Logger.With("channel", string(lapak.ChannelTelegram))}
	b.health.failed(errNotConnected) // until getMe answers
	return b, nil
}

// errNotConnected is Ready's answer before getMe first succeeded.
var errNotConnected = errors.New("telegram: not connected yet")

// ErrBadToken is Connect's error when Telegram refuses the token (401) or
// the API URL is not a Bot API server (404): retrying cannot help.
var ErrBadToken = errors.New("telegram: bad token")

// Connect calls getMe once: the bot's name is known and it counts as
// connected. A network error or a 5xx answer is worth retrying; an error
// wrapping ErrBadToken is not.
func (b *Bot) Connect(ctx context.Context) error {
	self, err := b.call(ctx).GetMe()
	if err != nil {
		err = newError(b.opt.Token, err)
		b.health.failed(err)
		return err
	}
	b.self.Store(&self.UserName)
	if b.opt.Webhook.URL != "" {
		b.health.failed(errWebhookNotSet) // until Run registers it
	} else {
		b.health.succeeded()
	}
	b.log.Info("telegram: connected", "bot", "@"+self.UserName)
	return nil
}

// Connected reports whether getMe has answered.
func (b *Bot) Connected() bool { return b.self.Load() != nil }

// connect calls Connect until it succeeds, ctx ends (nil: Run returns
// quietly) or the token is refused. Waits double from RetryMin (default
// 1 s) to a minute, jittered so several processes do not retry in step;
// each failure is one log line saying when the next try is.
func (b *Bot) connect(ctx context.Context) error {
	wait := b.opt.RetryMin
	if wait <= 0 {
		wait = time.Second
	}
	for attempt := 1; !b.Connected(); attempt++ {
		err := b.Connect(ctx)
		if err == nil || ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, ErrBadToken) {
			return err
		}
		d := jitter(wait)
		var ra *bot.RetryAfterError
		if errors.As(err, &ra) {
			d = ra.After + time.Duration(rand.Int64N(int64(ra.After)/5+1)) // never sooner than asked
		}
		b.log.Warn("telegram: cannot reach Telegram, will retry", "err", err, "attempt", attempt, "retry_in", d.Round(10*time.Millisecond).String())
		if !sleep(ctx, d) {
			return nil
		}
		wait = min(wait*2, maxRetry)
	}
	return nil
}

// maxRetry is the longest wait between two connection attempts.
const maxRetry = time.Minute

// jitter spreads d by ±20%.
func jitter(d time.Duration) time.Duration {
	return d*8/10 + time.Duration(rand.Int64N(int64(d)*4/10+1))
}

func checkWebhook(w WebhookOptions) error {
	u, err := url.Parse(w.URL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("telegram: webhook URL %q: Telegram only posts to a public https:// URL", w.URL)
	}
	if !secretRE.MatchString(w.Secret) {
		return errors.New("telegram: webhook secret: want 1–256 characters of A-Z a-z 0-9 _ - (LAPAK_TELEGRAM_WEBHOOK_SECRET)")
	}
	return nil
}

func newError(token string, err error) error {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		switch te.Code {
		case http.StatusUnauthorized:
			return &badToken{"telegram: the bot token was rejected (401 Unauthorized): check LAPAK_TELEGRAM_TOKEN, or ask @BotFather for a new one"}
		case http.StatusNotFound:
			return &badToken{"telegram: getMe answered 404 Not Found: the token is malformed or LAPAK_TELEGRAM_API_URL is not a Bot API server"}
		case http.StatusTooManyRequests:
			return &bot.RetryAfterError{After: max(time.Duration(te.RetryAfter)*time.Second, time.Second), Err: fmt.Errorf("telegram: getMe: %s", te.Message)}
		}
		return fmt.Errorf("telegram: getMe: %d %s", te.Code, te.Message)
	}
	return fmt.Errorf("telegram: getMe: %w", redact(token, err))
}

// badToken is an error that is ErrBadToken, with its own message.
type badToken struct{ msg string }

func (e *badToken) Error() string        { return e.msg }
func (e *badToken) Is(target error) bool { return target == ErrBadToken }

// Name is lapak.ChannelTelegram.
func (b *Bot) Name() lapak.Channel { return lapak.ChannelTelegram }

// Username is the bot's @name without the @, for deep links
// t.me/<username>?start=…; "" until the bot has connected.
func (b *Bot) Username() string {
	if p := b.self.Load(); p != nil {
		return *p
	}
	return ""
}

// DefaultPace is Telegram's documented limit: about 30 messages a second
// overall and one a second per chat.
func DefaultPace() bot.Pace {
	return bot.Pace{PerSecond: 30, PerChatGap: time.Second}
}

// BulkPerSecond is the promo lane's share of Telegram's ~30 messages a
// second: the rest is left for replies to people chatting meanwhile.
const BulkPerSecond = 25

// ClassPacing is the budget for promos (lapak.PaceBulk): BulkPerSecond
// over the bot, one a second per chat, on top of DefaultPace.
func (b *Bot) ClassPacing() map[lapak.Pacing]bot.Pace {
	return map[lapak.Pacing]bot.Pace{lapak.PaceBulk: {PerSecond: BulkPerSecond, PerChatGap: time.Second}}
}

// call returns a copy of the API client whose requests end with ctx: the
// library builds requests without a context.
func (b *Bot) call(ctx context.Context) *tgbotapi.BotAPI {
	api := *b.api
	api.Client = ctxClient{ctx, b.client}
	return &api
}

type ctxClient struct {
	ctx context.Context
	c   *http.Client
}

func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return c.c.Do(req.WithContext(c.ctx))
}

// redact removes the token from err's text: net/http errors quote the
// request URL, which carries it.
func redact(token string, err error) error {
	if err == nil || token == "" {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = strings.ReplaceAll(ue.URL, token, "<token>")
	}
	if strings.Contains(err.Error(), token) {
		return &redacted{msg: strings.ReplaceAll(err.Error(), token, "<token>"), err: err}
	}
	return err
}

type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// apiError classifies a failed Bot API call for the sender: 429 → wait
// exactly retry_after; blocked or gone → unreachable; anything else is
// retried with backoff.
func (b *Bot) apiError(method string, resp *tgbotapi.APIResponse, err error) error {
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		// Network trouble, timeouts, a proxy's HTML page: retry with backoff.
		return fmt.Errorf("telegram: %s: %w", method, redact(b.opt.Token, err))
	}
	code := te.Code
	if code == 0 && resp != nil {
		code = resp.ErrorCode // uploads do not fill Error.Code
	}
	if code == 0 && te.RetryAfter > 0 {
		code = http.StatusTooManyRequests
	}
	desc := te.Message
	switch {
	case code == http.StatusTooManyRequests:
		after := max(time.Duration(te.RetryAfter)*time.Second, time.Second)
		return &bot.RetryAfterError{After: after, Err: fmt.Errorf("telegram: %s: %s", method, desc)}
	case code == http.StatusForbidden, unreachable(desc):
		return fmt.Errorf("telegram: %s: %s: %w", method, desc, lapak.ErrUnreachable)
	}
	return &apiErr{method: method, code: code, desc: desc}
}

type apiErr struct {
	method string
	code   int
	desc   string
}

func (e *apiErr) Error() string { return fmt.Sprintf("telegram: %s: %d %s", e.method, e.code, e.desc) }

// unreachable matches the 400 answers that mean the chat is gone for good.
func unreachable(desc string) bool {
	d := strings.ToLower(desc)
	for _, s := range []string{"chat not found", "user is deactivated", "bot was blocked", "peer_id_invalid", "bot was kicked", "user not found"} {
		if strings.Contains(d, s) {
			return true
		}
	}
	return false
}

// Package config builds Lapak's typed configuration from the environment and
// an optional KEY=VALUE file, applies defaults that give a working demo shop,
// and validates everything at start so a typo fails loudly, once.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/lapak-id/lapak"
)

// Config is the whole configuration, passed down explicitly.
type Config struct {
	DatabaseURL string // DATABASE_URL: "postgres://…" or "sqlite:PATH"
	DBMaxConns  int    // LAPAK_DB_MAX_CONNS
	Shop        lapak.Shop
	// OrderReminder is how long before an unpaid order expires its customer
	// is reminded (LAPAK_ORDER_REMINDER); 0 means no reminder.
	OrderReminder time.Duration
	// CartReminder is how long a cart is left untouched before its one
	// reminder (LAPAK_CART_REMINDER); 0 means no cart reminders.
	CartReminder time.Duration
	// LowStock is the stock at or below which admins are alerted
	// (LAPAK_LOW_STOCK); 0 means no alerts.
	LowStock int
	// PromoMaxPerWeek is the promo frequency cap (LAPAK_PROMO_MAX_PER_WEEK):
	// a customer gets at most this many promos in 7 days; 0 means no cap.
	PromoMaxPerWeek int
	// CODMaxTotal is the largest order total paid on delivery
	// (LAPAK_COD_MAX_TOTAL); 0 means no limit.
	CODMaxTotal lapak.Money
	// CODZones are the delivery zones where COD is offered
	// (LAPAK_COD_ZONES), spelled as in LAPAK_DELIVERY_ZONES; none means all.
	CODZones []string
	MediaDir string // LAPAK_MEDIA_DIR: the console writes pictures here (and product photos live under stored/ with MediaFiles)
	// MediaFiles keeps product photos sent from the phone as files in
	// MediaDir instead of in the database (LAPAK_MEDIA_STORE=dir).
	MediaFiles bool
	Demo       bool       // LAPAK_DEMO: seed the demo catalog when the catalog is empty
	LogLevel   slog.Level // LAPAK_LOG_LEVEL
	// LogLevelSet reports that LAPAK_LOG_LEVEL was given; without it the
	// console chat logs only warnings so they do not clutter the chat.
	LogLevelSet bool
	LogFormat   string // LAPAK_LOG_FORMAT: LogText or LogJSON
	HTTP        HTTP
	Dashboard   Dashboard
	Telegram    Telegram
	WhatsApp    WhatsApp
	Midtrans    Midtrans

	// AllowDemo (LAPAK_ALLOW_DEMO) lets `lapak serve` run a real channel
	// with the demo's settings, on purpose (see DemoLeftovers).
	AllowDemo bool
}

// Midtrans configures online payment through Midtrans; it is on when
// ServerKey is set (and then Shop.Gateway is "Midtrans").
type Midtrans struct {
	ServerKey string // LAPAK_MIDTRANS_SERVER_KEY (secret), from the Midtrans dashboard
	APIURL    string // LAPAK_MIDTRANS_API_URL: Snap base URL; by default the key decides sandbox or production
	// Listen is LAPAK_MIDTRANS_LISTEN, deprecated: an extra address for the
	// HTTP server (see Config.Listeners); empty means not used.
	Listen string
}

// HTTP configures the one HTTP server of `lapak serve`: the Telegram
// webhook, Midtrans's notifications, /healthz and /readyz.
type HTTP struct {
	Listen string // LAPAK_HTTP_LISTEN, e.g. ":8080"
	// PublicURL is LAPAK_PUBLIC_URL, where people reach the dashboard
	// ("https://toko.example.com"); empty: the dashboard serves only this
	// machine, at LAPAK_HTTP_LISTEN's loopback address.
	PublicURL string
}

// Dashboard configures the seller's dashboard in the browser.
type Dashboard struct {
	// HandoverIdle is LAPAK_HANDOVER_IDLE: a chat a seller took over goes
	// back to the bot after this long without a seller's message.
	HandoverIdle time.Duration
}

// WhatsApp modes (LAPAK_WHATSAPP).
const (
	WhatsAppAuto = "auto" // on when a linked session is stored
	WhatsAppOn   = "on"   // must run: serve fails without a session
	WhatsAppOff  = "off"
)

// WhatsApp configures the WhatsApp channel (the seller's own number).
type WhatsApp struct {
	Mode            string        // LAPAK_WHATSAPP: auto, on or off
	StepBack        time.Duration // LAPAK_WHATSAPP_STEP_BACK: bot stays out of a chat the seller typed in
	NotifyPerMinute int           // LAPAK_WHATSAPP_NOTIFY_PER_MINUTE: messages nobody just asked for
	PromosPerDay    int           // LAPAK_WHATSAPP_PROMOS_PER_DAY: promos a day, after the new number's warm-up
}

// Telegram configures the Telegram channel; it is on when Token is set.
type Telegram struct {
	Token         string // LAPAK_TELEGRAM_TOKEN (secret), from @BotFather
	APIURL        string // LAPAK_TELEGRAM_API_URL: Bot API base URL
	WebhookURL    string // LAPAK_TELEGRAM_WEBHOOK_URL: empty means long polling
	Listen        string // LAPAK_TELEGRAM_LISTEN, deprecated: an extra address for the HTTP server (see Config.Listeners)
	WebhookSecret string // LAPAK_TELEGRAM_WEBHOOK_SECRET (secret)
}

// DefaultFile is read when LAPAK_CONFIG is unset and it exists in the working directory.
const DefaultFile = "lapak.conf"

// setting is one configuration key: its default (parsed like any other
// value, so defaults cannot drift from the parser) and whether its value
// must never appear in messages.
type setting struct {
	key    string
	def    string
	secret bool
}

// settings lists every key the file may contain, in documentation order.
// Adding a key here is what makes it (and its KEY_FILE variant) known.
var settings = []setting{
	{key: "DATABASE_URL", def: "sqlite:lapak.db", secret: true},
	{key: "LAPAK_DB_MAX_CONNS", def: "32"},
	{key: "LAPAK_SHOP_NAME", def: DemoShopName},
	{key: "LAPAK_LANGUAGE", def: "id"},
	{key: "LAPAK_TIMEZONE", def: "Asia/Jakarta"},
	{key: "LAPAK_PRICE_FORMAT", def: "Rp15.000"},
	{key: "LAPAK_PICKUP_ADDRESS", def: DemoPickupAddress},
	{key: "LAPAK_DELIVERY_ZONES", def: "Dalam kota=10000; Luar kota=25000"},
	{key: "LAPAK_BANK_ACCOUNTS", def: DemoBankAccount},
	{key: "LAPAK_COD", def: "true"},
	{key: "LAPAK_COD_MAX_TOTAL"},
	{key: "LAPAK_COD_ZONES"},
	{key: "LAPAK_QRIS_STATIC"},
	{key: "LAPAK_ORDER_TTL", def: "24h"},
	{key: "LAPAK_ORDER_REMINDER", def: "half"},
	{key: "LAPAK_LOW_STOCK", def: "3"},
	{key: "LAPAK_QUIET_HOURS", def: "21:00-08:00"},
	{key: "LAPAK_CART_REMINDER", def: "3h"},
	{key: "LAPAK_PROMO_MAX_PER_WEEK", def: "2"},     // promo broadcasts
	{key: "LAPAK_RESELLER_SIGNUP", def: "approval"}, // resellers
	{key: "LAPAK_RESELLER_TERMS"},
	{key: "LAPAK_REFERRAL_DAYS", def: "30"},
	{key: "LAPAK_RESELLER_TIERS", def: "Reseller=5%"}, // commission
	{key: "LAPAK_COMMISSION_HOLD", def: "7d"},
	{key: "LAPAK_PAYOUT_DAYS", def: "1,16"},
	{key: "LAPAK_PAYOUT_MIN", def: "50000"},
	{key: "LAPAK_ADMINS", def: "console:admin"},
	{key: "LAPAK_MEDIA_DIR", def: "lapak-media"},
	{key: "LAPAK_MEDIA_STORE", def: "db"},
	{key: "LAPAK_DEMO", def: "true"},
	{key: "LAPAK_ALLOW_DEMO", def: "false"},
	{key: "LAPAK_LOG_LEVEL", def: "info"},
	{key: "LAPAK_LOG_FORMAT", def: "text"},
	{key: "LAPAK_HTTP_LISTEN", def: ":8080"},
	{key: "LAPAK_PUBLIC_URL"},
	{key: "LAPAK_HANDOVER_IDLE", def: "30m"},
	{key: "LAPAK_TELEGRAM_TOKEN", secret: true},
	{key: "LAPAK_TELEGRAM_API_URL", def: "https://api.telegram.org"},
	{key: "LAPAK_TELEGRAM_WEBHOOK_URL"},
	{key: "LAPAK_TELEGRAM_LISTEN"}, // deprecated: LAPAK_HTTP_LISTEN
	{key: "LAPAK_TELEGRAM_WEBHOOK_SECRET", secret: true},
	{key: "LAPAK_WHATSAPP", def: "auto"},
	{key: "LAPAK_WHATSAPP_STEP_BACK", def: "30m"},
	{key: "LAPAK_WHATSAPP_NOTIFY_PER_MINUTE", def: "5"},
	{key: "LAPAK_WHATSAPP_PROMOS_PER_DAY", def: "200"},
	{key: "LAPAK_MIDTRANS_SERVER_KEY", secret: true},
	{key: "LAPAK_MIDTRANS_API_URL"},
	{key: "LAPAK_MIDTRANS_LISTEN"}, // deprecated: LAPAK_HTTP_LISTEN
}

func lookupSetting(key string) (setting, bool) {
	for _, s := range settings {
		if s.key == key {
			return s, true
		}
	}
	return setting{}, false
}

// FilePath says which configuration file to read: LAPAK_CONFIG if set
// (it must exist), else lapak.conf in the working directory if present, else "".
func FilePath(getenv func(string) string) string {
	if p := getenv("LAPAK_CONFIG"); p != "" {
		return p
	}
	if _, err := os.Stat(DefaultFile); err == nil {
		return DefaultFile
	}
	return ""
}

// Load reads the file (if path != "") then the environment (env wins),
// applies defaults and validates. Every problem is reported at once, one line
// each (errors.Join); secret values are never part of an error.
func Load(path string, getenv func(string) string) (Config, error) {
	var errs []error
	var file map[string]string
	if path != "" {
		f, err := readFile(path)
		if err != nil {
			return Config{}, err
		}
		file = f
	}
	raw := map[string]string{}
	given := map[string]bool{}
	for _, s := range settings {
		v, ok, err := resolve(s.key, file, getenv)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		given[s.key] = ok
		if !ok {
			v = s.def
		}
		raw[s.key] = v
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	cfg, err := parse(raw)
	cfg.LogLevelSet = given["LAPAK_LOG_LEVEL"]
	return cfg, err
}

// resolve finds a key's value: the environment first, then the file; in each
// source KEY or KEY_FILE (the value read from that file, for secrets).
func resolve(key string, file map[string]string, getenv func(string) string) (string, bool, error) {
	sources := []struct {
		name string
		get  func(string) string
	}{
		{"environment", getenv},
		{"config file", func(k string) string { return file[k] }},
	}
	for _, src := range sources {
		v, ref := src.get(key), src.get(key+"_FILE")
		switch {
		case v != "" && ref != "":
			return "", false, fmt.Errorf("config: %s and %s_FILE are both set in the %s (use one)", key, key, src.name)
		case v != "":
			return v, true, nil
		case ref != "":
			b, err := os.ReadFile(ref)
			if err != nil {
				return "", false, fmt.Errorf("config: %s_FILE: cannot read %q: %v", key, ref, errors.Unwrap(err))
			}
			v := strings.TrimRight(string(b), "\r\n")
			if v == "" {
				return "", false, fmt.Errorf("config: %s_FILE: %q is empty", key, ref)
			}
			return v, true, nil
		}
	}
	return "", false, nil
}

// parse turns raw values into a Config, then checks the fields against each other.
func parse(raw map[string]string) (Config, error) {
	p := parser{raw: raw}
	return parseWith(&p)
}

func parseWith(p *parser) (Config, error) {
	var cfg Config
	cfg.DatabaseURL = p.databaseURL("DATABASE_URL")
	cfg.DBMaxConns = p.intRange("LAPAK_DB_MAX_CONNS", 1, 1000)
	cfg.Shop.Name = p.text("LAPAK_SHOP_NAME", 100)
	cfg.Shop.Language = p.language("LAPAK_LANGUAGE")
	cfg.Shop.Location = p.location("LAPAK_TIMEZONE")
	cfg.Shop.Price = p.priceFormat("LAPAK_PRICE_FORMAT")
	cfg.Shop.PickupAddress = p.optionalText("LAPAK_PICKUP_ADDRESS", lapak.MaxAddressText)
	cfg.Shop.Zones = p.zones("LAPAK_DELIVERY_ZONES")
	cfg.Shop.BankAccounts = p.bankAccounts("LAPAK_BANK_ACCOUNTS")
	cfg.Shop.COD = p.boolean("LAPAK_COD")
	cfg.CODMaxTotal = p.codMaxTotal("LAPAK_COD_MAX_TOTAL")
	cfg.CODZones = p.codZones("LAPAK_COD_ZONES", cfg.Shop.Zones)
	cfg.Shop.QRIS = p.qris("LAPAK_QRIS_STATIC")
	cfg.Shop.OrderTTL = p.ttl("LAPAK_ORDER_TTL")
	cfg.OrderReminder = p.reminder("LAPAK_ORDER_REMINDER", cfg.Shop.OrderTTL)
	cfg.LowStock = p.intRange("LAPAK_LOW_STOCK", 0, lapak.MaxStock)
	cfg.Shop.Quiet = p.quietHours("LAPAK_QUIET_HOURS")
	cfg.CartReminder = p.cartReminder("LAPAK_CART_REMINDER")
	cfg.PromoMaxPerWeek = p.intRange("LAPAK_PROMO_MAX_PER_WEEK", 0, 100) // promo broadcasts
	cfg.Shop.Resellers = lapak.ResellerProgram{Signup: p.resellerSignup("LAPAK_RESELLER_SIGNUP"),
		Terms: p.resellerTerms("LAPAK_RESELLER_TERMS"), ReferralDays: p.intRange("LAPAK_REFERRAL_DAYS", 1, 365)}
	cfg.Shop.Commission = lapak.CommissionPlan{Tiers: p.tiers("LAPAK_RESELLER_TIERS"), Hold: p.days("LAPAK_COMMISSION_HOLD", 0, 90),
		PayoutDays: p.monthDays("LAPAK_PAYOUT_DAYS"), PayoutMin: p.money("LAPAK_PAYOUT_MIN")}
	cfg.Shop.Admins = p.admins("LAPAK_ADMINS")
	cfg.MediaDir = p.text("LAPAK_MEDIA_DIR", 4096)
	cfg.MediaFiles = p.mediaStore("LAPAK_MEDIA_STORE")
	cfg.Demo = p.boolean("LAPAK_DEMO")
	cfg.AllowDemo = p.boolean("LAPAK_ALLOW_DEMO")
	cfg.LogLevel = p.logLevel("LAPAK_LOG_LEVEL")
	cfg.LogFormat = p.logFormat("LAPAK_LOG_FORMAT")
	cfg.HTTP.Listen = p.listen("LAPAK_HTTP_LISTEN")
	if p.value("LAPAK_PUBLIC_URL") != "" {
		cfg.HTTP.PublicURL = p.httpURL("LAPAK_PUBLIC_URL")
	}
	cfg.Dashboard.HandoverIdle = p.durationRange("LAPAK_HANDOVER_IDLE", time.Minute, 24*time.Hour)
	cfg.Telegram = p.telegram()
	cfg.WhatsApp = p.whatsapp()
	cfg.Midtrans = p.midtrans()
	if cfg.Midtrans.ServerKey != "" {
		cfg.Shop.Gateway = "Midtrans"
	}

	// Cross-field rules: the shop must be able to deliver and be paid.
	shop := cfg.Shop
	if shop.PickupAddress == "" && len(shop.Zones) == 0 && p.ok("LAPAK_PICKUP_ADDRESS", "LAPAK_DELIVERY_ZONES") {
		p.failKeys([]string{"LAPAK_PICKUP_ADDRESS", "LAPAK_DELIVERY_ZONES"}, errors.New("config: LAPAK_PICKUP_ADDRESS and LAPAK_DELIVERY_ZONES are both off: customers need pickup or at least one courier zone"))
	}
	prepaid := len(shop.BankAccounts) > 0 || shop.QRIS != "" || shop.Gateway != "" // paid before delivery, so pickup works too
	if !prepaid && !shop.COD && p.ok("LAPAK_BANK_ACCOUNTS", "LAPAK_QRIS_STATIC", "LAPAK_MIDTRANS_SERVER_KEY", "LAPAK_COD") {
		p.failKeys(paymentKeys, errors.New("config: LAPAK_BANK_ACCOUNTS is off, LAPAK_QRIS_STATIC and LAPAK_MIDTRANS_SERVER_KEY are not set and LAPAK_COD is false: customers need a way to pay"))
	}
	if !prepaid && shop.COD && len(shop.Zones) == 0 && p.ok("LAPAK_BANK_ACCOUNTS", "LAPAK_QRIS_STATIC", "LAPAK_MIDTRANS_SERVER_KEY", "LAPAK_COD", "LAPAK_DELIVERY_ZONES") {
		p.failKeys(slices.Concat(paymentKeys, []string{"LAPAK_DELIVERY_ZONES"}), errors.New("config: LAPAK_COD: cash on delivery is for courier orders only and LAPAK_DELIVERY_ZONES is off: set LAPAK_BANK_ACCOUNTS, LAPAK_QRIS_STATIC, LAPAK_MIDTRANS_SERVER_KEY or LAPAK_DELIVERY_ZONES"))
	}
	return cfg, errors.Join(p.errs...)
}

// paymentKeys are the settings that together give customers a way to pay.
var paymentKeys = []string{"LAPAK_BANK_ACCOUNTS", "LAPAK_QRIS_STATIC", "LAPAK_MIDTRANS_SERVER_KEY", "LAPAK_COD"}

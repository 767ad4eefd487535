package config

import (
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lapak-id/lapak"
)

// Limits on list settings, so a pasted mistake cannot build a huge menu.
const (
	maxZones    = 20
	maxAreas    = 200
	maxAccounts = 10
	maxAdmins   = 50
	minOrderTTL = 10 * time.Minute
	maxOrderTTL = 30 * 24 * time.Hour
)

// off is the value that turns an optional feature off (an empty value means
// "not set", so the default applies).
const off = "none"

// parser collects one error per bad setting instead of stopping at the first.
type parser struct {
	raw      map[string]string
	errs     []error
	bad      map[string]bool
	problems []Problem // errs again, each with the settings it is about
}

func (p *parser) fail(key, format string, args ...any) {
	p.failKeys([]string{key}, fmt.Errorf("config: %s: "+format, append([]any{key}, args...)...))
}

// failKeys records an error about several settings together (a rule
// across fields), so a caller can tell which answers to ask again.
func (p *parser) failKeys(keys []string, err error) {
	p.errs = append(p.errs, err)
	p.problems = append(p.problems, Problem{Keys: keys, Err: err})
	if p.bad == nil {
		p.bad = map[string]bool{}
	}
	for _, k := range keys {
		p.bad[k] = true
	}
}

// ok reports whether all keys parsed, so cross-field checks do not pile up
// on a setting that is already reported.
func (p *parser) ok(keys ...string) bool {
	for _, k := range keys {
		if p.bad[k] {
			return false
		}
	}
	return true
}

func (p *parser) value(key string) string { return strings.TrimSpace(p.raw[key]) }

func (p *parser) databaseURL(key string) string {
	v := p.value(key)
	switch {
	case strings.HasPrefix(v, "postgres://"), strings.HasPrefix(v, "postgresql://"):
		if _, err := url.Parse(v); err != nil {
			// The URL may hold a password: name the problem, never the value.
			p.fail(key, "is not a valid URL (use postgres://USER:PASSWORD@HOST:5432/DB?sslmode=disable)")
			return ""
		}
		return v
	case strings.HasPrefix(v, "sqlite:"):
		if strings.TrimPrefix(v, "sqlite:") == "" {
			p.fail(key, "sqlite: needs a file path (use e.g. sqlite:lapak.db)")
			return ""
		}
		return v
	}
	// Only a URL-shaped scheme is shown: "user:pass@host" must not print "user".
	scheme, _, found := strings.Cut(v, "://")
	if !found || scheme == "" || strings.ContainsFunc(scheme, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '-' && r != '.'
	}) {
		scheme = "(none)"
	}
	p.fail(key, "scheme %q is not supported (use postgres://… or sqlite:PATH)", scheme)
	return ""
}

func (p *parser) intRange(key string, min, max int) int {
	v := p.value(key)
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		p.fail(key, "%q is not a whole number between %d and %d", v, min, max)
		return 0
	}
	return n
}

func (p *parser) text(key string, max int) string {
	v := p.value(key)
	if v == "" || utf8.RuneCountInString(v) > max {
		p.fail(key, "must be between 1 and %d characters", max)
		return ""
	}
	return v
}

func (p *parser) optionalText(key string, max int) string {
	v := p.value(key)
	if strings.EqualFold(v, off) {
		return ""
	}
	return p.text(key, max)
}

func (p *parser) language(key string) lapak.Language {
	v := p.value(key)
	l, ok := lapak.ParseLanguage(v)
	if !ok {
		p.fail(key, "%q is not a language (use id or en)", v)
	}
	return l
}

func (p *parser) location(key string) *time.Location {
	v := p.value(key)
	loc, err := time.LoadLocation(v)
	if err != nil || v == "" || strings.EqualFold(v, "local") {
		p.fail(key, "%q is not a time zone (use an IANA name such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura)", v)
		return nil
	}
	return loc
}

// quietHours reads the daily span without promotional messages.
func (p *parser) quietHours(key string) lapak.QuietHours {
	q, err := lapak.ParseQuietHours(p.value(key))
	if err != nil {
		p.fail(key, "%v", err)
	}
	return q
}

// priceFormat reads fifteen thousand rupiah written the seller's way.
func (p *parser) priceFormat(key string) lapak.PriceFormat {
	f, err := lapak.ParsePriceFormat(p.value(key))
	if err != nil {
		p.fail(key, "%s (write fifteen thousand rupiah as your prices should look, e.g. Rp15.000, Rp 15.000, Rp15.000,- or IDR 15.000)",
			strings.TrimPrefix(err.Error(), "price format: "))
	}
	return f
}

// zones reads "Dalam kota=10000; Luar kota=Rp25.000", each zone optionally
// with the cities, regencies or provinces it covers after a colon:
// "Jabodetabek=10000: Jakarta, Depok, Bekasi; Jawa=20000: Bandung, Surabaya".
func (p *parser) zones(key string) []lapak.Zone {
	v := p.value(key)
	if strings.EqualFold(v, off) {
		return nil
	}
	const format = `(use NAME=FEE separated by ";", optionally with the cities after ":", e.g. "Jabodetabek=10000: Jakarta, Depok; Jawa=Rp20.000: Bandung")`
	var zones []lapak.Zone
	seen := map[string]bool{}
	areaZone := map[string]string{}
	for _, item := range strings.Split(v, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		i := strings.Index(item, "=")
		if i < 0 {
			p.fail(key, "%q has no fee %s", item, format)
			return nil
		}
		name, feeText := strings.TrimSpace(item[:i]), strings.TrimSpace(item[i+1:])
		feeText, areaText, hasAreas := strings.Cut(feeText, ":")
		feeText = strings.TrimSpace(feeText)
		if name == "" || utf8.RuneCountInString(name) > 50 {
			p.fail(key, "%q: a zone name must be between 1 and 50 characters %s", item, format)
			return nil
		}
		fee, err := lapak.ParsePrice(feeText)
		if err != nil {
			if freeWord(feeText) {
				// A free zone is written as a fee of 0, like every other fee.
				p.fail(key, "%q: write a free zone's fee as 0, not %q (e.g. \"%s=0\")", name, feeText, name)
				return nil
			}
			p.fail(key, "%q: %q is not a rupiah amount %s", name, feeText, format)
			return nil
		}
		if seen[strings.ToLower(name)] {
			p.fail(key, "zone %q is listed twice", name)
			return nil
		}
		seen[strings.ToLower(name)] = true
		z := lapak.Zone{Name: name, Fee: fee}
		if hasAreas {
			for _, a := range strings.Split(areaText, ",") {
				a = strings.Join(strings.Fields(a), " ")
				switch {
				case a == "":
					continue
				case utf8.RuneCountInString(a) > 50:
					p.fail(key, "zone %q: the place %q is longer than 50 characters %s", name, a, format)
					return nil
				case areaZone[strings.ToLower(a)] != "":
					p.fail(key, "the place %q is in both zone %q and zone %q: a place belongs to one zone", a, areaZone[strings.ToLower(a)], name)
					return nil
				}
				areaZone[strings.ToLower(a)] = name
				z.Areas = append(z.Areas, a)
			}
			if len(z.Areas) == 0 || len(z.Areas) > maxAreas {
				p.fail(key, "zone %q: list between 1 and %d places after \":\" %s", name, maxAreas, format)
				return nil
			}
		}
		zones = append(zones, z)
	}
	if len(zones) == 0 || len(zones) > maxZones {
		p.fail(key, "needs between 1 and %d zones, or %q for no courier delivery %s", maxZones, off, format)
		return nil
	}
	return zones
}

// freeWord reports words sellers write for a free fee; the fee is then
// written as 0 (one way to write an amount, in the file and in setup alike).
func freeWord(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "gratis", "free", "gratis ongkir", "free ongkir", "-":
		return true
	}
	return false
}

// codMaxTotal reads the largest COD order total; empty means no limit.
func (p *parser) codMaxTotal(key string) lapak.Money {
	v := p.value(key)
	if v == "" {
		return 0
	}
	m, err := lapak.ParsePrice(v)
	if err != nil || m <= 0 {
		p.fail(key, "%q is not a rupiah amount (use e.g. 500000 or Rp500.000; empty = no limit)", v)
		return 0
	}
	return m
}

// codZones reads the delivery zones where COD is offered, separated by ";";
// each must be one of zones (any case), and is returned spelled as there.
func (p *parser) codZones(key string, zones []lapak.Zone) []string {
	v := p.value(key)
	var out []string
	for _, item := range strings.Split(v, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		i := slices.IndexFunc(zones, func(z lapak.Zone) bool { return strings.EqualFold(z.Name, item) })
		if i < 0 {
			if !p.ok("LAPAK_DELIVERY_ZONES") {
				return nil // that error is reported already
			}
			if len(zones) == 0 {
				p.fail(key, "%q: LAPAK_DELIVERY_ZONES is off, so there is no courier zone to pay on delivery in (leave LAPAK_COD_ZONES empty)", item)
				return nil
			}
			names := make([]string, len(zones))
			for j, z := range zones {
				names[j] = z.Name
			}
			p.fail(key, "%q is not a zone of LAPAK_DELIVERY_ZONES (%s); use zone names separated by \";\", or leave empty for all zones", item, strings.Join(names, "; "))
			return nil
		}
		if !slices.Contains(out, zones[i].Name) {
			out = append(out, zones[i].Name)
		}
	}
	return out
}

// bankAccounts reads "BCA 1234567890 a.n. Sari Rahayu; BRI 0987-6543-21 a.n. Sari".
// The bank is the words before the number, the number is the words that
// start with a digit (spaces and dashes kept out), the holder follows "a.n.".
func (p *parser) bankAccounts(key string) []lapak.BankAccount {
	v := p.value(key)
	if strings.EqualFold(v, off) {
		return nil
	}
	const format = `(use BANK NUMBER a.n. HOLDER separated by ";", e.g. "BCA 1234567890 a.n. Sari Rahayu")`
	var accounts []lapak.BankAccount
	for _, item := range strings.Split(v, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		acc, ok := parseAccount(item)
		if !ok {
			p.fail(key, "%q is not a bank account %s", item, format)
			return nil
		}
		accounts = append(accounts, acc)
	}
	if len(accounts) == 0 || len(accounts) > maxAccounts {
		p.fail(key, "needs between 1 and %d accounts, or %q for no bank transfer %s", maxAccounts, off, format)
		return nil
	}
	return accounts
}

func parseAccount(item string) (lapak.BankAccount, bool) {
	lower := strings.ToLower(item)
	i := strings.Index(lower, " a.n.")
	sepLen := len(" a.n.")
	if i < 0 {
		i, sepLen = strings.Index(lower, " a/n"), len(" a/n")
	}
	if i < 0 {
		return lapak.BankAccount{}, false
	}
	holder := strings.TrimSpace(item[i+sepLen:])
	words := strings.Fields(item[:i])
	var bank []string
	var number strings.Builder
	digits := 0
	for _, w := range words {
		if number.Len() == 0 && !unicode.IsDigit(rune(w[0])) {
			bank = append(bank, w)
			continue
		}
		for _, r := range w {
			switch {
			case unicode.IsDigit(r):
				digits++
				number.WriteRune(r)
			case r == '-':
				number.WriteRune(r)
			default:
				return lapak.BankAccount{}, false
			}
		}
	}
	if len(bank) == 0 || digits < 5 || digits > 30 || holder == "" || utf8.RuneCountInString(holder) > lapak.MaxNameText {
		return lapak.BankAccount{}, false
	}
	return lapak.BankAccount{Bank: strings.Join(bank, " "), Number: number.String(), Holder: holder}, true
}

func (p *parser) boolean(key string) bool {
	v := p.value(key)
	switch strings.ToLower(v) {
	case "true", "yes", "ya", "on", "1":
		return true
	case "false", "no", "tidak", "off", "0":
		return false
	}
	p.fail(key, "%q is not true or false", v)
	return false
}

// qris checks the seller's static QRIS payload (the text inside the printed
// QR). The error says what is wrong and where, never the long payload.
func (p *parser) qris(key string) string {
	v := p.value(key)
	if v == "" || strings.EqualFold(v, off) {
		return ""
	}
	if _, err := lapak.ParseQRIS(v); err != nil {
		p.fail(key, "not a valid QRIS: %s (paste the whole text inside your static QRIS, as a QR scanner app shows it)",
			strings.TrimPrefix(err.Error(), "qris: "))
		return ""
	}
	return v
}

// ttl reads a Go duration ("24h", "90m"), or whole days ("2d") as sellers write them.
func (p *parser) ttl(key string) time.Duration {
	v := p.value(key)
	d, err := time.ParseDuration(v)
	if days, ok := strings.CutSuffix(v, "d"); ok && err != nil {
		if n, aerr := strconv.Atoi(days); aerr == nil && n > 0 && n <= 30 {
			d, err = time.Duration(n)*24*time.Hour, nil
		}
	}
	if err != nil {
		p.fail(key, "%q is not a duration (use e.g. 24h or 90m, between 10m and 720h)", v)
		return 0
	}
	if d < minOrderTTL || d > maxOrderTTL {
		p.fail(key, "%q is out of range (use a duration between 10m and 720h)", v)
		return 0
	}
	return d
}

// reminder reads when unpaid orders are reminded: "half" (of ttl), "off",
// or how long before expiry ("2h"), which must leave time after the order.
func (p *parser) reminder(key string, ttl time.Duration) time.Duration {
	v := strings.ToLower(p.value(key))
	switch v {
	case "half", "":
		return ttl / 2
	case "off", "none", "false", "tidak":
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		p.fail(key, "%q is not a duration (use half, off, or how long before an unpaid order expires, e.g. 2h or 90m)", v)
		return 0
	}
	if ttl > 0 && d >= ttl {
		p.fail(key, "%q is not shorter than LAPAK_ORDER_TTL (%s): the reminder would go out with the order (use a shorter duration, half or off)", v, p.value("LAPAK_ORDER_TTL"))
		return 0
	}
	return d
}

// cartReminder reads how long a cart is left untouched before its
// reminder: a Go duration (90m, 3h) or whole days (1d), or "off".
func (p *parser) cartReminder(key string) time.Duration {
	v := strings.ToLower(strings.TrimSpace(p.value(key)))
	switch v {
	case "off", "none", "false", "tidak":
		return 0
	}
	const format = "use how long a cart is left untouched, e.g. 3h, 90m or 1d, or off"
	d, err := time.ParseDuration(v)
	if days, ok := strings.CutSuffix(v, "d"); ok && err != nil {
		if n, aerr := strconv.Atoi(days); aerr == nil && n > 0 && n <= 3 {
			d, err = time.Duration(n)*24*time.Hour, nil
		}
	}
	if err != nil {
		p.fail(key, "%q is not a duration (%s)", v, format)
		return 0
	}
	if d < lapak.CartReminderMin || d > lapak.CartReminderMax {
		p.fail(key, "%q is out of range (use a duration between 15m and 72h (3d), or off)", v)
		return 0
	}
	return d
}

// admins reads "console:seller, telegram:123456789, whatsapp:6281234567890".
func (p *parser) admins(key string) []lapak.Identity {
	v := p.value(key)
	const format = `(use CHANNEL:ID separated by ",", e.g. "telegram:123456789, whatsapp:6281234567890, console:admin")`
	var ids []lapak.Identity
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		ch, id, _ := strings.Cut(item, ":")
		ch, id = strings.ToLower(strings.TrimSpace(ch)), strings.TrimSpace(id)
		switch lapak.Channel(ch) {
		case lapak.ChannelConsole:
			if id == "" || strings.ContainsFunc(id, unicode.IsSpace) || len(id) > 64 {
				p.fail(key, "%q: a console user is one word %s", item, format)
				return nil
			}
		case lapak.ChannelTelegram:
			if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 {
				p.fail(key, "%q: a Telegram admin is the numeric user id (ask @userinfobot) %s", item, format)
				return nil
			}
		case lapak.ChannelWhatsApp:
			if !allDigits(id) || len(id) < 8 || len(id) > 15 || id[0] == '0' {
				p.fail(key, "%q: a WhatsApp admin is the phone number in international format without + (e.g. 6281234567890)", item)
				return nil
			}
		default:
			p.fail(key, "%q: unknown channel %q (use console, telegram or whatsapp) %s", item, ch, format)
			return nil
		}
		idt := lapak.Identity{Channel: lapak.Channel(ch), ChatID: id}
		if !containsIdentity(ids, idt) {
			ids = append(ids, idt)
		}
	}
	if len(ids) == 0 || len(ids) > maxAdmins {
		p.fail(key, "needs between 1 and %d admins, who receive the order notifications %s", maxAdmins, format)
		return nil
	}
	return ids
}

func containsIdentity(ids []lapak.Identity, id lapak.Identity) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Log formats (LAPAK_LOG_FORMAT).
const (
	LogText = "text"
	LogJSON = "json"
)

func (p *parser) logFormat(key string) string {
	switch v := strings.ToLower(p.value(key)); v {
	case LogText, LogJSON:
		return v
	}
	p.fail(key, "%q is not a log format (use text or json)", p.value(key))
	return LogText
}

func (p *parser) logLevel(key string) slog.Level {
	v := p.value(key)
	switch strings.ToLower(v) {
	case "debug":
		return slog.LevelDebug
	case "info":
		return slog.LevelInfo
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	p.fail(key, "%q is not a log level (use debug, info, warn or error)", v)
	return slog.LevelInfo
}

var (
	telegramToken  = regexp.MustCompile(`^[0-9]{3,15}:[A-Za-z0-9_-]{30,64}$`)
	telegramSecret = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// telegram reads the Telegram settings. Without a token the channel is off
// and the other settings are not checked.
func (p *parser) telegram() Telegram {
	t := Telegram{
		Token:         p.value("LAPAK_TELEGRAM_TOKEN"),
		APIURL:        p.httpURL("LAPAK_TELEGRAM_API_URL"),
		WebhookURL:    p.value("LAPAK_TELEGRAM_WEBHOOK_URL"),
		Listen:        p.optionalListen("LAPAK_TELEGRAM_LISTEN"),
		WebhookSecret: p.value("LAPAK_TELEGRAM_WEBHOOK_SECRET"),
	}
	if t.Token == "" {
		if t.WebhookURL != "" {
			p.fail("LAPAK_TELEGRAM_WEBHOOK_URL", "is set but LAPAK_TELEGRAM_TOKEN is not: the webhook needs the bot token from @BotFather")
		}
		return t
	}
	if !telegramToken.MatchString(t.Token) {
		// Never echo a token, even a malformed one.
		p.fail("LAPAK_TELEGRAM_TOKEN", "does not look like a bot token (@BotFather gives one like 123456789:AAE…, digits, a colon, then 30+ letters, digits, _ or -)")
	}
	if t.WebhookURL == "" {
		return t
	}
	t.WebhookURL = p.httpURL("LAPAK_TELEGRAM_WEBHOOK_URL")
	if u, err := url.Parse(t.WebhookURL); err == nil && reservedPath(u.Path) {
		p.fail("LAPAK_TELEGRAM_WEBHOOK_URL", "the path %q is Lapak's own (%s); use another, e.g. /telegram/webhook", u.Path, strings.Join(reservedPaths, ", "))
	}
	if !telegramSecret.MatchString(t.WebhookSecret) {
		p.fail("LAPAK_TELEGRAM_WEBHOOK_SECRET", "must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule); it is required with a webhook")
	}
	return t
}

// httpURL reads an http(s) URL with a host.
func (p *parser) httpURL(key string) string {
	v := p.value(key)
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.fail(key, "%q is not an http(s) URL (e.g. https://api.telegram.org)", v)
		return ""
	}
	return strings.TrimRight(v, "/")
}

// durationRange reads a duration ("30m", "2h") between min and max.
func (p *parser) durationRange(key string, min, max time.Duration) time.Duration {
	v := p.value(key)
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		p.fail(key, "%q is not a duration (use e.g. 30m or 2h, between %s and %s)", v, short(min), short(max))
	case d < min || d > max:
		p.fail(key, "%q is out of range (use a duration between %s and %s)", v, short(min), short(max))
	default:
		return d
	}
	return 0
}

// short writes a duration the way people type it ("1m", "24h").
func short(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	return strings.TrimSuffix(s, "0m")
}

// whatsapp reads the WhatsApp settings.
func (p *parser) whatsapp() WhatsApp {
	w := WhatsApp{StepBack: 30 * time.Minute}
	switch v := strings.ToLower(p.value("LAPAK_WHATSAPP")); v {
	case "auto":
		w.Mode = WhatsAppAuto
	case "on", "true", "yes", "ya", "1":
		w.Mode = WhatsAppOn
	case "off", "false", "no", "tidak", "0":
		w.Mode = WhatsAppOff
	default:
		p.fail("LAPAK_WHATSAPP", "%q is not auto, on or off", p.value("LAPAK_WHATSAPP"))
	}
	v := p.value("LAPAK_WHATSAPP_STEP_BACK")
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		p.fail("LAPAK_WHATSAPP_STEP_BACK", "%q is not a duration (use e.g. 30m or 2h, between 1m and 24h)", v)
	case d < time.Minute || d > 24*time.Hour:
		p.fail("LAPAK_WHATSAPP_STEP_BACK", "%q is out of range (use a duration between 1m and 24h)", v)
	default:
		w.StepBack = d
	}
	w.NotifyPerMinute = p.intRange("LAPAK_WHATSAPP_NOTIFY_PER_MINUTE", 1, 20)
	w.PromosPerDay = p.intRange("LAPAK_WHATSAPP_PROMOS_PER_DAY", 1, 100_000)
	return w
}

// resellerSignup reads LAPAK_RESELLER_SIGNUP: open, approval or off.
func (p *parser) resellerSignup(key string) lapak.ResellerSignup {
	v := strings.ToLower(p.value(key))
	switch s := lapak.ResellerSignup(v); s {
	case lapak.SignupOpen, lapak.SignupApproval, lapak.SignupOff:
		return s
	}
	p.fail(key, "%q is not open, approval or off", p.value(key))
	return lapak.SignupApproval
}

// resellerTerms reads LAPAK_RESELLER_TERMS: "" for the default terms; a
// typed \n is a new line.
func (p *parser) resellerTerms(key string) string {
	v := p.value(key)
	if v == "" {
		return ""
	}
	v = strings.ReplaceAll(v, `\n`, "\n")
	if utf8.RuneCountInString(v) > 2000 {
		p.fail(key, "must be at most 2000 characters")
		return ""
	}
	return v
}

// tiers reads LAPAK_RESELLER_TIERS (lapak.ParseTiers).
func (p *parser) tiers(key string) lapak.Tiers {
	ts, err := lapak.ParseTiers(p.value(key))
	if err != nil {
		p.fail(key, "%s (use NAME=RATE separated by \";\", the higher ones with the 90-day sales that reach them, e.g. \"Bronze=5%%; Silver=8%% dari 2jt; Gold=12%% dari 5jt\")", err)
		return nil
	}
	return ts
}

// days reads whole days ("7d", "7", "0") from min to max.
func (p *parser) days(key string, min, max int) time.Duration {
	v := strings.TrimSuffix(strings.ToLower(p.value(key)), "d")
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < min || n > max {
		p.fail(key, "%q is not a number of days from %d to %d (e.g. 7d)", p.value(key), min, max)
		return 0
	}
	return time.Duration(n) * 24 * time.Hour
}

// monthDays reads days of the month, "1,16": each from 1 to 28 (every
// month has them), at most 4.
func (p *parser) monthDays(key string) []int {
	var out []int
	for f := range strings.SplitSeq(p.value(key), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 28 || slices.Contains(out, n) {
			p.fail(key, "%q is not a list of days of the month from 1 to 28 (e.g. 1,16)", p.value(key))
			return nil
		}
		out = append(out, n)
	}
	if len(out) > 4 {
		p.fail(key, "%q names more than 4 days", p.value(key))
		return nil
	}
	slices.Sort(out)
	return out
}

// money reads an amount as sellers write it (lapak.ParsePrice), 0 allowed.
func (p *parser) money(key string) lapak.Money {
	m, err := lapak.ParsePrice(p.value(key))
	if err != nil || m > lapak.MaxMoney {
		p.fail(key, "%q is not a rupiah amount (e.g. 50000, 50rb or Rp50.000)", p.value(key))
		return 0
	}
	return m
}

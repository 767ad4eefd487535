package config

import (
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
)

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestDefaultsGiveAWorkingDemoShop(t *testing.T) {
	cfg, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DatabaseURL != "sqlite:lapak.db" || cfg.DBMaxConns != 32 || cfg.MediaDir != "lapak-media" || !cfg.Demo || cfg.LogLevel != slog.LevelInfo || cfg.LogLevelSet {
		t.Errorf("defaults: %+v", cfg)
	}
	s := cfg.Shop
	if s.Name != "Toko Lapak Demo" || s.Language != lapak.Indonesian || s.Location.String() != "Asia/Jakarta" || s.Price.Format(15000) != "Rp15.000" {
		t.Errorf("shop identity: %+v", s)
	}
	if s.PickupAddress == "" || len(s.Zones) != 2 || !s.COD || s.OrderTTL != 24*time.Hour {
		t.Errorf("shop delivery: %+v", s)
	}
	if cfg.CODMaxTotal != 0 || cfg.CODZones != nil {
		t.Errorf("COD limits by default: %d %v", cfg.CODMaxTotal, cfg.CODZones)
	}
	if r := s.Resellers; r.Signup != lapak.SignupApproval || r.Terms != "" || r.ReferralDays != 30 {
		t.Errorf("resellers by default: %+v", r)
	}
	if cfg.OrderReminder != 12*time.Hour || cfg.LowStock != 3 {
		t.Errorf("reminder %s, low stock %d; want 12h and 3", cfg.OrderReminder, cfg.LowStock)
	}
	wantBank := []lapak.BankAccount{{Bank: "BCA", Number: "1234567890", Holder: "Toko Lapak Demo"}}
	if !reflect.DeepEqual(s.BankAccounts, wantBank) {
		t.Errorf("bank accounts = %+v", s.BankAccounts)
	}
	if !slices.Contains(s.Admins, lapak.Identity{Channel: lapak.ChannelConsole, ChatID: "admin"}) {
		t.Errorf("admins = %+v", s.Admins)
	}
	if got := s.PaymentMethods(); !reflect.DeepEqual(got, []lapak.PaymentMethod{lapak.PayTransfer, lapak.PayCOD}) {
		t.Errorf("payment methods = %v", got)
	}
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		check func(t *testing.T, c Config)
	}{
		{"postgres url", map[string]string{"DATABASE_URL": "postgres://u:p@db:5432/lapak?sslmode=disable"}, func(t *testing.T, c Config) {
			if c.DatabaseURL != "postgres://u:p@db:5432/lapak?sslmode=disable" {
				t.Error(c.DatabaseURL)
			}
		}},
		{"zones with their cities", map[string]string{"LAPAK_DELIVERY_ZONES": "Jabodetabek=10000: Jakarta, Depok ,  Bekasi; Jawa=Rp20.000: Bandung, Surabaya; Luar Jawa=40000"}, func(t *testing.T, c Config) {
			want := []lapak.Zone{{Name: "Jabodetabek", Fee: 10000, Areas: []string{"Jakarta", "Depok", "Bekasi"}},
				{Name: "Jawa", Fee: 20000, Areas: []string{"Bandung", "Surabaya"}}, {Name: "Luar Jawa", Fee: 40000}}
			if !reflect.DeepEqual(c.Shop.Zones, want) {
				t.Errorf("%+v", c.Shop.Zones)
			}
		}},
		{"zones with rupiah formatting", map[string]string{"LAPAK_DELIVERY_ZONES": "Dalam kota=Rp10.000; Luar kota = 25.000 ;Gratis=0;"}, func(t *testing.T, c Config) {
			want := []lapak.Zone{{Name: "Dalam kota", Fee: 10000}, {Name: "Luar kota", Fee: 25000}, {Name: "Gratis", Fee: 0}}
			if !reflect.DeepEqual(c.Shop.Zones, want) {
				t.Errorf("%+v", c.Shop.Zones)
			}
		}},
		{"bank accounts as sellers type them", map[string]string{"LAPAK_BANK_ACCOUNTS": "BCA 1234567890 a.n. Sari Rahayu; Bank Jago 1002-3004-5 A.N. Sari R.; DANA 0812 3456 7890 a/n Sari"}, func(t *testing.T, c Config) {
			want := []lapak.BankAccount{
				{Bank: "BCA", Number: "1234567890", Holder: "Sari Rahayu"},
				{Bank: "Bank Jago", Number: "1002-3004-5", Holder: "Sari R."},
				{Bank: "DANA", Number: "081234567890", Holder: "Sari"},
			}
			if !reflect.DeepEqual(c.Shop.BankAccounts, want) {
				t.Errorf("%+v", c.Shop.BankAccounts)
			}
		}},
		{"admins", map[string]string{"LAPAK_ADMINS": "console:seller, Telegram:123456789,whatsapp:6281234567890, console:seller"}, func(t *testing.T, c Config) {
			want := []lapak.Identity{{Channel: "console", ChatID: "seller"}, {Channel: "telegram", ChatID: "123456789"}, {Channel: "whatsapp", ChatID: "6281234567890"}}
			if !reflect.DeepEqual(c.Shop.Admins, want) {
				t.Errorf("%+v", c.Shop.Admins)
			}
		}},
		{"order ttl in days", map[string]string{"LAPAK_ORDER_TTL": "2d"}, func(t *testing.T, c Config) {
			if c.Shop.OrderTTL != 48*time.Hour {
				t.Error(c.Shop.OrderTTL)
			}
		}},
		{"order reminder halfway by default", map[string]string{"LAPAK_ORDER_TTL": "2d"}, func(t *testing.T, c Config) {
			if c.OrderReminder != 24*time.Hour {
				t.Error(c.OrderReminder)
			}
		}},
		{"order reminder before expiry", map[string]string{"LAPAK_ORDER_REMINDER": "2h"}, func(t *testing.T, c Config) {
			if c.OrderReminder != 2*time.Hour {
				t.Error(c.OrderReminder)
			}
		}},
		{"order reminder off", map[string]string{"LAPAK_ORDER_REMINDER": "off"}, func(t *testing.T, c Config) {
			if c.OrderReminder != 0 {
				t.Error(c.OrderReminder)
			}
		}},
		// Cart reminders (issue 12).
		{"cart reminder default", nil, func(t *testing.T, c Config) {
			if c.CartReminder != 3*time.Hour {
				t.Error(c.CartReminder)
			}
		}},
		{"cart reminder minutes", map[string]string{"LAPAK_CART_REMINDER": "90m"}, func(t *testing.T, c Config) {
			if c.CartReminder != 90*time.Minute {
				t.Error(c.CartReminder)
			}
		}},
		{"cart reminder a day", map[string]string{"LAPAK_CART_REMINDER": "1d"}, func(t *testing.T, c Config) {
			if c.CartReminder != 24*time.Hour {
				t.Error(c.CartReminder)
			}
		}},
		{"commission plan", map[string]string{"LAPAK_RESELLER_TIERS": "Bronze=5%; Gold=12% dari 5jt", "LAPAK_COMMISSION_HOLD": "14d",
			"LAPAK_PAYOUT_DAYS": "16, 1", "LAPAK_PAYOUT_MIN": "100rb"}, func(t *testing.T, c Config) {
			p := c.Shop.Commission
			if p.Tiers.String() != "Bronze=5%; Gold=12% dari 5.000.000" || p.Hold != 14*24*time.Hour ||
				!slices.Equal(p.PayoutDays, []int{1, 16}) || p.PayoutMin != 100000 {
				t.Errorf("commission plan %+v", p)
			}
		}},
		{"commission defaults", nil, func(t *testing.T, c Config) {
			p := c.Shop.Commission
			if p.Tiers.String() != "Reseller=5%" || p.Hold != 7*24*time.Hour || !slices.Equal(p.PayoutDays, []int{1, 16}) || p.PayoutMin != 50000 {
				t.Errorf("commission defaults %+v", p)
			}
		}},
		{"cart reminder off", map[string]string{"LAPAK_CART_REMINDER": "off"}, func(t *testing.T, c Config) {
			if c.CartReminder != 0 {
				t.Error(c.CartReminder)
			}
		}},
		{"cod limits", map[string]string{"LAPAK_COD_MAX_TOTAL": "Rp500.000", "LAPAK_COD_ZONES": "dalam KOTA; Dalam kota"}, func(t *testing.T, c Config) {
			if c.CODMaxTotal != 500000 || !reflect.DeepEqual(c.CODZones, []string{"Dalam kota"}) {
				t.Error(c.CODMaxTotal, c.CODZones)
			}
		}},
		{"resellers", map[string]string{"LAPAK_RESELLER_SIGNUP": "Open", "LAPAK_RESELLER_TERMS": `Satu.\nDua.`, "LAPAK_REFERRAL_DAYS": "7"}, func(t *testing.T, c Config) {
			r := c.Shop.Resellers
			if r.Signup != lapak.SignupOpen || r.Terms != "Satu.\nDua." || r.ReferralDays != 7 {
				t.Errorf("%+v", r)
			}
		}},
		{"low stock off", map[string]string{"LAPAK_LOW_STOCK": "0"}, func(t *testing.T, c Config) {
			if c.LowStock != 0 {
				t.Error(c.LowStock)
			}
		}},
		{"order ttl bounds", map[string]string{"LAPAK_ORDER_TTL": "10m"}, func(t *testing.T, c Config) {
			if c.Shop.OrderTTL != 10*time.Minute {
				t.Error(c.Shop.OrderTTL)
			}
		}},
		{"english, other zone, words for booleans", map[string]string{"LAPAK_LANGUAGE": "en", "LAPAK_TIMEZONE": "Asia/Makassar", "LAPAK_COD": "tidak", "LAPAK_DEMO": "no"}, func(t *testing.T, c Config) {
			if c.Shop.Language != lapak.English || c.Shop.Location.String() != "Asia/Makassar" || c.Shop.COD || c.Demo {
				t.Errorf("%+v", c)
			}
		}},
		{"pickup only, transfer only", map[string]string{"LAPAK_DELIVERY_ZONES": "none", "LAPAK_COD": "false"}, func(t *testing.T, c Config) {
			if c.Shop.Zones != nil || c.Shop.PickupAddress == "" {
				t.Errorf("%+v", c.Shop)
			}
		}},
		{"courier only, cod only", map[string]string{"LAPAK_PICKUP_ADDRESS": "NONE", "LAPAK_BANK_ACCOUNTS": "none"}, func(t *testing.T, c Config) {
			if c.Shop.PickupAddress != "" || c.Shop.BankAccounts != nil || !c.Shop.COD {
				t.Errorf("%+v", c.Shop)
			}
		}},
		{"price format as the seller writes it", map[string]string{"LAPAK_PRICE_FORMAT": " Rp 15.000,- "}, func(t *testing.T, c Config) {
			if c.Shop.Price != (lapak.PriceFormat{Prefix: "Rp ", Suffix: ",-"}) || c.Shop.Price.Format(1250000) != "Rp 1.250.000,-" {
				t.Errorf("%+v", c.Shop.Price)
			}
		}},
		{"price format IDR", map[string]string{"LAPAK_PRICE_FORMAT": "IDR 15.000"}, func(t *testing.T, c Config) {
			if got := c.Shop.Price.Format(12000); got != "IDR 12.000" {
				t.Error(got)
			}
		}},
		{"log level", map[string]string{"LAPAK_LOG_LEVEL": "warning"}, func(t *testing.T, c Config) {
			if c.LogLevel != slog.LevelWarn || !c.LogLevelSet {
				t.Error(c.LogLevel)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load("", env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestEveryBadValueIsOneClearLine(t *testing.T) {
	tests := []struct {
		key, value, want string
	}{
		{"DATABASE_URL", "mysql://root:hunter2@db/lapak", `config: DATABASE_URL: scheme "mysql" is not supported (use postgres://… or sqlite:PATH)`},
		{"DATABASE_URL", "lapak.db", `config: DATABASE_URL: scheme "(none)" is not supported (use postgres://… or sqlite:PATH)`},
		{"DATABASE_URL", "lapak:hunter2@db:5432/lapak", `config: DATABASE_URL: scheme "(none)" is not supported (use postgres://… or sqlite:PATH)`},
		{"DATABASE_URL", "sqlite:", `config: DATABASE_URL: sqlite: needs a file path (use e.g. sqlite:lapak.db)`},
		{"DATABASE_URL", "postgres://u:hunter2@db:5432/x%zz", `config: DATABASE_URL: is not a valid URL (use postgres://USER:PASSWORD@HOST:5432/DB?sslmode=disable)`},
		{"LAPAK_DB_MAX_CONNS", "0", `config: LAPAK_DB_MAX_CONNS: "0" is not a whole number between 1 and 1000`},
		{"LAPAK_DB_MAX_CONNS", "many", `config: LAPAK_DB_MAX_CONNS: "many" is not a whole number between 1 and 1000`},
		{"LAPAK_SHOP_NAME", strings.Repeat("x", 101), `config: LAPAK_SHOP_NAME: must be between 1 and 100 characters`},
		{"LAPAK_LANGUAGE", "jv", `config: LAPAK_LANGUAGE: "jv" is not a language (use id or en)`},
		{"LAPAK_TIMEZONE", "WIB", `config: LAPAK_TIMEZONE: "WIB" is not a time zone (use an IANA name such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura)`},
		{"LAPAK_TIMEZONE", "Local", `config: LAPAK_TIMEZONE: "Local" is not a time zone (use an IANA name such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura)`},
		{"LAPAK_PRICE_FORMAT", "Rp15000", `config: LAPAK_PRICE_FORMAT: "Rp15000" does not contain 15.000: write fifteen thousand rupiah your way, with the thousands dot (write fifteen thousand rupiah as your prices should look, e.g. Rp15.000, Rp 15.000, Rp15.000,- or IDR 15.000)`},
		{"LAPAK_PRICE_FORMAT", "Rp 12.500", `config: LAPAK_PRICE_FORMAT: "Rp 12.500" does not contain 15.000: write fifteen thousand rupiah your way, with the thousands dot (write fifteen thousand rupiah as your prices should look, e.g. Rp15.000, Rp 15.000, Rp15.000,- or IDR 15.000)`},
		{"LAPAK_PRICE_FORMAT", "15.000", `config: LAPAK_PRICE_FORMAT: "15.000" alone does not say it is rupiah: add Rp or IDR, e.g. Rp15.000 (write fifteen thousand rupiah as your prices should look, e.g. Rp15.000, Rp 15.000, Rp15.000,- or IDR 15.000)`},
		{"LAPAK_PRICE_FORMAT", "Rp15.000,00", `config: LAPAK_PRICE_FORMAT: the text after 15.000 (",00") contains a digit: write exactly fifteen thousand, 15.000 (write fifteen thousand rupiah as your prices should look, e.g. Rp15.000, Rp 15.000, Rp15.000,- or IDR 15.000)`},
		{"LAPAK_PRICE_FORMAT", "Harga Rupiah 15.000", `config: LAPAK_PRICE_FORMAT: the text before 15.000 ("Harga Rupiah ") is longer than 10 characters (write fifteen thousand rupiah as your prices should look, e.g. Rp15.000, Rp 15.000, Rp15.000,- or IDR 15.000)`},
		{"LAPAK_PICKUP_ADDRESS", strings.Repeat("x", 301), `config: LAPAK_PICKUP_ADDRESS: must be between 1 and 300 characters`},
		{"LAPAK_DELIVERY_ZONES", "Dalam kota 10000", `config: LAPAK_DELIVERY_ZONES: "Dalam kota 10000" has no fee (use NAME=FEE separated by ";", optionally with the cities after ":", e.g. "Jabodetabek=10000: Jakarta, Depok; Jawa=Rp20.000: Bandung")`},
		{"LAPAK_DELIVERY_ZONES", "Dalam kota=sepuluh ribu", `config: LAPAK_DELIVERY_ZONES: "Dalam kota": "sepuluh ribu" is not a rupiah amount (use NAME=FEE separated by ";", optionally with the cities after ":", e.g. "Jabodetabek=10000: Jakarta, Depok; Jawa=Rp20.000: Bandung")`},
		{"LAPAK_DELIVERY_ZONES", "=10000", `config: LAPAK_DELIVERY_ZONES: "=10000": a zone name must be between 1 and 50 characters (use NAME=FEE separated by ";", optionally with the cities after ":", e.g. "Jabodetabek=10000: Jakarta, Depok; Jawa=Rp20.000: Bandung")`},
		{"LAPAK_DELIVERY_ZONES", "Kota=1; kota=2", `config: LAPAK_DELIVERY_ZONES: zone "kota" is listed twice`},
		{"LAPAK_DELIVERY_ZONES", "Jabodetabek=10000: Jakarta, Depok; Jawa=20000: depok", `config: LAPAK_DELIVERY_ZONES: the place "depok" is in both zone "Jabodetabek" and zone "Jawa": a place belongs to one zone`},
		{"LAPAK_DELIVERY_ZONES", "Jabodetabek=10000: , ,", `config: LAPAK_DELIVERY_ZONES: zone "Jabodetabek": list between 1 and 200 places after ":" (use NAME=FEE separated by ";", optionally with the cities after ":", e.g. "Jabodetabek=10000: Jakarta, Depok; Jawa=Rp20.000: Bandung")`},
		{"LAPAK_DELIVERY_ZONES", ";;", `config: LAPAK_DELIVERY_ZONES: needs between 1 and 20 zones, or "none" for no courier delivery (use NAME=FEE separated by ";", optionally with the cities after ":", e.g. "Jabodetabek=10000: Jakarta, Depok; Jawa=Rp20.000: Bandung")`},
		{"LAPAK_BANK_ACCOUNTS", "BCA 1234567890", `config: LAPAK_BANK_ACCOUNTS: "BCA 1234567890" is not a bank account (use BANK NUMBER a.n. HOLDER separated by ";", e.g. "BCA 1234567890 a.n. Sari Rahayu")`},
		{"LAPAK_BANK_ACCOUNTS", "1234567890 a.n. Sari", `config: LAPAK_BANK_ACCOUNTS: "1234567890 a.n. Sari" is not a bank account (use BANK NUMBER a.n. HOLDER separated by ";", e.g. "BCA 1234567890 a.n. Sari Rahayu")`},
		{"LAPAK_BANK_ACCOUNTS", "BCA 12x45678 a.n. Sari", `config: LAPAK_BANK_ACCOUNTS: "BCA 12x45678 a.n. Sari" is not a bank account (use BANK NUMBER a.n. HOLDER separated by ";", e.g. "BCA 1234567890 a.n. Sari Rahayu")`},
		{"LAPAK_BANK_ACCOUNTS", "BCA 123 a.n. Sari", `config: LAPAK_BANK_ACCOUNTS: "BCA 123 a.n. Sari" is not a bank account (use BANK NUMBER a.n. HOLDER separated by ";", e.g. "BCA 1234567890 a.n. Sari Rahayu")`},
		{"LAPAK_BANK_ACCOUNTS", "BCA 1234567890 a.n.", `config: LAPAK_BANK_ACCOUNTS: "BCA 1234567890 a.n." is not a bank account (use BANK NUMBER a.n. HOLDER separated by ";", e.g. "BCA 1234567890 a.n. Sari Rahayu")`},
		{"LAPAK_BANK_ACCOUNTS", ";", `config: LAPAK_BANK_ACCOUNTS: needs between 1 and 10 accounts, or "none" for no bank transfer (use BANK NUMBER a.n. HOLDER separated by ";", e.g. "BCA 1234567890 a.n. Sari Rahayu")`},
		{"LAPAK_COD", "maybe", `config: LAPAK_COD: "maybe" is not true or false`},
		{"LAPAK_ORDER_TTL", "2x", `config: LAPAK_ORDER_TTL: "2x" is not a duration (use e.g. 24h or 90m, between 10m and 720h)`},
		{"LAPAK_ORDER_TTL", "5m", `config: LAPAK_ORDER_TTL: "5m" is out of range (use a duration between 10m and 720h)`},
		{"LAPAK_ORDER_TTL", "721h", `config: LAPAK_ORDER_TTL: "721h" is out of range (use a duration between 10m and 720h)`},
		{"LAPAK_ORDER_TTL", "31d", `config: LAPAK_ORDER_TTL: "31d" is not a duration (use e.g. 24h or 90m, between 10m and 720h)`},
		{"LAPAK_ORDER_REMINDER", "soon", `config: LAPAK_ORDER_REMINDER: "soon" is not a duration (use half, off, or how long before an unpaid order expires, e.g. 2h or 90m)`},
		{"LAPAK_ORDER_REMINDER", "24h", `config: LAPAK_ORDER_REMINDER: "24h" is not shorter than LAPAK_ORDER_TTL (24h): the reminder would go out with the order (use a shorter duration, half or off)`},
		{"LAPAK_RESELLER_TIERS", "Bronze=5%; Silver=4% dari 1jt", `config: LAPAK_RESELLER_TIERS: "Silver": a higher level gives a lower rate than Bronze (use NAME=RATE separated by ";", the higher ones with the 90-day sales that reach them, e.g. "Bronze=5%; Silver=8% dari 2jt; Gold=12% dari 5jt")`},
		{"LAPAK_COMMISSION_HOLD", "seminggu", `config: LAPAK_COMMISSION_HOLD: "seminggu" is not a number of days from 0 to 90 (e.g. 7d)`},
		{"LAPAK_PAYOUT_DAYS", "1,31", `config: LAPAK_PAYOUT_DAYS: "1,31" is not a list of days of the month from 1 to 28 (e.g. 1,16)`},
		{"LAPAK_PAYOUT_MIN", "banyak", `config: LAPAK_PAYOUT_MIN: "banyak" is not a rupiah amount (e.g. 50000, 50rb or Rp50.000)`},
		{"LAPAK_CART_REMINDER", "nanti", `config: LAPAK_CART_REMINDER: "nanti" is not a duration (use how long a cart is left untouched, e.g. 3h, 90m or 1d, or off)`},
		{"LAPAK_CART_REMINDER", "5m", `config: LAPAK_CART_REMINDER: "5m" is out of range (use a duration between 15m and 72h (3d), or off)`},
		{"LAPAK_CART_REMINDER", "7d", `config: LAPAK_CART_REMINDER: "7d" is not a duration (use how long a cart is left untouched, e.g. 3h, 90m or 1d, or off)`},
		{"LAPAK_COD_MAX_TOTAL", "lima ratus ribu", `config: LAPAK_COD_MAX_TOTAL: "lima ratus ribu" is not a rupiah amount (use e.g. 500000 or Rp500.000; empty = no limit)`},
		{"LAPAK_COD_ZONES", "Dalam kota; Bandung", `config: LAPAK_COD_ZONES: "Bandung" is not a zone of LAPAK_DELIVERY_ZONES (Dalam kota; Luar kota); use zone names separated by ";", or leave empty for all zones`},
		{"LAPAK_LOW_STOCK", "-1", `config: LAPAK_LOW_STOCK: "-1" is not a whole number between 0 and 1000000`},
		{"LAPAK_RESELLER_SIGNUP", "maybe", `config: LAPAK_RESELLER_SIGNUP: "maybe" is not open, approval or off`},
		{"LAPAK_REFERRAL_DAYS", "0", `config: LAPAK_REFERRAL_DAYS: "0" is not a whole number between 1 and 365`},
		{"LAPAK_ADMINS", "seller", `config: LAPAK_ADMINS: "seller": unknown channel "seller" (use console, telegram or whatsapp) (use CHANNEL:ID separated by ",", e.g. "telegram:123456789, whatsapp:6281234567890, console:admin")`},
		{"LAPAK_ADMINS", "telegram:@sari", `config: LAPAK_ADMINS: "telegram:@sari": a Telegram admin is the numeric user id (ask @userinfobot) (use CHANNEL:ID separated by ",", e.g. "telegram:123456789, whatsapp:6281234567890, console:admin")`},
		{"LAPAK_ADMINS", "whatsapp:081234567890", `config: LAPAK_ADMINS: "whatsapp:081234567890": a WhatsApp admin is the phone number in international format without + (e.g. 6281234567890)`},
		{"LAPAK_ADMINS", "console:", `config: LAPAK_ADMINS: "console:": a console user is one word (use CHANNEL:ID separated by ",", e.g. "telegram:123456789, whatsapp:6281234567890, console:admin")`},
		{"LAPAK_ADMINS", ",", `config: LAPAK_ADMINS: needs between 1 and 50 admins, who receive the order notifications (use CHANNEL:ID separated by ",", e.g. "telegram:123456789, whatsapp:6281234567890, console:admin")`},
		{"LAPAK_DEMO", "2", `config: LAPAK_DEMO: "2" is not true or false`},
		{"LAPAK_LOG_LEVEL", "verbose", `config: LAPAK_LOG_LEVEL: "verbose" is not a log level (use debug, info, warn or error)`},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			_, err := Load("", env(map[string]string{tt.key: tt.value}))
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("secret leaked: %s", err)
			}
		})
	}
}

func TestCrossFieldRules(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"cod zones without courier", map[string]string{"LAPAK_DELIVERY_ZONES": "none", "LAPAK_COD_ZONES": "Dalam kota"},
			`config: LAPAK_COD_ZONES: "Dalam kota": LAPAK_DELIVERY_ZONES is off, so there is no courier zone to pay on delivery in (leave LAPAK_COD_ZONES empty)`},
		{"no delivery", map[string]string{"LAPAK_PICKUP_ADDRESS": "none", "LAPAK_DELIVERY_ZONES": "none"},
			"config: LAPAK_PICKUP_ADDRESS and LAPAK_DELIVERY_ZONES are both off: customers need pickup or at least one courier zone"},
		{"no payment", map[string]string{"LAPAK_BANK_ACCOUNTS": "none", "LAPAK_COD": "false"},
			"config: LAPAK_BANK_ACCOUNTS is off, LAPAK_QRIS_STATIC and LAPAK_MIDTRANS_SERVER_KEY are not set and LAPAK_COD is false: customers need a way to pay"},
		{"cod without courier", map[string]string{"LAPAK_BANK_ACCOUNTS": "none", "LAPAK_DELIVERY_ZONES": "none"},
			"config: LAPAK_COD: cash on delivery is for courier orders only and LAPAK_DELIVERY_ZONES is off: set LAPAK_BANK_ACCOUNTS, LAPAK_QRIS_STATIC, LAPAK_MIDTRANS_SERVER_KEY or LAPAK_DELIVERY_ZONES"},
		// A bad value is reported once, not again by the rules that depend on it.
		{"bad value is not reported twice", map[string]string{"LAPAK_BANK_ACCOUNTS": "none", "LAPAK_COD": "nope"},
			`config: LAPAK_COD: "nope" is not true or false`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("", env(tt.env))
			if err == nil || err.Error() != tt.want {
				t.Errorf("got  %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestAllProblemsAtOnce(t *testing.T) {
	_, err := Load("", env(map[string]string{"LAPAK_ORDER_TTL": "2x", "LAPAK_LANGUAGE": "fr", "LAPAK_COD": "?"}))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got:\n%s", err)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "config: LAPAK_") {
			t.Errorf("line %q", l)
		}
	}
}

func write(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFileAndEnvironment(t *testing.T) {
	path := write(t, "lapak.conf", `
# Toko Sari
LAPAK_SHOP_NAME="Toko Sari # Cemilan"
LAPAK_LANGUAGE = en
LAPAK_DELIVERY_ZONES='Dalam kota=Rp10.000; Luar kota=Rp25.000'
LAPAK_COD=false
`)
	cfg, err := Load(path, env(map[string]string{"LAPAK_LANGUAGE": "id"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Shop.Name != "Toko Sari # Cemilan" {
		t.Errorf("name %q", cfg.Shop.Name)
	}
	if cfg.Shop.Language != lapak.Indonesian {
		t.Errorf("the environment must win over the file, language %q", cfg.Shop.Language)
	}
	if cfg.Shop.COD || len(cfg.Shop.Zones) != 2 || cfg.Shop.Zones[1].Fee != 25000 {
		t.Errorf("file values: %+v", cfg.Shop)
	}
}

func TestFileErrors(t *testing.T) {
	path := write(t, "lapak.conf", "LAPAK_SHOP_NAME=Toko\nLAPAK_SHOPNAME=Toko\njust words\nLAPAK_SHOP_NAME=Lagi\nLAPAK_COD=\"true\nLAPAK_CONFIG=other.conf\n")
	_, err := Load(path, env(nil))
	want := strings.Join([]string{
		"config: " + path + " line 2: unknown setting LAPAK_SHOPNAME (see lapak.example.conf for the list)",
		"config: " + path + " line 3: expected KEY=VALUE",
		"config: " + path + " line 4: LAPAK_SHOP_NAME is set twice",
		"config: " + path + " line 5: LAPAK_COD: missing closing quote",
		"config: " + path + " line 6: LAPAK_CONFIG cannot be set inside a config file",
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}

	_, err = Load(filepath.Join(t.TempDir(), "missing.conf"), env(nil))
	if err == nil || !strings.Contains(err.Error(), "cannot read config file") {
		t.Errorf("missing file: %v", err)
	}
}

func TestSecretFromFile(t *testing.T) {
	const url = "postgres://lapak:s3cret@db:5432/lapak?sslmode=disable"
	secret := write(t, "db-url", url+"\n")
	cfg, err := Load("", env(map[string]string{"DATABASE_URL_FILE": secret}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DatabaseURL != url {
		t.Errorf("url %q", cfg.DatabaseURL)
	}

	// KEY_FILE works in the config file too, and the environment still wins.
	conf := write(t, "lapak.conf", "DATABASE_URL_FILE="+secret+"\n")
	cfg, err = Load(conf, env(map[string]string{"DATABASE_URL": "sqlite:x.db"}))
	if err != nil || cfg.DatabaseURL != "sqlite:x.db" {
		t.Errorf("env over file: %q %v", cfg.DatabaseURL, err)
	}

	badSecret := write(t, "bad-url", "mysql://root:s3cret@db/x")
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"both", map[string]string{"DATABASE_URL": url, "DATABASE_URL_FILE": secret}, "config: DATABASE_URL and DATABASE_URL_FILE are both set in the environment (use one)"},
		{"missing", map[string]string{"DATABASE_URL_FILE": "/nonexistent/db-url"}, `config: DATABASE_URL_FILE: cannot read "/nonexistent/db-url": no such file or directory`},
		{"empty", map[string]string{"DATABASE_URL_FILE": write(t, "empty", "\n")}, "empty"},
		{"bad value stays secret", map[string]string{"DATABASE_URL_FILE": badSecret}, `config: DATABASE_URL: scheme "mysql" is not supported (use postgres://… or sqlite:PATH)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("", env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got  %v\nwant %s", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("secret leaked: %v", err)
			}
		})
	}
}

func TestFilePath(t *testing.T) {
	if got := FilePath(env(map[string]string{"LAPAK_CONFIG": "/etc/lapak.conf"})); got != "/etc/lapak.conf" {
		t.Errorf("LAPAK_CONFIG: %q", got)
	}
	t.Chdir(t.TempDir())
	if got := FilePath(env(nil)); got != "" {
		t.Errorf("no file: %q", got)
	}
	if err := os.WriteFile(DefaultFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := FilePath(env(nil)); got != DefaultFile {
		t.Errorf("lapak.conf present: %q", got)
	}
}

// The example file and the README document every setting, and the example
// loads as it is once its setting lines are uncommented.
func TestDocsListEverySetting(t *testing.T) {
	example, err := os.ReadFile("../lapak.example.conf")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range settings {
		if !strings.Contains(string(example), "\n#"+s.key+"=") {
			t.Errorf("lapak.example.conf has no line #%s=", s.key)
		}
		if !strings.Contains(string(readme), "| `"+s.key+"`") {
			t.Errorf("README.md configuration table has no row for %s", s.key)
		}
	}
	var lines []string
	for _, l := range strings.Split(string(example), "\n") {
		if rest, ok := strings.CutPrefix(l, "#"); ok && len(rest) > 0 && rest[0] >= 'A' && rest[0] <= 'Z' {
			l = rest
		}
		lines = append(lines, l)
	}
	path := write(t, "lapak.conf", strings.Join(lines, "\n"))
	if _, err := Load(path, env(nil)); err != nil {
		t.Errorf("uncommented example does not load:\n%v", err)
	}
}

func TestTelegramSettings(t *testing.T) {
	const token = "123456789:AAEhunter2hunter2hunter2hunter2hunter2"
	cfg, err := Load("", env(map[string]string{"LAPAK_TELEGRAM_TOKEN": token}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Telegram != (Telegram{Token: token, APIURL: "https://api.telegram.org"}) {
		t.Fatalf("polling config = %+v", cfg.Telegram)
	}
	cfg, err = Load("", env(map[string]string{"LAPAK_TELEGRAM_TOKEN": token, "LAPAK_TELEGRAM_API_URL": "http://127.0.0.1:8081/",
		"LAPAK_TELEGRAM_WEBHOOK_URL": "https://toko.example.com/tg", "LAPAK_TELEGRAM_WEBHOOK_SECRET": "s3cret_-"}))
	if err != nil || cfg.Telegram.APIURL != "http://127.0.0.1:8081" || cfg.Telegram.WebhookURL != "https://toko.example.com/tg" {
		t.Fatalf("webhook config = %+v, %v", cfg.Telegram, err)
	}

	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LAPAK_TELEGRAM_TOKEN": "hunter2"},
			"config: LAPAK_TELEGRAM_TOKEN: does not look like a bot token (@BotFather gives one like 123456789:AAE…, digits, a colon, then 30+ letters, digits, _ or -)"},
		{map[string]string{"LAPAK_TELEGRAM_WEBHOOK_URL": "https://toko.example.com/tg"},
			"config: LAPAK_TELEGRAM_WEBHOOK_URL: is set but LAPAK_TELEGRAM_TOKEN is not: the webhook needs the bot token from @BotFather"},
		{map[string]string{"LAPAK_TELEGRAM_TOKEN": token, "LAPAK_TELEGRAM_API_URL": "api.telegram.org"},
			`config: LAPAK_TELEGRAM_API_URL: "api.telegram.org" is not an http(s) URL (e.g. https://api.telegram.org)`},
		{map[string]string{"LAPAK_TELEGRAM_TOKEN": token, "LAPAK_TELEGRAM_WEBHOOK_URL": "https://toko.example.com/tg"},
			"config: LAPAK_TELEGRAM_WEBHOOK_SECRET: must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule); it is required with a webhook"},
		{map[string]string{"LAPAK_TELEGRAM_TOKEN": token, "LAPAK_TELEGRAM_WEBHOOK_URL": "https://toko.example.com/tg",
			"LAPAK_TELEGRAM_WEBHOOK_SECRET": "hunter2 with spaces", "LAPAK_TELEGRAM_LISTEN": "8443"},
			"config: LAPAK_TELEGRAM_LISTEN: \"8443\" is not a listen address (use e.g. :8080 or 127.0.0.1:8080)\n" +
				"config: LAPAK_TELEGRAM_WEBHOOK_SECRET: must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule); it is required with a webhook"},
		{map[string]string{"LAPAK_TELEGRAM_TOKEN": token, "LAPAK_TELEGRAM_WEBHOOK_URL": "https://toko.example.com/readyz", "LAPAK_TELEGRAM_WEBHOOK_SECRET": "s3cret"},
			`config: LAPAK_TELEGRAM_WEBHOOK_URL: the path "/readyz" is Lapak's own (/healthz, /readyz, /midtrans/notification); use another, e.g. /telegram/webhook`},
	} {
		_, err := Load("", env(tt.env))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Load(%v):\ngot  %v\nwant %s", tt.env, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("secret leaked: %s", err)
		}
	}
}

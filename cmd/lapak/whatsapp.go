package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"go.mau.fi/whatsmeow/types"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/whatsapp"
	"github.com/lapak-id/lapak/config"
	"github.com/lapak-id/lapak/storage"
)

// qrFile is the QR code picture whatsapp-login writes for headless servers.
const qrFile = "lapak-whatsapp-qr.png"

func whatsappLoginFlags(fs *flag.FlagSet) {
	fs.String("phone", "", "link with a pairing code typed on this phone instead of a QR code: the number in international format, e.g. 6281234567890")
}

// phoneNumber normalises "+62 812-3456-7890" to "6281234567890"; ok is
// false for anything that is not an international number.
func phoneNumber(s string) (string, bool) {
	s = strings.NewReplacer(" ", "", "-", "", "+", "", "(", "", ")", "").Replace(s)
	if len(s) < 8 || len(s) > 15 || s[0] == '0' || strings.Trim(s, "0123456789") != "" {
		return "", false
	}
	return s, true
}

func runWhatsAppLogin(ctx context.Context, e *env, fs *flag.FlagSet) int {
	phone := fs.Lookup("phone").Value.String()
	if phone != "" {
		p, ok := phoneNumber(phone)
		if !ok {
			fmt.Fprintf(e.stderr, "lapak whatsapp-login: --phone %q: use the number in international format without the leading 0, e.g. 6281234567890\n", phone)
			return exitUsage
		}
		phone = p
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return e.fail(err)
	}
	level := cfg.LogLevel
	if !cfg.LogLevelSet {
		level = slog.LevelWarn // the QR code must not scroll away under log lines
	}
	log := e.logger(level)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	db, dialect, err := storage.OpenRaw(ctx, cfg.DatabaseURL)
	if err != nil {
		return e.fail(err)
	}
	defer db.Close()
	dev, err := whatsapp.OpenDevice(ctx, db, dialect, log)
	if err != nil {
		return e.fail(err)
	}
	if dev.ID != nil {
		fmt.Fprintf(e.stdout, "WhatsApp is already linked as +%s. To link another number, remove this device on the phone "+
			"(WhatsApp → Settings → Linked devices), run `lapak serve` once so it notices, then run this again.\n", dev.ID.User)
		return exitOK
	}
	cli := whatsapp.NewClient(dev, log)
	defer cli.Disconnect()
	err = whatsapp.Login(ctx, cli, whatsapp.LoginOptions{Phone: phone, PNGPath: qrPath(cfg.DatabaseURL), Out: e.stdout})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return e.fail(errors.New("whatsapp-login: stopped before the phone linked"))
		}
		return e.fail(err)
	}
	number := "?"
	if cli.Store.ID != nil {
		number = cli.Store.ID.User
	}
	fmt.Fprintf(e.stdout, "linked as +%s: start the shop with `lapak serve`\n", number)
	return exitOK
}

// qrPath puts the QR picture next to a SQLite database, else in the working directory.
func qrPath(databaseURL string) string {
	if path, ok := strings.CutPrefix(databaseURL, "sqlite:"); ok {
		return filepath.Join(filepath.Dir(strings.TrimPrefix(path, "//")), qrFile)
	}
	return qrFile
}

// whatsappSession reports whether serve should run WhatsApp: LAPAK_WHATSAPP
// off never, auto when a number is linked, on always (an error without one).
func whatsappSession(ctx context.Context, cfg config.Config) (bool, error) {
	if cfg.WhatsApp.Mode == config.WhatsAppOff {
		return false, nil
	}
	db, _, err := storage.OpenRaw(ctx, cfg.DatabaseURL)
	if err != nil {
		return false, err
	}
	defer db.Close()
	ok, err := whatsapp.HasSession(ctx, db)
	if err != nil {
		return false, err
	}
	if !ok && cfg.WhatsApp.Mode == config.WhatsAppOn {
		return false, errors.New("LAPAK_WHATSAPP=on but no WhatsApp number is linked: run `lapak whatsapp-login` first (see the README, Connect your WhatsApp)")
	}
	return ok, nil
}

// whatsappChannel opens the linked number's session on its own connection
// pool of the shop's database.
func whatsappChannel(ctx context.Context, a *App) (bot.Channel, bot.Pace, error) {
	db, dialect, err := storage.OpenRaw(ctx, a.cfg.DatabaseURL)
	if err != nil {
		return nil, bot.Pace{}, err
	}
	dev, err := whatsapp.OpenDevice(ctx, db, dialect, a.log)
	if err != nil {
		db.Close()
		return nil, bot.Pace{}, err
	}
	cli := whatsapp.NewClient(dev, a.log)
	a.closers = append(a.closers, func() { db.Close() }, cli.Disconnect)
	linked, err := a.whatsappLinkedAt(ctx, dev.ID)
	if err != nil {
		return nil, bot.Pace{}, err
	}
	wa, err := whatsapp.New(whatsapp.Options{
		Client:          cli,
		Router:          a.router,
		Logger:          a.log,
		Now:             a.now,
		StepBack:        a.cfg.WhatsApp.StepBack,
		NotifyPerMinute: a.cfg.WhatsApp.NotifyPerMinute,
		PromosPerDay:    a.cfg.WhatsApp.PromosPerDay,
		LinkedAt:        linked,
		Location:        a.cfg.Shop.Location,
		Admins:          a.cfg.Shop.Admins,
		Language:        a.cfg.Shop.Language,
		HTTPClient:      &http.Client{Timeout: 30 * time.Second},
		Media:           a.media,
	})
	if err != nil {
		return nil, bot.Pace{}, err
	}
	return wa, whatsapp.DefaultPace(), nil
}

// whatsappLinkedAt is when Lapak first ran the linked number (its promo
// warm-up starts there), recorded the first time.
func (a *App) whatsappLinkedAt(ctx context.Context, id *types.JID) (time.Time, error) {
	if id == nil {
		return time.Time{}, nil
	}
	key := "whatsapp_first_run:" + id.User
	v, err := a.store.GetValue(ctx, key)
	if err == nil {
		if t, perr := time.Parse(time.RFC3339, v); perr == nil {
			return t, nil
		}
	} else if !errors.Is(err, lapak.ErrNotFound) {
		return time.Time{}, err
	}
	now := a.now()
	return now, a.store.SetValue(ctx, key, now.UTC().Format(time.RFC3339))
}

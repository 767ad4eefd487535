package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"unicode"

	"golang.org/x/term"

	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/console"
)

func chatFlags(fs *flag.FlagSet) {
	fs.String("user", "pelanggan", "the customer you chat as (one word); the same user continues the same conversation")
}

func runChat(ctx context.Context, e *env, fs *flag.FlagSet) int {
	user := fs.Lookup("user").Value.String()
	if user == "" || len(user) > 64 || strings.ContainsFunc(user, unicode.IsSpace) {
		fmt.Fprintf(e.stderr, "lapak chat: --user %q: use one word of at most 64 characters\n", user)
		return exitUsage
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return e.fail(err)
	}
	level := cfg.LogLevel
	if !cfg.LogLevelSet {
		level = slog.LevelWarn // logs would clutter the chat
	}
	log := e.logger(level)
	ch := console.New(e.stdout, cfg.MediaDir)
	ch.SetViewer(user) // an admin's notice is printed under its own header
	terminal := func(_ context.Context, a *App) (bot.Channel, bot.Pace, error) {
		ch.SetMedia(a.media) // a proof from another channel, shown to a console admin
		return ch, bot.Pace{}, nil
	}
	a, err := openApp(ctx, cfg, log, e.clock, terminal)
	if err != nil {
		return e.fail(err)
	}
	defer a.Close()
	f, isFile := e.stdin.(*os.File)
	interactive := isFile && term.IsTerminal(int(f.Fd()))
	// Unpaid orders expire and get their reminder here too, so an order's
	// whole life can be tried locally: one pass of every job before the
	// first line (its notices are the first thing printed), then as serve.
	_ = a.jobs.RunOnce(ctx) // failures are logged
	a.linksInline = true    // a payment link shows before the next prompt
	loopCtx, stopLoop := context.WithCancel(ctx)
	var loops sync.WaitGroup
	loops.Go(func() { a.jobs.Run(loopCtx) })
	defer func() { stopLoop(); loops.Wait() }() // before a.Close, deferred earlier
	if err := console.Chat(ctx, e.stdin, user, a.router, a.sender, interactive, e.stdout); err != nil {
		return e.fail(err)
	}
	return exitOK
}

func runServe(ctx context.Context, e *env, fs *flag.FlagSet) int {
	cfg, err := e.loadConfig()
	if err != nil {
		return e.fail(err)
	}
	log := e.logger(cfg.LogLevel)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	var channels []channelFunc
	if cfg.Telegram.Token != "" {
		channels = append(channels, telegramChannel)
	}
	wa, err := whatsappSession(ctx, cfg)
	if err != nil {
		return e.failUnlessStopped(ctx, err)
	}
	if wa {
		channels = append(channels, whatsappChannel)
	}
	// Real customers must not get the demo's bank account, address or
	// catalog: refuse before anything is opened or seeded.
	if running := realChannels(cfg, wa); len(running) > 0 && !cfg.AllowDemo && fs.Lookup("allow-demo").Value.String() != "true" {
		problems, err := e.demoLeftovers(ctx, cfg, running)
		if err != nil {
			return e.failUnlessStopped(ctx, err)
		}
		if len(problems) > 0 {
			return e.refuseDemo(running, problems)
		}
	}
	a, err := openApp(ctx, cfg, log, e.clock, channels...)
	if err != nil {
		return e.failUnlessStopped(ctx, err)
	}
	defer a.Close()
	if err := a.announceAdmins(ctx, e.stderr); err != nil {
		return e.failUnlessStopped(ctx, err)
	}
	log.Info("lapak serving", "version", version, "shop", cfg.Shop.Name, "database", a.store.Dialect())
	if err := a.Run(ctx); err != nil {
		return e.fail(err)
	}
	return exitOK
}

func runMigrate(ctx context.Context, e *env, _ *flag.FlagSet) int {
	st, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer st.Close()
	fmt.Fprintln(e.stdout, "database up to date")
	return exitOK
}

// writeFileAtomic writes through a temporary file and renames it, so a
// failed export never leaves a half-written catalog behind.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	tmp := name + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", name, errors.Unwrap(err))
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

func runVersion(_ context.Context, e *env, _ *flag.FlagSet) int {
	fmt.Fprintf(e.stdout, "lapak %s\n", version)
	return exitOK
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Command lapak is the Lapak chat-commerce bot: one binary with
// subcommands to chat on the console, serve the chat channels, manage the
// database and move the catalog in and out as CSV.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	_ "time/tzdata" // static binaries and distroless images have no zoneinfo

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/config"
	"github.com/lapak-id/lapak/storage"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

// Exit codes a shell user expects.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// run is main without the process: testable end to end.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return runEnv(ctx, &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, clock: lapak.SystemClock}, args)
}

// command is one subcommand.
type command struct {
	name    string
	args    string // argument synopsis after the flags
	minArgs int
	maxArgs int
	summary string
	// run gets the parsed flag set; it returns an exit code.
	run   func(ctx context.Context, e *env, fs *flag.FlagSet) int
	flags func(fs *flag.FlagSet)
}

// env is what a subcommand may touch: its streams, the environment and
// the clock.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	clock          lapak.Clock
	// logFormat is LAPAK_LOG_FORMAT of the last configuration loaded: every
	// command loads it before it logs.
	logFormat string
}

// failUnlessStopped is fail, except that a stop asked for during start-up
// (Ctrl-C, SIGTERM) is a clean exit, not an error.
func (e *env) failUnlessStopped(ctx context.Context, err error) int {
	if ctx.Err() != nil {
		return exitOK
	}
	return e.fail(err)
}

// fail prints the one-line runtime error and returns exitError. A multi-line
// error (config problems) gets the prefix on every line.
func (e *env) fail(err error) int {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(e.stderr, "lapak: %s\n", line)
	}
	return exitError
}

func commands() []*command {
	return []*command{
		{name: "chat", args: "", summary: "chat with the shop as a customer on this console", flags: chatFlags, run: runChat},
		{name: "setup", args: "", summary: "set up a real shop: questions in the terminal, answers written to lapak.conf", flags: setupFlags, run: runSetup},
		{name: "serve", args: "", summary: "run the chat channels, the HTTP server and the background workers", flags: serveFlags, run: runServe},
		{name: "health", args: "", summary: "ask a running serve whether it is ready (exit 0) or not (exit 1)", flags: healthFlags, run: runHealth},
		{name: "whatsapp-login", args: "", summary: "link your WhatsApp number (QR code, or --phone for a pairing code)", flags: whatsappLoginFlags, run: runWhatsAppLogin},
		{name: "admin-code", args: "", summary: "print a one-time code: send /admin CODE to your bot to become an admin (--staff: a staff admin)", flags: adminCodeFlags, run: runAdminCode},
		{name: "dashboard-password", args: "", summary: "set a password login to the dashboard (--user NAME, --staff); the password is read from the terminal or stdin", flags: dashboardPasswordFlags, run: runDashboardPassword},
		{name: "migrate", args: "", summary: "apply database migrations", run: runMigrate},
		{name: "import", args: "FILE.csv|FILE.xlsx", minArgs: 1, maxArgs: 1, summary: "add or update products from a catalog CSV or .xlsx file (- for stdin), showing the changes first", flags: importFlags, run: runImport},
		{name: "export", args: "[FILE.csv|FILE.xlsx]", maxArgs: 1, summary: "write the catalog, or with --orders the orders, as CSV or .xlsx (CSV to stdout by default)", flags: exportFlags, run: runExport},
		{name: "broadcast", args: "[FILE.txt|ID]", maxArgs: 1, summary: "send a promo to a segment of the customers (--dry-run to look first), or --status, --pause, --resume, --cancel one", flags: broadcastFlags, run: runBroadcast},
		{name: "version", args: "", summary: "print the version", run: runVersion},
	}
}

// runEnv runs the command args names in e.
func runEnv(ctx context.Context, e *env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c := find(args[1]); c != nil {
				c.usage(stdout)
				return exitOK
			}
			fmt.Fprintf(stderr, "lapak: unknown command %q (run 'lapak help' for the list)\n", args[1])
			return exitUsage
		}
		usage(stdout)
		return exitOK
	case "-v", "-version", "--version":
		name = "version"
	}
	c := find(name)
	if c == nil {
		fmt.Fprintf(stderr, "lapak: unknown command %q (run 'lapak help' for the list)\n", name)
		return exitUsage
	}
	fs := flag.NewFlagSet("lapak "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // we print usage ourselves, to the right stream
	if c.flags != nil {
		c.flags(fs)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.usage(stdout)
			return exitOK
		}
		fmt.Fprintf(stderr, "lapak %s: %v\n", c.name, err)
		c.usage(stderr)
		return exitUsage
	}
	if fs.NArg() > c.maxArgs {
		fmt.Fprintf(stderr, "lapak %s: unexpected argument %q\n", c.name, fs.Arg(c.maxArgs))
		c.usage(stderr)
		return exitUsage
	}
	if fs.NArg() < c.minArgs {
		fmt.Fprintf(stderr, "lapak %s: missing %s\n", c.name, c.args)
		c.usage(stderr)
		return exitUsage
	}
	return c.run(ctx, e, fs)
}

func find(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Lapak %s: a chat-commerce bot for small sellers.\n\nUsage:\n  lapak COMMAND [flags] [arguments]\n\nCommands:\n", version)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun 'lapak COMMAND --help' for a command's flags.\n"+
		"Settings come from the environment and lapak.conf (see lapak.example.conf).\n")
}

func (c *command) usage(w io.Writer) {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	if c.flags != nil {
		c.flags(fs)
	}
	synopsis := "lapak " + c.name
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		synopsis += " [flags]"
	}
	if c.args != "" {
		synopsis += " " + c.args
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s.\n", synopsis, upperFirst(c.summary))
	if hasFlags {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// loadConfig reads the configuration the way every command does.
func (e *env) loadConfig() (config.Config, error) {
	cfg, err := config.Load(config.FilePath(e.getenv), e.getenv)
	if err == nil {
		e.logFormat = cfg.LogFormat
	}
	return cfg, err
}

// openStore loads the configuration and opens its database, migrated: what
// the commands that only read or write the database start with.
func (e *env) openStore(ctx context.Context) (*storage.Store, error) {
	cfg, err := e.loadConfig()
	if err != nil {
		return nil, err
	}
	return openStore(ctx, cfg, e.logger(cfg.LogLevel), e.clock.Now)
}

// logger writes logs to stderr at level, as text or JSON (LAPAK_LOG_FORMAT).
func (e *env) logger(level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if e.logFormat == config.LogJSON {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

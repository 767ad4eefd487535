// Package storagetest gives tests a fresh, migrated storage.Store on the real
// databases: SQLite in a temp dir, PostgreSQL in a throw-away schema.
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/lib/pq" // driver "postgres"

	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/internal/rawdb"
)

// Dialects ForEach runs, in order.
var Dialects = []string{storage.SQLite, storage.Postgres}

// ForEach runs fn as subtests "sqlite" and "postgres", each with a fresh
// migrated store. PostgreSQL needs LAPAK_TEST_PG (or DATABASE_URL);
// without it that half is skipped, or fails when CI=true.
func ForEach(t *testing.T, fn func(t *testing.T, s *storage.Store)) {
	ForEachWith(t, storage.Options{}, fn)
}

// ForEachWith is ForEach with options, e.g. an injected clock.
func ForEachWith(t *testing.T, opt storage.Options, fn func(t *testing.T, s *storage.Store)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, OpenWith(t, d, opt))
		})
	}
}

// Open returns a fresh migrated store of one dialect ("sqlite" or "postgres").
func Open(tb testing.TB, dialect string) *storage.Store {
	tb.Helper()
	return OpenWith(tb, dialect, storage.Options{})
}

// OpenWith is Open with options. Logs are discarded unless opt.Logger is set.
func OpenWith(tb testing.TB, dialect string, opt storage.Options) *storage.Store {
	tb.Helper()
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx := context.Background()
	var dsn string
	switch dialect {
	case storage.SQLite:
		dsn = "sqlite:" + filepath.Join(tb.TempDir(), "lapak.db")
	case storage.Postgres:
		dsn = PostgresSchema(tb)
	default:
		tb.Fatalf("storagetest: unknown dialect %q", dialect)
	}
	s, err := storage.Open(ctx, dsn, opt)
	if err != nil {
		tb.Fatalf("storagetest: open %s: %v", dialect, err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		tb.Fatalf("storagetest: migrate %s: %v", dialect, err)
	}
	return s
}

// PostgresURL is the test server's URL, or "" when none is configured.
func PostgresURL() string {
	for _, k := range []string{"LAPAK_TEST_PG", "DATABASE_URL"} {
		if v := os.Getenv(k); strings.HasPrefix(v, "postgres://") || strings.HasPrefix(v, "postgresql://") {
			return v
		}
	}
	return ""
}

// PostgresSchema creates a schema of its own for one test and returns a URL
// whose search_path points at it; the schema is dropped when the test ends.
// Without a configured server the test is skipped (fails when CI=true).
func PostgresSchema(tb testing.TB) string {
	tb.Helper()
	base := PostgresURL()
	if base == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("storagetest: CI=true but no PostgreSQL: set LAPAK_TEST_PG=postgres://user@host:5432/db?sslmode=disable")
		}
		tb.Skip("PostgreSQL half skipped: set LAPAK_TEST_PG=postgres://…")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "lapak_t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("postgres", base)
	if err != nil {
		tb.Fatalf("storagetest: postgres: %v", err)
	}
	ctx := context.Background()
	// schema is our own hex name, never user input.
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		tb.Fatalf("storagetest: create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("storagetest: drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("storagetest: LAPAK_TEST_PG is not a URL")
	}
	q := u.Query()
	q.Set("search_path", schema) // lib/pq sends unknown parameters as session settings
	u.RawQuery = q.Encode()
	dsn := u.String()

	// Make sure the setting really reaches the session: otherwise tests
	// would share (and clobber) the public schema.
	check, err := sql.Open("postgres", dsn)
	if err != nil {
		tb.Fatalf("storagetest: postgres: %v", err)
	}
	defer check.Close()
	var got string
	if err := check.QueryRowContext(ctx, "SELECT current_schema()").Scan(&got); err != nil || got != schema {
		tb.Fatalf("storagetest: search_path not applied: current_schema()=%q (%v)", got, err)
	}
	return dsn
}

// Clock is a settable clock for Options.Now and anything taking a
// lapak.Clock; safe for concurrent use. After fires when the clock is moved
// past its moment, never by itself.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	c  chan time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After delivers the clock's time once it is moved d or more ahead.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), c: ch})
	return ch
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.move(c.now.Add(d))
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.move(t)
}

// move sets the time and fires the waiters it reached; c.mu is held.
func (c *Clock) move(t time.Time) {
	c.now = t
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(t) {
			kept = append(kept, w)
			continue
		}
		w.c <- t
	}
	c.waiters = kept
}

// RawDB is the store's connection pool, for the few tests that need the
// database itself rather than the shop in it: a raw-insert baseline in a
// benchmark, and cmd/lapak's setExpiry until the app's injected clock
// replaces it. Everything else observes the shop through the store's
// methods.
func RawDB(s *storage.Store) *sql.DB { return rawdb.Of(s) }

// Package storage keeps the shop in SQL: one schema for two dialects,
// PostgreSQL (lib/pq) for production and scale-out and an embedded SQLite
// file (modernc.org/sqlite, pure Go) for zero set-up. Every public method is
// one transaction; migrations are embedded and applied in order.
package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"modernc.org/sqlite"

	"github.com/lapak-id/lapak/storage/internal/rawdb"
)

// Dialect names returned by Store.Dialect.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

func init() {
	// sqlx does not know modernc's driver name; without this Rebind leaves
	// placeholders as they are by accident rather than by design.
	sqlx.BindDriver("sqlite", sqlx.QUESTION)
	rawdb.Of = func(store any) *sql.DB { return store.(*Store).db.DB }
}

// Options tune a Store; the zero value is usable.
type Options struct {
	MaxConns int              // PostgreSQL pool size (open = idle); default 32
	Now      func() time.Time // clock; default time.Now
	Logger   *slog.Logger     // default slog.Default() — never log secrets (DSN passwords!)
	// MediaDir is where pictures kept as files live (LAPAK_MEDIA_DIR), and
	// MediaFiles keeps new ones there instead of in the database
	// (LAPAK_MEDIA_STORE=dir). See media.go.
	MediaDir   string
	MediaFiles bool
}

// Store is the shop's database.
type Store struct {
	db      *sqlx.DB
	dialect string
	conns   int // the pool size
	now     func() time.Time
	log     *slog.Logger
	// media: see Options.MediaDir.
	mediaDir   string
	mediaFiles bool
}

// Open connects. url is "postgres://..." / "postgresql://..." or
// "sqlite:PATH"; a bare path ending in .db is also SQLite. In-memory SQLite
// is refused: each pooled connection would see its own empty database.
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	dialect, dsn, err := parseURL(url)
	if err != nil {
		return nil, err
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.MaxConns <= 0 {
		opt.MaxConns = 32
	}
	connector, err := newConnector(dialect, dsn)
	if err != nil {
		return nil, fmt.Errorf("storage: opening %s: %w", dialect, err)
	}
	db := sqlx.NewDb(sql.OpenDB(connector), dialect)
	conns := opt.MaxConns
	switch dialect {
	case SQLite:
		conns = 1
		// SQLite has one writer; one connection avoids SQLITE_BUSY storms.
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
	case Postgres:
		// Idle = open, or a busy bot reconnects for most queries.
		db.SetMaxOpenConns(opt.MaxConns)
		db.SetMaxIdleConns(opt.MaxConns)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("storage: connecting to %s: %w", dialect, err)
	}
	s := &Store{db: db, dialect: dialect, conns: conns, log: opt.Logger, mediaDir: opt.MediaDir, mediaFiles: opt.MediaFiles}
	clock := opt.Now
	// UTC, microseconds: what PostgreSQL keeps, so both dialects round-trip alike.
	s.now = func() time.Time { return clock().UTC().Truncate(time.Microsecond) }
	s.log.Debug("storage: opened", "dialect", dialect)
	return s, nil
}

// parseURL maps a DATABASE_URL to a driver name and DSN. Errors never
// repeat the URL: it may hold a password.
func parseURL(url string) (dialect, dsn string, err error) {
	const hint = "use postgres://… or sqlite:PATH"
	url = strings.TrimSpace(url)
	switch {
	case url == "":
		return "", "", fmt.Errorf("storage: DATABASE_URL is empty: %s", hint)
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return Postgres, url, nil
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(url, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		dsn, err := sqliteDSN(path)
		return SQLite, dsn, err
	case !strings.Contains(url, ":") && strings.HasSuffix(url, ".db"):
		dsn, err := sqliteDSN(url)
		return SQLite, dsn, err
	}
	if i := strings.Index(url, ":"); i > 0 {
		return "", "", fmt.Errorf("storage: DATABASE_URL: unsupported scheme %q: %s", url[:i], hint)
	}
	return "", "", fmt.Errorf("storage: DATABASE_URL has no scheme: %s (a bare SQLite path must end in .db)", hint)
}

func sqliteDSN(path string) (string, error) {
	switch {
	case path == "":
		return "", errors.New("storage: DATABASE_URL: sqlite: needs a file path, e.g. sqlite:lapak.db")
	case path == ":memory:" || strings.Contains(path, "mode=memory"):
		return "", errors.New("storage: DATABASE_URL: in-memory SQLite is not supported (every connection would get its own empty database): use a file, e.g. sqlite:lapak.db")
	case strings.ContainsAny(path, "?#"):
		return "", errors.New("storage: DATABASE_URL: sqlite: the file path may not contain '?' or '#'")
	}
	// Pragmas per LIBRARY-NOTES; _time_format=sqlite keeps SQLite's date
	// functions working, _txlock=immediate takes the write lock at BEGIN.
	return "file:" + path +
		"?_pragma=foreign_keys(1)" +
		"&_pragma=busy_timeout(10000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_txlock=immediate" +
		"&_time_format=sqlite", nil
}

// newConnector returns the dialect's driver wrapped in the statement cache.
func newConnector(dialect, dsn string) (driver.Connector, error) {
	switch dialect {
	case Postgres:
		pc, err := pq.NewConnector(dsn)
		if err != nil {
			return nil, errors.New("the PostgreSQL URL is not valid") // never repeat the URL: it may hold a password
		}
		return cachingConnector{connect: pc.Connect, driver: pc.Driver()}, nil
	default:
		d := &sqlite.Driver{}
		return cachingConnector{connect: func(context.Context) (driver.Conn, error) { return d.Open(dsn) }, driver: d}, nil
	}
}

// Conns is the size of the connection pool: 1 on SQLite. Callers size their
// own concurrency to it, so that work waiting for a connection does not
// starve the outbox sender, which needs one too.
func (s *Store) Conns() int { return s.conns }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Dialect is "postgres" or "sqlite".
func (s *Store) Dialect() string { return s.dialect }

// forUpdate locks selected rows on PostgreSQL; SQLite's immediate
// transaction already holds the only write lock.
func (s *Store) forUpdate() string {
	if s.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

func (s *Store) skipLocked() string {
	if s.dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// isUniqueViolation reports a unique-constraint error on either database.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	type coder interface{ SQLState() string }
	var c coder
	if errors.As(err, &c) && c.SQLState() == "23505" {
		return true
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed") ||
		strings.Contains(err.Error(), "duplicate key value")
}

// utc normalises a time read from either driver.
func utc(t time.Time) time.Time { return t.UTC() }

func utcPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func nullTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC().Truncate(time.Microsecond), Valid: true}
}

// clip bounds free text we store from platforms (error reasons).
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

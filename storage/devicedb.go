package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/lib/pq"
	_ "modernc.org/sqlite" // driver "sqlite"
)

// OpenRaw opens a second, plain connection pool on the database url names
// (the same DATABASE_URL rules and SQLite pragmas as Open, foreign keys on),
// for a library that keeps its own tables beside ours: whatsmeow's device
// store. It gets its own pool because the Store's SQLite pool has a single
// connection, and whatsmeow's work must never wait for it (nor it for
// whatsmeow's). dialect is Postgres or SQLite.
func OpenRaw(ctx context.Context, url string) (db *sql.DB, dialect string, err error) {
	dialect, dsn, err := parseURL(url)
	if err != nil {
		return nil, "", err
	}
	switch dialect {
	case Postgres:
		pc, cerr := pq.NewConnector(dsn)
		if cerr != nil {
			return nil, "", errors.New("storage: opening the device store: the PostgreSQL URL is not valid") // never repeat the URL
		}
		db = sql.OpenDB(pc)
		db.SetMaxOpenConns(4)
		db.SetMaxIdleConns(4)
	default:
		db, err = sql.Open("sqlite", dsn) // modernc's driver name
		if err != nil {
			return nil, "", fmt.Errorf("storage: opening the device store: %w", err)
		}
		// WAL lets readers run beside our writer; busy_timeout queues the writers.
		db.SetMaxOpenConns(4)
		db.SetMaxIdleConns(4)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, "", fmt.Errorf("storage: connecting to %s for the device store: %w", dialect, err)
	}
	return db, dialect, nil
}

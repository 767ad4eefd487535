package whatsapp

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/lib/pq"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"
)

func init() {
	// whatsmeow passes arrays to lib/pq through this hook.
	sqlstore.PostgresArrayWrapper = pq.Array
}

// OpenDevice opens whatsmeow's device store on db, the shop's own database
// (its tables are named whatsmeow_* with their own whatsmeow_version
// table), creating or upgrading the tables, and returns the linked device,
// or a new unlinked one (ID nil) when none is stored. dialect is "sqlite"
// or "postgres"; on SQLite db must have foreign keys on (storage.OpenRaw).
func OpenDevice(ctx context.Context, db *sql.DB, dialect string, log *slog.Logger) (*store.Device, error) {
	if log == nil {
		log = slog.Default()
	}
	c := sqlstore.NewWithDB(db, dialect, Logger(log))
	if err := c.Upgrade(ctx); err != nil {
		return nil, fmt.Errorf("whatsapp: preparing the device store: %w", err)
	}
	dev, err := c.GetFirstDevice(ctx)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: reading the device store: %w", err)
	}
	return dev, nil
}

// HasSession reports whether db holds a linked WhatsApp device, without
// creating whatsmeow's tables in a shop that never used WhatsApp.
func HasSession(ctx context.Context, db *sql.DB) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM whatsmeow_device`).Scan(&n)
	if err != nil {
		msg := err.Error()
		var pe *pq.Error
		if errors.As(err, &pe) && pe.Code == "42P01" || strings.Contains(msg, "no such table") {
			return false, nil
		}
		return false, fmt.Errorf("whatsapp: reading the device store: %w", err)
	}
	return n > 0, nil
}

// NewClient makes the whatsmeow client for dev, logging through log.
func NewClient(dev *store.Device, log *slog.Logger) *whatsmeow.Client {
	if log == nil {
		log = slog.Default()
	}
	return whatsmeow.NewClient(dev, Logger(log))
}

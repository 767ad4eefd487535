package whatsapp_test

import (
	"context"
	"path/filepath"
	"testing"

	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/types"

	"github.com/lapak-id/lapak/bot/whatsapp"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The session lives in the shop's own database, beside the shop's tables,
// on both databases, and survives a restart.
func TestDeviceStoreInTheShopDatabase(t *testing.T) {
	urls := map[string]func(t *testing.T) string{
		storage.SQLite:   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "lapak.db") },
		storage.Postgres: func(t *testing.T) string { return storagetest.PostgresSchema(t) },
	}
	for _, dialect := range storagetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			url := urls[dialect](t)
			shop, err := storage.Open(ctx, url, storage.Options{Logger: quiet})
			if err != nil {
				t.Fatal(err)
			}
			defer shop.Close()
			if err := shop.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			db, gotDialect, err := storage.OpenRaw(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if gotDialect != dialect {
				t.Fatalf("dialect %q, want %q", gotDialect, dialect)
			}

			// A shop that never linked WhatsApp gets no whatsmeow tables.
			if ok, err := whatsapp.HasSession(ctx, db); err != nil || ok {
				t.Fatalf("HasSession before any login = %v, %v", ok, err)
			}
			dev, err := whatsapp.OpenDevice(ctx, db, gotDialect, quiet)
			if err != nil {
				t.Fatal(err)
			}
			if dev.ID != nil {
				t.Fatalf("fresh store has device %v", dev.ID)
			}
			if ok, err := whatsapp.HasSession(ctx, db); err != nil || ok {
				t.Fatalf("HasSession with no linked device = %v, %v", ok, err)
			}

			// What pairing stores (keys from NewDevice, an id and the account).
			dev.ID = &types.JID{User: "6281234567890", Device: 7, Server: types.DefaultUserServer}
			dev.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte("details"), AccountSignature: make([]byte, 64),
				AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
			if err := dev.Save(ctx); err != nil {
				t.Fatal(err)
			}

			// A restart: the upgrade is a no-op and the session is there.
			again, err := whatsapp.OpenDevice(ctx, db, gotDialect, quiet)
			if err != nil {
				t.Fatal(err)
			}
			if again.ID == nil || again.ID.User != "6281234567890" {
				t.Fatalf("after restart device %v", again.ID)
			}
			if ok, err := whatsapp.HasSession(ctx, db); err != nil || !ok {
				t.Fatalf("HasSession after login = %v, %v", ok, err)
			}
			// The shop's own tables are untouched and usable.
			if n, err := shop.ProductCount(ctx); err != nil || n != 0 {
				t.Fatalf("shop after whatsmeow: %d, %v", n, err)
			}
			if err := shop.Migrate(ctx); err != nil {
				t.Fatalf("shop migrations after whatsmeow's: %v", err)
			}
		})
	}
}

package storage_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The readiness checks: a reachable database, and one whose schema has
// every migration of this build only after Migrate.
func TestPingAndCheckMigrations(t *testing.T) {
	for _, d := range storagetest.Dialects {
		t.Run(d, func(t *testing.T) {
			url := "sqlite:" + filepath.Join(t.TempDir(), "lapak.db")
			if d == storage.Postgres {
				url = storagetest.PostgresSchema(t)
			}
			s, err := storage.Open(ctx, url, storage.Options{Logger: quiet})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Ping(ctx); err != nil {
				t.Errorf("ping: %v", err)
			}
			if err := s.CheckMigrations(ctx); err == nil || !strings.Contains(err.Error(), "lapak migrate") {
				t.Errorf("before migrating: %v", err)
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := s.CheckMigrations(ctx); err != nil {
				t.Errorf("after migrating: %v", err)
			}
			s.Close()
			if err := s.Ping(ctx); err == nil {
				t.Error("ping of a closed store succeeded")
			}
		})
	}
}

// A schema that lacks the newest migration names it.
func TestCheckMigrationsNamesTheMissingOne(t *testing.T) {
	url := "sqlite:" + filepath.Join(t.TempDir(), "lapak.db")
	s, err := storage.Open(ctx, url, storage.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// As if this build came with one more migration than the database has seen.
	raw, _, err := storage.OpenRaw(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, `DELETE FROM lapak_schema_version WHERE version = (SELECT MAX(version) FROM lapak_schema_version)`); err != nil {
		t.Fatal(err)
	}
	err = s.CheckMigrations(ctx)
	if !errors.Is(err, storage.ErrSchemaBehind) || !strings.Contains(err.Error(), "not applied): run `lapak migrate`") {
		t.Errorf("got %v", err)
	}
}

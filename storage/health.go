package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// ErrSchemaBehind means the database lacks a migration this build embeds.
var ErrSchemaBehind = errors.New("storage: database schema is behind this version of Lapak")

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("storage: ping: %w", err)
	}
	return nil
}

const selectAppliedVersions = `SELECT version FROM lapak_schema_version`

// CheckMigrations compares the applied migrations with the ones embedded in
// this build: nil when every one is applied (a newer schema from a newer
// instance on the same database is fine), else ErrSchemaBehind naming the
// first missing one.
func (s *Store) CheckMigrations(ctx context.Context) error {
	ms, err := loadMigrations(s.dialect)
	if err != nil {
		return err
	}
	var applied []int
	if err := s.db.SelectContext(ctx, &applied, selectAppliedVersions); err != nil {
		return fmt.Errorf("storage: reading the applied migrations (run `lapak migrate`?): %w", err)
	}
	top := 0
	if len(applied) > 0 {
		top = slices.Max(applied)
	}
	for _, m := range ms {
		if !slices.Contains(applied, m.version) {
			return fmt.Errorf("%w: schema at version %d, this build needs %d (%s not applied): run `lapak migrate`",
				ErrSchemaBehind, top, ms[len(ms)-1].version, m.name)
		}
	}
	return nil
}

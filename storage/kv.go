package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/lapak-id/lapak"
)

// GetValue reads a small persisted value (lapak.ErrNotFound if unset).
func (s *Store) GetValue(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.GetContext(ctx, &v, s.db.Rebind(`SELECT value FROM lapak_kv WHERE key = ?`), key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("storage: value %q: %w", key, lapak.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("storage: value %q: %w", key, err)
	}
	return v, nil
}

// SetValue stores a small value, replacing any previous one.
func (s *Store) SetValue(ctx context.Context, key, value string) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`INSERT INTO lapak_kv (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
		key, value, s.now()); err != nil {
		return fmt.Errorf("storage: setting value %q: %w", key, err)
	}
	return nil
}

package storage

import "github.com/jmoiron/sqlx"

// DBOf is the store's pool for storage's own tests of what the schema
// itself enforces (append-only tables, row counts behind a method).
func DBOf(s *Store) *sqlx.DB { return s.db }

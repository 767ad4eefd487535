package storage

import "github.com/jmoiron/sqlx"

// DBOf is the store's pool for storage's own tests of what the schema
// itself enforces (append-only tables, row counts behind a method).
func DBOf(s *Store) *sqlx.DB { return s.db }

// SetReportByIDs sets the most orders a report's sum reads by their ids
// (0: always by the span), and returns what undoes it.
func SetReportByIDs(n int) func() {
	old := reportByIDs
	reportByIDs = n
	return func() { reportByIDs = old }
}

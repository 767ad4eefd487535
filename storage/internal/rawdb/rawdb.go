// Package rawdb hands a storage.Store's connection pool to
// storage/storagetest and to nothing else: the shop's code and tests go
// through the store's methods, never around them.
package rawdb

import "database/sql"

// Of returns the pool of a *storage.Store; package storage sets it.
var Of func(store any) *sql.DB

package storage

import (
	"context"
	"database/sql/driver"
	"errors"
)

// maxCachedStmts bounds each connection's cache; queries past it (IN lists
// of many lengths, say) run unprepared as before.
const maxCachedStmts = 256

// cachingConnector wraps a driver so every connection keeps a prepared
// statement per query text. Parsing SQL is about a quarter of the work of
// one message on SQLite, and lib/pq spends a second round trip preparing
// every query with arguments that is not prepared already. It is one
// mechanism under all queries, so repository code stays plain sqlx.
type cachingConnector struct {
	connect func(context.Context) (driver.Conn, error)
	driver  driver.Driver
}

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.connect(ctx)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: conn, stmts: make(map[string]driver.Stmt)}, nil
}

func (c cachingConnector) Driver() driver.Driver { return c.driver }

// cachingConn is used by one goroutine at a time (database/sql's rule for a
// driver.Conn), so the map needs no lock.
type cachingConn struct {
	driver.Conn
	stmts map[string]driver.Stmt
}

// stmt returns the cached statement for query, or nil to run it unprepared.
// Only queries with arguments are cached: a query without them may be a
// multi-statement script (migrations), which a prepared statement cannot run.
func (c *cachingConn) stmt(ctx context.Context, query string, args []driver.NamedValue) driver.Stmt {
	if len(args) == 0 {
		return nil
	}
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if len(c.stmts) >= maxCachedStmts {
		return nil
	}
	pc, ok := c.Conn.(driver.ConnPrepareContext)
	if !ok {
		return nil
	}
	st, err := pc.PrepareContext(ctx, query)
	if err != nil {
		return nil // the unprepared path reports the error
	}
	c.stmts[query] = st
	return st
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if st, ok := c.stmt(ctx, query, args).(driver.StmtQueryContext); ok {
		return st.QueryContext(ctx, args)
	}
	if q, ok := c.Conn.(driver.QueryerContext); ok {
		return q.QueryContext(ctx, query, args)
	}
	return nil, driver.ErrSkip
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if st, ok := c.stmt(ctx, query, args).(driver.StmtExecContext); ok {
		return st.ExecContext(ctx, args)
	}
	if e, ok := c.Conn.(driver.ExecerContext); ok {
		return e.ExecContext(ctx, query, args)
	}
	return nil, driver.ErrSkip
}

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if pc, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return pc.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return nil, errors.New("storage: driver cannot begin a transaction with options")
}

func (c *cachingConn) Close() error {
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
	return c.Conn.Close()
}

func (c *cachingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *cachingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *cachingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *cachingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

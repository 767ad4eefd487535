package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lapak-id/lapak"
)

// Leases of the background jobs (package jobs uses these through its
// LeaseStore): a job's row in lapak_jobs is claimed before a pass, renewed
// while it runs and released after, so several processes sharing the
// database never run one job at the same time. The times come from the
// caller's clock.

// maxJobError bounds the error text kept with a job's last pass.
const maxJobError = 500

const (
	// insertJob makes a job's row on its first claim; a process doing the
	// same at once waits for ours and does nothing.
	insertJob = `INSERT INTO lapak_jobs (name) VALUES (?) ON CONFLICT (name) DO NOTHING`
	// lockJob takes the row lock on PostgreSQL, or nothing when another
	// process is claiming the job right now: that process decides.
	lockJob = `SELECT name FROM lapak_jobs WHERE name = ? FOR UPDATE SKIP LOCKED`
	// takeJob takes the lease when it is free or lapsed; under the row lock
	// (PostgreSQL) or the immediate transaction's write lock (SQLite) no
	// one else can take it between the test and the write.
	takeJob = `UPDATE lapak_jobs SET owner = ?, claimed_until = ?, started_at = ?
		WHERE name = ? AND (claimed_until IS NULL OR claimed_until <= ?)`
	renewJob = `UPDATE lapak_jobs SET claimed_until = ?
		WHERE name = ? AND owner = ? AND claimed_until IS NOT NULL`
	finishJob = `UPDATE lapak_jobs SET claimed_until = NULL, finished_at = ?, runs = runs + 1, last_count = ?, last_error = ?
		WHERE name = ? AND owner = ? AND claimed_until IS NOT NULL`
	selectJob = `SELECT name, owner, claimed_until, started_at, finished_at, runs, last_count, last_error
		FROM lapak_jobs WHERE name = ?`
)

// leaseTime is a lease time as both dialects keep it.
func leaseTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ClaimJob takes the lease of the job name for owner until until, when no
// one holds it at now (never claimed, released, or lapsed). It reports
// false, and changes nothing, when another process holds it or is claiming
// it at this moment.
func (s *Store) ClaimJob(ctx context.Context, name, owner string, now, until time.Time) (bool, error) {
	if name == "" || owner == "" {
		return false, errors.New("storage: claiming a job: name and owner must be set")
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("storage: claiming job %s: %w", name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, tx.Rebind(insertJob), name); err != nil {
		return false, fmt.Errorf("storage: claiming job %s: %w", name, err)
	}
	if s.dialect == Postgres {
		var got []string
		if err := tx.SelectContext(ctx, &got, tx.Rebind(lockJob), name); err != nil {
			return false, fmt.Errorf("storage: claiming job %s: %w", name, err)
		}
		if len(got) == 0 {
			return false, nil
		}
	}
	res, err := tx.ExecContext(ctx, tx.Rebind(takeJob), owner, leaseTime(until), leaseTime(now), name, leaseTime(now))
	if err != nil {
		return false, fmt.Errorf("storage: claiming job %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("storage: claiming job %s: %w", name, err)
	}
	if n == 0 {
		return false, nil
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("storage: claiming job %s: %w", name, err)
	}
	return true, nil
}

// RenewJob moves the end of owner's lease of the job to until while a long
// pass runs. It reports false when owner no longer holds the lease: it
// lapsed and another process took it.
func (s *Store) RenewJob(ctx context.Context, name, owner string, until time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.db.Rebind(renewJob), leaseTime(until), name, owner)
	if err != nil {
		return false, fmt.Errorf("storage: renewing job %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("storage: renewing job %s: %w", name, err)
	}
	return n == 1, nil
}

// FinishJob releases owner's lease of the job and records the pass: when it
// ended, how much it did and its error ("" for none). It reports false, and
// changes nothing, when owner no longer held the lease.
func (s *Store) FinishJob(ctx context.Context, name, owner string, at time.Time, count int, errText string) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.db.Rebind(finishJob), leaseTime(at), count, clip(errText, maxJobError), name, owner)
	if err != nil {
		return false, fmt.Errorf("storage: finishing job %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("storage: finishing job %s: %w", name, err)
	}
	return n == 1, nil
}

// JobState is a job's lease and its last pass.
type JobState struct {
	Name         string
	Owner        string     // holding the lease, or the last to hold it
	ClaimedUntil *time.Time // nil: free
	StartedAt    *time.Time // the last pass
	FinishedAt   *time.Time
	Runs         int // passes finished, by any process
	LastCount    int
	LastError    string
}

// Job reads a job's state; lapak.ErrNotFound when it never ran.
func (s *Store) Job(ctx context.Context, name string) (JobState, error) {
	var r struct {
		Name         string       `db:"name"`
		Owner        string       `db:"owner"`
		ClaimedUntil sql.NullTime `db:"claimed_until"`
		StartedAt    sql.NullTime `db:"started_at"`
		FinishedAt   sql.NullTime `db:"finished_at"`
		Runs         int          `db:"runs"`
		LastCount    int          `db:"last_count"`
		LastError    string       `db:"last_error"`
	}
	if err := s.db.GetContext(ctx, &r, s.db.Rebind(selectJob), name); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			err = lapak.ErrNotFound
		}
		return JobState{}, fmt.Errorf("storage: job %s: %w", name, err)
	}
	return JobState{Name: r.Name, Owner: r.Owner, ClaimedUntil: utcPtr(r.ClaimedUntil), StartedAt: utcPtr(r.StartedAt),
		FinishedAt: utcPtr(r.FinishedAt), Runs: r.Runs, LastCount: r.LastCount, LastError: r.LastError}, nil
}

-- Leases of the background jobs (package jobs): several processes on one
-- database never run the same job at once. A process claims a job's row
-- before a pass and releases it after; claimed_until is when the lease
-- lapses (NULL: free), so the job of a process that died is taken over once
-- its lease ends. owner is the process holding (or last holding) the lease;
-- the rest records the last pass.
CREATE TABLE lapak_jobs (
    name          TEXT PRIMARY KEY,
    owner         TEXT NOT NULL DEFAULT '',
    claimed_until {{TIME}},
    started_at    {{TIME}},
    finished_at   {{TIME}},
    runs          BIGINT NOT NULL DEFAULT 0,
    last_count    BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT ''
);

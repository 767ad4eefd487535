-- The seller's order desk.
--
-- Shipped orders keep the courier and its tracking number (resi).
ALTER TABLE lapak_orders ADD COLUMN courier TEXT NOT NULL DEFAULT '';
ALTER TABLE lapak_orders ADD COLUMN tracking_number TEXT NOT NULL DEFAULT '';

-- Append-only record of every admin action, written in the action's own
-- transaction: nothing updates or deletes these rows.
CREATE TABLE lapak_audit_log (
    id           {{ID}},
    at           {{TIME}} NOT NULL,
    actor        TEXT NOT NULL,
    command      TEXT NOT NULL,
    target       TEXT NOT NULL DEFAULT '',
    before_value TEXT NOT NULL DEFAULT '',
    after_value  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lapak_audit_log_at ON lapak_audit_log (at, id);

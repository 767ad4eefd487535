-- The audit log and the order history are append-only: the database itself
-- refuses to change or remove their rows, whatever code or hand runs the SQL.
CREATE TRIGGER lapak_audit_log_no_update BEFORE UPDATE ON lapak_audit_log
BEGIN SELECT RAISE(ABORT, 'lapak_audit_log is append-only: rows may be added, never changed or removed'); END;
CREATE TRIGGER lapak_audit_log_no_delete BEFORE DELETE ON lapak_audit_log
BEGIN SELECT RAISE(ABORT, 'lapak_audit_log is append-only: rows may be added, never changed or removed'); END;
CREATE TRIGGER lapak_order_events_no_update BEFORE UPDATE ON lapak_order_events
BEGIN SELECT RAISE(ABORT, 'lapak_order_events is append-only: rows may be added, never changed or removed'); END;
CREATE TRIGGER lapak_order_events_no_delete BEFORE DELETE ON lapak_order_events
BEGIN SELECT RAISE(ABORT, 'lapak_order_events is append-only: rows may be added, never changed or removed'); END;

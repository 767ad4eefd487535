-- The audit log and the order history are append-only: the database itself
-- refuses to change or remove their rows, whatever code or hand runs the SQL.
CREATE FUNCTION lapak_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: rows may be added, never changed or removed', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER lapak_audit_log_append_only BEFORE UPDATE OR DELETE ON lapak_audit_log
    FOR EACH ROW EXECUTE FUNCTION lapak_append_only();
CREATE TRIGGER lapak_audit_log_no_truncate BEFORE TRUNCATE ON lapak_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION lapak_append_only();
CREATE TRIGGER lapak_order_events_append_only BEFORE UPDATE OR DELETE ON lapak_order_events
    FOR EACH ROW EXECUTE FUNCTION lapak_append_only();
CREATE TRIGGER lapak_order_events_no_truncate BEFORE TRUNCATE ON lapak_order_events
    FOR EACH STATEMENT EXECUTE FUNCTION lapak_append_only();

-- The commission ledger is append-only, like the audit log (0005).
CREATE TRIGGER lapak_commissions_append_only BEFORE UPDATE OR DELETE ON lapak_commissions
    FOR EACH ROW EXECUTE FUNCTION lapak_append_only();
CREATE TRIGGER lapak_commissions_no_truncate BEFORE TRUNCATE ON lapak_commissions
    FOR EACH STATEMENT EXECUTE FUNCTION lapak_append_only();

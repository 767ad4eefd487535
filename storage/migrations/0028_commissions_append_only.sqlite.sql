-- The commission ledger is append-only, like the audit log (0005).
CREATE TRIGGER lapak_commissions_no_update BEFORE UPDATE ON lapak_commissions
BEGIN SELECT RAISE(ABORT, 'lapak_commissions is append-only: rows may be added, never changed or removed'); END;
CREATE TRIGGER lapak_commissions_no_delete BEFORE DELETE ON lapak_commissions
BEGIN SELECT RAISE(ABORT, 'lapak_commissions is append-only: rows may be added, never changed or removed'); END;

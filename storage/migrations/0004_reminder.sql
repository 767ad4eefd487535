-- Unpaid orders get one payment reminder: when it went out (NULL: not yet).
ALTER TABLE lapak_orders ADD COLUMN reminded_at {{TIME}};

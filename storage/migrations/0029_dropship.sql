-- A reseller's dropship order (issue 13): shipped to their buyer in the
-- reseller's name; the packing slip names the reseller as the sender.
ALTER TABLE lapak_orders ADD COLUMN dropship BOOLEAN NOT NULL DEFAULT FALSE;

-- The resellers' commission ledger (issue 13): append-only entries of
-- whole rupiah, never changed (0028 makes the database refuse it). A
-- balance is a sum: pending = pending - confirmed - void; confirmed =
-- confirmed - reversal; paid = payout (lapak.CommissionBalance). An order
-- has at most one entry of each kind, so an operation run twice accrues
-- once.
CREATE TABLE lapak_commissions (
    id          {{ID}},
    reseller_id BIGINT NOT NULL REFERENCES lapak_resellers (id),
    order_id    BIGINT REFERENCES lapak_orders (id),
    kind        TEXT NOT NULL CHECK (kind IN ('pending', 'confirmed', 'void', 'reversal', 'payout')),
    amount      BIGINT NOT NULL CHECK (amount >= 0),
    base        BIGINT NOT NULL DEFAULT 0,
    rate        INTEGER NOT NULL DEFAULT 0,
    reference   TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL DEFAULT '',
    created_at  {{TIME}} NOT NULL,
    CHECK ((kind = 'payout') = (order_id IS NULL))
);
CREATE UNIQUE INDEX lapak_commissions_order ON lapak_commissions (order_id, kind) WHERE order_id IS NOT NULL;
CREATE INDEX lapak_commissions_reseller ON lapak_commissions (reseller_id, id);
CREATE INDEX lapak_commissions_kind ON lapak_commissions (kind, created_at);

-- A reseller's level: the one the daily job last computed from their
-- confirmed sales over 90 days, or one an admin pinned.
ALTER TABLE lapak_resellers ADD COLUMN tier TEXT NOT NULL DEFAULT '';
ALTER TABLE lapak_resellers ADD COLUMN tier_pinned BOOLEAN NOT NULL DEFAULT FALSE;

-- The payout lists sent to the admins, one per payout day (the shop's
-- date), so a restart or a second process does not send one twice.
CREATE TABLE lapak_payout_lists (
    day     TEXT PRIMARY KEY,
    sent_at {{TIME}} NOT NULL
);

-- Resellers (issue 13): people who sell for the shop with a code and
-- links. One row per chat account that signed up; code is upper-case A-Z
-- and 0-9 (stored upper-case, so UNIQUE is case-insensitive), changed by
-- an admin at most once (code_changed). decided_at/decided_by are the
-- last approval, rejection or suspension.
CREATE TABLE lapak_resellers (
    id           {{ID}},
    customer_id  BIGINT NOT NULL UNIQUE REFERENCES lapak_customers (id),
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    bank_name    TEXT NOT NULL DEFAULT '',
    bank_number  TEXT NOT NULL DEFAULT '',
    bank_holder  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('applicant', 'approved', 'rejected', 'suspended')),
    code         TEXT NOT NULL UNIQUE CHECK (code = UPPER(code)),
    code_changed BOOLEAN NOT NULL DEFAULT FALSE,
    agreed_at    {{TIME}} NOT NULL,
    created_at   {{TIME}} NOT NULL,
    updated_at   {{TIME}} NOT NULL,
    decided_at   {{TIME}},
    decided_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lapak_resellers_status ON lapak_resellers (status);

-- A customer's current reseller: how (source: link, prefilled_text, typed,
-- checkout) and when they came, and their last order through that
-- reseller; the attribution holds LAPAK_REFERRAL_DAYS from the later of
-- the two.
CREATE TABLE lapak_attributions (
    customer_id   BIGINT PRIMARY KEY REFERENCES lapak_customers (id),
    reseller_id   BIGINT NOT NULL REFERENCES lapak_resellers (id),
    source        TEXT NOT NULL CHECK (source IN ('link', 'prefilled_text', 'typed', 'checkout')),
    attributed_at {{TIME}} NOT NULL,
    last_order_at {{TIME}}
);

-- The reseller an order is attributed to, fixed when it is placed: what
-- the commission ledger will be computed from.
ALTER TABLE lapak_orders ADD COLUMN reseller_id BIGINT REFERENCES lapak_resellers (id);
ALTER TABLE lapak_orders ADD COLUMN reseller_source TEXT NOT NULL DEFAULT '';
ALTER TABLE lapak_orders ADD COLUMN reseller_at {{TIME}};
CREATE INDEX lapak_orders_reseller ON lapak_orders (reseller_id, created_at);

-- Vouchers (/voucher in chat): a code that takes a percentage (capped by
-- max_discount, 0 for no cap) or a fixed amount off the eligible items.
-- quota 0 is no limit; used counts the placed orders holding a use, taken
-- with a conditional update in the order's transaction and given back when
-- the order is cancelled or expires. ends_at is exclusive; ended_at is an
-- admin ending it early.
CREATE TABLE lapak_vouchers (
    id           {{ID}},
    code         TEXT NOT NULL UNIQUE,
    percent      INTEGER NOT NULL DEFAULT 0 CHECK (percent >= 0 AND percent <= 100),
    max_discount BIGINT NOT NULL DEFAULT 0 CHECK (max_discount >= 0),
    amount       BIGINT NOT NULL DEFAULT 0 CHECK (amount >= 0),
    min_spend    BIGINT NOT NULL DEFAULT 0 CHECK (min_spend >= 0),
    quota        INTEGER NOT NULL DEFAULT 0 CHECK (quota >= 0),
    used         INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
    per_customer INTEGER NOT NULL DEFAULT 1 CHECK (per_customer >= 1),
    starts_at    {{TIME}} NOT NULL,
    ends_at      {{TIME}},
    ended_at     {{TIME}},
    created_at   {{TIME}} NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    CHECK (quota = 0 OR used <= quota)
);

-- A voucher's scope: the SKUs (sku) and categories (category_id) it is
-- for; none means every item.
CREATE TABLE lapak_voucher_scope (
    voucher_id  BIGINT NOT NULL REFERENCES lapak_vouchers (id),
    sku         TEXT NOT NULL DEFAULT '',
    category_id BIGINT REFERENCES lapak_categories (id)
);
CREATE INDEX lapak_voucher_scope_voucher ON lapak_voucher_scope (voucher_id);

-- The code a customer attached to their cart, one at a time.
CREATE TABLE lapak_cart_vouchers (
    customer_id BIGINT PRIMARY KEY REFERENCES lapak_customers (id),
    voucher_id  BIGINT NOT NULL REFERENCES lapak_vouchers (id),
    applied_at  {{TIME}} NOT NULL
);

-- The voucher an order used: discount is what it took off.
ALTER TABLE lapak_orders ADD COLUMN voucher_id BIGINT REFERENCES lapak_vouchers (id);
ALTER TABLE lapak_orders ADD COLUMN voucher_code TEXT NOT NULL DEFAULT '';
CREATE INDEX lapak_orders_voucher ON lapak_orders (voucher_id, customer_id);

-- Lapak schema. Tokens replaced per dialect at load time:
-- {{ID}} identity primary key, {{TIME}} timestamp with time zone (UTC), {{BLOB}} bytes.
-- Every table is prefixed lapak_: whatsmeow keeps its own whatsmeow_ tables here.

CREATE TABLE lapak_categories (
    id       {{ID}},
    name     TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL
);

CREATE TABLE lapak_products (
    id          {{ID}},
    category_id BIGINT NOT NULL REFERENCES lapak_categories (id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    image       TEXT NOT NULL DEFAULT '',
    UNIQUE (category_id, name)
);

-- stock NULL means unlimited (made to order).
CREATE TABLE lapak_variants (
    id         {{ID}},
    product_id BIGINT NOT NULL REFERENCES lapak_products (id),
    sku        TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL DEFAULT '',
    price      BIGINT NOT NULL CHECK (price >= 0),
    stock      INTEGER CHECK (stock IS NULL OR stock >= 0),
    position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX lapak_variants_product ON lapak_variants (product_id, position);

CREATE TABLE lapak_customers (
    id           {{ID}},
    channel      TEXT NOT NULL,
    chat_id      TEXT NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL DEFAULT '',
    opted_out    BOOLEAN NOT NULL DEFAULT FALSE,
    opted_out_at {{TIME}},
    needs_human  BOOLEAN NOT NULL DEFAULT FALSE,
    unreachable  BOOLEAN NOT NULL DEFAULT FALSE,
    referrer     TEXT NOT NULL DEFAULT '',
    created_at   {{TIME}} NOT NULL,
    updated_at   {{TIME}} NOT NULL,
    UNIQUE (channel, chat_id)
);

CREATE TABLE lapak_conversations (
    customer_id BIGINT PRIMARY KEY REFERENCES lapak_customers (id),
    state       {{BLOB}},
    updated_at  {{TIME}} NOT NULL
);

-- (channel, message_id) is processed at most once.
CREATE TABLE lapak_inbound (
    id          {{ID}},
    channel     TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    customer_id BIGINT REFERENCES lapak_customers (id),
    received_at {{TIME}} NOT NULL,
    UNIQUE (channel, message_id)
);

-- id keeps insertion order.
CREATE TABLE lapak_cart_items (
    id          {{ID}},
    customer_id BIGINT NOT NULL REFERENCES lapak_customers (id),
    variant_id  BIGINT NOT NULL REFERENCES lapak_variants (id),
    qty         INTEGER NOT NULL CHECK (qty > 0),
    UNIQUE (customer_id, variant_id)
);

CREATE TABLE lapak_addresses (
    id           {{ID}},
    customer_id  BIGINT NOT NULL REFERENCES lapak_customers (id),
    text         TEXT NOT NULL,
    norm         TEXT NOT NULL,
    zone         TEXT NOT NULL DEFAULT '',
    last_used_at {{TIME}} NOT NULL,
    UNIQUE (customer_id, norm)
);

CREATE TABLE lapak_orders (
    id             {{ID}},
    number         TEXT NOT NULL UNIQUE,
    customer_id    BIGINT NOT NULL REFERENCES lapak_customers (id),
    status         TEXT NOT NULL,
    subtotal       BIGINT NOT NULL,
    discount       BIGINT NOT NULL DEFAULT 0,
    shipping_fee   BIGINT NOT NULL DEFAULT 0,
    unique_code    BIGINT NOT NULL DEFAULT 0,
    total          BIGINT NOT NULL,
    delivery       TEXT NOT NULL DEFAULT '',
    zone           TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    recipient      TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    payment_method TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    referrer       TEXT NOT NULL DEFAULT '',
    created_at     {{TIME}} NOT NULL,
    updated_at     {{TIME}} NOT NULL,
    expires_at     {{TIME}}
);
CREATE INDEX lapak_orders_customer ON lapak_orders (customer_id, created_at);
CREATE INDEX lapak_orders_expiry ON lapak_orders (status, expires_at);
-- Two unpaid transfers never share a unique code, even across processes.
CREATE UNIQUE INDEX lapak_orders_unique_code ON lapak_orders (unique_code)
    WHERE status = 'pending_payment' AND payment_method = 'transfer';

CREATE TABLE lapak_order_items (
    id           {{ID}},
    order_id     BIGINT NOT NULL REFERENCES lapak_orders (id),
    variant_id   BIGINT REFERENCES lapak_variants (id),
    sku          TEXT NOT NULL,
    product_name TEXT NOT NULL,
    variant_name TEXT NOT NULL DEFAULT '',
    unit_price   BIGINT NOT NULL,
    qty          INTEGER NOT NULL CHECK (qty > 0)
);
CREATE INDEX lapak_order_items_order ON lapak_order_items (order_id);

-- Append-only history of status changes.
CREATE TABLE lapak_order_events (
    id          {{ID}},
    order_id    BIGINT NOT NULL REFERENCES lapak_orders (id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    at          {{TIME}} NOT NULL
);
CREATE INDEX lapak_order_events_order ON lapak_order_events (order_id);

-- class is the pacing class (reply, notify, bulk) for the sender.
CREATE TABLE lapak_outbox (
    id              {{ID}},
    customer_id     BIGINT REFERENCES lapak_customers (id),
    channel         TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    class           TEXT NOT NULL DEFAULT 'reply',
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    next_attempt_at {{TIME}} NOT NULL,
    claimed_until   {{TIME}},
    created_at      {{TIME}} NOT NULL,
    sent_at         {{TIME}}
);
CREATE INDEX lapak_outbox_due ON lapak_outbox (status, next_attempt_at, id);
CREATE INDEX lapak_outbox_chat ON lapak_outbox (channel, chat_id, id);

-- Small persisted values, e.g. the Telegram polling offset.
CREATE TABLE lapak_kv (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at {{TIME}} NOT NULL
);

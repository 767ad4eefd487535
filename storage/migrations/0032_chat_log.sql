-- The inbox with human handover (issue 14): every message a customer
-- sends (recorded with the inbound message, in its transaction) and every
-- message queued to them (at outbox enqueue) is kept per conversation, so
-- a person can read the chat in the dashboard. author says who wrote it:
-- 'customer', 'bot', a person answering as the shop ('dashboard:<user
-- key>', 'admin:<identity>', 'seller_phone'). A secret (a login link, an
-- admin code) is kept as secret = TRUE with an empty body.
CREATE TABLE lapak_chat_log (
    id          {{ID}},
    customer_id BIGINT NOT NULL REFERENCES lapak_customers (id),
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    author      TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    media       TEXT NOT NULL DEFAULT '',
    secret      BOOLEAN NOT NULL DEFAULT FALSE,
    at          {{TIME}} NOT NULL
);
-- A chat's page reads its newest entries; the dashboard's picture check
-- asks whether a reference was sent in a chat.
CREATE INDEX lapak_chat_log_customer ON lapak_chat_log (customer_id, id);
CREATE INDEX lapak_chat_log_media ON lapak_chat_log (media) WHERE media <> '';
-- The inbox lists conversations by their last activity, newest first.
CREATE INDEX lapak_customers_updated ON lapak_customers (updated_at, id);

-- Snippets the seller inserts into a reply ("ongkir", "rekening").
CREATE TABLE lapak_quick_replies (
    id         {{ID}},
    name       TEXT NOT NULL UNIQUE,
    body       TEXT NOT NULL,
    created_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL
);

-- Payment proofs: the pictures customers sent for their orders, kept as the
-- channel's own reference (Telegram file id, WhatsApp download reference,
-- console file path) with the channel that can fetch it, never the bytes.
-- Append-only like the order history (0005): the database refuses changes.
CREATE TABLE lapak_order_proofs (
    id          {{ID}},
    order_id    BIGINT NOT NULL REFERENCES lapak_orders (id),
    channel     TEXT NOT NULL,
    ref         TEXT NOT NULL,
    mime        TEXT NOT NULL DEFAULT '',
    received_at {{TIME}} NOT NULL
);
CREATE INDEX lapak_order_proofs_order ON lapak_order_proofs (order_id, id);

CREATE TRIGGER lapak_order_proofs_no_update BEFORE UPDATE ON lapak_order_proofs
BEGIN SELECT RAISE(ABORT, 'lapak_order_proofs is append-only: rows may be added, never changed or removed'); END;
CREATE TRIGGER lapak_order_proofs_no_delete BEFORE DELETE ON lapak_order_proofs
BEGIN SELECT RAISE(ABORT, 'lapak_order_proofs is append-only: rows may be added, never changed or removed'); END;

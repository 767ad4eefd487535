-- Abandoned-cart reminders and restock notices that keep the promo rules.
--
-- A cart gets one reminder per life: the row is written when the reminder
-- is queued and deleted when the cart becomes empty (emptied by the
-- customer, or ordered), so a cart filled again is a new cart.
CREATE TABLE lapak_cart_reminders (
    customer_id BIGINT PRIMARY KEY REFERENCES lapak_customers (id),
    reminded_at {{TIME}} NOT NULL
);
-- The unit price a cart line had when it was put in the cart or its
-- quantity last changed (NULL for lines older than this column): a
-- reminder says when the price changed since.
ALTER TABLE lapak_cart_items ADD COLUMN added_price BIGINT;
-- A restock watch closed without a message: why ('opted_out', 'unreachable');
-- empty for one that was told.
ALTER TABLE lapak_restock_watches ADD COLUMN skipped TEXT NOT NULL DEFAULT '';

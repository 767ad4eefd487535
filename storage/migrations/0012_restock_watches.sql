-- Customers waiting for a sold-out product ("kabari kalau ready ya"): one
-- message each when it has stock again, then notified_at is set. A
-- customer waits for a product once at a time.
CREATE TABLE lapak_restock_watches (
    id          {{ID}},
    customer_id BIGINT NOT NULL REFERENCES lapak_customers (id),
    product_id  BIGINT NOT NULL REFERENCES lapak_products (id) ON DELETE CASCADE,
    created_at  {{TIME}} NOT NULL,
    notified_at {{TIME}}
);
CREATE UNIQUE INDEX lapak_restock_watches_waiting ON lapak_restock_watches (customer_id, product_id) WHERE notified_at IS NULL;
CREATE INDEX lapak_restock_watches_product ON lapak_restock_watches (product_id) WHERE notified_at IS NULL;

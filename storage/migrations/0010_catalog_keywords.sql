-- Other names customers use for a product ("basreng; baso goreng"), read by
-- search and chat understanding like the name.
ALTER TABLE lapak_products ADD COLUMN keywords TEXT NOT NULL DEFAULT '';

-- The catalog's revision: triggers (0011) add one whenever a category,
-- product or variant changes in a way that search sees (not stock), so each
-- process rebuilds its in-memory catalog index only then.
CREATE TABLE lapak_catalog_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO lapak_catalog_revision (id, revision) VALUES (1, 1);

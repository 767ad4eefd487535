-- Reseller terms in the catalog (issue 13): a variant's reseller price
-- (NULL: none) and the least a reseller orders of it (0: no minimum); a
-- product's own commission rate in basis points (NULL: the tier's).
-- Split per dialect only for the revision triggers: the catalog index holds
-- products with their variants, so a change to these rebuilds it.
ALTER TABLE lapak_variants ADD COLUMN reseller_price BIGINT CHECK (reseller_price IS NULL OR reseller_price > 0);
ALTER TABLE lapak_variants ADD COLUMN min_reseller_qty INTEGER NOT NULL DEFAULT 0 CHECK (min_reseller_qty >= 0);
ALTER TABLE lapak_products ADD COLUMN commission_rate INTEGER CHECK (commission_rate IS NULL OR commission_rate BETWEEN 0 AND 10000);

DROP TRIGGER lapak_products_revision_update;
CREATE TRIGGER lapak_products_revision_update AFTER UPDATE OF category_id, name, description, keywords, image, hidden, commission_rate ON lapak_products
WHEN OLD.category_id IS NOT NEW.category_id OR OLD.name IS NOT NEW.name OR OLD.description IS NOT NEW.description
    OR OLD.keywords IS NOT NEW.keywords OR OLD.image IS NOT NEW.image OR OLD.hidden IS NOT NEW.hidden
    OR OLD.commission_rate IS NOT NEW.commission_rate
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;
DROP TRIGGER lapak_variants_revision_update;
CREATE TRIGGER lapak_variants_revision_update AFTER UPDATE OF product_id, sku, name, price, position, reseller_price, min_reseller_qty ON lapak_variants
WHEN OLD.product_id IS NOT NEW.product_id OR OLD.sku IS NOT NEW.sku OR OLD.name IS NOT NEW.name
    OR OLD.price IS NOT NEW.price OR OLD.position IS NOT NEW.position
    OR OLD.reseller_price IS NOT NEW.reseller_price OR OLD.min_reseller_qty IS NOT NEW.min_reseller_qty
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;

-- Reseller terms in the catalog (issue 13): a variant's reseller price
-- (NULL: none) and the least a reseller orders of it (0: no minimum); a
-- product's own commission rate in basis points (NULL: the tier's).
-- Split per dialect only for the revision triggers: the catalog index holds
-- products with their variants, so a change to these rebuilds it.
ALTER TABLE lapak_variants ADD COLUMN reseller_price BIGINT CHECK (reseller_price IS NULL OR reseller_price > 0);
ALTER TABLE lapak_variants ADD COLUMN min_reseller_qty INTEGER NOT NULL DEFAULT 0 CHECK (min_reseller_qty >= 0);
ALTER TABLE lapak_products ADD COLUMN commission_rate INTEGER CHECK (commission_rate IS NULL OR commission_rate BETWEEN 0 AND 10000);

DROP TRIGGER lapak_products_revision ON lapak_products;
CREATE TRIGGER lapak_products_revision AFTER INSERT OR DELETE OR UPDATE OF category_id, name, description, keywords, image, hidden,
    commission_rate ON lapak_products
FOR EACH STATEMENT EXECUTE FUNCTION lapak_bump_catalog_revision();
DROP TRIGGER lapak_variants_revision ON lapak_variants;
CREATE TRIGGER lapak_variants_revision AFTER INSERT OR DELETE OR UPDATE OF product_id, sku, name, price, position,
    reseller_price, min_reseller_qty ON lapak_variants
FOR EACH STATEMENT EXECUTE FUNCTION lapak_bump_catalog_revision();

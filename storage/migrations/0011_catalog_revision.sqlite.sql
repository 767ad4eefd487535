-- Bump the catalog revision on every change search can see. Stock is left
-- out: it changes with every order, and the index does not hold it.
CREATE TRIGGER lapak_categories_revision_insert AFTER INSERT ON lapak_categories
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;
CREATE TRIGGER lapak_categories_revision_delete AFTER DELETE ON lapak_categories
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;
CREATE TRIGGER lapak_categories_revision_update AFTER UPDATE OF name, position ON lapak_categories
WHEN OLD.name IS NOT NEW.name OR OLD.position IS NOT NEW.position
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;

CREATE TRIGGER lapak_products_revision_insert AFTER INSERT ON lapak_products
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;
CREATE TRIGGER lapak_products_revision_delete AFTER DELETE ON lapak_products
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;
CREATE TRIGGER lapak_products_revision_update AFTER UPDATE OF category_id, name, description, keywords, image ON lapak_products
WHEN OLD.category_id IS NOT NEW.category_id OR OLD.name IS NOT NEW.name OR OLD.description IS NOT NEW.description
    OR OLD.keywords IS NOT NEW.keywords OR OLD.image IS NOT NEW.image
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;

CREATE TRIGGER lapak_variants_revision_insert AFTER INSERT ON lapak_variants
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;
CREATE TRIGGER lapak_variants_revision_delete AFTER DELETE ON lapak_variants
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;
CREATE TRIGGER lapak_variants_revision_update AFTER UPDATE OF product_id, sku, name, price, position ON lapak_variants
WHEN OLD.product_id IS NOT NEW.product_id OR OLD.sku IS NOT NEW.sku OR OLD.name IS NOT NEW.name
    OR OLD.price IS NOT NEW.price OR OLD.position IS NOT NEW.position
BEGIN UPDATE lapak_catalog_revision SET revision = revision + 1; END;

-- Bump the catalog revision on every change search can see. Stock is left
-- out: it changes with every order, and the index does not hold it.
CREATE FUNCTION lapak_bump_catalog_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lapak_catalog_revision SET revision = revision + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER lapak_categories_revision AFTER INSERT OR DELETE OR UPDATE OF name, position ON lapak_categories
FOR EACH STATEMENT EXECUTE FUNCTION lapak_bump_catalog_revision();
CREATE TRIGGER lapak_products_revision AFTER INSERT OR DELETE OR UPDATE OF category_id, name, description, keywords, image ON lapak_products
FOR EACH STATEMENT EXECUTE FUNCTION lapak_bump_catalog_revision();
CREATE TRIGGER lapak_variants_revision AFTER INSERT OR DELETE OR UPDATE OF product_id, sku, name, price, position ON lapak_variants
FOR EACH STATEMENT EXECUTE FUNCTION lapak_bump_catalog_revision();

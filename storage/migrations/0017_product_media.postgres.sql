-- The catalog from the phone: products can be hidden from customers (their
-- carts and orders still work), and photos sent in chat are kept by Lapak.
-- Split per dialect only for the revision trigger, which must see hidden.
ALTER TABLE lapak_products ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT FALSE;

DROP TRIGGER lapak_products_revision ON lapak_products;
CREATE TRIGGER lapak_products_revision AFTER INSERT OR DELETE OR UPDATE OF category_id, name, description, keywords, image, hidden ON lapak_products
FOR EACH STATEMENT EXECUTE FUNCTION lapak_bump_catalog_revision();

-- Pictures Lapak keeps itself ("stored:ID" image references): product photos
-- admins sent from the phone. The bytes are in data (LAPAK_MEDIA_STORE=db,
-- the default) or in a file named file under LAPAK_MEDIA_DIR (dir).
CREATE TABLE lapak_media (
    id         {{ID}},
    mime       TEXT NOT NULL,
    size       BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    data       {{BLOB}},
    file       TEXT NOT NULL DEFAULT '',
    created_at {{TIME}} NOT NULL
);

-- Product photos sent in chat, waiting to be copied from their channel into
-- lapak_media (the photo job, after the message's commit). status: pending,
-- done, failed; previous is the image put back when the copy fails for good.
CREATE TABLE lapak_photo_uploads (
    id              {{ID}},
    product_id      BIGINT NOT NULL REFERENCES lapak_products (id),
    source          TEXT NOT NULL,
    previous        TEXT NOT NULL DEFAULT '',
    by_channel      TEXT NOT NULL,
    by_chat         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{TIME}} NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      {{TIME}} NOT NULL
);
CREATE INDEX lapak_photo_uploads_due ON lapak_photo_uploads (status, next_attempt_at, id);

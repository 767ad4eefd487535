-- A product's photos (issue 14: several per product, in the seller's order).
-- position 1 is the cover; lapak_products.image stays the cover's ref, kept
-- in the same transaction by every writer (the photo operations set the
-- image from the list; the chat's /foto, the photo job and catalog imports
-- set the image and the list's cover follows it), so every reader of the
-- image (the chat's product view, share cards, export, the revision
-- trigger) goes on as before. At most lapak.MaxProductPhotos per product,
-- checked by the shop under the product's row lock. Positions are 1..n,
-- renumbered on every change under that lock (not unique: a reorder moves
-- rows one by one).
CREATE TABLE lapak_product_photos (
    id         {{ID}},
    product_id BIGINT NOT NULL REFERENCES lapak_products (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    ref        TEXT NOT NULL
);
CREATE INDEX lapak_product_photos_product ON lapak_product_photos (product_id, position);

-- Every product's photo so far is its cover.
INSERT INTO lapak_product_photos (product_id, position, ref)
SELECT id, 1, image FROM lapak_products WHERE image <> '' ORDER BY id;

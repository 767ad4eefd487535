-- The sender claims replies and promos apart (ClaimOutboxLane): with
-- thousands of promos waiting, a reply's claim would otherwise walk past
-- every promo row to find the few replies.
CREATE INDEX lapak_outbox_pending_replies ON lapak_outbox (id) WHERE status = 'pending' AND class <> 'bulk';
CREATE INDEX lapak_outbox_pending_bulk ON lapak_outbox (id) WHERE status = 'pending' AND class = 'bulk';

-- The dashboard's orders pages (issue 14): the list is newest first and
-- paged by (created_at, id) keyset, filtered by status; today's sales count
-- the payments made today; an order's page reads its audit entries.
CREATE INDEX lapak_orders_created ON lapak_orders (created_at, id);
CREATE INDEX lapak_orders_status_created ON lapak_orders (status, created_at, id);
CREATE INDEX lapak_order_events_to ON lapak_order_events (to_status, at);
CREATE INDEX lapak_audit_log_target ON lapak_audit_log (target, id);
-- Chats waiting for a person, on the today page: asked for one, or taken over.
CREATE INDEX lapak_customers_needs_human ON lapak_customers (id) WHERE needs_human;
CREATE INDEX lapak_customers_takeover ON lapak_customers (takeover_until) WHERE takeover_until IS NOT NULL;

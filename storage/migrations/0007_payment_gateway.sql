-- Online payment through a payment gateway (Midtrans Snap).
--
-- payment_url is the gateway's payment page sent to the customer ('' until
-- it is made); gateway_ref the gateway's transaction that paid the order
-- (or arrived after it closed), so a repeated notification changes nothing.
ALTER TABLE lapak_orders ADD COLUMN payment_url TEXT NOT NULL DEFAULT '';
ALTER TABLE lapak_orders ADD COLUMN gateway_ref TEXT NOT NULL DEFAULT '';
-- Making the link is a job with retries, outside any message transaction:
-- attempts made so far (each asks the gateway with a fresh order id), when
-- the next may start (NULL: now), the last error, and when the customer was
-- told the link is late (NULL: not yet).
ALTER TABLE lapak_orders ADD COLUMN link_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lapak_orders ADD COLUMN link_next_at {{TIME}};
ALTER TABLE lapak_orders ADD COLUMN link_error TEXT NOT NULL DEFAULT '';
ALTER TABLE lapak_orders ADD COLUMN link_late_told_at {{TIME}};
CREATE INDEX lapak_orders_link_due ON lapak_orders (link_next_at)
    WHERE payment_method = 'gateway' AND status = 'pending_payment' AND payment_url = '';

-- The dashboard's reports (issue 14) read a per-day summary instead of
-- scanning every order of a year for each chart.
--
-- paid_at is when an order left pending_payment for paid (or processing:
-- COD); a sale is dated by it. Orders paid before this migration take it
-- from their history.
ALTER TABLE lapak_orders ADD COLUMN paid_at {{TIME}};
UPDATE lapak_orders SET paid_at = (SELECT MIN(e.at) FROM lapak_order_events e
    WHERE e.order_id = lapak_orders.id AND e.from_status = 'pending_payment' AND e.to_status IN ('paid', 'processing'));
CREATE INDEX lapak_orders_paid ON lapak_orders (paid_at);

-- One row per shop day (YYYY-MM-DD in the time zone of lapak_report_state),
-- kind and label: 'sales' '' (always there for a computed day: paid orders
-- and revenue), 'status' <status> (orders made that day), 'pay' <method>,
-- 'product' <name> (qty, orders, revenue), 'reseller' <id> (orders, sales,
-- extra = commission). Only days before today are kept; today is live.
CREATE TABLE lapak_report_days (
    day    TEXT NOT NULL,
    kind   TEXT NOT NULL,
    label  TEXT NOT NULL,
    orders BIGINT NOT NULL DEFAULT 0,
    qty    BIGINT NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL DEFAULT 0,
    extra  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, kind, label)
);

-- Whole months of lapak_report_days but 'sales', summed ('YYYY-MM'),
-- with a 'month' '' row once rolled up; dropped with any of their days.
CREATE TABLE lapak_report_months (
    month  TEXT NOT NULL,
    kind   TEXT NOT NULL,
    label  TEXT NOT NULL,
    orders BIGINT NOT NULL DEFAULT 0,
    qty    BIGINT NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL DEFAULT 0,
    extra  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, kind, label)
);

-- Orders changed since their days were summed: written in the same
-- transaction as every change of an order's status, payment or commission,
-- consumed (and the days recomputed) by the next report.
CREATE TABLE lapak_report_dirty (
    id       {{ID}},
    order_id BIGINT NOT NULL
);

-- The time zone the summary's days are in; the row the report's refresh
-- locks, so two refreshes never sum the same day at once.
CREATE TABLE lapak_report_state (
    id   INTEGER PRIMARY KEY,
    zone TEXT NOT NULL DEFAULT ''
);
INSERT INTO lapak_report_state (id, zone) VALUES (1, '');

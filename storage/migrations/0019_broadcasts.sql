-- Promo broadcasts (issue 12) and the marketing consent they honour.
--
-- Every opt-out (STOP/BERHENTI) and opt-in of a customer, with the channel
-- and the message that did it, kept for privacy requests (UU PDP).
CREATE TABLE lapak_consent (
    id           {{ID}},
    customer_id  BIGINT NOT NULL REFERENCES lapak_customers (id),
    opted_out    BOOLEAN NOT NULL, -- TRUE: opted out; FALSE: opted back in
    channel      TEXT NOT NULL,
    message_id   TEXT NOT NULL DEFAULT '',
    message_text TEXT NOT NULL DEFAULT '',
    at           {{TIME}} NOT NULL
);
CREATE INDEX lapak_consent_customer ON lapak_consent (customer_id, at);

-- Saved segments: a name for a set of conditions in the segment syntax
-- (lapak.ParseSegment), evaluated when a broadcast is planned.
CREATE TABLE lapak_segments (
    id         {{ID}},
    name       TEXT NOT NULL UNIQUE,
    conditions TEXT NOT NULL,
    created_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL
);

-- A broadcast: the promo as the seller wrote it, its segment, when it goes.
-- status: active (sends from send_at), paused, cancelled, done.
CREATE TABLE lapak_broadcasts (
    id          {{ID}},
    status      TEXT NOT NULL DEFAULT 'active',
    body        TEXT NOT NULL,
    image       TEXT NOT NULL DEFAULT '',
    voucher     TEXT NOT NULL DEFAULT '',
    segment     TEXT NOT NULL DEFAULT '',
    send_at     {{TIME}} NOT NULL,
    send_until  {{TIME}},
    created_by  TEXT NOT NULL DEFAULT '',
    held_back   INTEGER NOT NULL DEFAULT 0,
    blocked     INTEGER NOT NULL DEFAULT 0,
    created_at  {{TIME}} NOT NULL,
    updated_at  {{TIME}} NOT NULL,
    finished_at {{TIME}}
);
CREATE INDEX lapak_broadcasts_status ON lapak_broadcasts (status, send_at);

-- One row per recipient, frozen at planning (payload: the rendered message
-- as the outbox stores it; the voucher; the channel identity). status only
-- moves forward: planned -> sending (handed to the outbox's bulk lane,
-- outbox_id) -> sent | failed | unknown as its outbox row ends, or planned
-- -> skipped (reason: opted_out, blocked, deadline, cancelled).
-- attributed_until ends the window in which replies and orders count for
-- the broadcast's report.
CREATE TABLE lapak_broadcast_recipients (
    id               {{ID}},
    broadcast_id     BIGINT NOT NULL REFERENCES lapak_broadcasts (id),
    customer_id      BIGINT NOT NULL REFERENCES lapak_customers (id),
    channel          TEXT NOT NULL,
    chat_id          TEXT NOT NULL,
    payload          TEXT NOT NULL,
    voucher          TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'planned',
    reason           TEXT NOT NULL DEFAULT '',
    send_at          {{TIME}} NOT NULL,
    outbox_id        BIGINT,
    queued_at        {{TIME}},
    sent_at          {{TIME}},
    attributed_until {{TIME}},
    UNIQUE (broadcast_id, customer_id)
);
CREATE INDEX lapak_recipients_status ON lapak_broadcast_recipients (broadcast_id, status, id);
CREATE INDEX lapak_recipients_customer ON lapak_broadcast_recipients (customer_id, send_at);
CREATE INDEX lapak_recipients_sending ON lapak_broadcast_recipients (outbox_id) WHERE status = 'sending';

-- A broadcast's report counts who wrote back after it.
CREATE INDEX lapak_inbound_customer ON lapak_inbound (customer_id, received_at);

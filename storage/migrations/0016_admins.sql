-- Admins added in chat with a one-time admin code (/admin CODE), beside the
-- ones LAPAK_ADMINS names. The revision changes with every addition and
-- removal, so the flows keep the list in memory until it does.
CREATE TABLE lapak_admins (
    channel  TEXT NOT NULL,
    chat_id  TEXT NOT NULL,
    name     TEXT NOT NULL DEFAULT '',
    added_at {{TIME}} NOT NULL,
    PRIMARY KEY (channel, chat_id)
);

CREATE TABLE lapak_admin_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO lapak_admin_revision (id, revision) VALUES (1, 1);

-- One-time admin codes: only a salted SHA-256 of the code is kept, never
-- the code. A code is live until expires_at and while used_at is NULL.
CREATE TABLE lapak_admin_codes (
    id         {{ID}},
    salt       {{BLOB}} NOT NULL,
    hash       {{BLOB}} NOT NULL,
    created_at {{TIME}} NOT NULL,
    expires_at {{TIME}} NOT NULL,
    used_at    {{TIME}},
    used_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lapak_admin_codes_live ON lapak_admin_codes (expires_at) WHERE used_at IS NULL;

-- Wrong admin codes, one row per try, so the throttle survives a restart.
CREATE TABLE lapak_admin_tries (
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    at      {{TIME}} NOT NULL
);
CREATE INDEX lapak_admin_tries_account ON lapak_admin_tries (channel, chat_id, at);

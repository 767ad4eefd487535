-- The seller's dashboard in the browser (issue 14): who may log in, and how.
--
-- An admin's role: an owner may change settings, admins and payouts; staff
-- work orders, chats and the catalog. Admins from LAPAK_ADMINS are owners.
ALTER TABLE lapak_admins ADD COLUMN role TEXT NOT NULL DEFAULT 'owner';
-- The role an admin code gives (`lapak admin-code --staff`).
ALTER TABLE lapak_admin_codes ADD COLUMN role TEXT NOT NULL DEFAULT 'owner';

-- One-time logins an admin asked for in chat (/dashboard): a link whose
-- token is spent only by the POST of its confirm page, and a 6-digit code
-- typed on the login page instead. Only SHA-256 hashes are kept.
CREATE TABLE lapak_dashboard_logins (
    id         {{ID}},
    token_hash TEXT NOT NULL UNIQUE,
    code_hash  TEXT NOT NULL,
    user_key   TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    created_at {{TIME}} NOT NULL,
    expires_at {{TIME}} NOT NULL,
    used_at    {{TIME}}
);
CREATE INDEX lapak_dashboard_logins_code ON lapak_dashboard_logins (code_hash) WHERE used_at IS NULL;

-- Logged-in browsers: the cookie holds a random token, the row its hash.
-- csrf is the token every form of the session carries; flash is the one
-- message the next page shows (what a POST did).
CREATE TABLE lapak_dashboard_sessions (
    token_hash   TEXT PRIMARY KEY,
    user_key     TEXT NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    csrf         TEXT NOT NULL,
    flash        TEXT NOT NULL DEFAULT '',
    created_at   {{TIME}} NOT NULL,
    last_seen_at {{TIME}} NOT NULL,
    expires_at   {{TIME}} NOT NULL
);
CREATE INDEX lapak_dashboard_sessions_user ON lapak_dashboard_sessions (user_key);

-- Password logins set with `lapak dashboard-password` (optional).
CREATE TABLE lapak_dashboard_passwords (
    username   TEXT PRIMARY KEY,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    hash       TEXT NOT NULL,
    updated_at {{TIME}} NOT NULL
);

-- Failed logins (wrong code, wrong password, spent or unknown link), one
-- row per try, so the throttle holds across restarts and processes.
CREATE TABLE lapak_dashboard_tries (
    key TEXT NOT NULL,
    at  {{TIME}} NOT NULL
);
CREATE INDEX lapak_dashboard_tries_key ON lapak_dashboard_tries (key, at);

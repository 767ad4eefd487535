-- Durable delivery. parts_sent is how many parts of a multi-part message
-- (a photo then its text, a long text in pieces) went out, recorded after
-- each part, so a restart resumes after the last part instead of repeating
-- one. A bulk row (promos) is 'sending' while its platform call is under
-- way; found so after a crash it becomes 'unknown' and is never sent again.
ALTER TABLE lapak_outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
CREATE INDEX lapak_outbox_sending ON lapak_outbox (claimed_until) WHERE status = 'sending';

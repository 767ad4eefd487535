-- Two changes for the per-message path.
--
-- The flow state moves onto the customer row: the customer is read (and
-- locked) and written once per message anyway, so the state rides along
-- instead of costing two more statements per message.
ALTER TABLE lapak_customers ADD COLUMN state {{BLOB}};
UPDATE lapak_customers SET state = (SELECT c.state FROM lapak_conversations c WHERE c.customer_id = lapak_customers.id);
DROP TABLE lapak_conversations;

-- Sent rows stay in the outbox as a record; the sender only looks at pending
-- ones. Partial indexes keep its claim query independent of how many rows
-- were ever sent (it took seconds per claim with a few thousand sent rows).
CREATE INDEX lapak_outbox_pending ON lapak_outbox (id) WHERE status = 'pending';
CREATE INDEX lapak_outbox_pending_chat ON lapak_outbox (channel, chat_id, id) WHERE status = 'pending';
-- They replace the full indexes, which every insert and status change paid for.
DROP INDEX lapak_outbox_due;
DROP INDEX lapak_outbox_chat;

-- A person answering a chat instead of the bot, on the conversation's row
-- next to its flow state: until takeover_until the bot records the
-- customer's messages but does not answer. takeover_by says who:
-- 'seller_phone' (WhatsApp's step-back) or 'admin:<identity>'.
ALTER TABLE lapak_customers ADD COLUMN takeover_until {{TIME}};
ALTER TABLE lapak_customers ADD COLUMN takeover_by TEXT NOT NULL DEFAULT '';

-- The name a customer's chat app shows (Telegram's first name, WhatsApp's
-- push name), kept from their latest message: a promo greets them by it
-- ({nama}) before they ever gave a name at checkout.
ALTER TABLE lapak_customers ADD COLUMN chat_name TEXT NOT NULL DEFAULT '';

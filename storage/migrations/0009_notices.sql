-- 0008's table, reshaped so the conversation reads it with the customer row
-- (a subquery in the same statement, no extra round trip): the newest
-- notice with choices to each chat as JSON {"at": …, "choices": […]}.
DROP TABLE lapak_notice_choices;
CREATE TABLE lapak_notices (
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    notice  TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id)
);

-- The choices of the newest notice with choices sent to each chat (a new
-- order's Paid/Reject, a reminder's Detail/Cancel): on text channels "1" or
-- "2" selects from the newest list the person was shown, reply or notice.
CREATE TABLE lapak_notice_choices (
    channel    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    choices    TEXT NOT NULL,
    offered_at {{TIME}} NOT NULL,
    PRIMARY KEY (channel, chat_id)
);

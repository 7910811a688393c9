-- Support tickets (support/): what the citizen wrote, sealed with the server key;
-- the app's technical details (versions and error codes only, checked plain);
-- a screenshot as an attachment claimed by the ticket; the desk's answer.
CREATE TABLE support_tickets (
    id             TEXT PRIMARY KEY NOT NULL,
    number         TEXT NOT NULL UNIQUE,
    account_id     TEXT NOT NULL,
    topic          TEXT NOT NULL,
    message_sealed TEXT NOT NULL,
    diagnostics    TEXT,
    attachment_id  TEXT,
    status         TEXT NOT NULL,
    answer_ru      TEXT,
    answer_en      TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX support_tickets_account ON support_tickets (account_id, created_at);

-- Files attached to applications (services::attachments): the content sealed with
-- the server key under the file's id (AEAD), its type as read from the content,
-- and the application it became part of (none until the form is sent).
CREATE TABLE attachments (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL,
    kind           TEXT NOT NULL,
    name_sealed    TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    content_sealed TEXT NOT NULL,
    application_id TEXT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX attachments_application ON attachments (application_id);

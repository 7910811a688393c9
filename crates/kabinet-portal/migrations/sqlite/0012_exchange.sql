-- The interagency exchange (services::exchange): a document an application needs
-- that another authority holds, asked of it by the portal (the citizen is never
-- asked to upload it). `id` is the request's correlation id.
CREATE TABLE exchange_requests (
    id              TEXT PRIMARY KEY NOT NULL,
    application_id  TEXT NOT NULL,
    seq             BIGINT NOT NULL,            -- the document's place in the service's list
    authority       TEXT NOT NULL,              -- the authority asked (catalogue id)
    document_ru     TEXT NOT NULL,
    document_en     TEXT NOT NULL,
    state           TEXT NOT NULL,              -- requested | received | failed
    attempts        BIGINT NOT NULL DEFAULT 0,
    deadline        BIGINT NOT NULL,            -- after this, no answer is a failure
    reason          TEXT,                       -- why it failed, in plain words
    updated_at      BIGINT NOT NULL
);
CREATE INDEX exchange_requests_application ON exchange_requests (application_id, seq);

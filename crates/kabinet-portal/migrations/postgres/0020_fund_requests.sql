-- Requests to the pension fund without an account (pension::requests). The name,
-- contact, SNILS and question are sealed under the request's id; the contact is
-- also kept as a keyed hash, so a request is found by its number and contact
-- without storing either in the clear.
CREATE TABLE fund_requests (
    id            TEXT PRIMARY KEY NOT NULL,
    number        TEXT NOT NULL UNIQUE,
    contact_hash  TEXT NOT NULL,
    sealed        TEXT NOT NULL,
    topic         TEXT NOT NULL,
    status        TEXT NOT NULL,
    answer_ru     TEXT,
    answer_en     TEXT,
    answer_by     TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- The verified level by registered letter: one row per letter asked for (the
-- latest per account is the one that counts), its code only as a keyed hash, and
-- the development post's tracking, one row per step with its time.
CREATE TABLE letters (
    id            TEXT PRIMARY KEY NOT NULL,
    account_id    TEXT NOT NULL,
    code_hash     TEXT NOT NULL,         -- HMAC of (account, normalised code)
    address       TEXT NOT NULL,         -- the one-line postal address, sealed
    status        TEXT NOT NULL,         -- accepted | in_transit | arrived | handed_over
    requested_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    confirmed_at  BIGINT
);
CREATE INDEX letters_account ON letters (account_id, requested_at);

CREATE TABLE letter_tracking (
    letter_id  TEXT NOT NULL,
    status     TEXT NOT NULL,
    at         BIGINT NOT NULL,
    PRIMARY KEY (letter_id, status)
);

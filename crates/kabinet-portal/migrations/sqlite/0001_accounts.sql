-- Accounts, registrations, sessions, outbox, throttling and idempotency records.
-- Instants are unix seconds (BIGINT); the PostgreSQL schema is the same shape.

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY NOT NULL,
    surname       TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    contact       TEXT NOT NULL UNIQUE,   -- E.164 phone or lower-case e-mail
    level         TEXT NOT NULL,
    password_hash TEXT NOT NULL,          -- Argon2id PHC string
    created_at    BIGINT NOT NULL
);

CREATE TABLE registrations (
    id_hash             TEXT PRIMARY KEY NOT NULL,  -- keyed hash of the capability id
    surname             TEXT NOT NULL,
    first_name          TEXT NOT NULL,
    contact             TEXT NOT NULL,
    contact_taken       BIGINT NOT NULL,            -- 1: a notice was sent, never a code
    step                TEXT NOT NULL,
    code_hash           TEXT NOT NULL,              -- keyed hash of the current code
    code_issued_at      BIGINT NOT NULL,
    code_wrong_attempts BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    expires_at          BIGINT NOT NULL,
    account_id          TEXT
);
CREATE INDEX registrations_expires_at ON registrations (expires_at);

CREATE TABLE code_sends (
    destination_hash TEXT NOT NULL,
    sent_at          BIGINT NOT NULL
);
CREATE INDEX code_sends_destination ON code_sends (destination_hash, sent_at);

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel     TEXT NOT NULL,
    destination TEXT NOT NULL,
    subject     TEXT,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE sessions (
    id                TEXT PRIMARY KEY NOT NULL,
    account_id        TEXT NOT NULL REFERENCES accounts (id),
    access_hash       TEXT NOT NULL UNIQUE,
    access_expires_at BIGINT NOT NULL,
    refresh_hash      TEXT NOT NULL UNIQUE,
    expires_at        BIGINT NOT NULL,
    created_at        BIGINT NOT NULL,
    revoked_at        BIGINT
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE auth_failures (
    subject_hash TEXT NOT NULL,
    failed_at    BIGINT NOT NULL
);
CREATE INDEX auth_failures_subject ON auth_failures (subject_hash, failed_at);

CREATE TABLE idempotency (
    scope_hash   TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       BIGINT,          -- NULL while the first request is in progress
    body         TEXT,            -- encrypted response body (hex)
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (scope_hash, idem_key)
);

-- Durable jobs; atomic rate limits; consecutive sign-in failures; spent refresh
-- tokens; security events; a delivery state for outbox messages.

-- Background jobs (platform::jobs). A pending job with run_at <= now and no live
-- lease may be claimed; a claim sets locked_until (the lease) and counts an attempt.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,          -- JSON; never personal data in clear where avoidable
    status       TEXT NOT NULL,          -- pending | done | dead
    run_at       BIGINT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    locked_until BIGINT,
    locked_by    TEXT,
    last_error   TEXT,
    unique_key   TEXT UNIQUE,            -- at most one live job per key (e.g. the sweep)
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX jobs_due ON jobs (status, run_at);

-- One row per rate-limited subject, upserted first in a transaction so that
-- concurrent check-and-record on the same subject is serialised.
CREATE TABLE rate_locks (
    subject_hash TEXT PRIMARY KEY NOT NULL,
    touched_at   BIGINT NOT NULL
);

-- Starts and resends per client address (and other counted events).
CREATE TABLE rate_events (
    subject_hash TEXT NOT NULL,
    at           BIGINT NOT NULL
);
CREATE INDEX rate_events_subject ON rate_events (subject_hash, at);

ALTER TABLE accounts ADD COLUMN failed_sign_ins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN password_disabled_at BIGINT;

ALTER TABLE registrations ADD COLUMN locked_until BIGINT;

-- The attempt a failure row was reserved for (a successful sign-in takes its own back).
ALTER TABLE auth_failures ADD COLUMN attempt_id TEXT;
CREATE INDEX auth_failures_attempt ON auth_failures (attempt_id);

-- A refresh token that was rotated away; presenting it again ends the session.
CREATE TABLE spent_refresh_tokens (
    refresh_hash TEXT PRIMARY KEY NOT NULL,
    session_id   TEXT NOT NULL,
    spent_at     BIGINT NOT NULL
);

CREATE TABLE security_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX security_events_account ON security_events (account_id, at);

ALTER TABLE outbox ADD COLUMN delivered_at BIGINT;

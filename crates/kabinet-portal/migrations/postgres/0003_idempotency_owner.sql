-- Which portal process holds an in-progress idempotency claim, and which processes
-- are alive: a claim whose process stopped sending heartbeats (it crashed) is taken
-- over at once by the retry instead of after the two-minute backstop.
ALTER TABLE idempotency ADD COLUMN owner TEXT;

CREATE TABLE portal_instances (
    id      TEXT PRIMARY KEY NOT NULL,
    seen_at BIGINT NOT NULL            -- wall-clock seconds of the last heartbeat
);

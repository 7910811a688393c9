-- What a citizen is told (notifications): one row per event, written in the
-- transaction of the change it tells of. The source of truth of the inbox and the
-- resume point of the live stream. `seq` counts per account from 1 without gaps:
-- it is allocated under the account's lock in `rate_locks` (notifications::publish),
-- so a higher seq never commits before a lower one and a reader resuming after N
-- never skips one. `id` only orders rows portal-wide.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     TEXT NOT NULL,
    seq            BIGINT NOT NULL,
    kind           TEXT NOT NULL,            -- application_status, …
    payload        TEXT NOT NULL,            -- JSON: texts (ru, en) and what it is about
    created_at     BIGINT NOT NULL,
    read_at        BIGINT,
    UNIQUE (account_id, seq)
);

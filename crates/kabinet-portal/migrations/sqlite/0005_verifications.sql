-- The verified level: how each verified account was verified (in person, by
-- registered letter, later by signature), when, and by whom. One row per account;
-- the operator and office are kept as named at the time, as the citizen saw them.
CREATE TABLE verifications (
    account_id    TEXT PRIMARY KEY NOT NULL,
    method        TEXT NOT NULL,         -- in_person | letter | signature
    verified_at   BIGINT NOT NULL,
    operator_id   TEXT,
    operator_name TEXT,
    office_id     TEXT,
    office_name   TEXT
);

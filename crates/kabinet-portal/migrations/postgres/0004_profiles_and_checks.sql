-- The standard level: the personal data a citizen submits (sealed with the server
-- key: passport and SNILS are never stored in clear) and the registry checks run
-- on it as jobs.
CREATE TABLE profiles (
    account_id      TEXT PRIMARY KEY NOT NULL,
    data_sealed     TEXT NOT NULL,       -- the ProfileSubmission JSON, encrypted
    data_hash       TEXT NOT NULL,       -- keyed hash of the submission as sent
    snils_hash      TEXT NOT NULL,       -- keyed hash of the SNILS digits
    snils_confirmed BIGINT NOT NULL DEFAULT 0,
    inn             TEXT,
    submitted_at    BIGINT NOT NULL
);
-- One confirmed holder per SNILS ("this SNILS is already registered").
CREATE UNIQUE INDEX profiles_confirmed_snils ON profiles (snils_hash) WHERE snils_confirmed = 1;

CREATE TABLE registry_checks (
    id           TEXT PRIMARY KEY NOT NULL,
    account_id   TEXT NOT NULL,
    kind         TEXT NOT NULL,          -- passport | snils
    status       TEXT NOT NULL,          -- waiting | in_progress | done | failed
    failure      TEXT,
    asks         BIGINT NOT NULL DEFAULT 0,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX registry_checks_account ON registry_checks (account_id);

-- Recovering access to an account («Забыли пароль?», auth::recovery). A recovery is
-- a 256-bit capability kept as its keyed hash, like a registration; `account_id`
-- is NULL when the login named no account (the answer is the same, and no code can
-- ever be confirmed). The code went to the account's confirmed contact.
CREATE TABLE recoveries (
    id_hash             TEXT PRIMARY KEY NOT NULL,
    account_id          TEXT,
    step                TEXT NOT NULL,
    code_hash           TEXT NOT NULL,
    code_issued_at      BIGINT NOT NULL,
    code_wrong_attempts BIGINT NOT NULL,
    locked_until        BIGINT,
    created_at          BIGINT NOT NULL,
    expires_at          BIGINT NOT NULL
);
CREATE INDEX recoveries_expires_at ON recoveries (expires_at);

-- A passport's series and number as a keyed hash, so an account at the standard
-- level can be found by it (profiles submitted before this migration have none:
-- they are found by SNILS, phone or e-mail).
ALTER TABLE profiles ADD COLUMN passport_hash TEXT;
CREATE INDEX profiles_passport ON profiles (passport_hash);

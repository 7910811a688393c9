-- Service-centre staff (staff::operators): operator accounts bound to one office,
-- signed in with a password and a TOTP code; their sessions; and the audit of what
-- they did to citizens' accounts (staff::desk).
CREATE TABLE operators (
    id              TEXT PRIMARY KEY NOT NULL,
    login           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,           -- surname and initials, shown to citizens
    office_id       TEXT NOT NULL,           -- a service centre's id
    password_hash   TEXT NOT NULL,           -- Argon2id
    totp_sealed     TEXT NOT NULL,           -- the TOTP secret, encrypted with the server key
    totp_last_step  BIGINT,                  -- the last accepted code's time step (a code works once)
    snils_hash      TEXT NOT NULL,           -- keyed hash of the operator's own SNILS (not their own account)
    created_at      BIGINT NOT NULL,
    disabled_at     BIGINT
);

CREATE TABLE operator_sessions (
    id           TEXT PRIMARY KEY NOT NULL,
    operator_id  TEXT NOT NULL,
    office_id    TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,            -- absolute end
    revoked_at   BIGINT
);

-- Who did what to which account, where and when; kept, never updated.
CREATE TABLE operator_audit (
    id          TEXT PRIMARY KEY NOT NULL,
    operator_id TEXT NOT NULL,
    office_id   TEXT NOT NULL,
    account_id  TEXT,
    action      TEXT NOT NULL,               -- search | verify_in_person
    details     TEXT NOT NULL,               -- JSON: what was searched by / compared
    at          BIGINT NOT NULL
);
CREATE INDEX operator_audit_account ON operator_audit (account_id, at);

-- Applications for services (services::applications): what a citizen applied for,
-- its status as kabinet-core's status machine moved it (JSON of `Status`), and
-- every status it passed through.
CREATE TABLE applications (
    id             TEXT PRIMARY KEY NOT NULL,
    number         TEXT NOT NULL UNIQUE,     -- the portal's receipt number, shown to the citizen
    account_id     TEXT NOT NULL,
    service_id     TEXT NOT NULL,
    state          TEXT NOT NULL,            -- the status's key (submitted, registered, …)
    status         TEXT NOT NULL,            -- the status as JSON
    agency_number  TEXT,                     -- the agency's registration number, once given
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX applications_account ON applications (account_id, created_at);

CREATE TABLE application_history (
    application_id TEXT NOT NULL,
    seq            BIGINT NOT NULL,
    state          TEXT NOT NULL,
    status         TEXT NOT NULL,
    actor          TEXT NOT NULL,            -- citizen | agency | portal
    at             BIGINT NOT NULL,
    PRIMARY KEY (application_id, seq)
);

-- The agencies' own API (services::agency): one credential per agency client,
-- kept only as a keyed hash of its secret; a revoked one signs nothing in.
CREATE TABLE agency_clients (
    id TEXT PRIMARY KEY,
    authority TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
-- Which authority an application is for (from the catalogue, at submission), so
-- an agency lists only its own.
ALTER TABLE applications ADD COLUMN authority TEXT;
CREATE INDEX applications_authority ON applications (authority, state);
-- A queue's current place (the kindergarten queue), as the agency last gave it.
ALTER TABLE applications ADD COLUMN queue_position BIGINT;
-- The last day to bring documents in person, for services that need it
-- («в течение 5 рабочих дней»): ISO date, and whether the calendar is confirmed.
ALTER TABLE applications ADD COLUMN visit_by TEXT;
ALTER TABLE applications ADD COLUMN visit_by_confirmed BIGINT;

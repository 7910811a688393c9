-- Electronic results (services::results): the document issued when an application
-- whose service gives its result electronically is decided «ready» — a PDF sealed
-- with the server key, its signature by the portal's document key made at issue
-- and the certificate chain it was made with, so the same bytes and signature are
-- served every time. One per application.
CREATE TABLE application_results (
    application_id TEXT PRIMARY KEY NOT NULL,
    file_name      TEXT NOT NULL,
    content_sealed TEXT NOT NULL,
    signature      TEXT NOT NULL,
    signer_chain   TEXT NOT NULL,
    signed_at      BIGINT NOT NULL
);

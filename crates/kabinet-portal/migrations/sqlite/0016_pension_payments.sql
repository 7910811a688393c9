-- The fund paying assigned pensions (pension::payments). A pensioner's delivery
-- day and the date the fund's amount is known on; how the pension is delivered
-- from a date on (a change applies from its day; bank accounts by their last four
-- digits only); and every month's payment, once (the primary key makes the payday
-- job's credit and its notice happen exactly once).
CREATE TABLE pension_payees (
    person        TEXT PRIMARY KEY,
    delivery_day  BIGINT NOT NULL,
    known_on      TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE TABLE pension_delivery (
    person         TEXT NOT NULL,
    from_date      TEXT NOT NULL,
    method         TEXT NOT NULL,
    bik            TEXT,
    account_tail   TEXT,
    application_id TEXT,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (person, from_date)
);
CREATE TABLE pension_payments (
    person        TEXT NOT NULL,
    month         TEXT NOT NULL,
    paid_on       TEXT NOT NULL,
    amount        TEXT NOT NULL,
    method        TEXT NOT NULL,
    bik           TEXT,
    account_tail  TEXT,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (person, month)
);

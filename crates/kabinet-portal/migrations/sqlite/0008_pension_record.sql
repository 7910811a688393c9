-- The pension fund's record of each insured person (pension::record), loaded from
-- employers' report files (pension::reports) and the fund's own records. A person
-- is the keyed hash of their SNILS (the same as profiles.snils_hash): the SNILS
-- itself is not stored here. Money is decimal text ("65000.00"), dates ISO text.
CREATE TABLE pension_employers (
    reg_number  TEXT PRIMARY KEY NOT NULL,  -- the fund's registration number XXX-XXX-XXXXXX
    inn         TEXT NOT NULL,
    name        TEXT NOT NULL,
    address     TEXT,
    updated_at  BIGINT NOT NULL
);

-- Employment periods as the employer reported them (a later report of the same
-- start replaces the end and position).
CREATE TABLE pension_periods (
    person      TEXT NOT NULL,
    employer    TEXT NOT NULL,
    date_from   TEXT NOT NULL,
    date_to     TEXT,                       -- NULL: still employed
    position    TEXT,
    PRIMARY KEY (person, employer, date_from)
);

-- One month of one employer's report: pay, contributions accrued and paid (a
-- corrective report replaces the month).
CREATE TABLE pension_months (
    person      TEXT NOT NULL,
    employer    TEXT NOT NULL,
    year        BIGINT NOT NULL,
    month       BIGINT NOT NULL,
    wage        TEXT NOT NULL,
    accrued     TEXT NOT NULL,
    paid        TEXT NOT NULL,
    PRIMARY KEY (person, employer, year, month)
);

-- Periods the fund credits without contributions (military service, child care…).
CREATE TABLE pension_credited (
    person      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    date_from   TEXT NOT NULL,
    date_to     TEXT NOT NULL,
    child       BIGINT,
    PRIMARY KEY (person, kind, date_from)
);

-- What the fund holds about the person beyond reports: rights converted from
-- before 2015, a pension already assigned, the funded-pension choice.
CREATE TABLE pension_persons (
    person            TEXT PRIMARY KEY NOT NULL,
    pre2015_points    TEXT,
    pre2015_months    BIGINT,
    assigned_since    TEXT,
    assigned_monthly  TEXT,
    funded_option     BIGINT NOT NULL DEFAULT 0
);

-- Every report file loaded, by the SHA-256 of its bytes: the same file twice is
-- loaded once.
CREATE TABLE pension_report_files (
    digest      TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    entries     BIGINT NOT NULL,
    loaded_at   BIGINT NOT NULL
);

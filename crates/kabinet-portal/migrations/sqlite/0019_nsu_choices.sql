-- The set of social services (pension::disability): each choice the fund decided,
-- in kind or as money for each of its three parts, from its 1 January on. One
-- choice per person and first day (a later decision for the same year replaces
-- the earlier one).
CREATE TABLE nsu_choices (
    person         TEXT NOT NULL,
    from_date      TEXT NOT NULL,
    medicines      TEXT NOT NULL,
    sanatorium     TEXT NOT NULL,
    travel         TEXT NOT NULL,
    application_id TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (person, from_date)
);

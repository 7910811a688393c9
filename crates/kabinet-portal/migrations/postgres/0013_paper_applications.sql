-- An application made on paper at an office and added to the account by its
-- receipt number (services::paper): that number, once per portal.
ALTER TABLE applications ADD COLUMN paper_receipt TEXT;
CREATE UNIQUE INDEX applications_paper_receipt ON applications (paper_receipt);

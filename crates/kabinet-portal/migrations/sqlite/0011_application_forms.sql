-- The answers to an application's form (services::applications), sealed with the
-- server key under the application's id: they hold passport and SNILS numbers.
ALTER TABLE applications ADD COLUMN form_sealed TEXT;

-- What the sessions list shows of each session (auth::sessions): the app that
-- opened it (its User-Agent, trimmed), the client's network — coarse: an IPv4
-- address's /24, an IPv6 address's /64, never the full address — and when it was
-- last used (set at sign-in and at every refresh).
ALTER TABLE sessions ADD COLUMN device TEXT;
ALTER TABLE sessions ADD COLUMN network TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;

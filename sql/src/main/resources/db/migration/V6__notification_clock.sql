-- A clock's notices carry its id: when the clock is breached or stops, its warnings still waiting for office hours
-- are withdrawn with one indexed update, for a whole batch of firings at once.
ALTER TABLE notification ADD COLUMN clock_id BIGINT NULL;
CREATE INDEX ix_notification_clock ON notification (clock_id, status);

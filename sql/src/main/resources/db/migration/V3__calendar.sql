-- The working-day calendar: the exceptions to Monday–Friday (public holidays, and make-up working days on weekends).
-- Seeded from the official arrangements the application knows; admins enter later years.
CREATE TABLE calendar_day (
  calendar_date  DATE          NOT NULL,
  kind           VARCHAR(8)    NOT NULL,  -- HOLIDAY | WORKDAY
  name           VARCHAR(64)   NULL,
  updated_by     BIGINT        NULL,
  updated_at     DATETIME(3)   NOT NULL,
  PRIMARY KEY (calendar_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

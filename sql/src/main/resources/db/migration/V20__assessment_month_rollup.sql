-- Assessment rollup per unit × calendar month: the same 16 counts as assessment_unit_day, kept by the same ledger in
-- the same transaction. A month's ranking for 350 units read ~10,500 unit-day rows and summed 16 columns of each
-- (15–20 ms on two cores, twice per ranking: the month and the one before); a quarter or a year three or twelve
-- times that. Whole months now read one row per unit each; the days of a period that are not a whole month (a day,
-- a week, the ends of any other range) still come from assessment_unit_day. A full recomputation from the timelines
-- must give the same numbers (AssessmentLedgerTest). Measured in BENCHMARKS.md ("Leadership dashboard").
CREATE TABLE assessment_unit_month (
  month_start        DATE    NOT NULL,   -- the first day of the centre's calendar month (Asia/Shanghai)
  unit_id            BIGINT  NOT NULL,
  received           INT     NOT NULL DEFAULT 0,
  sign_met           INT     NOT NULL DEFAULT 0,
  sign_late          INT     NOT NULL DEFAULT 0,
  handle_met         INT     NOT NULL DEFAULT 0,
  handle_late        INT     NOT NULL DEFAULT 0,
  rated              INT     NOT NULL DEFAULT 0,
  contact_rated      INT     NOT NULL DEFAULT 0,
  contacted          INT     NOT NULL DEFAULT 0,
  resolved           INT     NOT NULL DEFAULT 0,
  satisfied          INT     NOT NULL DEFAULT 0,
  returned           INT     NOT NULL DEFAULT 0,
  replies            INT     NOT NULL DEFAULT 0,
  rehandled          INT     NOT NULL DEFAULT 0,
  overdue            INT     NOT NULL DEFAULT 0,
  taken              INT     NOT NULL DEFAULT 0,
  answered_directly  INT     NOT NULL DEFAULT 0,
  -- Months for all units are one range of the clustered key.
  PRIMARY KEY (month_start, unit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Whatever the ledger already counted becomes the rollup's starting point.
INSERT INTO assessment_unit_month (month_start, unit_id, received, sign_met, sign_late, handle_met, handle_late, rated,
                                   contact_rated, contacted, resolved, satisfied, returned, replies, rehandled, overdue,
                                   taken, answered_directly)
SELECT TIMESTAMPADD(DAY, 1 - DAYOFMONTH(stat_date), stat_date), unit_id, SUM(received), SUM(sign_met),
       SUM(sign_late), SUM(handle_met), SUM(handle_late), SUM(rated), SUM(contact_rated), SUM(contacted),
       SUM(resolved), SUM(satisfied), SUM(returned), SUM(replies), SUM(rehandled), SUM(overdue), SUM(taken),
       SUM(answered_directly)
FROM assessment_unit_day
GROUP BY TIMESTAMPADD(DAY, 1 - DAYOFMONTH(stat_date), stat_date), unit_id;

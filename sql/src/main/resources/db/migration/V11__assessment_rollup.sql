-- Assessment rollup: the same 16 counts as assessment_day, per unit × day over all categories and areas, kept by
-- the same ledger in the same transaction. A month's indicators for every unit read units × days rows (a few
-- thousand), where assessment_day holds a row per unit × day × category × area (millions a year at 10 M orders).
-- A full recomputation from the timelines must give the same numbers (AssessmentLedgerTest).
CREATE TABLE assessment_unit_day (
  stat_date          DATE    NOT NULL,   -- the centre's calendar day (Asia/Shanghai)
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
  -- A period for all units is one range of the clustered key.
  PRIMARY KEY (stat_date, unit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Whatever the ledger already counted becomes the rollup's starting point.
INSERT INTO assessment_unit_day (stat_date, unit_id, received, sign_met, sign_late, handle_met, handle_late, rated,
                                 contact_rated, contacted, resolved, satisfied, returned, replies, rehandled, overdue,
                                 taken, answered_directly)
SELECT stat_date, unit_id, SUM(received), SUM(sign_met), SUM(sign_late), SUM(handle_met), SUM(handle_late),
       SUM(rated), SUM(contact_rated), SUM(contacted), SUM(resolved), SUM(satisfied), SUM(returned), SUM(replies),
       SUM(rehandled), SUM(overdue), SUM(taken), SUM(answered_directly)
FROM assessment_day
GROUP BY stat_date, unit_id;

-- The dashboard's intake by hour and channel is one range of today's orders: with the channel in the index it is
-- read from the index alone, not from a row lookup per order (same prefix, so it serves every created_at range
-- the single-column index served).
DROP INDEX ix_work_order_created ON work_order;
CREATE INDEX ix_work_order_created ON work_order (created_at, channel);

-- Today's calls (all, answered, missed) likewise from the index alone.
DROP INDEX ix_call_started ON call_record;
CREATE INDEX ix_call_started ON call_record (started_at, state, answered_at);

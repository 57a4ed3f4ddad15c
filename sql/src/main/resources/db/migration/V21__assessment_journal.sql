-- The assessment journal: a transaction that changes counts appends them here (insert only: no row another
-- transaction also writes), and a background fold moves them into assessment_day and its rollups every few hundred
-- milliseconds. Before, every intake transaction incremented the same rows (the centre's counts for today) and held
-- their locks until it committed: intakes queued one behind another on them. Readers add what is still here to the
-- tables, so every figure is exact at any moment.
CREATE TABLE assessment_journal (
  id                 BIGINT  NOT NULL AUTO_INCREMENT,
  unit_id            BIGINT  NOT NULL,
  stat_date          DATE    NOT NULL,
  category_id        BIGINT  NOT NULL,
  area_id            BIGINT  NOT NULL,
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
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Readers add the pending counts of their days.
CREATE INDEX ix_assessment_journal_date ON assessment_journal (stat_date, unit_id);

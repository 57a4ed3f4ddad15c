-- Assessment (考核): what happened to each unit's orders, counted per day × category × area as the orders' timeline
-- events are written (same transaction), so a month's indicators for every unit are a sum over a few thousand rows,
-- not a scan of millions of orders. A full recomputation from the timelines must give the same numbers.
CREATE TABLE assessment_day (
  unit_id            BIGINT  NOT NULL,
  stat_date          DATE    NOT NULL,   -- the centre's calendar day (Asia/Shanghai)
  category_id        BIGINT  NOT NULL,
  area_id            BIGINT  NOT NULL,   -- 0 when the order has no area
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
  PRIMARY KEY (unit_id, stat_date, category_id, area_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Rankings and reports read a period for all units.
CREATE INDEX ix_assessment_day_date ON assessment_day (stat_date, unit_id);

-- Orders a reviewer judged unreasonable (无理诉求 and the like): left out of every unit's counts, with the reason.
CREATE TABLE assessment_exclusion (
  order_id     BIGINT        NOT NULL,
  reason       VARCHAR(1000) NOT NULL,
  excluded_by  BIGINT        NOT NULL,
  excluded_at  DATETIME(3)   NOT NULL,
  PRIMARY KEY (order_id),
  CONSTRAINT fk_exclusion_order FOREIGN KEY (order_id) REFERENCES work_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

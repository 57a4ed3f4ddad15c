-- Supervision (督办): a record over one or more orders in one of four modes (onsite, meeting, leader_memo, media),
-- with the work it hands out (items: an owner unit, a deadline, open or done), every step it took, its own clocks
-- (durable timers, subject 'sv:<id>') and photos.
CREATE TABLE supervision (
  id             BIGINT        NOT NULL AUTO_INCREMENT,
  mode           VARCHAR(16)   NOT NULL,  -- onsite | meeting | leader_memo | media
  title          VARCHAR(200)  NOT NULL,
  status         VARCHAR(16)   NOT NULL,  -- open | in_progress | reported | closed
  initiator_id   BIGINT        NOT NULL,
  initiator_name VARCHAR(100)  NOT NULL,
  deadline       DATETIME(3)   NOT NULL,
  -- JSON, checked by supervision.SupervisionInput: each mode's own fields (place, attendees, instruction, outlet, …)
  details        TEXT          NULL,
  level          INT           NOT NULL DEFAULT 0,  -- 0 on time, 1 overdue, 2 escalated to the leadership
  warned_at      DATETIME(3)   NULL,
  overdue_at     DATETIME(3)   NULL,
  created_at     DATETIME(3)   NOT NULL,
  updated_at     DATETIME(3)   NOT NULL,
  reported_at    DATETIME(3)   NULL,
  closed_at      DATETIME(3)   NULL,
  version        INT           NOT NULL DEFAULT 1,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_supervision_status ON supervision (status, mode, deadline);

CREATE TABLE supervision_order (
  supervision_id BIGINT NOT NULL,
  order_id       BIGINT NOT NULL,
  PRIMARY KEY (supervision_id, order_id),
  CONSTRAINT fk_sv_order_sv FOREIGN KEY (supervision_id) REFERENCES supervision (id),
  CONSTRAINT fk_sv_order_order FOREIGN KEY (order_id) REFERENCES work_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_sv_order_order ON supervision_order (order_id);

-- Work handed out: a memo's assignment to a unit, an on-site action, a meeting's decision on an order (one row for
-- the lead unit, one per co-unit), a media commitment. Units see the supervisions they own an item of.
CREATE TABLE supervision_item (
  id             BIGINT         NOT NULL AUTO_INCREMENT,
  supervision_id BIGINT         NOT NULL,
  kind           VARCHAR(16)    NOT NULL,  -- assignment | action | decision | commitment
  order_id       BIGINT         NULL,
  unit_id        BIGINT         NOT NULL,
  lead           BOOLEAN        NOT NULL DEFAULT TRUE,
  text           VARCHAR(2000)  NOT NULL,
  deadline       DATETIME(3)    NOT NULL,
  status         VARCHAR(10)    NOT NULL,  -- open | done
  overdue_at     DATETIME(3)    NULL,
  done_at        DATETIME(3)    NULL,
  done_note      VARCHAR(2000)  NULL,
  created_at     DATETIME(3)    NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT fk_sv_item_sv FOREIGN KEY (supervision_id) REFERENCES supervision (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_sv_item_sv ON supervision_item (supervision_id, id);
CREATE INDEX ix_sv_item_unit ON supervision_item (unit_id, status);

-- Every step, in order: created, instruction, assigned, progress, urge, notice, summons, public-update, overdue, …
CREATE TABLE supervision_step (
  id             BIGINT         NOT NULL AUTO_INCREMENT,
  supervision_id BIGINT         NOT NULL,
  occurred_at    DATETIME(3)    NOT NULL,
  actor_id       BIGINT         NULL,
  actor_name     VARCHAR(100)   NOT NULL,
  actor_unit_id  BIGINT         NULL,
  kind           VARCHAR(32)    NOT NULL,
  item_id        BIGINT         NULL,
  unit_id        BIGINT         NULL,
  order_id       BIGINT         NULL,
  note           TEXT           NULL,
  details        TEXT           NULL,
  -- media tracking: shown on the public page (checked free of personal data when written)
  public_step    BOOLEAN        NOT NULL DEFAULT FALSE,
  PRIMARY KEY (id),
  CONSTRAINT fk_sv_step_sv FOREIGN KEY (supervision_id) REFERENCES supervision (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_sv_step_sv ON supervision_step (supervision_id, id);

-- On-site photos: checked by their first bytes (JPEG, PNG, WebP) and size when uploaded; kept in the database so
-- every node serves them.
CREATE TABLE supervision_photo (
  id             BIGINT         NOT NULL AUTO_INCREMENT,
  supervision_id BIGINT         NOT NULL,
  content_type   VARCHAR(32)    NOT NULL,
  byte_size      INT            NOT NULL,
  sha256         CHAR(64)       NOT NULL,
  caption        VARCHAR(200)   NULL,
  data           MEDIUMBLOB     NOT NULL,
  uploaded_by    BIGINT         NULL,
  uploaded_at    DATETIME(3)    NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT fk_sv_photo_sv FOREIGN KEY (supervision_id) REFERENCES supervision (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_sv_photo_sv ON supervision_photo (supervision_id, id);

-- Supervision clocks are timers without an order: cancelled by subject when the work is done.
CREATE INDEX ix_timer_subject ON timer (subject, status);

-- Time-limit policies, the clocks orders run on, and the notification outbox.

-- A time-limit policy for one order type × urgency, or an override for one category (and the categories below it).
-- Versioned: an edit adds a row with the next version and closes the previous one (superseded_at); orders keep the
-- row they were dispatched under (work_order.policy_id), so a change applies to new orders only.
CREATE TABLE sla_policy (
  id             BIGINT        NOT NULL AUTO_INCREMENT,
  order_type     VARCHAR(16)   NOT NULL,
  urgency        VARCHAR(16)   NOT NULL,
  -- 0 for the type × urgency default; a category id for an override (0, not NULL, so the key below is unique)
  category_id    BIGINT        NOT NULL DEFAULT 0,
  version        INT           NOT NULL,
  -- JSON: limits (sign, handle, callback, opinion), warnings, escalation chain; checked by sla.Policy on write
  rules          TEXT          NOT NULL,
  note           VARCHAR(500)  NULL,
  created_by     BIGINT        NULL,
  created_at     DATETIME(3)   NOT NULL,
  superseded_at  DATETIME(3)   NULL,
  retired        BOOLEAN       NOT NULL DEFAULT FALSE,
  PRIMARY KEY (id),
  CONSTRAINT uk_sla_policy_version UNIQUE (order_type, urgency, category_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE work_order ADD COLUMN policy_id BIGINT NULL;
ALTER TABLE work_order ADD CONSTRAINT fk_work_order_policy FOREIGN KEY (policy_id) REFERENCES sla_policy (id);

-- One clock per order and target: the lead unit's sign and handle clocks, each co-handler's opinion clock, the
-- centre's callback clock. Its events (started, paused, resumed, extended, warned, breached, escalated, met) are on
-- the order's timeline; this row is the clock's present state, for the order page and the overdue views.
CREATE TABLE order_clock (
  id             BIGINT        NOT NULL AUTO_INCREMENT,
  order_id       BIGINT        NOT NULL,
  kind           VARCHAR(16)   NOT NULL,  -- sign | handle | opinion | callback
  assignment_id  BIGINT        NULL,
  unit_id        BIGINT        NULL,      -- the unit the clock runs against; NULL for the centre
  policy_id      BIGINT        NULL,
  calendar_time  BOOLEAN       NOT NULL,  -- emergencies run on calendar time, the rest on working time
  started_at     DATETIME(3)   NOT NULL,
  deadline       DATETIME(3)   NOT NULL,
  -- the clock's whole allowance in (working) seconds, extensions included: warnings are set against it
  budget_seconds BIGINT        NOT NULL,
  status         VARCHAR(10)   NOT NULL,  -- running | paused | stopped
  paused_at      DATETIME(3)   NULL,
  warned_at      DATETIME(3)   NULL,
  breached_at    DATETIME(3)   NULL,
  level          INT           NOT NULL DEFAULT 0,  -- escalation level reached; 0 = none
  stopped_at     DATETIME(3)   NULL,
  outcome        VARCHAR(10)   NULL,      -- met | late | cancelled
  PRIMARY KEY (id),
  CONSTRAINT fk_clock_order FOREIGN KEY (order_id) REFERENCES work_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_clock_order ON order_clock (order_id, status);
-- the overdue and at-risk views: open clocks by deadline, per unit or all
CREATE INDEX ix_clock_open ON order_clock (status, deadline);
CREATE INDEX ix_clock_unit ON order_clock (unit_id, status, deadline);

-- Each time a clock stood still (suspension), with the working time it did not count.
CREATE TABLE order_clock_pause (
  id              BIGINT       NOT NULL AUTO_INCREMENT,
  clock_id        BIGINT       NOT NULL,
  paused_at       DATETIME(3)  NOT NULL,
  resumed_at      DATETIME(3)  NULL,
  paused_seconds  BIGINT       NULL,
  PRIMARY KEY (id),
  CONSTRAINT fk_pause_clock FOREIGN KEY (clock_id) REFERENCES order_clock (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_pause_clock ON order_clock_pause (clock_id, id);

-- The outbox: a notification is written in the transaction that caused it (a clock firing, an urge) and delivered
-- afterwards, at least once, by whichever node claims it. dedup_key keeps a cause from notifying twice.
CREATE TABLE notification (
  id                 BIGINT        NOT NULL AUTO_INCREMENT,
  dedup_key          VARCHAR(160)  NOT NULL,
  kind               VARCHAR(32)   NOT NULL,
  order_id           BIGINT        NULL,
  -- the recipients: a unit's staff, a role's staff (optionally within a unit), or one person
  recipient_unit_id  BIGINT        NULL,
  recipient_role     VARCHAR(32)   NULL,
  recipient_user_id  BIGINT        NULL,
  title              VARCHAR(200)  NOT NULL,
  body               TEXT          NULL,
  urgent             BOOLEAN       NOT NULL DEFAULT FALSE,
  created_at         DATETIME(3)   NOT NULL,
  -- people are told in office hours only, unless urgent: the next opening when created outside them
  deliver_after      DATETIME(3)   NOT NULL,
  status             VARCHAR(10)   NOT NULL,  -- pending | sent | failed
  attempts           INT           NOT NULL DEFAULT 0,
  next_attempt_at    DATETIME(3)   NOT NULL,
  sent_at            DATETIME(3)   NULL,
  last_error         VARCHAR(500)  NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_notification_dedup UNIQUE (dedup_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_notification_due ON notification (status, next_attempt_at);
CREATE INDEX ix_notification_unit ON notification (recipient_unit_id, status, id);
CREATE INDEX ix_notification_role ON notification (recipient_role, status, id);
CREATE INDEX ix_notification_user ON notification (recipient_user_id, status, id);

-- Who has read which notification in their console inbox.
CREATE TABLE notification_read (
  notification_id  BIGINT       NOT NULL,
  user_id          BIGINT       NOT NULL,
  read_at          DATETIME(3)  NOT NULL,
  PRIMARY KEY (notification_id, user_id),
  CONSTRAINT fk_read_notification FOREIGN KEY (notification_id) REFERENCES notification (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

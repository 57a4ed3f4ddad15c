-- Work orders: citizens, orders, assignments to units, the timeline, extension requests, the dispatch
-- catalogue and idempotency keys. MySQL syntax; runs unchanged on MySQL 8, MariaDB 10.11 and H2 (MySQL mode).

-- A caller. The phone is stored encrypted (AES-GCM) with a keyed hash for lookup and a masked form for display.
CREATE TABLE citizen (
  id            BIGINT        NOT NULL AUTO_INCREMENT,
  name          VARCHAR(100)  NULL,
  phone_cipher  VARBINARY(255) NULL,
  phone_hash    CHAR(64)      NULL,
  phone_masked  VARCHAR(32)   NULL,
  created_at    DATETIME(3)   NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_citizen_phone_hash ON citizen (phone_hash);

CREATE TABLE work_order (
  id               BIGINT        NOT NULL AUTO_INCREMENT,
  number           VARCHAR(32)   NULL,
  pickup_code      CHAR(6)       NOT NULL,
  channel          VARCHAR(16)   NOT NULL,
  type             VARCHAR(16)   NOT NULL,
  urgency          VARCHAR(16)   NOT NULL,
  category_id      BIGINT        NOT NULL,
  area_id          BIGINT        NULL,
  address          VARCHAR(500)  NULL,
  content          TEXT          NOT NULL,
  latitude         DECIMAL(9,6)  NULL,
  longitude        DECIMAL(9,6)  NULL,
  confidential     BOOLEAN       NOT NULL DEFAULT FALSE,
  citizen_id       BIGINT        NULL,
  status           VARCHAR(16)   NOT NULL,
  -- status before RETURNED or SUSPENDED, so a rejected return or a resume goes back to it
  previous_status  VARCHAR(16)   NULL,
  lead_unit_id     BIGINT        NULL,
  -- the unit now handling the order: the lead, or the sub-unit it was passed down to
  handler_unit_id  BIGINT        NULL,
  parent_id        BIGINT        NULL,
  rehandle_count   INT           NOT NULL DEFAULT 0,
  transfer_count   INT           NOT NULL DEFAULT 0,
  extension_pending BOOLEAN      NOT NULL DEFAULT FALSE,
  -- while SUSPENDED: when the clock stopped (the handle deadline moves on by the working time spent suspended)
  suspended_at     DATETIME(3)   NULL,
  -- set when the order became a problem order (re-handled 3+ times, or passed among 3+ units): supervision's queue
  problem_since    DATETIME(3)   NULL,
  sign_deadline    DATETIME(3)   NULL,
  handle_deadline  DATETIME(3)   NULL,
  created_by       BIGINT        NULL,
  created_at       DATETIME(3)   NOT NULL,
  updated_at       DATETIME(3)   NOT NULL,
  closed_at        DATETIME(3)   NULL,
  version          INT           NOT NULL DEFAULT 1,
  PRIMARY KEY (id),
  CONSTRAINT uk_work_order_number UNIQUE (number),
  CONSTRAINT fk_work_order_category FOREIGN KEY (category_id) REFERENCES category (id),
  CONSTRAINT fk_work_order_area FOREIGN KEY (area_id) REFERENCES area (id),
  CONSTRAINT fk_work_order_citizen FOREIGN KEY (citizen_id) REFERENCES citizen (id),
  CONSTRAINT fk_work_order_lead FOREIGN KEY (lead_unit_id) REFERENCES unit (id),
  CONSTRAINT fk_work_order_handler FOREIGN KEY (handler_unit_id) REFERENCES unit (id),
  CONSTRAINT fk_work_order_parent FOREIGN KEY (parent_id) REFERENCES work_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Lists and inbox counts are answered from these indexes (status × id for the centre's queues,
-- handler × status × id for units' inboxes), newest first by id.
CREATE INDEX ix_work_order_status ON work_order (status, id);
CREATE INDEX ix_work_order_handler ON work_order (handler_unit_id, status, id);
CREATE INDEX ix_work_order_created ON work_order (created_at);
CREATE INDEX ix_work_order_citizen ON work_order (citizen_id, id);
CREATE INDEX ix_work_order_category ON work_order (category_id, id);
CREATE INDEX ix_work_order_area ON work_order (area_id, id);
CREATE INDEX ix_work_order_handle_deadline ON work_order (status, handle_deadline);
CREATE INDEX ix_work_order_extension ON work_order (extension_pending, status, id);
CREATE INDEX ix_work_order_parent ON work_order (parent_id, status);
CREATE INDEX ix_work_order_problem ON work_order (problem_since, status);

-- Which units an order is (or was) with: the lead, co-handlers, and sub-units it was passed down to.
CREATE TABLE work_order_assignment (
  id                BIGINT        NOT NULL AUTO_INCREMENT,
  order_id          BIGINT        NOT NULL,
  unit_id           BIGINT        NOT NULL,
  role              VARCHAR(8)    NOT NULL,  -- lead | co
  parent_assignment_id BIGINT     NULL,      -- set for a sub-dispatch
  active            BOOLEAN       NOT NULL DEFAULT TRUE,
  assignee_user_id  BIGINT        NULL,
  assigned_at       DATETIME(3)   NOT NULL,
  signed_at         DATETIME(3)   NULL,
  replied_at        DATETIME(3)   NULL,
  opinion           TEXT          NULL,
  ended_at          DATETIME(3)   NULL,
  end_reason        VARCHAR(32)   NULL,       -- returned | transferred | sub_dispatched | redispatched | closed
  PRIMARY KEY (id),
  CONSTRAINT fk_assignment_order FOREIGN KEY (order_id) REFERENCES work_order (id),
  CONSTRAINT fk_assignment_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
  CONSTRAINT fk_assignment_user FOREIGN KEY (assignee_user_id) REFERENCES staff_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_assignment_order ON work_order_assignment (order_id);
CREATE INDEX ix_assignment_unit ON work_order_assignment (unit_id, active, order_id);

-- The order's story, append-only: one row per event; the order's state is explainable from it.
CREATE TABLE work_order_event (
  id              BIGINT        NOT NULL AUTO_INCREMENT,
  order_id        BIGINT        NOT NULL,
  occurred_at     DATETIME(3)   NOT NULL,
  actor_id        BIGINT        NULL,
  actor_name      VARCHAR(100)  NULL,
  actor_role      VARCHAR(32)   NULL,
  actor_unit_id   BIGINT        NULL,
  action          VARCHAR(32)   NOT NULL,
  from_status     VARCHAR(16)   NULL,
  to_status       VARCHAR(16)   NULL,
  note            TEXT          NULL,
  details         TEXT          NULL,      -- JSON
  PRIMARY KEY (id),
  CONSTRAINT fk_event_order FOREIGN KEY (order_id) REFERENCES work_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_event_order ON work_order_event (order_id, id);
CREATE INDEX ix_event_action ON work_order_event (action, occurred_at);

CREATE TABLE work_order_extension (
  id              BIGINT        NOT NULL AUTO_INCREMENT,
  order_id        BIGINT        NOT NULL,
  unit_id         BIGINT        NOT NULL,
  working_days    INT           NOT NULL,
  reason          VARCHAR(1000) NOT NULL,
  status          VARCHAR(16)   NOT NULL,  -- pending | approved | rejected
  requested_by    BIGINT        NOT NULL,
  requested_at    DATETIME(3)   NOT NULL,
  decided_by      BIGINT        NULL,
  decided_at      DATETIME(3)   NULL,
  decision_note   VARCHAR(1000) NULL,
  PRIMARY KEY (id),
  CONSTRAINT fk_extension_order FOREIGN KEY (order_id) REFERENCES work_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_extension_order ON work_order_extension (order_id, status);

-- The dispatch catalogue (派单目录): category × area → responsible unit, valid over a period. A null area
-- means "anywhere"; the most specific entry valid at the time wins.
CREATE TABLE dispatch_rule (
  id            BIGINT        NOT NULL AUTO_INCREMENT,
  category_id   BIGINT        NOT NULL,
  area_id       BIGINT        NULL,
  unit_id       BIGINT        NOT NULL,
  valid_from    DATETIME(3)   NOT NULL,
  valid_to      DATETIME(3)   NULL,
  note          VARCHAR(500)  NULL,
  created_by    BIGINT        NULL,
  created_at    DATETIME(3)   NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT fk_rule_category FOREIGN KEY (category_id) REFERENCES category (id),
  CONSTRAINT fk_rule_area FOREIGN KEY (area_id) REFERENCES area (id),
  CONSTRAINT fk_rule_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_rule_category ON dispatch_rule (category_id, valid_from);

-- Idempotency keys of create requests, claimed in the same transaction as the order they created.
CREATE TABLE idempotency_key (
  user_id        BIGINT        NOT NULL,
  idem_key       VARCHAR(128)  NOT NULL,
  request_hash   CHAR(64)      NOT NULL,
  response_status INT          NOT NULL,
  response_body  MEDIUMTEXT    NOT NULL,
  created_at     DATETIME(3)   NOT NULL,
  PRIMARY KEY (user_id, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_idempotency_created ON idempotency_key (created_at);

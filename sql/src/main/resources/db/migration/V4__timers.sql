-- Durable timers: every pending deadline, warning and escalation is a row with an indexed due time. Nodes claim due
-- rows with SELECT … FOR UPDATE SKIP LOCKED and mark them fired in the same transaction, so each fires exactly once.
CREATE TABLE timer (
  id          BIGINT        NOT NULL AUTO_INCREMENT,
  kind        VARCHAR(32)   NOT NULL,
  order_id    BIGINT        NULL,
  subject     VARCHAR(64)   NULL,
  due_at      DATETIME(3)   NOT NULL,
  status      VARCHAR(10)   NOT NULL,  -- pending | fired | cancelled
  fired_at    DATETIME(3)   NULL,
  fired_by    VARCHAR(64)   NULL,
  payload     TEXT          NULL,
  created_at  DATETIME(3)   NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_timer_due ON timer (status, due_at);
CREATE INDEX ix_timer_order ON timer (order_id, status);

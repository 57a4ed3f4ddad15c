-- Foundation: areas, units, categories, staff accounts, sessions and the audit log.
-- Written once in MySQL syntax; runs unchanged on MySQL 8, MariaDB 10.11 and H2 in MySQL mode.
-- All times are UTC, DATETIME(3), written by the application's clock (never by DEFAULT NOW()).

-- What this database is: a demo (start-dev) or a production installation (start, bootstrap-admin). start-dev
-- never seeds demo accounts into a production database, and start never runs on the demo.
CREATE TABLE installation (
  setting        VARCHAR(64)   NOT NULL,
  setting_value  VARCHAR(255)  NOT NULL,
  updated_at     DATETIME(3)   NOT NULL,
  PRIMARY KEY (setting)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE area (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  parent_id   BIGINT       NULL,
  code        VARCHAR(32)  NOT NULL,
  name        VARCHAR(100) NOT NULL,
  level       VARCHAR(16)  NOT NULL,  -- city | district | street | community
  sort_order  INT          NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  CONSTRAINT uk_area_code UNIQUE (code),
  CONSTRAINT fk_area_parent FOREIGN KEY (parent_id) REFERENCES area (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE unit (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  parent_id   BIGINT       NULL,
  code        VARCHAR(64)  NOT NULL,
  name        VARCHAR(200) NOT NULL,
  kind        VARCHAR(32)  NOT NULL,  -- center | district_government | street_office | community | city_bureau | enterprise
  area_id     BIGINT       NULL,
  active      BOOLEAN      NOT NULL DEFAULT TRUE,
  sort_order  INT          NOT NULL DEFAULT 0,
  created_at  DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_unit_code UNIQUE (code),
  CONSTRAINT fk_unit_parent FOREIGN KEY (parent_id) REFERENCES unit (id),
  CONSTRAINT fk_unit_area FOREIGN KEY (area_id) REFERENCES area (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE category (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  parent_id   BIGINT       NULL,
  code        VARCHAR(32)  NOT NULL,
  name        VARCHAR(100) NOT NULL,
  active      BOOLEAN      NOT NULL DEFAULT TRUE,
  sort_order  INT          NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  CONSTRAINT uk_category_code UNIQUE (code),
  CONSTRAINT fk_category_parent FOREIGN KEY (parent_id) REFERENCES category (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE staff_user (
  id                  BIGINT       NOT NULL AUTO_INCREMENT,
  username            VARCHAR(64)  NOT NULL,
  display_name        VARCHAR(100) NOT NULL,
  password_hash       VARCHAR(255) NOT NULL,
  unit_id             BIGINT       NULL,
  enabled             BOOLEAN      NOT NULL DEFAULT TRUE,
  created_at          DATETIME(3)  NOT NULL,
  updated_at          DATETIME(3)  NOT NULL,
  password_changed_at DATETIME(3)  NOT NULL,
  last_login_at       DATETIME(3)  NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_staff_user_username UNIQUE (username),
  CONSTRAINT fk_staff_user_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE staff_user_role (
  user_id  BIGINT      NOT NULL,
  role     VARCHAR(32) NOT NULL,
  PRIMARY KEY (user_id, role),
  CONSTRAINT fk_staff_user_role_user FOREIGN KEY (user_id) REFERENCES staff_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A session row is looked up by the SHA-256 of its bearer token; the token itself is never stored.
CREATE TABLE staff_session (
  token_hash    CHAR(64)     NOT NULL,
  user_id       BIGINT       NOT NULL,
  created_at    DATETIME(3)  NOT NULL,
  last_seen_at  DATETIME(3)  NOT NULL,
  expires_at    DATETIME(3)  NOT NULL,
  address       VARCHAR(64)  NULL,
  user_agent    VARCHAR(255) NULL,
  PRIMARY KEY (token_hash),
  CONSTRAINT fk_staff_session_user FOREIGN KEY (user_id) REFERENCES staff_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_staff_session_user ON staff_session (user_id);
CREATE INDEX ix_staff_session_expires ON staff_session (expires_at);

-- Login throttling: one counter per account name and one per client address. An attempt is admitted (and counted
-- as a failure until proven right) under a row lock, so parallel guesses cannot slip past the limit together.
CREATE TABLE login_guard (
  subject       VARCHAR(200)  NOT NULL,  -- account:<name> | address:<ip>
  window_start  DATETIME(3)   NOT NULL,
  failures      INT           NOT NULL,
  PRIMARY KEY (subject)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Append-only: the application only ever inserts and reads these rows.
CREATE TABLE audit_event (
  id              BIGINT        NOT NULL AUTO_INCREMENT,
  occurred_at     DATETIME(3)   NOT NULL,
  actor_id        BIGINT        NULL,
  actor_username  VARCHAR(64)   NULL,
  actor_roles     VARCHAR(255)  NULL,
  address         VARCHAR(64)   NULL,
  action          VARCHAR(64)   NOT NULL,
  object_type     VARCHAR(64)   NULL,
  object_id       VARCHAR(64)   NULL,
  result          VARCHAR(16)   NOT NULL,  -- success | failure | denied
  detail          VARCHAR(1000) NULL,
  request_id      VARCHAR(64)   NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_audit_event_time ON audit_event (occurred_at);
-- Who did what from where, for audit queries.
CREATE INDEX ix_audit_event_actor ON audit_event (actor_username, action, occurred_at);
CREATE INDEX ix_audit_event_address ON audit_event (address, action, occurred_at);

-- The citizens' portal (网上12345): photos citizens attach, answers kept for retried submissions, SMS codes that
-- prove a phone, the citizen's own rating of the result, and SMS to citizens through the notification outbox.

-- A photo a citizen uploaded: re-encoded (so it carries no metadata: no GPS position, no camera serial) before it is
-- stored. Uploaded first, attached to the order when the citizen submits, by the upload's secret token (its
-- SHA-256 is kept); photos never attached are deleted after a day.
CREATE TABLE work_order_photo (
  id              BIGINT        NOT NULL AUTO_INCREMENT,
  order_id        BIGINT        NULL,
  token_hash      CHAR(64)      NOT NULL,
  content_type    VARCHAR(32)   NOT NULL,
  byte_size       INT           NOT NULL,
  width           INT           NOT NULL,
  height          INT           NOT NULL,
  sha256          CHAR(64)      NOT NULL,
  data            MEDIUMBLOB    NOT NULL,
  uploaded_at     DATETIME(3)   NOT NULL,
  attached_at     DATETIME(3)   NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_work_order_photo_token UNIQUE (token_hash),
  CONSTRAINT fk_work_order_photo_order FOREIGN KEY (order_id) REFERENCES work_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_work_order_photo_order ON work_order_photo (order_id, id);
CREATE INDEX ix_work_order_photo_unattached ON work_order_photo (attached_at, uploaded_at);

-- A portal submission's idempotency key (made by the citizen's browser): a retry or a double click with the same
-- key and the same request gets the first answer, never a second order. Kept a day.
CREATE TABLE portal_submission (
  idem_key        VARCHAR(128)  NOT NULL,
  request_hash    CHAR(64)      NOT NULL,
  order_id        BIGINT        NULL,
  response_body   TEXT          NOT NULL,
  created_at      DATETIME(3)   NOT NULL,
  PRIMARY KEY (idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_portal_submission_created ON portal_submission (created_at);

-- A verification code sent by SMS to a phone (only hashes kept). Good for a few minutes and a few tries.
CREATE TABLE sms_code (
  id              BIGINT        NOT NULL AUTO_INCREMENT,
  phone_hash      CHAR(64)      NOT NULL,
  code_hash       CHAR(64)      NOT NULL,
  created_at      DATETIME(3)   NOT NULL,
  expires_at      DATETIME(3)   NOT NULL,
  attempts        INT           NOT NULL DEFAULT 0,
  used_at         DATETIME(3)   NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_sms_code_phone ON sms_code (phone_hash, created_at);
CREATE INDEX ix_sms_code_expires ON sms_code (expires_at);

-- The citizen's own rating of the result (网上评价), one per order. Resolved and not dissatisfied closes the order as
-- its callback; otherwise the order waits in the callback queue with the rating beside it.
CREATE TABLE citizen_rating (
  order_id        BIGINT        NOT NULL,
  resolved        BOOLEAN       NOT NULL,
  satisfaction    VARCHAR(24)   NOT NULL,
  comment         VARCHAR(1000) NULL,
  outcome         VARCHAR(16)   NOT NULL,  -- closed | callback
  rated_at        DATETIME(3)   NOT NULL,
  PRIMARY KEY (order_id),
  CONSTRAINT fk_citizen_rating_order FOREIGN KEY (order_id) REFERENCES work_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- An SMS to a citizen: the phone encrypted as the citizen's own row keeps it (the sender decrypts it when it sends).
ALTER TABLE notification ADD COLUMN recipient_phone_cipher VARBINARY(255) NULL;


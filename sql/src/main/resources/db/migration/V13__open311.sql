-- Open311 GeoReport v2: the client applications allowed to file requests, what a request brings beyond an
-- ordinary order, the keywords and extra fields (service attributes) of categories, and citizens' e-mail.

-- A client application (an app, a city portal) that files requests with its API key. Only the key's SHA-256 is
-- kept; the key itself is shown once, when an admin creates it. Revoked keys stay, so old requests keep their client.
CREATE TABLE open311_client (
  id          BIGINT        NOT NULL AUTO_INCREMENT,
  name        VARCHAR(100)  NOT NULL,
  key_hash    CHAR(64)      NOT NULL,
  active      BOOLEAN       NOT NULL DEFAULT TRUE,
  created_by  BIGINT        NULL,
  created_at  DATETIME(3)   NOT NULL,
  revoked_by  BIGINT        NULL,
  revoked_at  DATETIME(3)   NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_open311_client_key UNIQUE (key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- An order filed through Open311: which client filed it and the request's fields an order has no column for.
CREATE TABLE open311_request (
  order_id    BIGINT        NOT NULL,
  client_id   BIGINT        NOT NULL,
  address_id  VARCHAR(32)   NULL,
  media_url   VARCHAR(1000) NULL,
  device_id   VARCHAR(100)  NULL,
  account_id  VARCHAR(100)  NULL,
  -- the service attributes as submitted, JSON {code: value or [values]}
  answers     MEDIUMTEXT    NULL,
  created_at  DATETIME(3)   NOT NULL,
  PRIMARY KEY (order_id),
  CONSTRAINT fk_open311_request_order FOREIGN KEY (order_id) REFERENCES work_order (id),
  CONSTRAINT fk_open311_request_client FOREIGN KEY (client_id) REFERENCES open311_client (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_open311_request_client ON open311_request (client_id, created_at);

-- GET requests reads one channel's orders over a date range, newest first.
CREATE INDEX ix_work_order_channel ON work_order (channel, created_at);

-- Comma-separated words that help people find a category (Open311 keywords); null: derived from the names.
ALTER TABLE category ADD COLUMN keywords VARCHAR(500) NULL;

-- Extra fields a category asks for (Open311 service attributes), inherited by the categories below it.
CREATE TABLE category_attribute (
  id            BIGINT        NOT NULL AUTO_INCREMENT,
  category_id   BIGINT        NOT NULL,
  code          VARCHAR(32)   NOT NULL,
  -- string | number | datetime | text | singlevaluelist | multivaluelist
  datatype      VARCHAR(16)   NOT NULL,
  mandatory     BOOLEAN       NOT NULL DEFAULT FALSE,
  description   VARCHAR(500)  NOT NULL,
  datatype_description VARCHAR(200) NULL,
  sort_order    INT           NOT NULL DEFAULT 0,
  -- for the list types: JSON [{"key": …, "name": …}]
  value_list    TEXT          NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_category_attribute UNIQUE (category_id, code),
  CONSTRAINT fk_category_attribute_category FOREIGN KEY (category_id) REFERENCES category (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A citizen's e-mail (Open311 requests carry one) is personal data like the phone: sealed, and masked for display.
ALTER TABLE citizen ADD COLUMN email_cipher VARBINARY(512) NULL;
ALTER TABLE citizen ADD COLUMN email_masked VARCHAR(100) NULL;

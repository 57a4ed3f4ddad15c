-- The knowledge base (知识库): articles with every version kept, the review flow, the synonym list as data, and
-- what operators do with articles (used on an order, marked helpful or wrong). Plus what the desk's search indexes
-- need from work orders: links between orders, and an index to pick up changed orders.

-- One counter for the whole KB, bumped (row-locked) by every change that search must see. Each article row carries
-- the revision of its last change, so a node's index catches up with "revision > what I have", in commit order.
CREATE TABLE kb_revision (
  id        INT     NOT NULL,
  revision  BIGINT  NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO kb_revision (id, revision) VALUES (1, 0);

-- An article: its published content (what operators are shown and search indexes) and where its newest version
-- stands. Editing a published article adds a version in draft; the published one stays live until the new one is
-- approved.
CREATE TABLE kb_article (
  id                 BIGINT        NOT NULL AUTO_INCREMENT,
  -- an outside identifier (the old KB's id on import); unique when set
  code               VARCHAR(64)   NULL,
  -- the newest version's state: draft | review | published | retired
  status             VARCHAR(16)   NOT NULL,
  latest_version     INT           NOT NULL,
  published_version  INT           NULL,
  title              VARCHAR(200)  NOT NULL,
  question           TEXT          NULL,
  -- sanitised HTML (an allow-list of formatting tags); search reads its text
  answer             TEXT          NOT NULL,
  category_id        BIGINT        NULL,
  owner_unit_id      BIGINT        NULL,
  keywords           VARCHAR(1000) NULL,    -- comma-separated
  valid_from         DATE          NULL,
  valid_to           DATE          NULL,
  review_due         DATE          NULL,
  source_order_id    BIGINT        NULL,    -- the closed order whose reply this article started from
  hits               INT           NOT NULL DEFAULT 0,   -- used on an order
  helpful            INT           NOT NULL DEFAULT 0,
  wrong              INT           NOT NULL DEFAULT 0,
  revision           BIGINT        NOT NULL,
  created_by         BIGINT        NULL,
  created_at         DATETIME(3)   NOT NULL,
  updated_at         DATETIME(3)   NOT NULL,
  published_at       DATETIME(3)   NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_kb_article_code UNIQUE (code),
  CONSTRAINT fk_kb_article_category FOREIGN KEY (category_id) REFERENCES category (id),
  CONSTRAINT fk_kb_article_owner FOREIGN KEY (owner_unit_id) REFERENCES unit (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_kb_article_revision ON kb_article (revision);
CREATE INDEX ix_kb_article_owner ON kb_article (owner_unit_id, status, id);
CREATE INDEX ix_kb_article_status ON kb_article (status, id);

-- Every version of every article, as written: who changed it, when, and what became of it.
CREATE TABLE kb_article_version (
  id             BIGINT        NOT NULL AUTO_INCREMENT,
  article_id     BIGINT        NOT NULL,
  version        INT           NOT NULL,
  -- draft | review | published | rejected | superseded | retired
  status         VARCHAR(16)   NOT NULL,
  title          VARCHAR(200)  NOT NULL,
  question       TEXT          NULL,
  answer         TEXT          NOT NULL,
  category_id    BIGINT        NULL,
  owner_unit_id  BIGINT        NULL,
  keywords       VARCHAR(1000) NULL,
  valid_from     DATE          NULL,
  valid_to       DATE          NULL,
  review_due     DATE          NULL,
  note           VARCHAR(1000) NULL,      -- the author's change note, or the reviewer's reason
  created_by     BIGINT        NULL,
  created_at     DATETIME(3)   NOT NULL,
  reviewed_by    BIGINT        NULL,
  reviewed_at    DATETIME(3)   NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_kb_version UNIQUE (article_id, version),
  CONSTRAINT fk_kb_version_article FOREIGN KEY (article_id) REFERENCES kb_article (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The synonym list queries expand with: one group of interchangeable words per row.
CREATE TABLE kb_synonym (
  id          BIGINT        NOT NULL AUTO_INCREMENT,
  terms       VARCHAR(1000) NOT NULL,   -- comma-separated, at least two
  updated_by  BIGINT        NULL,
  updated_at  DATETIME(3)   NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- What operators did with an article: used it on an order, or judged its answer.
CREATE TABLE kb_usage (
  id           BIGINT        NOT NULL AUTO_INCREMENT,
  article_id   BIGINT        NOT NULL,
  version      INT           NULL,
  order_id     BIGINT        NULL,
  kind         VARCHAR(16)   NOT NULL,   -- used | helpful | wrong
  note         VARCHAR(500)  NULL,
  user_id      BIGINT        NULL,
  unit_id      BIGINT        NULL,
  occurred_at  DATETIME(3)   NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT fk_kb_usage_article FOREIGN KEY (article_id) REFERENCES kb_article (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_kb_usage_article ON kb_usage (article_id, occurred_at);
CREATE INDEX ix_kb_usage_order ON kb_usage (order_id);

-- Orders that are about the same thing without being merged (关联): shown on both orders, removable.
CREATE TABLE work_order_link (
  id          BIGINT        NOT NULL AUTO_INCREMENT,
  order_id    BIGINT        NOT NULL,
  linked_id   BIGINT        NOT NULL,
  created_by  BIGINT        NULL,
  created_at  DATETIME(3)   NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_work_order_link UNIQUE (order_id, linked_id),
  CONSTRAINT fk_link_order FOREIGN KEY (order_id) REFERENCES work_order (id),
  CONSTRAINT fk_link_linked FOREIGN KEY (linked_id) REFERENCES work_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The order index on each node follows changed orders by this.
CREATE INDEX ix_work_order_updated ON work_order (updated_at, id);

-- Telephony (CTI): the PBX integrations allowed to send call events, each with its own token (kept as a hash).
CREATE TABLE cti_integration (
  id          BIGINT        NOT NULL AUTO_INCREMENT,
  name        VARCHAR(100)  NOT NULL,
  token_hash  CHAR(64)      NOT NULL,
  active      BOOLEAN       NOT NULL DEFAULT TRUE,
  created_by  BIGINT        NULL,
  created_at  DATETIME(3)   NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_cti_token UNIQUE (token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per call as the PBX reported it. The caller's number is personal data: encrypted, hashed for lookup,
-- masked for display, as for citizens. A call never answered is a missed call until someone calls back.
CREATE TABLE call_record (
  id                  BIGINT         NOT NULL AUTO_INCREMENT,
  integration_id      BIGINT         NOT NULL,
  call_id             VARCHAR(100)   NOT NULL,
  caller_cipher       VARBINARY(255) NULL,
  caller_hash         CHAR(64)       NULL,
  caller_masked       VARCHAR(32)    NULL,
  called              VARCHAR(32)    NULL,
  operator_id         BIGINT         NULL,
  state               VARCHAR(16)    NOT NULL,   -- ringing | answered | ended | missed
  started_at          DATETIME(3)    NOT NULL,
  answered_at         DATETIME(3)    NULL,
  ended_at            DATETIME(3)    NULL,
  order_id            BIGINT         NULL,       -- the order taken on this call
  callback_by         BIGINT         NULL,       -- a missed call: who called back, when, and how it went
  callback_at         DATETIME(3)    NULL,
  callback_note       VARCHAR(500)   NULL,
  PRIMARY KEY (id),
  CONSTRAINT uk_call UNIQUE (integration_id, call_id),
  CONSTRAINT fk_call_integration FOREIGN KEY (integration_id) REFERENCES cti_integration (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_call_caller ON call_record (caller_hash, started_at);
CREATE INDEX ix_call_missed ON call_record (state, callback_at, started_at);
CREATE INDEX ix_call_order ON call_record (order_id);

-- The composite score's weights (综合得分权重), as the centre's assessment rules set them. Each row applies from the
-- first day of its month on, so changing the weights never rewrites a ranking already published for an earlier
-- period; with no row the defaults apply (response 30, resolution 35, satisfaction 35).
CREATE TABLE assessment_weights (
  id              BIGINT        NOT NULL AUTO_INCREMENT,
  effective_from  DATE          NOT NULL,   -- the first day of a month
  response        INT           NOT NULL,
  resolution      INT           NOT NULL,
  satisfaction    INT           NOT NULL,
  reason          VARCHAR(500)  NOT NULL,
  changed_by      BIGINT        NOT NULL,
  changed_at      DATETIME(3)   NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX ix_weights_from ON assessment_weights (effective_from, id);

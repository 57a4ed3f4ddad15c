-- Tamper evidence for the audit log. Each audit_event row gets a seal here, in a chain: the seal's MAC (HMAC-SHA-256
-- under the audit key) covers the event's every field, the seal's number and the previous seal's MAC, so changing or
-- deleting a sealed row, or a seal, breaks the chain from that row on (./hotline audit verify names it). Seals are
-- written by a background sealer, never updated: the application's database user needs only INSERT and SELECT on
-- audit_event and audit_seal. Sealing apart from the audited transaction keeps audited actions from queuing on one
-- chain head; the sealer runs every second.
CREATE TABLE audit_seal (
  seq        BIGINT       NOT NULL,  -- 1, 2, 3, … in chain order; two sealers racing for a number: one wins
  event_id   BIGINT       NOT NULL,
  key_id     CHAR(16)     NOT NULL,  -- which key sealed it (a fingerprint, not the key), for rotation
  mac        CHAR(64)     NOT NULL,  -- hex
  sealed_at  DATETIME(3)  NOT NULL,
  PRIMARY KEY (seq),
  CONSTRAINT uq_audit_seal_event UNIQUE (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Enforcement. A space's connector: which platform and its settings (credentials among them), sealed.
CREATE TABLE space_connector (
    space_id          TEXT PRIMARY KEY REFERENCES space (id),
    type              TEXT NOT NULL,
    sealed_settings   TEXT NOT NULL,
    enabled           BOOLEAN NOT NULL,
    updated_by        TEXT REFERENCES account (id),
    updated_at        BIGINT NOT NULL,
    checked_at        BIGINT,
    check_error       TEXT
);

-- The outbox: what must happen in a space for a sanction (apply or lift), written in the transaction that started or
-- ended the sanction and delivered by the enforcement job. status: pending, failed (retried with backoff), done,
-- manual (no connector can do it: a person must), by-hand (a person did), cancelled (a lift came before the apply).
CREATE TABLE enforcement_task (
    id                TEXT PRIMARY KEY,
    sanction_id       TEXT NOT NULL REFERENCES sanction (id),
    space_id          TEXT NOT NULL REFERENCES space (id),
    operation         TEXT NOT NULL,
    status            TEXT NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   BIGINT NOT NULL,
    last_error        TEXT,
    alerted           BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    done_by           TEXT REFERENCES account (id)
);
CREATE INDEX enforcement_task_due ON enforcement_task (status, next_attempt_at);
CREATE INDEX enforcement_task_sanction ON enforcement_task (sanction_id, space_id);

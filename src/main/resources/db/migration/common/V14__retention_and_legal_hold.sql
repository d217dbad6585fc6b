-- Retention: what expired is purged (content deleted, its data keys destroyed); the clear facts transparency counts
-- need stay (dates, category, status, action, spaces, appeal outcome). purged_at says when.
ALTER TABLE case_file ADD COLUMN purged_at BIGINT;
ALTER TABLE report ADD COLUMN purged_at BIGINT;
ALTER TABLE decision ADD COLUMN purged_at BIGINT;
ALTER TABLE appeal ADD COLUMN purged_at BIGINT;
-- A person whose identity handles were removed (by a data-subject erasure, or because only purged cases named them).
ALTER TABLE person ADD COLUMN erased_at BIGINT;

-- Legal holds on cases: a held case is never purged. Reasons are sealed with the case's data key. The hold in force
-- is the row not yet released; released rows stay as the hold's history.
CREATE TABLE case_legal_hold (
    id                     TEXT PRIMARY KEY,
    case_id                TEXT NOT NULL REFERENCES case_file (id),
    sealed_reason          TEXT NOT NULL,
    set_by                 TEXT NOT NULL REFERENCES account (id),
    set_at                 BIGINT NOT NULL,
    sealed_release_reason  TEXT,
    released_by            TEXT REFERENCES account (id),
    released_at            BIGINT
);
CREATE INDEX case_legal_hold_case ON case_legal_hold (case_id, released_at);

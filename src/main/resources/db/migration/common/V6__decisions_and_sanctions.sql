-- Decisions on cases and the sanctions they put in force. A decision's content never changes once proposed
-- (a change is a new decision that supersedes it); only its status moves on. Reasoning and comments are sealed.

CREATE TABLE decision (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES case_file (id),
    action         TEXT NOT NULL,
    clauses        TEXT NOT NULL,
    coc_version    INTEGER NOT NULL,
    coc_sha256     TEXT NOT NULL,
    data_key_id    TEXT NOT NULL REFERENCES data_key (id),
    sealed_reasoning TEXT NOT NULL,
    spaces         TEXT NOT NULL,
    duration_ms    BIGINT,
    ends_at        BIGINT,
    interim        BOOLEAN NOT NULL,
    ratify_by      BIGINT,
    supersedes     TEXT REFERENCES decision (id),
    suggested_action TEXT,
    sealed_conditions TEXT,
    sealed_reporter_message TEXT,
    proposed_by    TEXT NOT NULL REFERENCES account (id),
    proposed_at    BIGINT NOT NULL,
    status         TEXT NOT NULL,
    in_force_at    BIGINT,
    closed_at      BIGINT
);
CREATE INDEX decision_case ON decision (case_id, proposed_at);
CREATE INDEX decision_interim ON decision (status, ratify_by);

-- People the subject must not contact while the sanction stands (a no-contact order).
CREATE TABLE decision_no_contact (
    decision_id  TEXT NOT NULL REFERENCES decision (id),
    person_id    TEXT NOT NULL REFERENCES person (id),
    PRIMARY KEY (decision_id, person_id)
);

CREATE TABLE decision_vote (
    decision_id     TEXT NOT NULL REFERENCES decision (id),
    account_id      TEXT NOT NULL REFERENCES account (id),
    vote            TEXT NOT NULL,
    sealed_comment  TEXT,
    voted_at        BIGINT NOT NULL,
    PRIMARY KEY (decision_id, account_id)
);

-- One sanction per subject of the decision; ends_at empty = permanent (or no end, for a correction).
CREATE TABLE sanction (
    id           TEXT PRIMARY KEY,
    decision_id  TEXT NOT NULL REFERENCES decision (id),
    case_id      TEXT NOT NULL REFERENCES case_file (id),
    person_id    TEXT NOT NULL REFERENCES person (id),
    action       TEXT NOT NULL,
    spaces       TEXT NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT,
    status       TEXT NOT NULL,
    ended_at     BIGINT
);
CREATE INDEX sanction_due ON sanction (status, ends_at);
CREATE INDEX sanction_person ON sanction (person_id, status);

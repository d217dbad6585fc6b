-- Cases: reports grouped for the committee, with the people involved, who handles them and who may not.
-- Everything people wrote (notes, letters) is sealed with the case's own data key.

-- Who filed a report (when they gave an address): a staff member who reported is recused from the case.
ALTER TABLE report ADD COLUMN reporter_person_id TEXT REFERENCES person (id);

-- "case" is an SQL keyword, hence case_file. next_due is what the queue sorts on: the acknowledgement deadline
-- until the case is acknowledged, then the decision deadline until it is decided; empty once decided or closed.
CREATE TABLE case_file (
    id               TEXT PRIMARY KEY,
    community_id     TEXT NOT NULL REFERENCES community (id),
    code_name        TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL,
    severity         TEXT NOT NULL,
    data_key_id      TEXT NOT NULL REFERENCES data_key (id),
    opened_at        BIGINT NOT NULL,
    acknowledge_by   BIGINT NOT NULL,
    acknowledged_at  BIGINT,
    decide_by        BIGINT NOT NULL,
    next_due         BIGINT,
    updated_at       BIGINT NOT NULL,
    merged_into      TEXT REFERENCES case_file (id)
);
CREATE INDEX case_file_queue ON case_file (next_due, opened_at);
CREATE INDEX case_file_status_queue ON case_file (status, next_due, opened_at);
CREATE INDEX case_file_opened ON case_file (opened_at);
CREATE INDEX case_file_status_opened ON case_file (status, opened_at);

-- Each report belongs to exactly one case.
CREATE TABLE case_report (
    report_id  TEXT PRIMARY KEY REFERENCES report (id),
    case_id    TEXT NOT NULL REFERENCES case_file (id),
    added_at   BIGINT NOT NULL
);
CREATE INDEX case_report_case ON case_report (case_id);

-- The people a case is about or heard from (role: subject, reporter, witness); report_id is the report that
-- named them, empty when a handler added them. Staff linked to any of them cannot reach the case.
CREATE TABLE case_party (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES case_file (id),
    person_id  TEXT NOT NULL REFERENCES person (id),
    role       TEXT NOT NULL,
    report_id  TEXT REFERENCES report (id),
    added_at   BIGINT NOT NULL
);
CREATE INDEX case_party_case ON case_party (case_id);
CREATE INDEX case_party_person ON case_party (person_id);

CREATE TABLE case_assignee (
    case_id      TEXT NOT NULL REFERENCES case_file (id),
    account_id   TEXT NOT NULL REFERENCES account (id),
    lead         BOOLEAN NOT NULL,
    assigned_at  BIGINT NOT NULL,
    assigned_by  TEXT NOT NULL,
    PRIMARY KEY (case_id, account_id)
);
CREATE INDEX case_assignee_account ON case_assignee (account_id);

-- kind: declared (the member's own conflict of interest) or recused (by an admin or the case lead).
CREATE TABLE case_recusal (
    case_id      TEXT NOT NULL REFERENCES case_file (id),
    account_id   TEXT NOT NULL REFERENCES account (id),
    kind         TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  BIGINT NOT NULL,
    PRIMARY KEY (case_id, account_id)
);
CREATE INDEX case_recusal_account ON case_recusal (account_id);

CREATE TABLE case_note (
    id                 TEXT PRIMARY KEY,
    case_id            TEXT NOT NULL REFERENCES case_file (id),
    author_account_id  TEXT NOT NULL REFERENCES account (id),
    written_at         BIGINT NOT NULL,
    sealed_body        TEXT NOT NULL
);
CREATE INDEX case_note_case ON case_note (case_id, written_at);

-- Letters to the reported person or witnesses; address, subject and text sealed.
CREATE TABLE case_letter (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES case_file (id),
    recipient_role    TEXT NOT NULL,
    sealed_address    TEXT NOT NULL,
    sealed_subject    TEXT NOT NULL,
    sealed_body       TEXT NOT NULL,
    sent_by           TEXT NOT NULL REFERENCES account (id),
    sent_at           BIGINT NOT NULL
);
CREATE INDEX case_letter_case ON case_letter (case_id, sent_at);

-- The timeline: what happened to the case, in words that hold no report content (ids, statuses, roles).
CREATE TABLE case_event (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES case_file (id),
    at                BIGINT NOT NULL,
    actor_account_id  TEXT REFERENCES account (id),
    kind              TEXT NOT NULL,
    detail            TEXT
);
CREATE INDEX case_event_case ON case_event (case_id, at);

-- The audit log: append-only, each entry carrying the hash of the one before (see org.ombuds.audit).
-- audit_head holds the newest entry's number and hash; updating it first serialises appends on both databases.
CREATE TABLE audit_entry (
    seq          BIGINT PRIMARY KEY,
    at           BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    record_type  TEXT NOT NULL,
    record_id    TEXT,
    case_id      TEXT,
    origin       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_entry_case ON audit_entry (case_id, seq);
CREATE INDEX audit_entry_actor ON audit_entry (actor, seq);

CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY,
    last_seq  BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Per-record data keys (envelope encryption). A destroyed key has no wrapped value left.
CREATE TABLE data_key (
    id            TEXT PRIMARY KEY,
    wrapped       TEXT,
    created_at    BIGINT NOT NULL,
    destroyed_at  BIGINT
);

-- A report. Everything a person wrote (what happened, where, who, evidence, the reporter's identity and
-- contact) is in sealed_content, encrypted with the report's own data key. The clear columns are what
-- routing and transparency counts need. category is empty for an email the committee has yet to triage.
CREATE TABLE report (
    id                   TEXT PRIMARY KEY,
    community_id         TEXT NOT NULL REFERENCES community (id),
    coc_version          INTEGER NOT NULL,
    category             TEXT,
    space_id             TEXT REFERENCES space (id),
    occurred_at          BIGINT,
    received_at          BIGINT NOT NULL,
    source               TEXT NOT NULL,
    anonymous            BOOLEAN NOT NULL,
    witness              BOOLEAN NOT NULL,
    share_identity       BOOLEAN NOT NULL,
    reported_person_id   TEXT REFERENCES person (id),
    data_key_id          TEXT NOT NULL REFERENCES data_key (id),
    sealed_content       TEXT NOT NULL,
    status               TEXT NOT NULL,
    receipt_fingerprint  TEXT NOT NULL UNIQUE,
    source_fingerprint   TEXT UNIQUE
);
CREATE INDEX report_received ON report (received_at);

-- The two-way channel between the reporter (through the receipt) and the committee.
CREATE TABLE report_message (
    id                 TEXT PRIMARY KEY,
    report_id          TEXT NOT NULL REFERENCES report (id),
    author             TEXT NOT NULL,
    author_account_id  TEXT REFERENCES account (id),
    sent_at            BIGINT NOT NULL,
    sealed_body        TEXT NOT NULL
);
CREATE INDEX report_message_report ON report_message (report_id, sent_at);

-- Appeals. A letter announcing a sanction carries a personal appeal link: its token's SHA-256 is kept here, never
-- the token, with the window in which an appeal can be filed through it (sanctions module).
CREATE TABLE sanction_appeal_link (
    id            TEXT PRIMARY KEY,
    sanction_id   TEXT NOT NULL REFERENCES sanction (id),
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX sanction_appeal_link_sanction ON sanction_appeal_link (sanction_id);

-- A decision taken by an appeal's reviewer (modified terms) names the appeal; such a decision is final.
ALTER TABLE decision ADD COLUMN on_appeal TEXT;

-- Read access to a case granted to an appeal's reviewer for as long as the appeal is open (cases module).
CREATE TABLE case_review_grant (
    case_id      TEXT NOT NULL REFERENCES case_file (id),
    account_id   TEXT NOT NULL REFERENCES account (id),
    appeal_id    TEXT NOT NULL,
    granted_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    PRIMARY KEY (case_id, account_id, appeal_id)
);

-- One appeal per decision (an admin may reopen it). Statement, evidence, reasoning and messages are sealed with
-- the appeal's own data key. status: awaiting-reviewer, in-review, decided. outcome: upheld, modified, overturned.
CREATE TABLE appeal (
    id                 TEXT PRIMARY KEY,
    link_id            TEXT NOT NULL REFERENCES sanction_appeal_link (id),
    decision_id        TEXT NOT NULL UNIQUE REFERENCES decision (id),
    case_id            TEXT NOT NULL REFERENCES case_file (id),
    data_key_id        TEXT NOT NULL REFERENCES data_key (id),
    sealed_statement   TEXT NOT NULL,
    sealed_evidence    TEXT,
    status             TEXT NOT NULL,
    reviewer_id        TEXT REFERENCES account (id),
    outcome            TEXT,
    sealed_reasoning   TEXT,
    new_decision_id    TEXT REFERENCES decision (id),
    filed_at           BIGINT NOT NULL,
    assigned_at        BIGINT,
    decided_at         BIGINT
);
CREATE INDEX appeal_status ON appeal (status, filed_at);
CREATE INDEX appeal_reviewer ON appeal (reviewer_id, status);

-- The appeal channel: the reviewer's questions and the appellant's answers.
CREATE TABLE appeal_message (
    id           TEXT PRIMARY KEY,
    appeal_id    TEXT NOT NULL REFERENCES appeal (id),
    author       TEXT NOT NULL,
    account_id   TEXT REFERENCES account (id),
    sealed_body  TEXT NOT NULL,
    written_at   BIGINT NOT NULL
);
CREATE INDEX appeal_message_appeal ON appeal_message (appeal_id, written_at);

-- What happened to an appeal (filed, assigned, reopened, decided...), ids and values only.
CREATE TABLE appeal_event (
    id           TEXT PRIMARY KEY,
    appeal_id    TEXT NOT NULL REFERENCES appeal (id),
    at           BIGINT NOT NULL,
    actor_account_id TEXT REFERENCES account (id),
    kind         TEXT NOT NULL,
    detail       TEXT
);
CREATE INDEX appeal_event_appeal ON appeal_event (appeal_id, at);

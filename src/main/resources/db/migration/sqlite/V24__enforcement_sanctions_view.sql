-- Enforcement's own view of the sanctions: every table has one owning module, and the sanction table is the sanctions
-- module's. Each row is a sanction as the sanctions module last announced it (SanctionRecorded, stored by
-- enforcement's SanctionView in the transaction that changed the sanction); the ban-check index, the check-in list and
-- the enforcement worker read this table. No foreign keys: it follows the events, not the other module's rows.
-- Ended, lifted and overturned sanctions stay, as the check-in list of a past date needs them.
CREATE TABLE enforcement_sanction (
    sanction_id  TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL,
    person_id    TEXT NOT NULL,
    action       TEXT NOT NULL,
    kind         TEXT,
    spaces       TEXT NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT,
    status       TEXT NOT NULL,
    ended_at     BIGINT
);
CREATE INDEX enforcement_sanction_in_effect ON enforcement_sanction (status, kind);

-- The sanctions recorded before the view existed, as they stand: what the events would have left.
INSERT INTO enforcement_sanction (sanction_id, case_id, person_id, action, kind, spaces, starts_at, ends_at, status, ended_at)
SELECT id, case_id, person_id, action, kind, spaces, starts_at, ends_at, status, ended_at FROM sanction;

-- SQLite serves one node, whose ban-check index is told in-process (see V19): no trigger.

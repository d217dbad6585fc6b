-- Who someone is changes only by a committee member's act, never by a report: the handles a report names are the
-- reporter's claims. A report keeps them (their keyed fingerprints; the values are in its sealed content) so the
-- committee can match them and confirm a link; nothing here links a handle to a person.
-- role: subject (named as the person the report is about), reporter or witness (the reporter's own address).
CREATE TABLE report_claim (
    report_id    TEXT NOT NULL REFERENCES report (id),
    role         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    PRIMARY KEY (report_id, role, fingerprint)
);
CREATE INDEX report_claim_fingerprint ON report_claim (fingerprint);

-- Reports before this version linked what they named straight to people; keep those links as claims too, so that the
-- committee sees the same suggestions for old reports as for new ones.
INSERT INTO report_claim (report_id, role, kind, fingerprint)
SELECT DISTINCT r.id, 'subject', h.kind, h.fingerprint FROM report r JOIN identity_handle h ON h.person_id = r.reported_person_id;
INSERT INTO report_claim (report_id, role, kind, fingerprint)
SELECT DISTINCT r.id, CASE WHEN r.witness THEN 'witness' ELSE 'reporter' END, h.kind, h.fingerprint
FROM report r JOIN identity_handle h ON h.person_id = r.reporter_person_id WHERE h.kind = 'email';

-- Each link of a handle to a person says who made it (an account, or NULL for links made before this version),
-- how (staff: a committee member confirmed it; import: an admin's import; account: linked to a staff account) and,
-- once two people were merged, whose record the handle came from (so that the merge can be undone).
ALTER TABLE identity_handle ADD COLUMN linked_by TEXT;
ALTER TABLE identity_handle ADD COLUMN link_source TEXT NOT NULL DEFAULT 'earlier';
ALTER TABLE identity_handle ADD COLUMN merged_from TEXT;

-- The history of every identity change, with the handle and the reason sealed (the reason may say why two accounts
-- are the same human). change: linked, unlinked, merged, unmerged; the handle is set for linked and unlinked,
-- other_person_id for merges. An erasure deletes a person's history with their handles.
CREATE TABLE identity_change (
    id               TEXT PRIMARY KEY,
    person_id        TEXT NOT NULL REFERENCES person (id),
    change           TEXT NOT NULL,
    sealed_handle    TEXT,
    other_person_id  TEXT,
    actor_account_id TEXT,
    source           TEXT NOT NULL,
    case_id          TEXT,
    sealed_reason    TEXT NOT NULL,
    at               BIGINT NOT NULL
);
CREATE INDEX identity_change_person ON identity_change (person_id, at);

-- A party is on a case because a committee member confirmed it (confirmed_by; NULL for parties recorded before this
-- version, which came straight from reports), with the reason sealed with the case's key.
ALTER TABLE case_party ADD COLUMN confirmed_by TEXT;
ALTER TABLE case_party ADD COLUMN sealed_reason TEXT;

-- Recusals carry their reason (sealed with the case's key). kind: declared (the member's own conflict), recused (by
-- an admin), named (a report names the member: kept from that report's case until an admin confirms or lifts it).
ALTER TABLE case_recusal ADD COLUMN sealed_reason TEXT;

-- A timeline entry may carry the reason its actor gave (a recusal, a lifted recusal, a confirmed or removed party),
-- sealed with the case's key like its notes; detail stays free of content.
ALTER TABLE case_event ADD COLUMN sealed_reason TEXT;

-- The committee as it stood when the case opened: the admins and moderators whose votes count on its decisions.
CREATE TABLE case_committee (
    case_id     TEXT NOT NULL REFERENCES case_file (id),
    account_id  TEXT NOT NULL REFERENCES account (id),
    PRIMARY KEY (case_id, account_id)
);
INSERT INTO case_committee (case_id, account_id)
SELECT c.id, a.id FROM case_file c JOIN account a ON a.role IN ('admin', 'moderator') AND a.created_at <= c.opened_at
WHERE a.disabled_at IS NULL OR a.disabled_at > c.opened_at;

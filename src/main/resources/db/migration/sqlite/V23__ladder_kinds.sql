-- The kind (and, when the Code declares one, the quorum) of each action of a published Code version: what the
-- text does not say but quorum, enforcement, letters, transparency and imports must know. Written with the
-- version and, like it, never changed.
CREATE TABLE coc_action (
    version_id  TEXT NOT NULL REFERENCES coc_version (id),
    action_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    quorum      TEXT,
    PRIMARY KEY (version_id, action_id)
);

-- A decision and its sanctions carry the kind of their action as it was when proposed, so that enforcement and
-- the counts never read an action's id. Earlier rows get theirs from the default Code's ids; a Code's own action
-- from before kinds were recorded stays without one (treated as advisory: never enforced as a ban).
ALTER TABLE decision ADD COLUMN kind TEXT;
ALTER TABLE decision ADD COLUMN quorum TEXT;
ALTER TABLE sanction ADD COLUMN kind TEXT;

UPDATE decision SET kind = CASE action
    WHEN 'no-action' THEN 'no-action'
    WHEN 'correction' THEN 'advisory'
    WHEN 'written-warning' THEN 'advisory'
    WHEN 'temporary-ban' THEN 'timed-ban'
    WHEN 'permanent-ban' THEN 'ban'
    END;
UPDATE sanction SET kind = CASE action
    WHEN 'correction' THEN 'advisory'
    WHEN 'written-warning' THEN 'advisory'
    WHEN 'temporary-ban' THEN 'timed-ban'
    WHEN 'permanent-ban' THEN 'ban'
    END;
CREATE INDEX sanction_kind ON sanction (status, kind);

CREATE TRIGGER coc_action_no_update BEFORE UPDATE ON coc_action
BEGIN
    SELECT RAISE(ABORT, 'published Code of Conduct versions are immutable');
END;

CREATE TRIGGER coc_action_no_delete BEFORE DELETE ON coc_action
BEGIN
    SELECT RAISE(ABORT, 'published Code of Conduct versions are immutable');
END;

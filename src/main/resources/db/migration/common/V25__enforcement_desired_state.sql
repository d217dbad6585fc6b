-- Enforcement as the state each (person, space) should be in, instead of a queue of apply and lift operations: what it
-- should be (desired, from the bans in force there: the strongest wins), what Ombuds last made the peer hold (applied),
-- and when the worker looks next (look_at; null once the peer holds what is desired). Every change that may alter the
-- desired state only marks the pair (look_at, generation); the worker computes the desired state afresh each time it
-- looks, so a retry never applies what is no longer desired, and two bans on one person never undo each other.
--   desired: banned | free          applied: banned | free | unknown (an attempt failed: it may have reached) | null (never)
--   status:  pending | done | failed (retried with growing pauses) | manual (nothing can do it: a person must)
--            | by-hand (a person did) | cancelled (ended before anything reached the peer)
CREATE TABLE enforcement_state (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL,
    space_id        TEXT NOT NULL REFERENCES space (id),
    desired         TEXT NOT NULL,
    desired_until   BIGINT,
    sanction_id     TEXT,
    applied         TEXT,
    applied_until   BIGINT,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    look_at         BIGINT,
    generation      BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT,
    alerted         BOOLEAN NOT NULL DEFAULT FALSE,
    done_by         TEXT REFERENCES account (id),
    freed_at        BIGINT,
    observed        TEXT,
    observed_at     BIGINT,
    updated_at      BIGINT NOT NULL,
    UNIQUE (person_id, space_id)
);
CREATE INDEX enforcement_state_look ON enforcement_state (look_at);
CREATE INDEX enforcement_state_space ON enforcement_state (space_id);

-- Each pair's latest operation becomes its state (its id too); those not finished with a lift get a look when the
-- worker first runs, which finds what they should be from the bans in force.
INSERT INTO enforcement_state (id, person_id, space_id, desired, sanction_id, applied, status, attempts, look_at, generation, last_error,
                               alerted, done_by, updated_at)
SELECT t.id, s.person_id, t.space_id,
       CASE WHEN t.operation = 'apply' THEN 'banned' ELSE 'free' END,
       t.sanction_id,
       CASE WHEN t.status IN ('done', 'by-hand') THEN (CASE WHEN t.operation = 'apply' THEN 'banned' ELSE 'free' END)
            WHEN t.status = 'failed' THEN 'unknown'
            ELSE NULL END,
       CASE WHEN t.status IN ('done', 'by-hand', 'cancelled', 'manual', 'failed') THEN t.status ELSE 'pending' END,
       t.attempts,
       CASE WHEN t.operation = 'lift' AND t.status IN ('done', 'by-hand') THEN NULL
            WHEN t.operation = 'apply' AND t.status = 'cancelled' THEN NULL
            ELSE t.updated_at END,
       1, t.last_error, t.alerted, t.done_by, t.updated_at
FROM enforcement_task t JOIN enforcement_sanction s ON s.sanction_id = t.sanction_id
WHERE t.id = (SELECT o.id FROM enforcement_task o JOIN enforcement_sanction os ON os.sanction_id = o.sanction_id
              WHERE os.person_id = s.person_id AND o.space_id = t.space_id
              ORDER BY o.created_at DESC, o.id DESC LIMIT 1);

DROP TABLE enforcement_task;

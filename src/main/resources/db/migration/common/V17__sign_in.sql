-- Sign-in: two-factor (TOTP) enrolments, one-time recovery codes, the instance's sign-in policy and the failed
-- attempts that throttle guessing (kept here, not in one node's memory, so the limit holds across nodes).

-- The TOTP secret is sealed (AEAD, bound to the account). An enrolment counts once confirmed with a code;
-- last_step is the newest time step a code was accepted for, so no code works twice.
CREATE TABLE totp_enrolment (
    account_id    TEXT PRIMARY KEY REFERENCES account (id),
    sealed_secret TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    confirmed_at  BIGINT,
    last_step     BIGINT
);

-- Only a keyed hash (HMAC) of each code is stored; a used code keeps its row with used_at.
CREATE TABLE recovery_code (
    account_id  TEXT NOT NULL REFERENCES account (id),
    code_hash   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    used_at     BIGINT,
    PRIMARY KEY (account_id, code_hash)
);

-- One row: whether every staff member must sign in with a second factor.
CREATE TABLE sign_in_policy (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    two_factor_required  INTEGER NOT NULL,
    changed_at           BIGINT,
    changed_by           TEXT
);
INSERT INTO sign_in_policy (id, two_factor_required) VALUES (1, 0);

-- Failed sign-in attempts by subject: 'account:' and the SHA-256 of the typed email address (whether or not such
-- an account exists), or 'address:' and the client's network address.
CREATE TABLE sign_in_failure (
    subject          TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL,
    last_failure_at  BIGINT NOT NULL
);

-- Ombuds foundation: communities, spaces, people, Code of Conduct versions, staff accounts and tokens.
-- Portable SQL for SQLite and PostgreSQL: ids are random UUIDs as text, times are epoch milliseconds (UTC).

CREATE TABLE community (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    parent_id   TEXT REFERENCES community (id),
    created_at  BIGINT NOT NULL
);

CREATE TABLE space (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES community (id),
    slug          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX space_community ON space (community_id);

CREATE TABLE person (
    id           TEXT PRIMARY KEY,
    merged_into  TEXT REFERENCES person (id),
    created_at   BIGINT NOT NULL
);

-- A handle is kept sealed (AEAD) for reading and as a keyed fingerprint for matching.
CREATE TABLE identity_handle (
    id            TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES person (id),
    kind          TEXT NOT NULL,
    fingerprint   TEXT NOT NULL UNIQUE,
    sealed_value  TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX identity_handle_person ON identity_handle (person_id);

-- Published versions are immutable (enforced by triggers in the vendor migrations).
CREATE TABLE coc_version (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES community (id),
    version       INTEGER NOT NULL,
    markdown      TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    effective_at  BIGINT NOT NULL,
    published_at  BIGINT NOT NULL,
    published_by  TEXT NOT NULL,
    note          TEXT,
    UNIQUE (community_id, version)
);

CREATE TABLE account (
    id             TEXT PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT,
    person_id      TEXT REFERENCES person (id),
    created_at     BIGINT NOT NULL,
    disabled_at    BIGINT
);

-- Tokens are stored as SHA-256 hashes only; a token belongs to an account or to a space, never both.
CREATE TABLE api_token (
    id            TEXT PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    account_id    TEXT REFERENCES account (id),
    space_id      TEXT REFERENCES space (id),
    label         TEXT,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT,
    revoked_at    BIGINT,
    CHECK ((account_id IS NULL AND space_id IS NOT NULL) OR (account_id IS NOT NULL AND space_id IS NULL))
);
CREATE INDEX api_token_account ON api_token (account_id);

-- One-time links with which a new staff member sets (or an admin resets) a password.
CREATE TABLE password_setup (
    token_hash  TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES account (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);

-- The handles an admin (or the member) linked to a staff account through the account itself. Single sign-on by
-- GitHub or GitLab matches only these: a person's other handles can come from reports and must never open an account.
-- Only the keyed fingerprint is kept, as in identity_handle. subject is the provider's own, permanent user id, bound at
-- the first sign-in: a login given up and taken by someone else later does not sign that someone in.
CREATE TABLE account_handle (
    account_id  TEXT NOT NULL REFERENCES account (id),
    fingerprint TEXT NOT NULL,
    subject     TEXT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (account_id, fingerprint)
);
CREATE INDEX account_handle_fingerprint ON account_handle (fingerprint);

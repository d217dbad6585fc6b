-- The letters' texts as admins reworded them on /staff/letters, one per letters.properties key and language; a key
-- without a row keeps the default from letters.properties (or letters_<language>.properties). Times in epoch ms.
CREATE TABLE letter_text (
    key         TEXT,
    language    TEXT,
    text        TEXT NOT NULL,
    updated_by  TEXT NOT NULL REFERENCES account (id),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (key, language)
);

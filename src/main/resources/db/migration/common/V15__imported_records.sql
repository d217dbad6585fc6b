-- Records a committee kept before Ombuds, imported from its spreadsheet. A case keeps the committee's own reference
-- so that the same row is never imported twice into a community; a decision says it was imported (nobody voted on
-- it here, and the Code version it names is the one in force at the import, not necessarily the one it rested on).
ALTER TABLE case_file ADD COLUMN import_reference TEXT;
CREATE UNIQUE INDEX case_file_import_reference ON case_file (community_id, import_reference);
ALTER TABLE decision ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;

-- Transparency reports: a draft stores the period's true figures (a snapshot, never recomputed); publishing stores
-- what is published (suppressed) beside them. Later purges or late reports change neither.
CREATE TABLE transparency_report (
    id            TEXT PRIMARY KEY,
    period        TEXT NOT NULL,
    period_start  BIGINT NOT NULL,
    period_end    BIGINT NOT NULL,
    status        TEXT NOT NULL,
    figures       TEXT NOT NULL,
    created_by    TEXT NOT NULL REFERENCES account (id),
    created_at    BIGINT NOT NULL,
    reviewed_by   TEXT REFERENCES account (id),
    reviewed_at   BIGINT,
    review_note   TEXT,
    published_by  TEXT REFERENCES account (id),
    published_at  BIGINT,
    publication   TEXT
);
-- One published report per period.
CREATE UNIQUE INDEX transparency_report_published ON transparency_report (period) WHERE status = 'published';
CREATE INDEX transparency_report_start ON transparency_report (period_start);

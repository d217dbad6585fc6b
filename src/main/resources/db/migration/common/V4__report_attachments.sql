-- Files a reporter attached. The bytes live in the data folder (attachments/), sealed with the report's data
-- key; the name is sealed too. Only type and size are in the clear.
CREATE TABLE report_attachment (
    id           TEXT PRIMARY KEY,
    report_id    TEXT NOT NULL REFERENCES report (id),
    sealed_name  TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size         BIGINT NOT NULL,
    stored_at    BIGINT NOT NULL
);
CREATE INDEX report_attachment_report ON report_attachment (report_id);

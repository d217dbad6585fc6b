-- Spring Modulith's event publication registry: every event a transactional listener must see is stored in the
-- transaction that raised it and marked completed once the listener succeeded, so a crash loses none (see
-- platform/internal/EventPublicationStore). Events carry ids only, never report content. Times in epoch ms.
CREATE TABLE event_publication (
    id                      TEXT PRIMARY KEY,
    listener_id             TEXT NOT NULL,
    event_type              TEXT NOT NULL,
    serialized_event        TEXT NOT NULL,
    publication_date        BIGINT NOT NULL,
    completion_date         BIGINT,
    status                  TEXT NOT NULL,
    completion_attempts     INTEGER NOT NULL DEFAULT 0,
    last_resubmission_date  BIGINT
);
CREATE INDEX event_publication_incomplete ON event_publication (completion_date, publication_date);

-- Letters Ombuds writes itself (to a sanctioned person, when a sanction starts or ends) say what they are about,
-- so a redelivered event never sends the same letter twice; delivery: sent, or why it could not be (no address,
-- no mail server), in which case the committee hands it over another way.
ALTER TABLE case_letter ADD COLUMN regarding TEXT;
ALTER TABLE case_letter ADD COLUMN delivery TEXT NOT NULL DEFAULT 'sent';
CREATE UNIQUE INDEX case_letter_regarding ON case_letter (regarding);

-- What the committee writes to the sanctioned person in the letter that announces the decision (sealed).
ALTER TABLE decision ADD COLUMN sealed_subject_message TEXT;

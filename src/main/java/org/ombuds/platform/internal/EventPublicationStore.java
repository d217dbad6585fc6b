package org.ombuds.platform.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.ombuds.platform.GroupCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.EventPublication.Status;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.stereotype.Repository;
import org.springframework.util.ClassUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Modulith's event publication registry on Ombuds' own table, through JdbcClient, so that it works on
 * SQLite (which Modulith's JDBC registry does not support) as on PostgreSQL. Completed publications are kept,
 * marked, and purged later by {@link EventRedelivery}.
 */
@Repository
class EventPublicationStore implements EventPublicationRepository {
    private static final Logger log = LoggerFactory.getLogger(EventPublicationStore.class);
    private static final String COLUMNS = "id, listener_id, event_type, serialized_event, publication_date, completion_date, status, "
            + "completion_attempts, last_resubmission_date";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final GroupCommit group;

    // Events are written as Spring Modulith's Jackson serializer writes them, with the application's mapper; held
    // here rather than looked up for each event as Modulith's does (a bean lookup per publication, on the writer thread).
    EventPublicationStore(JdbcClient jdbc, JsonMapper json, GroupCommit group) {
        this.jdbc = jdbc;
        this.json = json;
        this.group = group;
    }

    @Override
    public TargetEventPublication create(TargetEventPublication publication) {
        jdbc.sql("INSERT INTO event_publication (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, NULL, ?, 0, NULL)")
                .params(publication.getIdentifier().toString(), publication.getTargetIdentifier().getValue(),
                        publication.getEvent().getClass().getName(), serialized(publication.getEvent()),
                        publication.getPublicationDate().toEpochMilli(), Status.PUBLISHED.name())
                .update();
        return publication;
    }

    @Override
    public void markProcessing(UUID id) {
        group.writeAlone(() -> jdbc.sql("UPDATE event_publication SET status = ? WHERE id = ? AND completion_date IS NULL")
                .params(Status.PROCESSING.name(), id.toString()).update());
    }

    // Each listener's start and completion are writes of their own after the event's transaction: grouped, the listeners of many
    // events share a commit on SQLite instead of queueing for the writer one fsync each.
    @Override
    public void markCompleted(Object event, PublicationTargetIdentifier listener, Instant at) {
        String serialized = serialized(event);
        group.writeAlone(() -> jdbc.sql("""
                        UPDATE event_publication SET completion_date = ?, status = ?
                        WHERE listener_id = ? AND serialized_event = ? AND completion_date IS NULL""")
                .params(at.toEpochMilli(), Status.COMPLETED.name(), listener.getValue(), serialized).update());
    }

    @Override
    public void markCompleted(UUID id, Instant at) {
        group.writeAlone(() -> jdbc.sql("UPDATE event_publication SET completion_date = ?, status = ? WHERE id = ? AND completion_date IS NULL")
                .params(at.toEpochMilli(), Status.COMPLETED.name(), id.toString()).update());
    }

    @Override
    public void markFailed(UUID id) {
        jdbc.sql("UPDATE event_publication SET status = ? WHERE id = ? AND completion_date IS NULL")
                .params(Status.FAILED.name(), id.toString()).update();
    }

    /** Claims the publication for one redelivery: of two nodes resubmitting at once, only one gets it. */
    @Override
    public boolean markResubmitted(UUID id, Instant at) {
        return jdbc.sql("""
                        UPDATE event_publication SET status = ?, completion_attempts = completion_attempts + 1, last_resubmission_date = ?
                        WHERE id = ? AND completion_date IS NULL AND status <> ?""")
                .params(Status.RESUBMITTED.name(), at.toEpochMilli(), id.toString(), Status.RESUBMITTED.name()).update() == 1;
    }

    @Override
    public List<TargetEventPublication> findIncompletePublications() {
        return query("WHERE completion_date IS NULL ORDER BY publication_date");
    }

    @Override
    public List<TargetEventPublication> findIncompletePublicationsPublishedBefore(Instant instant) {
        return query("WHERE completion_date IS NULL AND publication_date < ? ORDER BY publication_date", instant.toEpochMilli());
    }

    @Override
    public Optional<TargetEventPublication> findIncompletePublicationsByEventAndTargetIdentifier(Object event, PublicationTargetIdentifier listener) {
        return query("WHERE completion_date IS NULL AND listener_id = ? AND serialized_event = ? ORDER BY publication_date",
                listener.getValue(), serialized(event)).stream().findFirst();
    }

    @Override
    public List<TargetEventPublication> findCompletedPublications() {
        return query("WHERE completion_date IS NOT NULL ORDER BY publication_date");
    }

    @Override
    public List<TargetEventPublication> findFailedPublications(FailedCriteria criteria) {
        Instant before = criteria.getPublicationDateReference();
        List<TargetEventPublication> failed = before == null
                ? query("WHERE status = ? ORDER BY publication_date", Status.FAILED.name())
                : query("WHERE status = ? AND publication_date < ? ORDER BY publication_date", Status.FAILED.name(), before.toEpochMilli());
        long max = criteria.getMaxItemsToRead();
        return max > 0 && failed.size() > max ? failed.subList(0, (int) max) : failed;
    }

    @Override
    public List<TargetEventPublication> findByStatus(Status status) {
        return query("WHERE status = ? ORDER BY publication_date", status.name());
    }

    @Override
    public int countByStatus(Status status) {
        return jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE status = ?").param(status.name()).query(Integer.class).single();
    }

    @Override
    public void deletePublications(List<UUID> ids) {
        for (UUID id : ids) jdbc.sql("DELETE FROM event_publication WHERE id = ?").param(id.toString()).update();
    }

    @Override
    public void deleteCompletedPublications() {
        jdbc.sql("DELETE FROM event_publication WHERE completion_date IS NOT NULL").update();
    }

    @Override
    public void deleteCompletedPublicationsBefore(Instant instant) {
        jdbc.sql("DELETE FROM event_publication WHERE completion_date IS NOT NULL AND completion_date < ?").param(instant.toEpochMilli()).update();
    }

    private String serialized(Object event) {
        return json.writeValueAsString(event);
    }

    private List<TargetEventPublication> query(String where, Object... parameters) {
        List<TargetEventPublication> publications = new ArrayList<>();
        jdbc.sql("SELECT " + COLUMNS + " FROM event_publication " + where).params(parameters).query((row, n) -> stored(row)).list()
                .forEach(stored -> { if (stored != null) publications.add(stored); });
        return publications;
    }

    /** A row as a publication; null for an event type this version no longer has (kept, logged, never retried). */
    private StoredPublication stored(ResultSet row) throws SQLException {
        String type = row.getString("event_type");
        Class<?> eventType;
        try {
            eventType = ClassUtils.forName(type, getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            log.warn("event publication {} has the unknown type {}; it stays stored and is not redelivered", row.getString("id"), type);
            return null;
        }
        long completed = row.getLong("completion_date");
        Instant completion = row.wasNull() ? null : Instant.ofEpochMilli(completed);
        long resubmitted = row.getLong("last_resubmission_date");
        Instant lastResubmission = row.wasNull() ? null : Instant.ofEpochMilli(resubmitted);
        String serialized = row.getString("serialized_event");
        return new StoredPublication(UUID.fromString(row.getString("id")), Instant.ofEpochMilli(row.getLong("publication_date")),
                PublicationTargetIdentifier.of(row.getString("listener_id")), json.readerFor(eventType).readValue(serialized),
                completion, Status.valueOf(row.getString("status")), row.getInt("completion_attempts"), lastResubmission);
    }

    private static final class StoredPublication implements TargetEventPublication {
        private final UUID id;
        private final Instant publicationDate;
        private final PublicationTargetIdentifier listener;
        private final Object event;
        private final Status status;
        private final int attempts;
        private final Instant lastResubmission;
        private Instant completionDate;

        StoredPublication(UUID id, Instant publicationDate, PublicationTargetIdentifier listener, Object event, Instant completionDate,
                          Status status, int attempts, Instant lastResubmission) {
            this.id = id;
            this.publicationDate = publicationDate;
            this.listener = listener;
            this.event = event;
            this.completionDate = completionDate;
            this.status = status;
            this.attempts = attempts;
            this.lastResubmission = lastResubmission;
        }

        @Override public UUID getIdentifier() { return id; }
        @Override public Object getEvent() { return event; }
        @Override public PublicationTargetIdentifier getTargetIdentifier() { return listener; }
        @Override public Instant getPublicationDate() { return publicationDate; }
        @Override public Optional<Instant> getCompletionDate() { return Optional.ofNullable(completionDate); }
        @Override public Status getStatus() { return completionDate != null ? Status.COMPLETED : status; }
        @Override public Instant getLastResubmissionDate() { return lastResubmission; }
        @Override public int getCompletionAttempts() { return attempts; }
        @Override public void markCompleted(Instant instant) { this.completionDate = instant; }
    }
}

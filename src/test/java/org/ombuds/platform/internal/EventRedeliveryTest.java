package org.ombuds.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.EventPublication.Status;

/** When an unfinished event is delivered again: failed ones with growing pauses, stuck ones once they are stale. */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class EventRedeliveryTest {
    private static final Instant PUBLISHED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration STALE = Duration.ofMinutes(10);

    private static EventPublication publication(Status status, int attempts, Instant lastResubmission) {
        return new EventPublication() {
            @Override public UUID getIdentifier() { return UUID.randomUUID(); }
            @Override public Object getEvent() { return "event"; }
            @Override public Instant getPublicationDate() { return PUBLISHED; }
            @Override public java.util.Optional<Instant> getCompletionDate() { return java.util.Optional.empty(); }
            @Override public Status getStatus() { return status; }
            @Override public Instant getLastResubmissionDate() { return lastResubmission; }
            @Override public int getCompletionAttempts() { return attempts; }
        };
    }

    @Test
    void aFailedDeliveryIsRetriedAfterAPauseThatDoublesUpToAnHour() {
        assertThat(EventRedelivery.due(publication(Status.FAILED, 0, null), PUBLISHED.plusSeconds(59), STALE)).isFalse();
        assertThat(EventRedelivery.due(publication(Status.FAILED, 0, null), PUBLISHED.plusSeconds(60), STALE)).isTrue();
        Instant retried = PUBLISHED.plus(Duration.ofMinutes(5));
        assertThat(EventRedelivery.due(publication(Status.FAILED, 3, retried), retried.plus(Duration.ofMinutes(7)), STALE)).isFalse();
        assertThat(EventRedelivery.due(publication(Status.FAILED, 3, retried), retried.plus(Duration.ofMinutes(8)), STALE)).isTrue();
        assertThat(EventRedelivery.backoff(5)).isEqualTo(Duration.ofMinutes(32));
        assertThat(EventRedelivery.backoff(6)).isEqualTo(Duration.ofHours(1));
        assertThat(EventRedelivery.backoff(40)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anEventLeftUnfinishedByAStoppedNodeIsDeliveredOnceStale() {
        for (Status stuck : new Status[] {Status.PUBLISHED, Status.PROCESSING, Status.RESUBMITTED}) {
            assertThat(EventRedelivery.due(publication(stuck, 0, null), PUBLISHED.plus(Duration.ofMinutes(9)), STALE)).as(stuck.name()).isFalse();
            assertThat(EventRedelivery.due(publication(stuck, 0, null), PUBLISHED.plus(STALE), STALE)).as(stuck.name()).isTrue();
        }
    }

    @Test
    void aCompletedEventIsNeverDeliveredAgain() {
        assertThat(EventRedelivery.due(publication(Status.COMPLETED, 1, null), PUBLISHED.plus(Duration.ofDays(1)), STALE)).isFalse();
    }
}

package org.ombuds.platform.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * Redelivers events whose listener failed, with exponential backoff (1, 2, 4 … minutes, at most an hour apart),
 * and events left unfinished by a node that stopped or crashed mid-way (still unfinished after
 * {@code ombuds.events.stale-after}). Completed publications are kept for a month for inspection, then purged.
 */
@Configuration(proxyBeanMethods = false)
class EventRedelivery {
    static final Duration KEEP_COMPLETED = Duration.ofDays(30);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);

    @Bean
    RecurringTask<Void> eventRedeliveryTask(IncompleteEventPublications incomplete, CompletedEventPublications completed, Clock clock,
                                        @Value("${ombuds.events.redelivery-interval:30s}") Duration interval,
                                        @Value("${ombuds.events.stale-after:10m}") Duration staleAfter) {
        return Tasks.recurring("event-redelivery", FixedDelay.of(interval))
                .execute((instance, context) -> {
                    Instant now = clock.instant();
                    incomplete.resubmitIncompletePublications(publication -> due(publication, now, staleAfter));
                    completed.deletePublicationsOlderThan(KEEP_COMPLETED);
                });
    }

    /** Whether a publication should be delivered again now. */
    static boolean due(EventPublication publication, Instant now, Duration staleAfter) {
        Instant last = publication.getLastResubmissionDate() != null ? publication.getLastResubmissionDate() : publication.getPublicationDate();
        return switch (publication.getStatus()) {
            case COMPLETED -> false;
            case FAILED -> !now.isBefore(last.plus(backoff(publication.getCompletionAttempts())));
            default -> !now.isBefore(last.plus(staleAfter));
        };
    }

    static Duration backoff(int attempts) {
        return attempts >= 6 ? MAX_BACKOFF : Duration.ofMinutes(1L << attempts);
    }
}

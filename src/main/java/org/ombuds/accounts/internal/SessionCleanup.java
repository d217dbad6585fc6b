package org.ombuds.accounts.internal;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Deletes expired staff sessions once a minute as a db-scheduler job: Spring Session's own cleanup timer (switched off in
 * application.yml) would run the same DELETE on every node at the same second.
 */
@Configuration(proxyBeanMethods = false)
class SessionCleanup {

    @Bean
    RecurringTask<Void> sessionCleanupTask(ObjectProvider<JdbcIndexedSessionRepository> sessions) {
        return Tasks.recurring("session-cleanup", FixedDelay.of(Duration.ofMinutes(1)))
                .execute((instance, context) -> sessions.ifAvailable(JdbcIndexedSessionRepository::cleanUpExpiredSessions));
    }
}

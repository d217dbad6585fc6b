package org.ombuds.retention.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.ombuds.retention.RetentionPolicy;
import org.ombuds.retention.RetentionSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The purge job, run by one node of several (db-scheduler); it catches up after downtime like the other jobs. */
@Configuration(proxyBeanMethods = false)
class RetentionScheduling {

    @Bean
    RecurringTask<Void> retentionPurgeTask(RetentionPolicy policy, RetentionSettings settings) {
        return Tasks.recurring("retention-purge", FixedDelay.of(settings.interval()))
                .execute((instance, context) -> policy.purgeExpired());
    }
}

package org.ombuds.intake.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Polls the committee mailbox as a db-scheduler job: with several nodes on one database only one reads the mailbox at a
 * time, so two nodes never take the same unread message at once (each would see it as new and make a report of it).
 */
@Configuration(proxyBeanMethods = false)
class EmailIntakeScheduling {

    @Bean
    RecurringTask<Void> emailIntakeTask(EmailIntake intake, EmailIntakeSettings settings) {
        return Tasks.recurring("email-intake", FixedDelay.of(settings.pollInterval()))
                .execute((instance, context) -> {
                    if (settings.enabled()) intake.poll();
                });
    }
}

package org.ombuds.sanctions.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.ombuds.sanctions.DecisionSettings;
import org.ombuds.sanctions.Decisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Ends temporary bans and lapses unratified interim measures on time. The platform's db-scheduler runs it on one
 * node of several, and a node starting after downtime catches up at once (the job's next run is stored in the
 * database, so one that fell due while nothing ran is due now).
 */
@Configuration(proxyBeanMethods = false)
class SanctionScheduling {
    private static final Logger log = LoggerFactory.getLogger(SanctionScheduling.class);

    @Bean
    RecurringTask<Void> sanctionExpiryTask(Decisions decisions, DecisionSettings settings) {
        return Tasks.recurring("sanction-expiry", FixedDelay.of(settings.expiryInterval()))
                .execute((instance, context) -> {
                    int ended = decisions.endDue();
                    if (ended > 0) log.info("ended {} sanction(s) or interim measure(s) that fell due", ended);
                });
    }
}

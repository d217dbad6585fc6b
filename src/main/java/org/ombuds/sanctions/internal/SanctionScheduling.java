package org.ombuds.sanctions.internal;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.ombuds.sanctions.DecisionSettings;
import org.ombuds.platform.OmbudsProperties;
import org.ombuds.sanctions.Decisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Ends temporary bans and lapses unratified interim measures on time through db-scheduler: with several nodes on
 * one PostgreSQL exactly one runs the job, and a node starting after downtime catches up at once (the job's next
 * run is stored in the database, so one that fell due while nothing ran is due now).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ombuds.scheduler.enabled", havingValue = "true", matchIfMissing = true)
class SanctionScheduling {
    private static final Logger log = LoggerFactory.getLogger(SanctionScheduling.class);

    @Bean
    RecurringTask<Void> sanctionExpiry(Decisions decisions, DecisionSettings settings) {
        return Tasks.recurring("sanction-expiry", FixedDelay.of(settings.expiryInterval()))
                .execute((instance, context) -> {
                    int ended = decisions.endDue();
                    if (ended > 0) log.info("ended {} sanction(s) or interim measure(s) that fell due", ended);
                });
    }

    @Bean(destroyMethod = "stop")
    Scheduler scheduler(DataSource dataSource, RecurringTask<Void> sanctionExpiry, DecisionSettings settings, OmbudsProperties properties) {
        var builder = Scheduler.create(dataSource);
        if (properties.db().embedded()) builder = builder.jdbcCustomization(new SqliteScheduling());
        return builder
                .startTasks(sanctionExpiry)
                .threads(1)
                .pollingInterval(settings.expiryInterval())
                .build();
    }

    /** Started once the schema is migrated and the application is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(Scheduler.class).start();
    }
}

package org.ombuds.enforcement.internal;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.ombuds.enforcement.Enforcement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The enforcement jobs, each run by one node at a time: delivering the outbox, and reconciling with the peers. */
@Configuration(proxyBeanMethods = false)
class EnforcementScheduling {
    private static final Logger log = LoggerFactory.getLogger(EnforcementScheduling.class);

    @Bean
    RecurringTask<Void> enforcementDeliveryTask(Enforcement enforcement,
                                                @Value("${ombuds.enforcement.delivery-interval:5s}") Duration interval) {
        return Tasks.recurring("enforcement-delivery", FixedDelay.of(interval))
                .execute((instance, context) -> {
                    // A full batch means more may be due: go on at once rather than wait for the next run.
                    while (enforcement.deliverDue() == 50) {
                        log.debug("enforcement: another batch is due");
                    }
                });
    }

    @Bean
    RecurringTask<Void> enforcementReconciliationTask(Enforcement enforcement,
                                                      @Value("${ombuds.enforcement.reconcile-interval:15m}") Duration interval) {
        return Tasks.recurring("enforcement-reconciliation", FixedDelay.of(interval))
                .execute((instance, context) -> {
                    Enforcement.Reconciliation result = enforcement.reconcile();
                    if (result.reapplied() + result.lifted() + result.unreachable() > 0) {
                        log.info("reconciliation: {} checked, {} applied again, {} lifted again, {} peers unreachable", result.checked(),
                                result.reapplied(), result.lifted(), result.unreachable());
                    }
                });
    }
}

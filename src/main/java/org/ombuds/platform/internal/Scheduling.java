package org.ombuds.platform.internal;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.ExecutionInterceptor;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;

import org.ombuds.platform.OmbudsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * One db-scheduler for every recurring job the modules declare (as {@link RecurringTask} beans): with several
 * nodes on one PostgreSQL each run is picked by exactly one node. A node that is killed while it runs a job stops
 * updating the run's heartbeat; once {@code missed-heartbeats} heartbeats (at least 4) are missed another node takes the run over
 * (a recurring job is run again at once), so the outbox is never left waiting for a node that is gone. Off for the
 * command line ({@code ombuds.scheduler.enabled=false}). Interceptors declared as beans wrap every run (the tests hold
 * the jobs still with one while they compare the database before and after a request).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ombuds.scheduler.enabled", havingValue = "true", matchIfMissing = true)
class Scheduling {

    @Bean(destroyMethod = "stop")
    Scheduler scheduler(DataSource dataSource, List<RecurringTask<?>> tasks, OmbudsProperties properties,
                        ObjectProvider<ExecutionInterceptor> interceptors,
                        @Value("${ombuds.scheduler.polling-interval:10s}") Duration pollingInterval,
                        @Value("${ombuds.scheduler.heartbeat-interval:10s}") Duration heartbeatInterval,
                        @Value("${ombuds.scheduler.missed-heartbeats:6}") int missedHeartbeats) {
        var builder = Scheduler.create(dataSource);
        if (properties.db().embedded()) builder = builder.jdbcCustomization(new SqliteScheduling());
        interceptors.orderedStream().forEach(builder::addExecutionInterceptor);
        return builder
                .startTasks(tasks)
                .threads(1)
                // Two nodes on one machine share a host name; the process id tells whose run a row is.
                .schedulerName(new SchedulerName.Fixed(new SchedulerName.Hostname().getName() + "/" + ProcessHandle.current().pid()))
                .pollingInterval(pollingInterval)
                .heartbeatInterval(heartbeatInterval)
                .missedHeartbeatsLimit(missedHeartbeats)
                .build();
    }

    /** Started once the schema is migrated and the application is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(Scheduler.class).start();
    }
}

package org.ombuds.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.kagkarlsson.scheduler.Scheduler;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.task.TaskExecutor;

/**
 * The gate is wired into a real web test server: what {@code @Async} listeners run on and what db-scheduler runs
 * wait at it while a test holds still. Without this, a test comparing the database before and after a request would
 * trust a gate that nothing passes through.
 */
class BackgroundWorkInTheServerTest extends WebTest {
    @Autowired
    ApplicationContext context;

    @Test
    void theExecutorOfTheAsynchronousListenersWaitsWhileHeld() throws Exception {
        // AsyncConfiguration names no executor: @Async takes the context's only TaskExecutor (Boot's).
        TaskExecutor executor = context.getBean(TaskExecutor.class);
        AtomicBoolean ran = new AtomicBoolean();
        try (AutoCloseable still = BackgroundWork.holdStill()) {
            executor.execute(() -> ran.set(true));
            await().atMost(Duration.ofSeconds(30)).until(() -> ran.get() || waitingAtTheGate(BackgroundWork.class.getName(), "through"));
            assertThat(ran).as("not while held").isFalse();
        }
        await().atMost(Duration.ofSeconds(30)).untilTrue(ran);
    }

    @Test
    void theJobsWaitWhileHeld() throws Exception {
        try (AutoCloseable still = BackgroundWork.holdStill()) {
            // enforcement-delivery is due every few seconds; asking the scheduler to look picks it (or another job).
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                context.getBean(Scheduler.class).triggerCheckForDueExecutions();
                return waitingAtTheGate("com.github.kagkarlsson.scheduler.", "");
            });
        }
    }

    /** Whether a thread waits at the gate on its way from this code (a class, or a package, and a method, or any). */
    private static boolean waitingAtTheGate(String from, String method) {
        return Thread.getAllStackTraces().entrySet().stream().anyMatch(thread -> BackgroundWork.waiting(thread.getKey())
                && Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getClassName().startsWith(from)
                        && (method.isEmpty() || frame.getMethodName().equals(method))));
    }
}

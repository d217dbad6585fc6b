package org.ombuds.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.kagkarlsson.scheduler.event.ExecutionChain;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The gate that holds the test servers' background work still: it waits for the work under way and lets none start. */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class BackgroundWorkTest {
    private final BackgroundWork.Gates gates = new BackgroundWork.Gates();

    @Test
    void holdingStillWaitsUntilTheJobUnderWayIsDone() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread job = new Thread(() -> gates.jobsThroughTheGate().execute(null, null, new ExecutionChain(List.of(), (instance, context) -> {
            started.countDown();
            awaitQuietly(finish);
            return null;
        })));
        job.start();
        started.await();
        AtomicBoolean held = new AtomicBoolean();
        Thread test = new Thread(() -> {
            try (AutoCloseable still = BackgroundWork.holdStill()) {
                held.set(true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        test.start();
        await().until(() -> BackgroundWork.waiting(test));
        assertThat(held).as("held while a job runs").isFalse();
        finish.countDown();
        test.join(10_000);
        assertThat(held).as("held once it is done").isTrue();
        job.join(10_000);
    }

    @Test
    void aListenerThatWouldStartWhileHeldWaitsUntilTheHoldEnds() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Thread listener;
        try (AutoCloseable still = BackgroundWork.holdStill()) {
            listener = new Thread(gates.asyncListenersThroughTheGate().decorate(() -> ran.set(true)));
            listener.start();
            await().until(() -> BackgroundWork.waiting(listener));
            assertThat(ran).as("not while held").isFalse();
        }
        listener.join(10_000);
        assertThat(ran).as("once the hold ends").isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

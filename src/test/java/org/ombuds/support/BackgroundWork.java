package org.ombuds.support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.github.kagkarlsson.scheduler.event.ExecutionInterceptor;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;

/**
 * The work a test server does on its own — db-scheduler's jobs (enforcement delivery and reconciliation, event
 * redelivery, sanction expiry, purges, session cleanup, email intake) and the {@code @Async} listeners (letters,
 * notifications) — held still while a test compares the database before and after a request, so that what changed is
 * what the request changed. Every web test server of the JVM shares one database and runs such work on it, so each
 * passes every job run and every asynchronous task through the same gate: {@link #holdStill()} waits until the work
 * under way is done and keeps any more from starting until it is closed, on the same thread.
 */
public final class BackgroundWork {
    private static final ReentrantReadWriteLock GATE = new ReentrantReadWriteLock(true);

    private BackgroundWork() {
    }

    /** Held until closed, on the thread that took it; gives up after a minute if some work never ends. */
    public static AutoCloseable holdStill() {
        try {
            if (!GATE.writeLock().tryLock(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("background work still under way after a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return () -> GATE.writeLock().unlock();
    }

    /** Whether this thread's work waits at the gate. */
    static boolean waiting(Thread thread) {
        return GATE.hasQueuedThread(thread);
    }

    private static void through(Runnable work) {
        GATE.readLock().lock();
        try {
            work.run();
        } finally {
            GATE.readLock().unlock();
        }
    }

    /** The gates, in every web test server (WebTest imports them). */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Gates {
        @Bean
        ExecutionInterceptor jobsThroughTheGate() {
            return (instance, context, chain) -> {
                GATE.readLock().lock();
                try {
                    return chain.proceed(instance, context);
                } finally {
                    GATE.readLock().unlock();
                }
            };
        }

        @Bean
        TaskDecorator asyncListenersThroughTheGate() {
            return task -> () -> through(task);
        }
    }
}

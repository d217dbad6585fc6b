package org.ombuds.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Short write transactions that many threads make at once (new reports, event publications marked completed). On
 * SQLite every commit is an fsync and there is one writer, so one thread takes all the writes waiting, runs them in
 * one transaction and commits once, then answers each caller: {@link #write} returns only after the commit that
 * stores its work. If the group fails, it is rolled back and each write is run again in a transaction of its own,
 * so one bad write fails alone; work must therefore be safe to run again after a rollback. On PostgreSQL, and
 * inside a transaction already open (which the writer thread could not join), the caller writes itself as before.
 */
@Component
public class GroupCommit {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    static final int MAX_GROUP = 64;

    private final TransactionTemplate transactions;
    private final boolean grouped;
    private final BlockingQueue<Pending<?>> waiting = new LinkedBlockingQueue<>();
    private final Pending<Void> stop = new Pending<>(() -> null, null, SecurityContextHolder.createEmptyContext());
    private volatile boolean stopping;
    private final Thread writer;
    private final ExecutorService acknowledging = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "group-commit-acks");
        thread.setDaemon(true);
        return thread;
    });

    @Autowired
    GroupCommit(PlatformTransactionManager transactionManager, OmbudsProperties properties) {
        this(transactionManager, properties.db().embedded());
    }

    GroupCommit(PlatformTransactionManager transactionManager, boolean grouped) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.grouped = grouped;
        this.writer = new Thread(this::run, "group-commit");
        writer.setDaemon(true);
        if (grouped) writer.start();
    }

    /** Runs {@code work} in a write transaction, with the caller's request and sign-in (audit entries record them); returns once committed. */
    public <T> T write(Supplier<T> work) {
        if (!grouped || TransactionSynchronizationManager.isActualTransactionActive()) return transactions.execute(status -> work.get());
        return queue(work);
    }

    /**
     * Like {@link #write}, for work that belongs to no transaction of the caller's: grouped even when the caller has
     * one open. The caller must not hold the writer: its transaction, if any, is new and has not written (Spring
     * Modulith marks publications in a REQUIRES_NEW transaction of their own, which stays empty).
     */
    public <T> T writeAlone(Supplier<T> work) {
        if (!grouped) return transactions.execute(status -> work.get());
        if (Thread.currentThread() == writer) return work.get();
        return queue(work);
    }

    private <T> T queue(Supplier<T> work) {
        Pending<T> pending = new Pending<>(work, RequestContextHolder.getRequestAttributes(), SecurityContextHolder.getContext());
        if (stopping) throw new IllegalStateException("the server is shutting down; the write was not made");
        waiting.add(pending);
        try {
            return pending.done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the commit; the write may or may not be stored", e);
        }
    }

    private void run() {
        while (true) {
            List<Pending<?>> group = new ArrayList<>();
            try {
                group.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(group, MAX_GROUP - 1);
            boolean last = group.remove(stop);
            if (!group.isEmpty()) commit(group);
            if (last) return;
        }
    }

    private void commit(List<Pending<?>> group) {
        List<Object> results;
        try {
            results = transactions.execute(status -> {
                List<Object> done = new ArrayList<>();
                for (Pending<?> pending : group) done.add(pending.run());
                return done;
            });
        } catch (RuntimeException | Error failed) {
            if (group.size() == 1) {
                group.get(0).done.completeExceptionally(failed);
                return;
            }
            log.warn("a group of {} writes was rolled back ({}); running each on its own", group.size(), failed.getClass().getSimpleName());
            for (Pending<?> pending : group) {
                try {
                    pending.complete(transactions.execute(status -> pending.run()));
                } catch (RuntimeException | Error alone) {
                    pending.done.completeExceptionally(alone);
                }
            }
            return;
        }
        // Waking each caller costs a switch of threads, on two cores often at the writer's expense: another thread wakes them.
        acknowledging.execute(() -> {
            for (int i = 0; i < group.size(); i++) group.get(i).complete(results.get(i));
        });
    }

    /** How many writes wait for the writer thread. */
    int waiting() {
        return waiting.size();
    }

    /** Writes what is queued, then stops; later writes are refused. */
    @PreDestroy
    void close() throws InterruptedException {
        stopping = true;
        if (!grouped) {
            acknowledging.shutdown();
            return;
        }
        waiting.add(stop);
        writer.join(30_000);
        acknowledging.shutdown();
        acknowledging.awaitTermination(30, TimeUnit.SECONDS);
        for (Pending<?> left; (left = waiting.poll()) != null; ) {
            if (left != stop) left.done.completeExceptionally(new IllegalStateException("the server stopped; the write was not made"));
        }
    }

    private static final class Pending<T> {
        final Supplier<T> work;
        final CompletableFuture<T> done;
        final RequestAttributes request;
        final SecurityContext security;

        Pending(Supplier<T> work, RequestAttributes request, SecurityContext security) {
            this.work = work;
            this.done = new CompletableFuture<>();
            this.request = request;
            this.security = security;
        }

        T run() {
            RequestContextHolder.setRequestAttributes(request);
            SecurityContextHolder.setContext(security);
            try {
                return work.get();
            } finally {
                RequestContextHolder.resetRequestAttributes();
                SecurityContextHolder.clearContext();
            }
        }

        @SuppressWarnings("unchecked")
        void complete(Object result) {
            done.complete((T) result);
        }
    }
}

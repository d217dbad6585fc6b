package org.ombuds.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Writes waiting for the writer are committed together and each is answered only after its commit; a group that
 * fails is run again write by write, so only the bad one fails.
 */
class GroupCommitTest {
    private static final int WAITING = 20;

    private SingleConnectionDataSource database;
    private JdbcClient jdbc;
    private final AtomicInteger commits = new AtomicInteger();
    private GroupCommit group;
    private ExecutorService clients;

    @BeforeEach
    void start() throws Exception {
        var file = Files.createTempDirectory("ombuds-group-commit").resolve("test.db");
        database = new SingleConnectionDataSource("jdbc:sqlite:" + file, true);
        jdbc = JdbcClient.create(database);
        jdbc.sql("CREATE TABLE stored (name TEXT PRIMARY KEY)").update();
        var transactions = new DataSourceTransactionManager(database) {
            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                super.doCommit(status);
                commits.incrementAndGet();
            }
        };
        group = new GroupCommit(transactions, true);
        clients = Executors.newFixedThreadPool(WAITING + 1);
    }

    @AfterEach
    void stop() throws Exception {
        group.close();
        clients.shutdownNow();
        database.destroy();
    }

    @Test
    void waitingReportsAreCommittedTogetherAndEachIsAnsweredOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        Future<String> first = clients.submit(() -> group.write(() -> {
            insert("first");
            busy.countDown();
            await(release);
            return "first";
        }));
        List<Future<String>> waiting = submitWhileTheWriterIsBusy(busy, release, i -> {
            insert("report " + i);
            return "report " + i;
        });

        assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo("first");
        for (int i = 0; i < WAITING; i++) assertThat(waiting.get(i).get(1, TimeUnit.MINUTES)).isEqualTo("report " + i);
        assertThat(commits.get()).as("the first report's commit and one for all that waited").isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stored").query(Integer.class).single()).isEqualTo(WAITING + 1);
    }

    @Test
    void aFailingReportFailsAloneAndTheOthersAreStored() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        Future<String> first = clients.submit(() -> group.write(() -> {
            busy.countDown();
            await(release);
            return "first";
        }));
        List<Future<String>> waiting = submitWhileTheWriterIsBusy(busy, release, i -> {
            insert("report " + i);
            if (i == 7) throw new IllegalArgumentException("report 7 is refused");
            return "report " + i;
        });

        assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo("first");
        for (int i = 0; i < WAITING; i++) {
            if (i == 7) {
                Future<String> refused = waiting.get(i);
                assertThatThrownBy(() -> refused.get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(IllegalArgumentException.class)
                        .hasRootCauseMessage("report 7 is refused");
            } else {
                assertThat(waiting.get(i).get(1, TimeUnit.MINUTES)).isEqualTo("report " + i);
            }
        }
        assertThat(jdbc.sql("SELECT name FROM stored ORDER BY name").query(String.class).list())
                .hasSize(WAITING - 1).doesNotContain("report 7").doesNotHaveDuplicates();
    }

    @Test
    void insideAnOpenTransactionTheCallerWritesItself() {
        var transactions = new org.springframework.transaction.support.TransactionTemplate(new DataSourceTransactionManager(database));
        String thread = transactions.execute(status -> group.write(() -> Thread.currentThread().getName()));
        assertThat(thread).isEqualTo(Thread.currentThread().getName());
    }

    interface Work {
        String run(int i);
    }

    /** Submits {@link #WAITING} writes and waits until all are queued behind the busy writer, then lets it go on. */
    private List<Future<String>> submitWhileTheWriterIsBusy(CountDownLatch busy, CountDownLatch release, Work work) throws InterruptedException {
        busy.await();
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            int n = i;
            futures.add(clients.submit(() -> group.write(() -> work.run(n))));
        }
        while (group.waiting() < WAITING) Thread.onSpinWait();
        release.countDown();
        return futures;
    }

    private void insert(String name) {
        jdbc.sql("INSERT INTO stored (name) VALUES (?)").param(name).update();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.ombuds.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ombuds.Ombuds;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On SQLite, read-only transactions read beside the one writer: a read completes while a write transaction is open
 * (it never waits for the write lock), sees only what is committed, and cannot write. Outside transactions queries
 * read on the readers too, so a lookup inside another query's rows needs no second writer connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqliteReadersPersistenceTest {
    private ConfigurableApplicationContext context;
    private JdbcClient jdbc;
    private TransactionTemplate writing;
    private TransactionTemplate reading;

    @BeforeAll
    void start() throws Exception {
        var data = Files.createTempDirectory("ombuds-readers").resolve("data");
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .run(TestDatabases.arguments(TestDatabases.properties(TestDatabases.SQLITE, data)));
        jdbc = context.getBean(JdbcClient.class);
        var transactions = context.getBean(PlatformTransactionManager.class);
        writing = new TransactionTemplate(transactions);
        reading = new TransactionTemplate(transactions);
        reading.setReadOnly(true);
        jdbc.sql("CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, value TEXT)").update();
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    void aReadCompletesWhileAWriteTransactionIsOpen() throws Exception {
        jdbc.sql("INSERT INTO probe (value) VALUES ('committed')").update();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch readDone = new CountDownLatch(1);
        AtomicBoolean writerOpen = new AtomicBoolean();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> write = writer.submit(() -> writing.executeWithoutResult(status -> {
                jdbc.sql("INSERT INTO probe (value) VALUES ('uncommitted')").update();
                writerOpen.set(true);
                written.countDown();
                try {
                    // Holds the write lock until the read is done; a read that needed the lock could never finish.
                    readDone.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                writerOpen.set(false);
            }));
            written.await();
            boolean openDuringRead = false;
            Integer seen;
            try {
                seen = reading.execute(status -> jdbc.sql("SELECT COUNT(*) FROM probe WHERE value = 'uncommitted'").query(Integer.class).single());
                openDuringRead = writerOpen.get();
            } finally {
                readDone.countDown();
            }
            write.get(1, TimeUnit.MINUTES);
            assertThat(openDuringRead).as("the write transaction was still open when the read completed").isTrue();
            assertThat(seen).as("the read saw only committed rows").isZero();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM probe WHERE value = 'uncommitted'").query(Integer.class).single()).isEqualTo(1);
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void aReadOnlyTransactionCannotWrite() {
        assertThatThrownBy(() -> reading.executeWithoutResult(status -> jdbc.sql("INSERT INTO probe (value) VALUES ('refused')").update()))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("readonly");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM probe WHERE value = 'refused'").query(Integer.class).single()).isZero();
    }

    @Test
    void writesOutsideATransactionGoToTheWriter() {
        jdbc.sql("INSERT INTO probe (value) VALUES ('autocommit')").update();
        Integer seen = reading.execute(status -> jdbc.sql("SELECT COUNT(*) FROM probe WHERE value = 'autocommit'").query(Integer.class).single());
        assertThat(seen).isEqualTo(1);
    }

    @Test
    void aQueryInsideAnotherQuerysRowsOutsideATransactionDoesNotWaitForTheWriter() {
        jdbc.sql("INSERT INTO probe (value) VALUES ('outer')").update();
        // Each row looks something up, as row mappers do: with one writer connection this needs a second connection.
        List<Integer> counts = jdbc.sql("SELECT value FROM probe WHERE value = 'outer'")
                .query((row, n) -> jdbc.sql("SELECT COUNT(*) FROM probe").query(Integer.class).single()).list();
        assertThat(counts).hasSize(1).allSatisfy(count -> assertThat(count).isPositive());
    }

    @Test
    void aConnectionThatReadFirstStillWritesOutsideATransaction() {
        Integer stored = context.getBean(JdbcTemplate.class).execute((ConnectionCallback<Integer>) connection -> {
            try (var read = connection.prepareStatement("SELECT COUNT(*) FROM probe");
                 var write = connection.prepareStatement("INSERT INTO probe (value) VALUES ('after a read')")) {
                read.executeQuery().close();
                return write.executeUpdate();
            }
        });
        assertThat(stored).isEqualTo(1);
    }
}

package org.ombuds.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.Ombuds;
import org.ombuds.cli.OmbudsCommandLine;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit chain against tampering done directly in the database (its own fresh database, so nothing else
 * appends meanwhile): `ombuds audit verify` exits 0 on an untouched log and 1 naming the first entry that was
 * altered, removed or reordered. Each test tampers with a copy of the rows and puts them back afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RequiresDatabase.class)
class AuditChainTest {
    private static final int ENTRIES = 40;
    private ConfigurableApplicationContext context;
    private AuditLog log;
    private JdbcClient jdbc;
    private List<Map<String, Object>> pristine;

    @BeforeAll
    void start() throws Exception {
        context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE)
                .run(TestDatabases.arguments(TestDatabases.properties(TestDatabases.selected(), Files.createTempDirectory("ombuds-audit"))));
        log = context.getBean(AuditLog.class);
        jdbc = context.getBean(JdbcClient.class);
        long already = count();
        for (long i = already; i < ENTRIES; i++) {
            log.recordAs("account-" + (i % 3), i % 2 == 0 ? "read" : "update", "case", "record-" + i, "case-" + (i % 5), "127.0.0.1");
        }
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @BeforeEach
    void remember() {
        pristine = jdbc.sql("SELECT * FROM audit_entry ORDER BY seq").query().listOfRows();
    }

    @AfterEach
    void restore() {
        jdbc.sql("DELETE FROM audit_entry").update();
        for (Map<String, Object> row : pristine) {
            jdbc.sql("INSERT INTO audit_entry (seq, at, actor, action, record_type, record_id, case_id, origin, prev_hash, hash)"
                            + " VALUES (:seq, :at, :actor, :action, :record_type, :record_id, :case_id, :origin, :prev_hash, :hash)")
                    .params(row).update();
        }
        assertThat(verify().exit()).isZero();
    }

    record Run(int exit, String out) {
    }

    private Run verify() {
        var out = new StringWriter();
        int exit = OmbudsCommandLine.execute(context, new String[] {"audit", "verify"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
        return new Run(exit, out.toString().strip());
    }

    private long count() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single();
    }

    @Test
    void anUntouchedLogIsIntact() {
        Run run = verify();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("audit chain intact: " + count() + " entries");
        assertThat(count()).isGreaterThanOrEqualTo(ENTRIES);
    }

    @Test
    void anAlteredEntryIsNamed() {
        jdbc.sql("UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 12").update();
        Run run = verify();
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("audit chain broken at entry 12: entry 12 was altered");
    }

    @Test
    void anAlteredEntryWithARecomputedHashBreaksTheLinkToTheNext() {
        var entry = jdbc.sql("SELECT * FROM audit_entry WHERE seq = 20").query().singleRow();
        String forged = AuditLog.hash(20, (Long) number(entry.get("at")), (String) entry.get("actor"), "nothing-happened",
                (String) entry.get("record_type"), (String) entry.get("record_id"), (String) entry.get("case_id"),
                (String) entry.get("origin"), (String) entry.get("prev_hash"));
        jdbc.sql("UPDATE audit_entry SET action = 'nothing-happened', hash = ? WHERE seq = 20").param(forged).update();
        Run run = verify();
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("audit chain broken at entry 21: entry 21 does not follow entry 20");
    }

    @Test
    void aRemovedEntryIsNamed() {
        jdbc.sql("DELETE FROM audit_entry WHERE seq = 7").update();
        Run run = verify();
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("audit chain broken at entry 7: entry 7 was removed");
    }

    @Test
    void removingTheNewestEntriesIsNoticed() {
        long last = count();
        jdbc.sql("DELETE FROM audit_entry WHERE seq >= ?").param(last - 1).update();
        Run run = verify();
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("audit chain broken at entry " + (last - 1) + ": entry " + (last - 1) + " was removed (the log ends early)");
    }

    @Test
    void swappedEntriesAreNamed() {
        // Entries 30 and 31 change places: each keeps its content and hash but takes the other's number.
        jdbc.sql("UPDATE audit_entry SET seq = -1 WHERE seq = 30").update();
        jdbc.sql("UPDATE audit_entry SET seq = 30 WHERE seq = 31").update();
        jdbc.sql("UPDATE audit_entry SET seq = 31 WHERE seq = -1").update();
        Run run = verify();
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("audit chain broken at entry 30: entry 30 does not follow entry 29");
    }

    @Test
    void concurrentAppendsFormOneChain() throws Exception {
        long before = count();
        var pool = Executors.newFixedThreadPool(4);
        List<Callable<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(() -> {
                for (int i = 0; i < 25; i++) log.recordAs("writer-" + writer, "read", "case", "r" + i, null, "127.0.0.1");
                return null;
            });
        }
        for (Future<Void> done : pool.invokeAll(writers)) done.get();
        pool.shutdown();
        assertThat(count()).isEqualTo(before + 100);
        assertThat(verify().out()).isEqualTo("audit chain intact: " + (before + 100) + " entries");
        // Back to the remembered rows for the next test: drop what this test added and rewind the head.
        var head = jdbc.sql("SELECT hash FROM audit_entry WHERE seq = ?").param(before).query(String.class).single();
        jdbc.sql("DELETE FROM audit_entry WHERE seq > ?").param(before).update();
        jdbc.sql("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1").params(before, head).update();
    }

    private static Object number(Object value) {
        return ((Number) value).longValue();
    }
}

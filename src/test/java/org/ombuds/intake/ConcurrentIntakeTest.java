package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Many reports at once (on SQLite they are committed in groups): each is answered with its own receipt, stored
 * exactly once, in a case of its own making, and audited as the reporter's, as one report alone would be.
 */
class ConcurrentIntakeTest extends WebTest {
    private static final int REPORTS = 48;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Intake intake;

    @Test
    void everyConcurrentReportIsAcknowledgedStoredOnceAndOpensItsCase() throws Exception {
        String marker = unique("concurrent");
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<String>> receipts = new ArrayList<>();
        try {
            for (int i = 0; i < REPORTS; i++) {
                String description = marker + " report " + i;
                receipts.add(clients.submit(() -> {
                    var response = http().postJson("/api/v1/reports", Map.of("category", "harassment", "description", description,
                            "anonymous", true));
                    assertThat(response.status()).as(response.body()).isEqualTo(201);
                    return response.json().get("receipt").asString();
                }));
            }
            List<String> acknowledged = new ArrayList<>();
            for (Future<String> receipt : receipts) acknowledged.add(receipt.get(5, TimeUnit.MINUTES));
            assertThat(acknowledged).doesNotHaveDuplicates().hasSize(REPORTS);

            List<String> stored = new ArrayList<>();
            for (String receipt : acknowledged) {
                var status = http().get("/api/v1/receipts/" + receipt);
                assertThat(status.status()).isEqualTo(200);
                assertThat(status.json().get("status").asString()).isEqualTo("received");
            }
            List<String> ids = jdbc.sql("SELECT id FROM report ORDER BY received_at DESC LIMIT ?").param(REPORTS * 4).query(String.class).list();
            for (String id : ids) {
                if (intake.content(id).description().startsWith(marker)) stored.add(id);
            }
            assertThat(stored).hasSize(REPORTS);
            for (String id : stored) {
                assertThat(jdbc.sql("SELECT COUNT(*) FROM case_report WHERE report_id = ?").param(id).query(Integer.class).single()).isEqualTo(1);
                assertThat(jdbc.sql("SELECT actor FROM audit_entry WHERE action = 'create' AND record_type = 'report' AND record_id = ?")
                        .param(id).query(String.class).list()).containsExactly("reporter");
            }
        } finally {
            clients.shutdownNow();
        }
    }
}

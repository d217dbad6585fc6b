package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.Ombuds;
import org.ombuds.support.OmbudsProcess;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 16 clients send reports while the server is killed with SIGKILL part way through and restarted: every
 * report that was answered 201 is there and readable, and every stored report opens completely.
 */
@ExtendWith(RequiresDatabase.class)
class IntakeDurabilityIT {
    private static final int CLIENTS = 16;
    private static final int BEFORE_KILL = 250;
    private static final int TOTAL = 520;

    @Test
    void noAcknowledgedReportIsLostWhenTheServerIsKilled() throws Exception {
        Path data = Files.createTempDirectory("ombuds-durability").resolve("data");
        Map<String, Object> database = TestDatabases.properties(TestDatabases.selected(), data);
        Map<String, String> environment = new HashMap<>(TestDatabases.environment(database));
        environment.put("OMBUDS_LIMITS_REPORTS_EVENTS", "1000000");
        environment.put("OMBUDS_LIMITS_REPORTS_WINDOW", "1h");

        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // receipt -> description
        AtomicInteger failedWhileDown = new AtomicInteger();
        try (OmbudsProcess first = new OmbudsProcess(environment).start()) {
            send(first, acknowledged, failedWhileDown, BEFORE_KILL, true);
        }
        int beforeRestart = acknowledged.size();
        assertThat(beforeRestart).as("some reports were acknowledged before the kill").isGreaterThan(100);

        try (OmbudsProcess second = new OmbudsProcess(environment).start()) {
            send(second, acknowledged, failedWhileDown, TOTAL - beforeRestart, false);
            assertThat(acknowledged.size()).isGreaterThanOrEqualTo(500);
            for (String receipt : acknowledged.keySet()) {
                var status = second.http().get("/api/v1/receipts/" + receipt);
                assertThat(status.status()).as("receipt %s", receipt).isEqualTo(200);
                assertThat(status.json().get("status").asString()).isEqualTo("received");
            }
        }

        // Every stored report opens completely: no half-written row, no row without its key.
        try (var context = new SpringApplicationBuilder(Ombuds.class).web(WebApplicationType.NONE).run(TestDatabases.arguments(database))) {
            Intake intake = context.getBean(Intake.class);
            List<String> ids = context.getBean(JdbcClient.class).sql("SELECT id FROM report").query(String.class).list();
            assertThat(ids.size()).isGreaterThanOrEqualTo(acknowledged.size());
            var descriptions = ids.stream().map(id -> intake.content(id).description()).toList();
            assertThat(descriptions).containsAll(acknowledged.values());
            assertThat(descriptions).allSatisfy(text -> assertThat(text).startsWith("durability report "));
            System.out.printf("durability: %d acknowledged before SIGKILL, %d requests cut off, %d acknowledged in all, %d stored and readable%n",
                    beforeRestart, failedWhileDown.get(), acknowledged.size(), ids.size());
        }
    }

    /** Sends until {@code count} more reports are acknowledged; with {@code killMidway}, kills the server half way. */
    private static void send(OmbudsProcess server, Map<String, String> acknowledged, AtomicInteger failed, int count,
                             boolean killMidway) throws Exception {
        int target = acknowledged.size() + count;
        AtomicInteger sequence = new AtomicInteger(acknowledged.size() * 10);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int client = 0; client < CLIENTS; client++) {
            clients.submit(() -> {
                var http = server.http();
                while (acknowledged.size() < target) {
                    String description = "durability report " + sequence.incrementAndGet() + " " + Thread.currentThread().getName();
                    try {
                        var response = http.postJson("/api/v1/reports", Map.of("category", "harassment",
                                "description", description, "anonymous", true));
                        if (response.status() == 201) acknowledged.put(response.json().get("receipt").asString(), description);
                    } catch (RuntimeException connectionLost) {
                        failed.incrementAndGet();
                        if (killMidway) return null;
                    }
                }
                return null;
            });
        }
        if (killMidway) {
            while (acknowledged.size() < target / 2 + 1) Thread.sleep(5);
            server.kill();
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    }
}

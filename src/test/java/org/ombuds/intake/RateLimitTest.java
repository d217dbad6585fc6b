package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Guessing receipts and flooding the intake are slowed down per client, with a clear 429. */
@TestPropertySource(properties = {
        "ombuds.limits.receipt-misses.events=3", "ombuds.limits.receipt-misses.window=15m",
        "ombuds.limits.reports.events=2", "ombuds.limits.reports.window=1h"})
class RateLimitTest extends WebTest {
    @Autowired
    JdbcClient jdbc;

    @Test
    void wrongReceiptsAreLimitedPerClientWithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertThat(http().get("/api/v1/receipts/AAAAA-BBBBB-CCCCC-DDDDD-0000" + i).status()).isEqualTo(404);
        }
        var limited = http().get("/api/v1/receipts/AAAAA-BBBBB-CCCCC-DDDDD-EEEEE");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 15 * 60L);
        assertThat(limited.json().get("detail").asString()).contains("try again in");
    }

    @Test
    void reportsArePerClientLimitedAndTheRefusedOneIsNotStored() {
        Map<String, Object> body = Map.of("category", "harassment", "description", "flood", "anonymous", true);
        int before = jdbc.sql("SELECT COUNT(*) FROM report").query(Integer.class).single();
        assertThat(http().postJson("/api/v1/reports", body).status()).isEqualTo(201);
        assertThat(http().postJson("/api/v1/reports", body).status()).isEqualTo(201);
        var limited = http().postJson("/api/v1/reports", body);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotBlank();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report").query(Integer.class).single()).isEqualTo(before + 2);
    }
}

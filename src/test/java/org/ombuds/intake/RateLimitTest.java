package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.ApiTokens;
import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.Cases;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Corrections;
import org.ombuds.support.Http;
import org.ombuds.support.MovableClock;
import org.ombuds.support.RequiresDatabase;
import org.ombuds.support.TestDatabases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Guessing receipts and appeal links and flooding the intake are slowed down per client, with a clear 429. The limits
 * are checked before the lookup: once limited, a client is refused for right and wrong codes alike until the window
 * passes. The clock is the test's: each test starts a day later, with every window passed. So this server has a database
 * of its own: the rows it writes, dated ahead, must not become the newest rows that the other web tests look for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(RequiresDatabase.class)
@Import(RateLimitTest.Clocks.class)
@TestPropertySource(properties = {
        "ombuds.limits.receipt-misses.events=3", "ombuds.limits.receipt-misses.window=15m",
        "ombuds.limits.appeal-misses.events=3", "ombuds.limits.appeal-misses.window=15m",
        "ombuds.limits.reports.events=2", "ombuds.limits.reports.window=1h",
        "ombuds.base-url=https://ombuds.example.org"})
class RateLimitTest {
    static final MovableClock CLOCK = new MovableClock(Instant.now());
    private static final Map<String, Object> DATABASE;

    static {
        try {
            DATABASE = TestDatabases.properties(TestDatabases.selected(), Files.createTempDirectory("ombuds-rate-limits").resolve("data"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.forEach((key, value) -> registry.add(key, () -> value));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Intake intake;
    @Autowired
    Cases cases;
    @Autowired
    CaseLetters caseLetters;

    @BeforeEach
    void everyWindowHasPassed() {
        CLOCK.advance(Duration.ofDays(1));
    }

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
    void onceLimitedARightReceiptIsRefusedLikeAWrongOneOnTheApiAndThePagesUntilTheWindowPasses() {
        Intake.Submitted report = CaseFixtures.report(intake, "Limited.", List.of(), null);
        String receipt = report.receipt();
        for (int i = 0; i < 3; i++) {
            assertThat(http().get("/api/v1/receipts/AAAAA-BBBBB-CCCCC-DDDDD-1111" + i).status()).isEqualTo(404);
        }
        Http browser = http();
        String csrf = Http.csrf(browser.get("/receipt").body());

        var api = http().get("/api/v1/receipts/" + receipt);
        assertThat(api.status()).as("the right receipt, once limited").isEqualTo(429);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(http().postJson("/api/v1/receipts/" + receipt + "/messages", Map.of("body", "Hello?")).status()).isEqualTo(429);
        var page = browser.postForm("/receipt", Map.of("_csrf", csrf, "receipt", receipt));
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.body()).doesNotContain("Hello?").doesNotContain("Limited.");
        assertThat(browser.postForm("/receipt/messages", Map.of("_csrf", csrf, "receipt", receipt, "body", "Hello?")).status())
                .isEqualTo(429);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report_message WHERE report_id = ?").param(report.reportId())
                .query(Integer.class).single()).as("nothing was sent").isZero();

        CLOCK.advance(Duration.ofMinutes(14));
        assertThat(http().get("/api/v1/receipts/" + receipt).status()).as("still inside the window").isEqualTo(429);
        CLOCK.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(http().get("/api/v1/receipts/" + receipt).status()).as("the window has passed").isEqualTo(200);
        assertThat(browser.postForm("/receipt", Map.of("_csrf", csrf, "receipt", receipt)).status()).isEqualTo(200);
    }

    @Test
    void onceLimitedARightAppealLinkIsRefusedLikeAWrongOneOnTheApiAndThePagesUntilTheWindowPasses() {
        String token = appealToken();
        String link = "/api/v1/appeals/by-link/" + token;
        assertThat(http().get(link).status()).as("a right link before any miss").isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(http().get("/api/v1/appeals/by-link/oap_" + "A".repeat(42) + i).status()).isEqualTo(404);
        }
        Http browser = http();
        String csrf = Http.csrf(browser.get("/receipt").body());

        var api = http().get(link);
        assertThat(api.status()).as("the right link, once limited").isEqualTo(429);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(http().postJson(link, Map.of("statement", "Filed while limited.")).status()).isEqualTo(429);
        assertThat(http().postJson(link + "/messages", Map.of("body", "Hello?")).status()).isEqualTo(429);
        var page = browser.get("/appeal/" + token);
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.body()).doesNotContain("correction");
        assertThat(browser.postForm("/appeal", Map.of("_csrf", csrf, "token", token, "statement", "Filed while limited.")).status())
                .isEqualTo(429);
        assertThat(browser.postForm("/appeal/messages", Map.of("_csrf", csrf, "token", token, "body", "Hello?")).status())
                .isEqualTo(429);

        CLOCK.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(http().get(link).status()).as("the window has passed").isEqualTo(200);
        assertThat(http().get(link).json().has("appeal")).as("nothing was filed while limited").isFalse();
        assertThat(browser.get("/appeal/" + token).status()).isEqualTo(200);
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

    private Http http() {
        return new Http(port);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String tokenFor(String role) {
        String email = unique(role) + "@example.org";
        accounts.add(email, "Test " + role, role);
        return tokens.createForAccount(email, null, "test").token();
    }

    /** A correction in effect against a person with an address, and the appeal link's token from the letter on the case. */
    private String appealToken() {
        return Corrections.decide(http(), intake, jdbc, caseLetters, tokenFor("moderator"), "email:" + unique("person") + "@example.net").appealToken();
    }
}

package org.ombuds.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ombuds.cases.Cases;
import org.ombuds.support.CaseFixtures;
import org.ombuds.support.Http;
import org.ombuds.support.MovableClock;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Guessing receipts and appeal links and flooding the intake are slowed down per client, with a clear 429. The limits
 * are checked before the lookup: once limited, a client is refused for right and wrong codes alike until the window
 * passes. The clock is the test's: each test starts an hour later, with every window passed.
 */
@Import(RateLimitTest.Clocks.class)
@TestPropertySource(properties = {
        "ombuds.limits.receipt-misses.events=3", "ombuds.limits.receipt-misses.window=15m",
        "ombuds.limits.appeal-misses.events=3", "ombuds.limits.appeal-misses.window=15m",
        "ombuds.limits.reports.events=2", "ombuds.limits.reports.window=1h",
        // Jobs on this clock would act on the other web tests' rows, which are from its future.
        "ombuds.scheduler.enabled=false"})
class RateLimitTest extends WebTest {
    // Behind the real time, and it stays there (see theClockStayedBehind): the rows this server writes to the database
    // the web tests share must never become the newest ones that other tests look for.
    static final MovableClock CLOCK = new MovableClock(Instant.now().minus(Duration.ofHours(12)));
    private static final Pattern APPEAL_TOKEN = Pattern.compile("/appeal/(oap_[A-Za-z0-9_-]+)");

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Intake intake;
    @Autowired
    Cases cases;

    @BeforeEach
    void everyWindowHasPassed() {
        CLOCK.advance(Duration.ofHours(1).plusSeconds(1));
    }

    @AfterAll
    static void theClockStayedBehind() {
        assertThat(CLOCK.instant()).isBefore(Instant.now());
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

    /** A correction in effect against a person with an address, and the appeal link's token from the letter on the case. */
    private String appealToken() {
        String moderator = tokenFor("moderator");
        String caseId = CaseFixtures.caseAbout(intake, jdbc, "email:" + unique("person") + "@example.net");
        var created = http().postJson("/api/v1/cases/" + caseId + "/decisions", Map.of("action", "correction", "clauses", List.of("harassment"),
                "reasoning", "Insults in a review."), Http.bearer(moderator));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String sanctionId = jdbc.sql("SELECT id FROM sanction WHERE decision_id = ?").param(created.json().get("id").asString())
                .query(String.class).single();
        String letter = await().atMost(Duration.ofSeconds(30))
                .until(() -> cases.committeeLetter("sanction:" + sanctionId + ":decided").orElse(null), text -> text != null);
        Matcher token = APPEAL_TOKEN.matcher(letter);
        assertThat(token.find()).isTrue();
        return token.group(1);
    }
}

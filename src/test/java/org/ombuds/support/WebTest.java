package org.ombuds.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtendWith;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.ApiTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A full server on a random port over a real database (SQLite, or PostgreSQL with OMBUDS_TEST_DB=postgresql),
 * shared by all web tests of a run. Tests use unique names so that they do not depend on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(RequiresDatabase.class)
// Their jobs and asynchronous listeners pass a gate that a test can close (BackgroundWork.holdStill).
@Import(BackgroundWork.Gates.class)
// All test clients share 127.0.0.1; the limits themselves are tested in RateLimitTest, which overrides these.
@TestPropertySource(properties = {
        "ombuds.limits.reports.events=1000000", "ombuds.limits.reports.window=1h",
        "ombuds.limits.receipt-misses.events=1000000", "ombuds.limits.receipt-misses.window=1h",
        "ombuds.limits.appeal-misses.events=1000000", "ombuds.limits.appeal-misses.window=1h",
        // Failed sign-ins per client address too (SignInThrottleTest tests the limit with its own setting).
        "ombuds.sign-in.address-failures=1000000"})
public abstract class WebTest {
    private static final Path DATA;
    private static final java.util.Map<String, Object> DATABASE;

    static {
        try {
            DATA = Files.createTempDirectory("ombuds-web-test");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        DATABASE = TestDatabases.properties(TestDatabases.selected(), DATA.resolve("data"));
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.forEach((key, value) -> registry.add(key, () -> value));
        registry.add("ombuds.base-url", () -> "https://ombuds.example.org");

    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected Accounts accounts;
    @Autowired
    protected ApiTokens tokens;
    @Autowired
    private org.springframework.context.ApplicationContext context;
    private String confirmer;

    /**
     * A script on a page other than time-zone.js (which every page loads to learn the reader's time zone and which
     * the page does not need to work): pages that must work without JavaScript carry none.
     */
    protected static final String OTHER_SCRIPT = "<script(?! src=\"/js/time-zone\\.js\")";

    protected Http http() {
        return new Http(port);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new staff account with this role, signed in through the login form. */
    protected StaffSession signIn(String role, String name) {
        return StaffSession.signIn(accounts, accounts.add(unique(role) + "@example.org", name, role), http());
    }

    /** A new staff account with this role and a token for it. */
    protected String tokenFor(String role) {
        String email = unique(role) + "@example.org";
        accounts.add(email, "Test " + role, role);
        return tokens.createForAccount(email, null, "test").token();
    }

    /** A committee member (this token's) confirms that the case is about the person known by these handles. */
    protected void confirmSubject(String token, String caseId, String... handles) {
        var response = http().postJson("/api/v1/cases/" + caseId + "/parties", java.util.Map.of("role", "subject", "handles",
                java.util.List.of(handles), "reason", "the report names them; checked"), Http.bearer(token));
        if (response.status() != 201) throw new AssertionError("confirming the subject: " + response.status() + " " + response.body());
    }

    /**
     * A case from an anonymous report naming these handles, whose subject an admin confirmed (as on the case page):
     * what a report names is a claim, and only a confirmed person can be sanctioned, written to or banned.
     */
    protected String caseAboutConfirmed(String... handles) {
        var submitted = CaseFixtures.report(context.getBean(org.ombuds.intake.Intake.class), "What happened.", java.util.List.of(handles), null);
        String caseId = CaseFixtures.caseOf(context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class), submitted.reportId());
        if (confirmer == null) confirmer = tokenFor("admin");
        confirmSubject(confirmer, caseId, handles);
        return caseId;
    }

    protected Path dataDir() {
        return DATA.resolve("data");
    }
}

package org.ombuds.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.ombuds.support.Http;
import org.ombuds.support.MovableClock;
import org.ombuds.support.StaffSession;
import org.ombuds.support.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The sign-in tests' server: a clock the tests move (time steps of codes, lock-outs, session timeouts), a lower limit of
 * failures per client address (all test clients are 127.0.0.1, so each test starts with that count cleared), and
 * helpers to sign in as a browser does and to read codes off the pages.
 */
@Import(SignInWebTest.Clocks.class)
@TestPropertySource(properties = "ombuds.sign-in.address-failures=8")
abstract class SignInWebTest extends WebTest {
    static final MovableClock CLOCK = new MovableClock(Instant.now());
    private static final Pattern SECRET = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)</code>");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>");

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
    TwoFactor twoFactor;

    @BeforeEach
    void clearFailuresFromThisAddress() {
        jdbc.sql("DELETE FROM sign_in_failure WHERE subject LIKE 'address:%'").update();
    }

    /** Other tests share the database: whatever a test did, two-factor is optional again after it. */
    @org.junit.jupiter.api.AfterEach
    void twoFactorOptionalAgain() {
        jdbc.sql("UPDATE sign_in_policy SET two_factor_required = 0").update();
    }

    /** A member who set up two-factor sign-in: the session that did it, the secret and the recovery codes. */
    record Enrolled(StaffSession session, String secret, List<String> recoveryCodes) {
        Account account() {
            return session.account();
        }
    }

    Enrolled enrolled(String role) {
        StaffSession member = signIn(role, "Member " + role);
        var page = member.get("/staff/account/two-factor");
        assertThat(page.status()).isEqualTo(200);
        String secret = secretOn(page.body());
        var confirmed = member.post("/staff/account/two-factor", "/staff/account/two-factor", "code", code(secret, 0));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        List<String> codes = recoveryCodesOn(confirmed.body());
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        // The codes just used are spent: the next sign-in waits for the next time step.
        CLOCK.advance(java.time.Duration.ofSeconds(30));
        return new Enrolled(member, secret, codes);
    }

    static String secretOn(String page) {
        Matcher matcher = SECRET.matcher(page);
        assertThat(matcher.find()).as("the key is shown as text").isTrue();
        return matcher.group(1).replace(" ", "");
    }

    static List<String> recoveryCodesOn(String page) {
        List<String> codes = new ArrayList<>();
        Matcher matcher = RECOVERY.matcher(page);
        while (matcher.find()) codes.add(matcher.group(1));
        return codes;
    }

    /** The authenticator app's code, {@code steps} time steps from now. */
    static String code(String secret, int steps) {
        return Totp.codeAt(secret, Totp.stepAt(CLOCK.instant()) + steps);
    }

    static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    /** A new browser past the password form (first factor only). */
    StaffSession withPassword(Account account) {
        return withPassword(account, StaffSession.PASSWORD);
    }

    StaffSession withPassword(Account account, String password) {
        Http browser = http();
        var login = browser.get("/login");
        var response = browser.postForm("/login", Map.of("_csrf", Http.csrf(login.body()), "email", account.email(), "password", password));
        assertThat(response.header("Location")).endsWith("/staff");
        return new StaffSession(account, browser);
    }

    /** A password attempt from a new browser; where it was sent. */
    String attempt(String email, String password) {
        Http browser = http();
        var login = browser.get("/login");
        var response = browser.postForm("/login", Map.of("_csrf", Http.csrf(login.body()), "email", email, "password", password));
        assertThat(response.status()).isEqualTo(302);
        return response.header("Location");
    }

    int audited(String action, String accountId) {
        if (accountId == null) {
            return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = ?").param(action).query(Integer.class).single();
        }
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = ? AND record_id = ?")
                .params(action, accountId).query(Integer.class).single();
    }
}

package org.ombuds.accounts.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.ombuds.accounts.SecretTokens;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows down password and code guessing. Failed attempts (a wrong password, a wrong second-factor code) are counted
 * per typed email address, whether such an account exists or not, and per client address; from the threshold on,
 * each further failure doubles the lock-out. Counts live in the database, so the limit holds across nodes; the lock is
 * worked out from the count at each check, so changing the settings takes effect at once. A successful sign-in clears
 * the account's count (not the address's, or an attacker could clear it with an account of their own).
 */
@Component
@EnableConfigurationProperties(SignInSettings.class)
class SignInThrottle {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final SignInSettings settings;

    SignInThrottle(JdbcClient jdbc, Clock clock, SignInSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** How much longer this account or address is locked out, if it is. */
    Optional<Duration> lockedFor(String email, String address) {
        long now = clock.millis();
        long until = Math.max(lockedUntil(accountKey(email), settings.accountFailures()),
                lockedUntil(addressKey(address), settings.addressFailures()));
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    /** Counts a failed attempt; returns the lock-out it brings, if any. */
    Optional<Duration> failed(String email, String address) {
        count(accountKey(email));
        count(addressKey(address));
        return lockedFor(email, address);
    }

    void succeeded(String email) {
        jdbc.sql("DELETE FROM sign_in_failure WHERE subject = ?").param(accountKey(email)).update();
    }

    private void count(String subject) {
        long now = clock.millis();
        jdbc.sql("""
                        INSERT INTO sign_in_failure (subject, failures, last_failure_at) VALUES (?, 1, ?)
                        ON CONFLICT (subject) DO UPDATE SET
                            failures = CASE WHEN sign_in_failure.last_failure_at < ? THEN 1 ELSE sign_in_failure.failures + 1 END,
                            last_failure_at = excluded.last_failure_at""")
                .params(subject, now, now - settings.forgetAfter().toMillis()).update();
    }

    private long lockedUntil(String subject, int threshold) {
        return jdbc.sql("SELECT failures, last_failure_at FROM sign_in_failure WHERE subject = ?").param(subject)
                .query((row, n) -> {
                    int failures = row.getInt("failures");
                    if (failures < threshold) return 0L;
                    int doublings = Math.min(failures - threshold, 30);
                    long lock = Math.min(settings.lockout().toMillis() << doublings, settings.maxLockout().toMillis());
                    return row.getLong("last_failure_at") + lock;
                })
                .optional().orElse(0L);
    }

    private static String accountKey(String email) {
        return "account:" + SecretTokens.hash(email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    /** Whole minutes, rounded up, for the message. */
    static long minutes(Duration wait) {
        return Math.max(1, (wait.toSeconds() + 59) / 60);
    }
}

package org.ombuds.accounts;

import java.time.Clock;
import java.time.Duration;

import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.OmbudsProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time links with which staff set their password: a new account gets one, and an admin can issue a new one
 * to reset a forgotten password. Stored hashed, valid for a day, usable once.
 */
@Service
public class PasswordSetups {
    static final Duration VALIDITY = Duration.ofHours(24);
    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final Clock clock;
    private final String baseUrl;

    PasswordSetups(JdbcClient jdbc, Accounts accounts, Clock clock, OmbudsProperties properties) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.clock = clock;
        this.baseUrl = properties.baseUrl();
    }

    /** A new link for the account; earlier unused links stop working. Returns the full URL. */
    @Transactional
    public String issue(String accountId) {
        accounts.require(accountId);
        long now = clock.millis();
        jdbc.sql("UPDATE password_setup SET used_at = ? WHERE account_id = ? AND used_at IS NULL").params(now, accountId).update();
        String token = SecretTokens.generate("");
        jdbc.sql("INSERT INTO password_setup (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
                .params(SecretTokens.hash(token), accountId, now, now + VALIDITY.toMillis()).update();
        return baseUrl + "/account/setup?token=" + token;
    }

    public boolean isValid(String token) {
        return accountFor(token) != null;
    }

    @Transactional
    public void redeem(String token, String password) {
        String accountId = accountFor(token);
        if (accountId == null) {
            throw new InvalidInputException("token", "this link is not valid any more; ask an admin for a new one");
        }
        accounts.setPassword(accountId, password);
        jdbc.sql("UPDATE password_setup SET used_at = ? WHERE token_hash = ?").params(clock.millis(), SecretTokens.hash(token)).update();
    }

    private String accountFor(String token) {
        if (token == null || token.isBlank() || token.length() > 100) return null;
        return jdbc.sql("SELECT account_id FROM password_setup WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")
                .params(SecretTokens.hash(token), clock.millis()).query(String.class).optional().orElse(null);
    }
}

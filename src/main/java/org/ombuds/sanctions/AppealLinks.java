package org.ombuds.sanctions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.ombuds.accounts.SecretTokens;
import org.ombuds.platform.Ids;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The personal appeal links in the letters that announce sanctions: 256 random bits, only their SHA-256 kept, valid
 * for filing an appeal during {@code ombuds.appeals.window} (20 days by default) from the letter.
 */
@Service
public class AppealLinks {
    public static final String PREFIX = "oap_";
    private static final String SELECT = """
            SELECT l.id, l.sanction_id, s.decision_id, s.case_id, s.person_id, l.expires_at
            FROM sanction_appeal_link l JOIN sanction s ON s.id = l.sanction_id""";
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration window;

    AppealLinks(JdbcClient jdbc, Clock clock, @Value("${ombuds.appeals.window:20d}") Duration window) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.window = window;
    }

    /** A link as the appeals module sees it: which sanction (and so which decision and case), and until when. */
    public record Link(String id, String sanctionId, String decisionId, String caseId, String personId, Instant expiresAt) {
        public boolean open(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    /** A new token for a letter about to go out; stored with the letter (see {@link #store}). */
    String newToken() {
        return SecretTokens.generate(PREFIX);
    }

    /** The token as the case's copy of a sent letter shows it: recognisable, not usable. */
    static String masked(String token) {
        return token.substring(0, PREFIX.length() + 4) + "…(personal link, sent to the person only)";
    }

    Instant expiry(long issuedAt) {
        return Instant.ofEpochMilli(issuedAt).plus(window);
    }

    @Transactional
    void store(String sanctionId, String token, long issuedAt) {
        jdbc.sql("INSERT INTO sanction_appeal_link (id, sanction_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(Ids.newId(), sanctionId, SecretTokens.hash(token), issuedAt, expiry(issuedAt).toEpochMilli()).update();
    }

    /** The link this token belongs to; the lookup is by hash, so nothing about the token is compared in the clear. */
    public Optional<Link> resolve(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) return Optional.empty();
        return jdbc.sql(SELECT + " WHERE l.token_hash = ?").param(SecretTokens.hash(token.strip())).query(AppealLinks::map).optional();
    }

    public Optional<Link> byId(String linkId) {
        return jdbc.sql(SELECT + " WHERE l.id = ?").param(linkId).query(AppealLinks::map).optional();
    }

    private static Link map(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        return new Link(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                Instant.ofEpochMilli(row.getLong(6)));
    }
}

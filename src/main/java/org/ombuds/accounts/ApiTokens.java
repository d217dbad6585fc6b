package org.ombuds.accounts;

import static org.ombuds.platform.Rows.instant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ombuds.audit.AuditLog;
import java.util.Optional;

import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.platform.Dates;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** API bearer tokens for staff accounts and for spaces: random, shown once, stored hashed, revocable, may expire. */
@Service
public class ApiTokens {
    static final String PREFIX = "omb_";
    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final Spaces spaces;
    private final Clock clock;

    private final AuditLog audit;

    ApiTokens(JdbcClient jdbc, Accounts accounts, Spaces spaces, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.spaces = spaces;
        this.clock = clock;
    }

    /** A token's metadata as listed to its owner or an admin; never the secret. */
    public record TokenInfo(String id, String owner, String label, Instant createdAt, Instant expiresAt, Instant revokedAt) {
    }

    /** Who a presented token belongs to. */
    public sealed interface Bearer permits StaffBearer, SpaceBearer {
    }

    public record StaffBearer(StaffUser user) implements Bearer {
    }

    public record SpaceBearer(SpaceClient space) implements Bearer {
    }

    @Transactional
    public IssuedToken createForAccount(String email, Instant expiresAt, String label) {
        Account account = accounts.requireByEmail(email);
        if (!account.active()) {
            throw new InvalidInputException("email", "the account " + account.email() + " is disabled");
        }
        return insert(account.id(), null, expiresAt, label);
    }

    @Transactional
    public IssuedToken createForSpace(String spaceSlug, Instant expiresAt, String label) {
        Space space = spaces.require(spaceSlug);
        return insert(null, space.id(), expiresAt, label);
    }

    /** Revokes the token with this secret; false when no such token exists or it was already revoked. */
    @Transactional
    public boolean revoke(String token) {
        if (token == null || token.isBlank()) throw new InvalidInputException("token", "the token is required");
        boolean revoked = jdbc.sql("UPDATE api_token SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
                .params(clock.millis(), SecretTokens.hash(token.strip())).update() == 1;
        if (revoked) audit.record("revoke", "token", null, null);
        spaceTokens.clear();
        return revoked;
    }

    /** Revokes by id; staff may revoke their own tokens, admins any. */
    @Transactional
    public void revokeById(String tokenId, StaffUser by) {
        String owner = jdbc.sql("SELECT COALESCE(account_id, '') FROM api_token WHERE id = ?").param(tokenId)
                .query(String.class).optional()
                .orElseThrow(() -> new NotFoundException("there is no token " + tokenId));
        if (by.role() != Role.ADMIN && !owner.equals(by.accountId())) {
            throw new NotFoundException("there is no token " + tokenId);
        }
        jdbc.sql("UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").params(clock.millis(), tokenId).update();
        spaceTokens.clear();
        audit.record("revoke", "token", tokenId, null);
    }

    public List<TokenInfo> of(String accountId) {
        return jdbc.sql("SELECT id, account_id, label, created_at, expires_at, revoked_at FROM api_token"
                        + " WHERE account_id = ? ORDER BY created_at DESC")
                .param(accountId)
                .query((row, n) -> new TokenInfo(row.getString("id"), row.getString("account_id"), row.getString("label"),
                        instant(row, "created_at"), instant(row, "expires_at"), instant(row, "revoked_at")))
                .list();
    }

    /** Who holds this token, if it is known, unrevoked, unexpired and its account is active. */
    /**
     * Space tokens are asked for on every ban check, so a known one is remembered for a few seconds: the check then
     * costs no database query. A revocation here forgets them at once; on another node within {@link #SPACE_TOKEN_MEMORY}.
     */
    static final Duration SPACE_TOKEN_MEMORY = Duration.ofSeconds(10);
    private final Map<String, RememberedSpace> spaceTokens = new ConcurrentHashMap<>();

    private record RememberedSpace(SpaceBearer bearer, long until) {
    }

    @Transactional(readOnly = true)
    public Optional<Bearer> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) return Optional.empty();
        String hash = SecretTokens.hash(token);
        RememberedSpace remembered = spaceTokens.get(hash);
        if (remembered != null && System.nanoTime() - remembered.until() < 0) return Optional.of(remembered.bearer());
        Optional<Bearer> found = lookup(hash);
        if (found.isPresent() && found.get() instanceof SpaceBearer space) {
            if (spaceTokens.size() > 10_000) spaceTokens.clear();
            spaceTokens.put(hash, new RememberedSpace(space, System.nanoTime() + SPACE_TOKEN_MEMORY.toNanos()));
        }
        return found;
    }

    private Optional<Bearer> lookup(String hash) {
        long now = clock.millis();
        Optional<Bearer> found = jdbc.sql("""
                        SELECT t.id, t.space_id, a.id AS account_id, a.email, a.name, a.role
                        FROM api_token t
                        LEFT JOIN account a ON a.id = t.account_id AND a.disabled_at IS NULL
                        WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)
                        """)
                .params(hash, now)
                .query((row, n) -> {
                    if (row.getString("space_id") != null) {
                        return (Bearer) new SpaceBearer(new SpaceClient(row.getString("space_id"), null));
                    }
                    if (row.getString("account_id") == null) return null;
                    return new StaffBearer(new StaffUser(row.getString("account_id"), row.getString("email"), row.getString("name"),
                            Role.fromId(row.getString("role")), null));
                })
                .optional();
        // The space table is community's: a space token's slug comes through its API.
        return found.map(bearer -> bearer instanceof SpaceBearer space
                ? new SpaceBearer(new SpaceClient(space.space().spaceId(), spaces.byId(space.space().spaceId()).map(Space::slug).orElse(null)))
                : bearer);
    }

    private IssuedToken insert(String accountId, String spaceId, Instant expiresAt, String label) {
        Instant now = clock.instant();
        if (Dates.recordable("expiresAt", expiresAt) != null && !expiresAt.isAfter(now)) {
            throw new InvalidInputException("expiresAt", "the expiry must be in the future");
        }
        if (label != null && label.length() > 200) {
            throw new InvalidInputException("label", "the label must be at most 200 characters");
        }
        String id = Ids.newId();
        String token = SecretTokens.generate(PREFIX);
        jdbc.sql("INSERT INTO api_token (id, token_hash, account_id, space_id, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, SecretTokens.hash(token), accountId, spaceId, label, now.toEpochMilli(),
                        expiresAt == null ? null : expiresAt.toEpochMilli())
                .update();
        audit.record("create", "token", id, null);
        return new IssuedToken(id, token, expiresAt);
    }

}

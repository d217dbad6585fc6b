package org.ombuds.accounts;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.HashSet;

import org.ombuds.audit.AuditLog;
import org.ombuds.crypto.Fingerprints;
import org.ombuds.crypto.Sealer;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two-factor sign-in for staff: a code from an authenticator app (TOTP, RFC 6238: 30-second steps, 6 digits, one step
 * either side for clock drift, no code accepted twice) or one of ten one-time recovery codes. The secret is sealed
 * at rest; recovery codes are kept as keyed hashes only. Admins can require it of every member.
 */
@Service
public class TwoFactor {
    public static final int RECOVERY_CODES = 10;
    static final String ISSUER = "Ombuds";
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Sealer sealer;
    private final Fingerprints fingerprints;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;
    private final StaffSessions sessions;

    TwoFactor(JdbcClient jdbc, Sealer sealer, Fingerprints fingerprints, Accounts accounts, AuditLog audit, Clock clock,
              StaffSessions sessions) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.fingerprints = fingerprints;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.sessions = sessions;
    }

    /** What a session signed in with the first factor still has to do before it reaches the workspace. */
    public enum Step { NONE, VERIFY, ENROL }

    /** A secret waiting for its first code: as text for typing, and as the otpauth URI for the QR code. */
    public record Enrolment(String secret, String uri) {
    }

    public Step stepFor(String accountId) {
        return jdbc.sql("""
                        SELECT (SELECT COUNT(*) FROM totp_enrolment WHERE account_id = ? AND confirmed_at IS NOT NULL) AS enrolled,
                               (SELECT two_factor_required FROM sign_in_policy WHERE id = 1) AS required""")
                .param(accountId)
                .query((row, n) -> row.getInt("enrolled") > 0 ? Step.VERIFY : row.getInt("required") != 0 ? Step.ENROL : Step.NONE)
                .single();
    }

    public boolean enrolled(String accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM totp_enrolment WHERE account_id = ? AND confirmed_at IS NOT NULL")
                .param(accountId).query(Integer.class).single() > 0;
    }

    /** The accounts that sign in with a second factor. */
    public Set<String> enrolledAccounts() {
        return new HashSet<>(jdbc.sql("SELECT account_id FROM totp_enrolment WHERE confirmed_at IS NOT NULL").query(String.class).list());
    }

    public int recoveryCodesLeft(String accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM recovery_code WHERE account_id = ? AND used_at IS NULL")
                .param(accountId).query(Integer.class).single();
    }

    public boolean required() {
        return jdbc.sql("SELECT two_factor_required FROM sign_in_policy WHERE id = 1").query(Integer.class).single() != 0;
    }

    /** Requires (or stops requiring) a second factor of every staff member; members without one enrol first. */
    @Transactional
    public void require(boolean required, String byAccountId) {
        jdbc.sql("UPDATE sign_in_policy SET two_factor_required = ?, changed_at = ?, changed_by = ? WHERE id = 1")
                .params(required ? 1 : 0, clock.millis(), byAccountId).update();
        audit.record(required ? "require-two-factor" : "stop-requiring-two-factor", "sign-in-policy", null, null);
    }

    /** The secret being set up (a new one the first time); refused once two-factor sign-in is on. */
    @Transactional
    public Enrolment enrolment(String accountId) {
        Account account = accounts.require(accountId);
        if (enrolled(accountId)) throw new ConflictException("two-factor", "two-factor sign-in is already on; turn it off first");
        String secret = jdbc.sql("SELECT sealed_secret FROM totp_enrolment WHERE account_id = ?").param(accountId)
                .query(String.class).optional().map(sealed -> sealer.open(sealed, context(accountId))).orElse(null);
        if (secret == null) {
            secret = Totp.newSecret();
            jdbc.sql("INSERT INTO totp_enrolment (account_id, sealed_secret, created_at) VALUES (?, ?, ?)")
                    .params(accountId, sealer.seal(secret, context(accountId)), clock.millis()).update();
        }
        return new Enrolment(secret, Totp.uri(ISSUER, account.email(), secret));
    }

    /** Turns two-factor sign-in on with the first code from the app; returns the recovery codes, shown once. */
    @Transactional
    public List<String> confirm(String accountId, String code) {
        Enrolment pending = enrolment(accountId);
        if (!acceptTotp(accountId, pending.secret(), normalize(code))) {
            throw new InvalidInputException("code", "that code is not right; enter the 6-digit code the app shows now");
        }
        jdbc.sql("UPDATE totp_enrolment SET confirmed_at = ? WHERE account_id = ?").params(clock.millis(), accountId).update();
        audit.record("enrol-two-factor", "account", accountId, null);
        return issueRecoveryCodes(accountId);
    }

    /** The second step of a sign-in: a current code from the app (not used before) or an unused recovery code. */
    @Transactional
    public boolean verify(String accountId, String code) {
        String entered = normalize(code);
        if (entered.isEmpty() || !enrolled(accountId)) return false;
        if (entered.matches("\\d{" + Totp.DIGITS + "}")) return acceptTotp(accountId, secretOf(accountId), entered);
        boolean used = jdbc.sql("UPDATE recovery_code SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at IS NULL")
                .params(clock.millis(), accountId, recoveryHash(accountId, entered)).update() == 1;
        if (used) audit.record("use-recovery-code", "account", accountId, null);
        return used;
    }

    /** New recovery codes; the earlier ones stop working. */
    @Transactional
    public List<String> newRecoveryCodes(String accountId) {
        if (!enrolled(accountId)) throw new ConflictException("two-factor", "recovery codes come with two-factor sign-in; turn it on first");
        List<String> codes = issueRecoveryCodes(accountId);
        audit.record("new-recovery-codes", "account", accountId, null);
        return codes;
    }

    /** The member turns it off, proving it is them with the password and a code. */
    @Transactional
    public void disable(String accountId, String password, String code) {
        if (!accounts.passwordMatches(accountId, password)) throw new InvalidInputException("password", "the password is not right");
        if (!verify(accountId, code)) throw new InvalidInputException("code", "that code is not right");
        remove(accountId);
        audit.record("disable-two-factor", "account", accountId, null);
    }

    /** An admin (or the command line) takes a locked-out member's second factor away, so they can enrol again. */
    @Transactional
    public void reset(String accountId) {
        accounts.require(accountId);
        remove(accountId);
        audit.record("reset-two-factor", "account", accountId, null);
        // Sessions that passed the second factor must not outlive it.
        sessions.revokeOthers(accountId);
    }

    private void remove(String accountId) {
        jdbc.sql("DELETE FROM totp_enrolment WHERE account_id = ?").param(accountId).update();
        jdbc.sql("DELETE FROM recovery_code WHERE account_id = ?").param(accountId).update();
    }

    /**
     * Accepts the code of the current step or one either side, once: the newest accepted step is kept, and a code of
     * that step or an earlier one is refused, even on another node at the same moment.
     */
    private boolean acceptTotp(String accountId, String secret, String code) {
        if (!code.matches("\\d{" + Totp.DIGITS + "}")) return false;
        long now = Totp.stepAt(clock.instant());
        for (long step = now - 1; step <= now + 1; step++) {
            if (Totp.matches(secret, step, code)) {
                return jdbc.sql("UPDATE totp_enrolment SET last_step = ? WHERE account_id = ? AND (last_step IS NULL OR last_step < ?)")
                        .params(step, accountId, step).update() == 1;
            }
        }
        return false;
    }

    private List<String> issueRecoveryCodes(String accountId) {
        jdbc.sql("DELETE FROM recovery_code WHERE account_id = ?").param(accountId).update();
        List<String> codes = new ArrayList<>();
        while (codes.size() < RECOVERY_CODES) {
            String code = randomRecoveryCode();
            if (codes.contains(code)) continue;
            codes.add(code);
            jdbc.sql("INSERT INTO recovery_code (account_id, code_hash, created_at) VALUES (?, ?, ?)")
                    .params(accountId, recoveryHash(accountId, normalize(code)), clock.millis()).update();
        }
        return codes;
    }

    /** Ten characters from an alphabet without look-alikes (about 49 bits), shown as two groups of five. */
    private static String randomRecoveryCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i == 5) code.append('-');
            code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
        }
        return code.toString();
    }

    private String secretOf(String accountId) {
        return sealer.open(jdbc.sql("SELECT sealed_secret FROM totp_enrolment WHERE account_id = ?").param(accountId)
                .query(String.class).single(), context(accountId));
    }

    /** Keyed, so that a copy of the database does not let anyone test guesses offline. */
    private String recoveryHash(String accountId, String normalizedCode) {
        return fingerprints.of("recovery-code:" + accountId + ":" + normalizedCode);
    }

    private static String context(String accountId) {
        return "totp_enrolment.sealed_secret:" + accountId;
    }

    private static String normalize(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }
}

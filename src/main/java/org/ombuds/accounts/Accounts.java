package org.ombuds.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.ombuds.audit.AuditLog;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.EmailAddresses;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.Slugs;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff accounts. Passwords are stored as Argon2id hashes only. */
@Service
public class Accounts {
    private static final String COLUMNS = "id, email, name, role, person_id, password_hash, created_at, disabled_at";
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 256;

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final AuditLog audit;
    private final StaffSessions sessions;

    Accounts(JdbcClient jdbc, PasswordEncoder passwords, Clock clock, AuditLog audit, StaffSessions sessions) {
        this.sessions = sessions;
        this.audit = audit;
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Transactional
    public Account add(String email, String name, String roleId) {
        String address = normalizeEmail(email);
        Role role = Role.fromId(roleId);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidInputException("name", "name is required (1-200 characters)");
        }
        if (byEmail(address).isPresent()) {
            throw new ConflictException("email", "an account with email " + address + " already exists");
        }
        String id = Ids.newId();
        jdbc.sql("INSERT INTO account (id, email, name, role, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, address, name.strip(), role.id(), clock.millis()).update();
        audit.record("create", "account", id, null);
        return require(id);
    }

    public Optional<Account> byEmail(String email) {
        if (email == null) return Optional.empty();
        String address = EmailAddresses.ascii(email).orElse(email.strip()).toLowerCase(Locale.ROOT);
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE email = ?").param(address)
                .query(Accounts::map).optional();
    }

    public Optional<Account> byId(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE id = ?").param(id).query(Accounts::map).optional();
    }

    public Account require(String id) {
        return byId(id).orElseThrow(() -> new NotFoundException("there is no account " + id));
    }

    public Account requireByEmail(String email) {
        return byEmail(email).orElseThrow(() -> new NotFoundException("there is no account with email "
                + (email == null ? "" : Slugs.printable(email))));
    }

    public List<Account> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account ORDER BY email").query(Accounts::map).list();
    }

    public boolean hasActiveAdmin() {
        return jdbc.sql("SELECT COUNT(*) FROM account WHERE role = 'admin' AND disabled_at IS NULL")
                .query(Integer.class).single() > 0;
    }

    @Transactional
    public void setPassword(String accountId, String password) {
        Account account = require(accountId);
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new InvalidInputException("password", "the password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
        if (password.strip().equalsIgnoreCase(account.email())) {
            throw new InvalidInputException("password", "the password must not be the email address");
        }
        jdbc.sql("UPDATE account SET password_hash = ? WHERE id = ?").params(passwords.encode(password), accountId).update();
        audit.record("set-password", "account", accountId, null);
        // Whoever knew the old password is signed out.
        sessions.revokeOthers(accountId);
    }

    /** Whether this is the account's password (false without one). */
    public boolean passwordMatches(String accountId, String password) {
        String hash = jdbc.sql("SELECT password_hash FROM account WHERE id = ?").param(accountId).query(String.class).optional().orElse(null);
        return hash != null && password != null && !password.isEmpty() && passwords.matches(password, hash);
    }

    @Transactional
    public void disable(String accountId) {
        require(accountId);
        jdbc.sql("UPDATE account SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL").params(clock.millis(), accountId).update();
        jdbc.sql("UPDATE api_token SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL").params(clock.millis(), accountId).update();
        audit.record("disable", "account", accountId, null);
        sessions.revokeOthers(accountId);
    }

    /**
     * Links the account to the person it is (for automatic recusal from cases about or from that person). The
     * account's own email address counts as linked without this.
     */
    @Transactional
    public Account linkPerson(String accountId, String personId) {
        Account account = require(accountId);
        if (account.personId() != null && !account.personId().equals(personId)) {
            throw new ConflictException("handle", "this account is already linked to another person; merge the two people first");
        }
        jdbc.sql("UPDATE account SET person_id = ? WHERE id = ?").params(personId, accountId).update();
        audit.record("link-person", "account", accountId, null);
        return require(accountId);
    }

    /** The signed-in form of an active account, with its password hash for checking at login. */
    public Optional<StaffUser> signInForm(String email) {
        return jdbc.sql("SELECT id, email, name, role, password_hash FROM account WHERE email = ? AND disabled_at IS NULL")
                .param(email == null ? "" : email.strip().toLowerCase(Locale.ROOT))
                .query((row, n) -> new StaffUser(row.getString("id"), row.getString("email"), row.getString("name"),
                        Role.fromId(row.getString("role")), row.getString("password_hash")))
                .optional();
    }

    /** The signed-in form of an active account (as a password sign-in makes it, credentials erased), for single sign-on. */
    public Optional<StaffUser> signedIn(String accountId) {
        return byId(accountId).filter(Account::active)
                .map(account -> new StaffUser(account.id(), account.email(), account.name(), account.role(), null));
    }

    /** The accounts linked to any of these person records (see {@link #linkPerson}). */
    public List<Account> linkedTo(java.util.Collection<String> personIds) {
        if (personIds.isEmpty()) return List.of();
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE person_id IN (:persons)").param("persons", List.copyOf(personIds))
                .query(Accounts::map).list();
    }

    static String normalizeEmail(String email) {
        return EmailAddresses.require("email", null, email).toLowerCase(Locale.ROOT);
    }

    private static Account map(java.sql.ResultSet row, int rowNumber) throws java.sql.SQLException {
        long disabled = row.getLong("disabled_at");
        Instant disabledAt = row.wasNull() ? null : Instant.ofEpochMilli(disabled);
        return new Account(row.getString("id"), row.getString("email"), row.getString("name"), Role.fromId(row.getString("role")),
                row.getString("person_id"), row.getString("password_hash") != null,
                Instant.ofEpochMilli(row.getLong("created_at")), disabledAt);
    }
}

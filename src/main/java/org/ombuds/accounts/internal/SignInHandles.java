package org.ombuds.accounts.internal;

import java.time.Clock;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which handles were linked to an account through the account (by an admin or the member), by fingerprint. Single
 * sign-on trusts only these, not every handle of the person the account is: anyone filing a report can add handles
 * to a person, so "any handle of the person" would let a stranger name their own GitHub login beside a moderator's
 * and sign in as that moderator.
 */
@Component
class SignInHandles {
    private final JdbcClient jdbc;
    private final Clock clock;

    SignInHandles(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Links the handle; linking it again forgets the provider user it was bound to (for a member who moved accounts). */
    void link(String accountId, String fingerprint) {
        int known = jdbc.sql("UPDATE account_handle SET subject = NULL WHERE account_id = ? AND fingerprint = ?")
                .params(accountId, fingerprint).update();
        if (known == 0) {
            jdbc.sql("INSERT INTO account_handle (account_id, fingerprint, created_at) VALUES (?, ?, ?)")
                    .params(accountId, fingerprint, clock.millis()).update();
        }
    }

    /** An account linked by a handle, and the provider's user id seen at its first sign-in (null before). */
    record Link(String accountId, String subject) {
    }

    List<Link> linksOf(String fingerprint) {
        return jdbc.sql("SELECT account_id, subject FROM account_handle WHERE fingerprint = ? ORDER BY account_id").param(fingerprint)
                .query((row, n) -> new Link(row.getString("account_id"), row.getString("subject"))).list();
    }

    /** Binds the handle to the provider's user id, once: from then on only that user signs in with it. */
    void bind(String accountId, String fingerprint, String subject) {
        jdbc.sql("UPDATE account_handle SET subject = ? WHERE account_id = ? AND fingerprint = ? AND subject IS NULL")
                .params(subject, accountId, fingerprint).update();
    }
}

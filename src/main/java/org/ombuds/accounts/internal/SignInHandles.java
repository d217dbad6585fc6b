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

    void link(String accountId, String fingerprint) {
        int known = jdbc.sql("SELECT COUNT(*) FROM account_handle WHERE account_id = ? AND fingerprint = ?")
                .params(accountId, fingerprint).query(Integer.class).single();
        if (known == 0) {
            jdbc.sql("INSERT INTO account_handle (account_id, fingerprint, created_at) VALUES (?, ?, ?)")
                    .params(accountId, fingerprint, clock.millis()).update();
        }
    }

    List<String> accountsWith(String fingerprint) {
        return jdbc.sql("SELECT account_id FROM account_handle WHERE fingerprint = ? ORDER BY account_id").param(fingerprint)
                .query(String.class).list();
    }
}

package org.ombuds.accounts;

import java.time.Instant;

/** A staff account. {@code personId} links it to the person it is, for automatic recusal. */
public record Account(String id, String email, String name, Role role, String personId, boolean hasPassword,
                      Instant createdAt, Instant disabledAt) {
    public boolean active() {
        return disabledAt == null;
    }
}

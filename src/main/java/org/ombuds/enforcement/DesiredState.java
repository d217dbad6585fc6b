package org.ombuds.enforcement;

import java.time.Instant;
import java.util.Collection;

/**
 * What a person's standing in one space should be, from the bans in force there: banned while any ban is, until the
 * latest end among them (none: no end), named by that strongest ban; free when none is. A shorter ban ending, or
 * being lifted, leaves a longer one standing.
 */
public record DesiredState(boolean banned, Instant until, String sanctionId) {
    static final DesiredState FREE = new DesiredState(false, null, null);

    /** A ban that covers the space: its sanction, and its end (null: none). */
    public record Ban(String sanctionId, Instant until) {
    }

    /** The strongest of the bans still in force at {@code now}; free when there is none. */
    public static DesiredState of(Collection<Ban> bans, Instant now) {
        Ban strongest = null;
        for (Ban ban : bans) {
            if (ban.until() != null && !ban.until().isAfter(now)) continue;
            if (strongest == null || outlasts(ban, strongest)) strongest = ban;
        }
        return strongest == null ? FREE : new DesiredState(true, strongest.until(), strongest.sanctionId());
    }

    private static boolean outlasts(Ban ban, Ban other) {
        if (other.until() == null) return false;
        return ban.until() == null || ban.until().isAfter(other.until());
    }

    /** How the state table writes it: banned or free. */
    String word() {
        return banned ? "banned" : "free";
    }

    /** Whether the peer holds this state, given what Ombuds last made it hold ({@code applied}: banned, free, unknown or null). */
    boolean heldBy(String applied, Instant appliedUntil) {
        if (!banned) return applied == null || applied.equals("free");
        return "banned".equals(applied) && java.util.Objects.equals(until, appliedUntil);
    }
}

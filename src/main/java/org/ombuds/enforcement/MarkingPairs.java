package org.ombuds.enforcement;

import static org.ombuds.enforcement.EnforcementRecords.BANNED;
import static org.ombuds.enforcement.EnforcementRecords.millis;

import java.time.Clock;
import java.util.Collection;
import java.util.Optional;

import org.ombuds.community.IdentityChanged;
import org.ombuds.platform.Ids;
import org.ombuds.sanctions.SanctionDecided;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Marking the pairs whose state may have changed, in the transaction of the change: a ban recorded or changed (through
 * enforcement's view of the sanctions), handles linked or people merged, a space's connector configured. A mark writes
 * what the pair should now hold and asks the worker to look; it never calls a peer.
 */
@Component
class MarkingPairs {
    private final JdbcClient jdbc;
    private final EnforcementRecords records;
    private final Clock clock;

    MarkingPairs(JdbcClient jdbc, EnforcementRecords records, Clock clock) {
        this.jdbc = jdbc;
        this.records = records;
        this.clock = clock;
    }

    /** The pairs a ban covers, marked by enforcement's view of the sanctions whenever one is recorded or changes. */
    void mark(String personId, Collection<String> spaceIds) {
        for (String spaceId : spaceIds) {
            DesiredState desired = records.desiredOf(personId, spaceId);
            long now = clock.millis();
            Optional<EnforcementRecords.State> known = jdbc.sql("SELECT * FROM enforcement_state WHERE person_id = ? AND space_id = ?")
                    .params(personId, spaceId).query((row, n) -> records.state(row)).optional();
            if (known.isEmpty()) {
                jdbc.sql("""
                                INSERT INTO enforcement_state (id, person_id, space_id, desired, desired_until, sanction_id, status, look_at,
                                    generation, updated_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)""")
                        .params(Ids.newId(), personId, spaceId, desired.word(), millis(desired.until()), desired.sanctionId(),
                                desired.banned() ? "pending" : "cancelled", now, now)
                        .update();
                continue;
            }
            EnforcementRecords.State state = known.get();
            boolean held = desired.heldBy(state.applied(), state.appliedUntil());
            // What it is driven towards changed: a new round of attempts, told about anew if it fails.
            boolean changed = !desired.equals(new DesiredState(BANNED.equals(state.desired()), state.desiredUntil(),
                    BANNED.equals(state.desired()) ? state.sanctionId() : null));
            String status = !held ? "pending" : !desired.banned() && state.applied() == null ? "cancelled" : state.status();
            jdbc.sql("""
                            UPDATE enforcement_state SET desired = ?, desired_until = ?, sanction_id = COALESCE(?, sanction_id), status = ?,
                                attempts = CASE WHEN ? THEN 0 ELSE attempts END, alerted = CASE WHEN ? THEN ? ELSE alerted END,
                                look_at = ?, generation = generation + 1, updated_at = ?
                            WHERE id = ?""")
                    .params(desired.word(), millis(desired.until()), desired.sanctionId(), status, changed, changed, false, now, now,
                            state.id())
                    .update();
        }
    }

    /**
     * A ban imported from the committee's earlier records was applied by the committee by hand, before Ombuds: it is
     * recorded so (nothing is sent), and its end is lifted through the connectors like any other.
     */
    @EventListener
    void decided(SanctionDecided decided) {
        if (!decided.imported() || !decided.kind().bans()) return;
        for (String space : decided.spaceIds()) {
            jdbc.sql("""
                            UPDATE enforcement_state SET applied = ?, applied_until = ?, status = 'by-hand', look_at = NULL
                            WHERE person_id = ? AND space_id = ? AND desired = ?""")
                    .params(BANNED, millis(decided.until()), decided.personId(), space, BANNED).update();
        }
    }

    /**
     * A handle linked or taken, or people merged: their pairs are looked at again, and a ban the peer holds is applied
     * again, so that it reaches the new handles too (applying is harmless where it is in force already).
     */
    @EventListener
    void identityChanged(IdentityChanged changed) {
        for (String personId : changed.personIds()) {
            jdbc.sql("UPDATE enforcement_state SET applied = 'unknown' WHERE person_id = ? AND applied = ?").params(personId, BANNED).update();
            mark(personId, jdbc.sql("SELECT space_id FROM enforcement_state WHERE person_id = ?").param(personId).query(String.class).list());
        }
    }

    /** A space's connector configured or changed: every pair there is looked at again. */
    @EventListener
    void connectorConfigured(SpaceConnectors.ConnectorChanged changed) {
        long now = clock.millis();
        jdbc.sql("UPDATE enforcement_state SET look_at = ?, generation = generation + 1, updated_at = ? WHERE space_id = ?")
                .params(now, now, changed.spaceId()).update();
    }
}

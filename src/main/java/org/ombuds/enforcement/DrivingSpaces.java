package org.ombuds.enforcement;

import static org.ombuds.enforcement.EnforcementRecords.BANNED;
import static org.ombuds.enforcement.EnforcementRecords.millis;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.ombuds.cases.CaseEvent;
import org.ombuds.cases.CaseStep;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Driving the marked pairs to what they should hold (the enforcement job, one node at a time): the desired state is
 * worked out afresh at each look, only the difference is acted on, a result never clears a mark made while the peer was
 * being called, and failures wait their pause ({@link Enforcement#pause}); the committee is told after
 * {@link Enforcement#ALERT_AFTER}.
 */
@Component
class DrivingSpaces {
    private static final Logger log = LoggerFactory.getLogger(DrivingSpaces.class);
    private final JdbcClient jdbc;
    private final EnforcementRecords records;
    private final SpaceConnectors connectors;
    private final Spaces spaces;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DrivingSpaces(JdbcClient jdbc, EnforcementRecords records, SpaceConnectors connectors, Spaces spaces, ApplicationEventPublisher events,
                  Clock clock) {
        this.jdbc = jdbc;
        this.records = records;
        this.connectors = connectors;
        this.spaces = spaces;
        this.events = events;
        this.clock = clock;
    }

    /** Drives the pairs due for a look; no database transaction is held while a peer is called. Returns how many were looked at. */
    int deliverDue() {
        List<EnforcementRecords.State> due = jdbc.sql("SELECT * FROM enforcement_state WHERE look_at <= ? ORDER BY look_at, id LIMIT " + Enforcement.BATCH)
                .param(clock.millis()).query((row, n) -> records.state(row)).list();
        due.forEach(this::drive);
        return due.size();
    }

    private void drive(EnforcementRecords.State state) {
        DesiredState desired = records.desiredOf(state.personId(), state.spaceId());
        if (desired.heldBy(state.applied(), state.appliedUntil())) {
            String status = state.status().equals("by-hand") ? "by-hand" : !desired.banned() && state.applied() == null ? "cancelled" : "done";
            settle(state, desired, state.applied(), state.appliedUntil(), status, null, state.attempts());
            return;
        }
        Optional<SpaceConnectors.Configured> configured = connectors.usable(state.spaceId());
        if (configured.isEmpty()) {
            settle(state, desired, state.applied(), state.appliedUntil(), "manual",
                    "no connector is configured for this space: do it by hand, then mark it done", state.attempts());
            return;
        }
        Connector connector = configured.get().connector();
        List<IdentityHandle> identities = records.identities(state.personId(), connector);
        if (identities.isEmpty()) {
            settle(state, desired, state.applied(), state.appliedUntil(), "manual", "no " + String.join(" or ",
                    connector.identityKinds().stream().sorted().toList()) + " handle is known for this person: add one to the case, or do it by hand",
                    state.attempts());
            return;
        }
        String sanctionId = desired.banned() ? desired.sanctionId() : state.sanctionId();
        EnforcementRecords.SanctionFacts sanction = records.sanction(sanctionId);
        try {
            for (IdentityHandle identity : identities) {
                Target target = sanction.target(identity, desired.until());
                if (!desired.banned()) {
                    connector.lift(configured.get().settings(), target);
                    continue;
                }
                // A peer that ends bans by itself keeps the end it was first given: to move it (a longer ban now stands), lift first.
                if (BANNED.equals(state.applied()) && connector.capabilities().contains(Connector.Capability.SUSPEND_UNTIL)) {
                    connector.lift(configured.get().settings(), target);
                }
                connector.apply(configured.get().settings(), target);
            }
            settle(state, desired, desired.word(), desired.until(), "done", null, state.attempts() + 1);
        } catch (PeerException | RuntimeException e) {
            failed(state, desired, sanction, e instanceof PeerException ? e.getMessage() : "the connector failed: " + e.getClass().getSimpleName());
        }
    }

    /** Records where the pair stands; its look is cleared only if nothing marked it meanwhile (then it is looked at again). */
    private void settle(EnforcementRecords.State state, DesiredState desired, String applied, Instant appliedUntil, String status, String error,
                        int attempts) {
        long now = clock.millis();
        boolean freed = !desired.banned() && BANNED.equals(state.applied()) || !desired.banned() && "unknown".equals(state.applied());
        jdbc.sql("""
                        UPDATE enforcement_state SET desired = ?, desired_until = ?, sanction_id = COALESCE(?, sanction_id), applied = ?, applied_until = ?,
                            status = ?, attempts = ?, last_error = ?, alerted = CASE WHEN ? = 'done' THEN ? ELSE alerted END,
                            freed_at = CASE WHEN ? THEN ? WHEN ? THEN NULL ELSE freed_at END,
                            look_at = CASE WHEN generation = ? THEN NULL ELSE look_at END, updated_at = ?
                        WHERE id = ?""")
                .params(desired.word(), millis(desired.until()), desired.sanctionId(), applied, millis(appliedUntil), status,
                        attempts, error, status, false, freed && status.equals("done"), now, desired.banned(), state.generation(), now, state.id())
                .update();
    }

    private void failed(EnforcementRecords.State state, DesiredState desired, EnforcementRecords.SanctionFacts sanction, String error) {
        int attempts = state.attempts() + 1;
        long now = clock.millis();
        String shown = error == null ? "the peer failed" : error.length() > 500 ? error.substring(0, 500) : error;
        // An apply that failed may still have reached the peer: from now on a lift is owed if the ban goes.
        String applied = desired.banned() ? "unknown" : state.applied();
        jdbc.sql("""
                        UPDATE enforcement_state SET desired = ?, desired_until = ?, applied = ?, status = 'failed', attempts = ?, last_error = ?,
                            look_at = CASE WHEN generation = ? THEN ? ELSE look_at END, updated_at = ?
                        WHERE id = ?""")
                .params(desired.word(), millis(desired.until()), applied, attempts, shown, state.generation(),
                        now + Enforcement.pause(attempts).toMillis(), now, state.id())
                .update();
        String operation = Enforcement.operation(desired.word());
        log.warn("enforcement in space {} ({}) failed, attempt {}: {}", state.spaceId(), operation, attempts, shown);
        if (attempts >= Enforcement.ALERT_AFTER && !state.alerted()) {
            jdbc.sql("UPDATE enforcement_state SET alerted = ? WHERE id = ?").params(true, state.id()).update();
            events.publishEvent(new CaseStep(sanction.caseId(), null, CaseEvent.Kind.ENFORCEMENT_FAILED,
                    spaces.byId(state.spaceId()).map(Space::slug).orElse(state.spaceId())));
            events.publishEvent(new EnforcementFailed(sanction.id(), sanction.caseId(), state.spaceId(), operation));
        }
    }
}

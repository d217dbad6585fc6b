package org.ombuds.enforcement;

import static org.ombuds.enforcement.EnforcementRecords.BANNED;
import static org.ombuds.enforcement.EnforcementRecords.FREE;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.ombuds.cases.CaseEvent;
import org.ombuds.cases.CaseStep;
import org.ombuds.community.IdentityHandle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reconciling with the peers: asking those that can tell whether they hold what they should, and marking drift for the worker. */
@Component
class ReconcilingSpaces {
    private final JdbcClient jdbc;
    private final EnforcementRecords records;
    private final SpaceConnectors connectors;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ReconcilingSpaces(JdbcClient jdbc, EnforcementRecords records, SpaceConnectors connectors, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.records = records;
        this.connectors = connectors;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Asks the peers about the pairs in force (driven there, or done by hand) and the pairs lifted within {@link #Enforcement.LIFT_GRACE}
     * that the peer has not yet confirmed free: never the whole history, so the calls follow what is in force. A ban
     * gone at the peer, or a lifted one still there, is drift: reported on the case and marked for the worker.
     */
    Enforcement.Reconciliation reconcile() {
        int checked = 0;
        int reapplied = 0;
        int lifted = 0;
        int unreachable = 0;
        long now = clock.millis();
        List<EnforcementRecords.State> watched = jdbc.sql("""
                        SELECT * FROM enforcement_state
                        WHERE look_at IS NULL AND ((desired = 'banned' AND status IN ('done', 'by-hand')) OR (desired = 'free' AND freed_at > ?))""")
                .param(now - Enforcement.LIFT_GRACE.toMillis()).query((row, n) -> records.state(row)).list();
        for (EnforcementRecords.State state : watched) {
            Optional<SpaceConnectors.Configured> configured = connectors.usable(state.spaceId());
            if (configured.isEmpty()) continue;
            DesiredState desired = records.desiredOf(state.personId(), state.spaceId());
            EnforcementRecords.SanctionFacts sanction = records.sanction(desired.banned() ? desired.sanctionId() : state.sanctionId());
            try {
                Optional<Boolean> observed = Optional.empty();
                for (IdentityHandle identity : records.identities(state.personId(), configured.get().connector())) {
                    Optional<Boolean> answer = configured.get().connector().applied(configured.get().settings(),
                            sanction.target(identity, desired.until()));
                    checked++;
                    if (answer.isEmpty()) continue;
                    // Banned is held only if every handle is kept out; free only if none is.
                    observed = Optional.of(desired.banned() ? observed.orElse(true) && answer.get() : observed.orElse(false) || answer.get());
                }
                if (observed.isEmpty()) continue;
                jdbc.sql("UPDATE enforcement_state SET observed = ?, observed_at = ? WHERE id = ?")
                        .params(observed.get() ? BANNED : FREE, now, state.id()).update();
                if (observed.get() == desired.banned()) {
                    if (!desired.banned()) jdbc.sql("UPDATE enforcement_state SET freed_at = NULL WHERE id = ?").param(state.id()).update();
                    continue;
                }
                jdbc.sql("UPDATE enforcement_state SET applied = 'unknown', look_at = ?, generation = generation + 1, updated_at = ? WHERE id = ?")
                        .params(now, now, state.id()).update();
                events.publishEvent(new CaseStep(sanction.caseId(), null, desired.banned() ? CaseEvent.Kind.ENFORCEMENT_DRIFT_REAPPLIED
                        : CaseEvent.Kind.ENFORCEMENT_DRIFT_LIFTED, configured.get().settings().spaceSlug()));
                if (desired.banned()) reapplied++; else lifted++;
            } catch (PeerException | RuntimeException e) {
                unreachable++;
            }
        }
        return new Enforcement.Reconciliation(checked, reapplied, lifted, unreachable);
    }
}

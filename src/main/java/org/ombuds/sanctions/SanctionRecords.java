package org.ombuds.sanctions;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.ombuds.audit.AuditLog;
import org.ombuds.platform.Ids;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes sanctions and tells the rest of Ombuds (enforcement) when one starts, ends or is lifted; every change of a
 * sanction row is also announced whole ({@link SanctionRecorded}), for the views other modules keep of it.
 */
@Component
class SanctionRecords {
    private static final String IN_EFFECT = SanctionStatus.IN_EFFECT.word();
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    SanctionRecords(JdbcClient jdbc, ApplicationEventPublisher events, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    void start(DecisionRow decision, String personId, long startsAt, Long endsAt) {
        String id = insert(decision, personId, startsAt, endsAt, IN_EFFECT, null);
        audit.record("create", "sanction", id, decision.caseId());
        announce(id);
        events.publishEvent(decided(id, decision, personId, endsAt, false));
    }

    /**
     * A sanction from the committee's earlier records. One still running is in effect, and enforcement is told it was
     * imported (the committee applied it by hand before Ombuds); one whose end has passed is on record as ended then.
     * No audit entry of its own: the import records one for the case it belongs to.
     */
    void startImported(DecisionRow decision, String personId, long startsAt, Long endsAt) {
        boolean running = endsAt == null || endsAt > clock.millis();
        String id = insert(decision, personId, startsAt, endsAt, running ? IN_EFFECT : SanctionStatus.ENDED.word(), running ? null : endsAt);
        announce(id);
        if (running) events.publishEvent(decided(id, decision, personId, endsAt, true));
    }

    private String insert(DecisionRow decision, String personId, long startsAt, Long endsAt, String status, Long endedAt) {
        String id = Ids.newId();
        jdbc.sql("""
                        INSERT INTO sanction (id, decision_id, case_id, person_id, action, kind, spaces, starts_at, ends_at, status, ended_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, decision.id(), decision.caseId(), personId, decision.action(), decision.kind().id(), decision.spaces(), startsAt,
                        endsAt, status, endedAt)
                .update();
        return id;
    }

    private static SanctionDecided decided(String id, DecisionRow decision, String personId, Long endsAt, boolean imported) {
        return new SanctionDecided(id, personId, decision.action(), decision.spaces().isEmpty() ? List.of() : List.of(decision.spaces().split(",")),
                endsAt == null ? null : Instant.ofEpochMilli(endsAt), imported, decision.kind());
    }

    /** Ends every sanction of a decision that is still in effect: {@code ended} (ran out) or {@code lifted} (with a reason). */
    void endAll(String decisionId, SanctionStatus status, String reason) {
        for (String[] sanction : inEffect("decision_id = ?", decisionId)) {
            close(sanction, status.word(), reason);
        }
    }

    /** Ends the sanctions whose end has come; returns how many. */
    int endExpired(long now) {
        List<String[]> due = inEffect("ends_at IS NOT NULL AND ends_at <= ?", now);
        due.forEach(sanction -> close(sanction, SanctionStatus.ENDED.word(), null));
        return due.size();
    }

    private List<String[]> inEffect(String condition, Object parameter) {
        return jdbc.sql("SELECT id, person_id, case_id FROM sanction WHERE status = ? AND " + condition).params(IN_EFFECT, parameter)
                .query((row, n) -> new String[] {row.getString(1), row.getString(2), row.getString(3)}).list();
    }

    private void close(String[] sanction, String status, String reason) {
        // Only the first of two racing closers (the expiry job on one node, a superseding decision on another) tells the others.
        if (jdbc.sql("UPDATE sanction SET status = ?, ended_at = ? WHERE id = ? AND status = ?").params(status, clock.millis(), sanction[0], IN_EFFECT)
                .update() == 0) return;
        boolean ended = SanctionStatus.ENDED.is(status);
        audit.record(ended ? "end" : "lift", "sanction", sanction[0], sanction[2]);
        announce(sanction[0]);
        events.publishEvent(ended ? new SanctionEnded(sanction[0], sanction[1]) : new SanctionLifted(sanction[0], sanction[1], reason));
    }

    /** The sanction as the table now holds it, read back so that the event cannot differ from the row. */
    private void announce(String sanctionId) {
        events.publishEvent(jdbc.sql("""
                        SELECT id, case_id, person_id, action, kind, spaces, starts_at, ends_at, status, ended_at FROM sanction WHERE id = ?""")
                .param(sanctionId)
                .query((row, n) -> new SanctionRecorded(row.getString("id"), row.getString("case_id"), row.getString("person_id"),
                        row.getString("action"), row.getString("kind"), row.getString("spaces").isEmpty() ? List.of() : List.of(row.getString("spaces").split(",")),
                        Instant.ofEpochMilli(row.getLong("starts_at")), instant(row.getObject("ends_at")), row.getString("status"),
                        instant(row.getObject("ended_at"))))
                .single());
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue());
    }
}

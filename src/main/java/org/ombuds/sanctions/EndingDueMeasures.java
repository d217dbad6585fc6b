package org.ombuds.sanctions;

import java.time.Clock;
import java.util.List;

import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseStep;
import org.ombuds.cases.CaseEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends what is due: interim measures not ratified in time lapse, timed bans whose end has come end. Run by the
 * scheduler on one node; it also catches up on whatever fell due while no server was running.
 */
@Service
class EndingDueMeasures {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final DecisionRecords records;
    private final SanctionRecords sanctions;
    private final AuditLog audit;
    private final Clock clock;

    EndingDueMeasures(JdbcClient jdbc, DecisionRecords records, SanctionRecords sanctions, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.records = records;
        this.sanctions = sanctions;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public int endDue() {
        long now = clock.millis();
        List<DecisionRow> lapsing = jdbc.sql("SELECT * FROM decision WHERE status = ? AND interim = ? AND ratify_by IS NOT NULL AND ratify_by <= ?")
                .params(DecisionStatus.IN_EFFECT.word(), true, now).query(DecisionRow::map).list();
        for (DecisionRow row : lapsing) {
            records.close(row.id(), DecisionStatus.LAPSED, now);
            sanctions.endAll(row.id(), SanctionStatus.ENDED, null);
            events.publishEvent(new CaseStep(row.caseId(), null, CaseEvent.Kind.INTERIM_LAPSED, row.action()));
            audit.recordAs("system", "lapse", "decision", row.id(), row.caseId(), "local");
        }
        return lapsing.size() + sanctions.endExpired(now);
    }
}

package org.ombuds.sanctions;

import java.time.Clock;

import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseStep;
import org.ombuds.cases.CaseEvent;
import org.ombuds.cases.Cases;
import org.ombuds.cases.HandlingCases;
import org.ombuds.intake.Intake;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Puts a decision in effect, whether its quorum carried it, one handler made it an interim measure or an appeal's
 * reviewer set new terms: the decision it supersedes ends, its sanctions start on the case's subjects (unless its kind
 * sanctions nobody), and the reporters are told what the committee chose to tell them.
 */
@Component
class TakingEffect {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Cases cases;
    private final HandlingCases handling;
    private final SanctionRecords sanctions;
    private final DecisionRecords records;
    private final Intake intake;
    private final AuditLog audit;
    private final Clock clock;

    TakingEffect(JdbcClient jdbc, Cases cases, HandlingCases handling, SanctionRecords sanctions, DecisionRecords records, Intake intake, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.cases = cases;
        this.handling = handling;
        this.sanctions = sanctions;
        this.records = records;
        this.intake = intake;
        this.audit = audit;
        this.clock = clock;
    }

    void takeEffect(DecisionRow row, String actor) {
        long now = clock.millis();
        jdbc.sql("UPDATE decision SET status = ?, in_force_at = ? WHERE id = ?").params(DecisionStatus.IN_EFFECT.word(), now, row.id()).update();
        if (row.supersedes() != null) {
            jdbc.sql("UPDATE decision SET status = ?, ratify_by = NULL, closed_at = ? WHERE id = ? AND status IN (?, ?)")
                    .params(DecisionStatus.SUPERSEDED.word(), now, row.supersedes(), DecisionStatus.IN_EFFECT.word(),
                            DecisionStatus.AWAITING_APPROVAL.word()).update();
            sanctions.endAll(row.supersedes(), SanctionStatus.LIFTED, row.onAppeal() != null ? "modified" : "superseded");
        }
        if (row.kind().sanctions()) {
            Long endsAt = row.endsAt() != null ? row.endsAt() : row.durationMs() != null ? now + row.durationMs() : null;
            for (String person : cases.subjectPersonIds(row.caseId())) {
                sanctions.start(row, person, now, endsAt);
            }
        }
        if (row.interim()) {
            events.publishEvent(new CaseStep(row.caseId(), actor, CaseEvent.Kind.INTERIM_IN_EFFECT, row.action()));
        } else {
            handling.decisionTookEffect(row.caseId(), actor, row.action());
        }
        if (row.sealedReporterMessage() != null) {
            String message = records.open(row, row.sealedReporterMessage(), DecisionRecords.REPORTER_MESSAGE);
            for (String reportId : cases.reportIdsOf(row.caseId())) intake.messageReporter(reportId, row.proposedBy(), message);
            events.publishEvent(new CaseStep(row.caseId(), actor, CaseEvent.Kind.OUTCOME_TO_REPORTER, row.action()));
        }
        audit.record("take-effect", "decision", row.id(), row.caseId());
    }
}

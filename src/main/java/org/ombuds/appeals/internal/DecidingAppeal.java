package org.ombuds.appeals.internal;

import static org.ombuds.appeals.internal.AppealRecords.REASONING;

import java.time.Clock;

import org.ombuds.appeals.AppealActivity;
import org.ombuds.appeals.Appeals;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseStep;
import org.ombuds.cases.CaseEvent;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReporterShield;
import org.ombuds.cases.GrantingReview;
import org.ombuds.crypto.DataKeys;
import org.ombuds.intake.Intake;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.sanctions.Decisions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reviewer decides the appeal: upheld, modified (new terms, a new decision) or overturned, always with reasoning
 * the appellant reads. Deciding ends the reviewer's read access to the case; the reporter may be told the outcome.
 */
@Component
public class DecidingAppeal {
    private final JdbcClient jdbc;
    private final AppealAccess access;
    private final AppealRecords records;
    private final Decisions decisions;
    private final Cases cases;
    private final ReporterShield shield;
    private final GrantingReview review;
    private final Intake intake;
    private final DataKeys keys;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DecidingAppeal(JdbcClient jdbc, AppealAccess access, AppealRecords records, Decisions decisions, Cases cases, ReporterShield shield, GrantingReview review, Intake intake, DataKeys keys,
                   AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.records = records;
        this.decisions = decisions;
        this.cases = cases;
        this.shield = shield;
        this.review = review;
        this.intake = intake;
        this.keys = keys;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public void decide(String reviewerAccountId, String appealId, Appeals.Outcome outcome) {
        AppealRow appeal = access.asReviewer(reviewerAccountId, appealId);
        if (outcome.outcome() == null || !Appeals.OUTCOMES.contains(outcome.outcome())) {
            throw new InvalidInputException("outcome", "outcome must be upheld, modified or overturned");
        }
        String reasoning = AppealRecords.required("reasoning", outcome.reasoning());
        String tellReporter = AppealRecords.optional("tellReporter", outcome.tellReporter());
        // The appellant reads the reasoning: like every text for the person sanctioned, it must not name who reported.
        checkNamesNoReporter(appeal.caseId(), "reasoning", reasoning);
        String newDecision = null;
        switch (outcome.outcome()) {
            case "overturned":
                decisions.overturnOnAppeal(appeal.decisionId(), reviewerAccountId, appeal.id());
                break;
            case "modified":
                newDecision = decisions.modifyOnAppeal(appeal.decisionId(), reviewerAccountId, appeal.id(),
                        new Decisions.Modification(outcome.action(), outcome.until(), outcome.duration(), reasoning));
                break;
            default:
                events.publishEvent(new CaseStep(appeal.caseId(), reviewerAccountId, CaseEvent.Kind.DECISION_UPHELD, appeal.id()));
        }
        jdbc.sql("UPDATE appeal SET status = ?, outcome = ?, sealed_reasoning = ?, new_decision_id = ?, decided_at = ? WHERE id = ?")
                .params(Appeals.DECIDED, outcome.outcome(), keys.seal(appeal.dataKeyId(), reasoning, REASONING + ":" + appeal.id()), newDecision,
                        clock.millis(), appeal.id())
                .update();
        review.revokeReview(appeal.caseId(), appeal.id());
        records.event(appeal.id(), reviewerAccountId, "decided", outcome.outcome());
        audit.record("decide", "appeal", appeal.id(), appeal.caseId());
        if (tellReporter != null) {
            for (String reportId : cases.reportIdsOf(appeal.caseId())) intake.messageReporter(reportId, reviewerAccountId, tellReporter);
            records.event(appeal.id(), reviewerAccountId, "outcome-to-reporter", outcome.outcome());
        }
        events.publishEvent(new AppealActivity(appeal.id(), AppealActivity.Kind.DECIDED));
    }

    private void checkNamesNoReporter(String caseId, String field, String text) {
        if (shield.namesReporter(caseId, text)) {
            throw new InvalidInputException(field, "the appellant reads this text, and it names someone who reported or witnessed"
                    + " (a name, address or handle from the case); leave it out");
        }
    }
}

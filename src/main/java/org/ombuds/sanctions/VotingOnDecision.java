package org.ombuds.sanctions;

import java.time.Clock;

import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseStep;
import org.ombuds.cases.CaseEvent;
import org.ombuds.cases.Cases;
import org.ombuds.cases.HandlingCases;
import org.ombuds.cases.Viewer;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.RefusedException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A member of the case's committee approves or objects to an open decision, once; the {@link QuorumPolicy} then says
 * whether the votes carry it (it takes effect, or an interim measure is ratified), reject it, or leave it open. Recused
 * members cannot vote, and a vote stops counting if its author is recused later.
 */
@Service
class VotingOnDecision {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Cases cases;
    private final HandlingCases handling;
    private final DecisionRecords records;
    private final QuorumPolicy quorum;
    private final TakingEffect effect;
    private final SanctionRecords sanctions;
    private final AuditLog audit;
    private final Clock clock;

    VotingOnDecision(JdbcClient jdbc, Cases cases, HandlingCases handling, DecisionRecords records, QuorumPolicy quorum, TakingEffect effect, SanctionRecords sanctions,
                     AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.cases = cases;
        this.handling = handling;
        this.records = records;
        this.quorum = quorum;
        this.effect = effect;
        this.sanctions = sanctions;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Decision vote(Viewer viewer, String decisionId, String vote, String comment) {
        DecisionRow row = records.existing(decisionId);
        Cases.DecisionContext context = cases.decisionContext(viewer, row.caseId());
        onTheCommittee(viewer, context);
        if (!"approve".equals(vote) && !"object".equals(vote)) {
            throw new InvalidInputException("vote", "vote must be 'approve' or 'object'");
        }
        if (!row.open()) {
            throw new ConflictException("vote", "this decision is " + row.status() + (DecisionStatus.IN_EFFECT.is(row.status()) ? " and ratified" : "")
                    + "; votes are closed");
        }
        if (records.hasVoted(decisionId, viewer.accountId())) {
            throw new ConflictException("vote", "you have voted on this decision already");
        }
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        if (text != null && text.length() > Cases.MAX_TEXT) throw new InvalidInputException("comment", "the comment is too long");
        records.insertVote(decisionId, row.dataKeyId(), viewer.accountId(), vote, text);
        events.publishEvent(new CaseStep(row.caseId(), viewer.accountId(), vote.equals("approve") ? CaseEvent.Kind.DECISION_APPROVED : CaseEvent.Kind.DECISION_OBJECTED, row.action()));
        audit.record(vote, "decision", decisionId, row.caseId());
        settle(records.row(decisionId), context, viewer.accountId());
        return records.view(records.row(decisionId), context);
    }

    /**
     * Only the case's committee proposes and votes: a member who joined after the case opened is told so plainly rather
     * than casting a vote that would not count (and could not be told apart from one that does).
     */
    static void onTheCommittee(Viewer viewer, Cases.DecisionContext context) {
        if (!context.committee().voters().contains(viewer.accountId())) {
            throw new RefusedException("action", "you were not on the committee when this case opened, so you do not propose or vote on its"
                    + " decisions: a case is decided by the committee it was brought to");
        }
    }

    /** Counts the votes as they stand: in effect, ratified or rejected when the quorum policy says so. */
    void settle(DecisionRow row, Cases.DecisionContext context, String actor) {
        if (!row.open()) return;
        QuorumPolicy.Verdict verdict = quorum.judge(row, context.committee(), records.votes(row.id()));
        if (verdict instanceof QuorumPolicy.Carried) {
            if (DecisionStatus.IN_EFFECT.is(row.status())) {
                jdbc.sql("UPDATE decision SET ratify_by = NULL WHERE id = ?").param(row.id()).update();
                events.publishEvent(new CaseStep(row.caseId(), actor, CaseEvent.Kind.INTERIM_RATIFIED, row.action()));
                handling.decisionTookEffect(row.caseId(), actor, row.action());
            } else {
                effect.takeEffect(row, actor);
            }
        } else if (verdict instanceof QuorumPolicy.Outvoted) {
            records.close(row.id(), DecisionStatus.REJECTED, clock.millis());
            sanctions.endAll(row.id(), SanctionStatus.LIFTED, "rejected");
            events.publishEvent(new CaseStep(row.caseId(), actor, CaseEvent.Kind.DECISION_REJECTED, row.action()));
        }
    }
}

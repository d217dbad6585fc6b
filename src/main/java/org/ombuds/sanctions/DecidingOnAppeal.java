package org.ombuds.sanctions;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseStep;
import org.ombuds.cases.CaseEvent;
import org.ombuds.cases.Cases;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.community.Communities;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.Dates;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an appeal's outcome does to the decision appealed: overturned (its sanctions lifted everywhere) or modified (a
 * new decision with the reviewer's terms supersedes it at once). Upheld changes nothing here. Called by the appeals
 * module once it has checked that the reviewer took no part in the case.
 */
@Service
class DecidingOnAppeal {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Cases cases;
    private final Communities communities;
    private final CodeOfConduct code;
    private final DataKeys keys;
    private final DecisionRecords records;
    private final SanctionRecords sanctions;
    private final TakingEffect effect;
    private final AuditLog audit;
    private final Clock clock;

    DecidingOnAppeal(JdbcClient jdbc, Cases cases, Communities communities, CodeOfConduct code, DataKeys keys, DecisionRecords records,
                     SanctionRecords sanctions, TakingEffect effect, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.cases = cases;
        this.communities = communities;
        this.code = code;
        this.keys = keys;
        this.records = records;
        this.sanctions = sanctions;
        this.effect = effect;
        this.audit = audit;
        this.clock = clock;
    }

    Optional<Decisions.Appealed> appealed(String decisionId) {
        return records.find(decisionId)
                .map(row -> new Decisions.Appealed(row.id(), row.caseId(), row.action(), row.status(),
                        row.inForceAt() == null ? null : Instant.ofEpochMilli(row.inForceAt()), row.onAppeal() != null));
    }

    @Transactional
    public void overturn(String decisionId, String reviewerAccountId, String appealId) {
        DecisionRow row = records.inEffect(decisionId);
        records.close(row.id(), DecisionStatus.OVERTURNED, clock.millis());
        sanctions.endAll(row.id(), SanctionStatus.OVERTURNED, "overturned");
        events.publishEvent(new CaseStep(row.caseId(), reviewerAccountId, CaseEvent.Kind.DECISION_OVERTURNED, appealId));
        audit.record("overturn", "decision", row.id(), row.caseId());
    }

    /**
     * No quorum: the independent reviewer decides, and the result is final. Same clauses, Code version, spaces,
     * conditions and no-contact order as the original; a timed ban's end counts from the original start.
     */
    @Transactional
    public String modify(String decisionId, String reviewerAccountId, String appealId, Decisions.Modification terms) {
        DecisionRow original = records.inEffect(decisionId);
        if (terms.action() == null || terms.action().equals(Rung.NO_ACTION.action())) {
            throw new InvalidInputException("action", "to lift the measure altogether, overturn the decision instead");
        }
        CodeVersion version = code.version(communities.byId(cases.communityOf(original.caseId())).orElseThrow().slug(), original.codeVersion());
        Rung rung = DecisionTerms.rung(terms.action(), version);
        String reasoning = terms.reasoning() == null ? "" : terms.reasoning().strip();
        if (reasoning.isEmpty()) throw new InvalidInputException("reasoning", "the reasoning is required: say why the terms change");
        Long endsAt = null;
        if (rung.kind().hasEnd()) {
            if (terms.until() != null && terms.duration() != null && !terms.duration().isBlank()) {
                throw new InvalidInputException("until", "give either an end date (until) or a duration, not both");
            }
            if (terms.until() != null) {
                endsAt = Dates.recordable("until", terms.until()).toEpochMilli();
            } else if (terms.duration() != null && !terms.duration().isBlank()) {
                endsAt = (original.inForceAt() == null ? clock.millis() : original.inForceAt()) + DecisionTerms.parseDuration(terms.duration()).toMillis();
            } else {
                throw new InvalidInputException("until", "a temporary ban needs an end: until (a date) or duration from the original start");
            }
        } else if (terms.until() != null || (terms.duration() != null && !terms.duration().isBlank())) {
            throw new InvalidInputException("until", "only a temporary ban has an end");
        }
        String id = Ids.newId();
        String key = keys.create();
        long now = clock.millis();
        jdbc.sql("""
                        INSERT INTO decision (id, case_id, action, kind, quorum, clauses, coc_version, coc_sha256, data_key_id, sealed_reasoning,
                            spaces, duration_ms, ends_at, interim, ratify_by, supersedes, suggested_action, sealed_conditions,
                            sealed_reporter_message, sealed_subject_message, proposed_by, proposed_at, status, on_appeal)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, NULL, ?, NULL, NULL, ?, ?, ?, ?)""")
                .params(id, original.caseId(), rung.action(), rung.kind().id(), rung.quorum(), original.clauses(), original.codeVersion(),
                        original.codeSha256(), key, records.seal(key, reasoning, DecisionRecords.REASONING, id), original.spaces(), endsAt, false,
                        original.id(),
                        records.seal(key, records.open(original, original.sealedConditions(), DecisionRecords.CONDITIONS), DecisionRecords.CONDITIONS, id),
                        reviewerAccountId, now, DecisionStatus.AWAITING_APPROVAL.word(), appealId)
                .update();
        jdbc.sql("INSERT INTO decision_no_contact (decision_id, person_id) SELECT ?, person_id FROM decision_no_contact WHERE decision_id = ?")
                .params(id, original.id()).update();
        events.publishEvent(new CaseStep(original.caseId(), reviewerAccountId, CaseEvent.Kind.DECISION_MODIFIED, appealId));
        audit.record("create", "decision", id, original.caseId());
        effect.takeEffect(records.row(id), reviewerAccountId);
        return id;
    }
}

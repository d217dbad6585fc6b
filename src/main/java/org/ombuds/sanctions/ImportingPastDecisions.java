package org.ombuds.sanctions;

import java.time.Clock;
import java.util.List;

import org.ombuds.cases.CaseStep;
import org.ombuds.cases.CaseEvent;
import org.ombuds.cases.Cases;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.community.Communities;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes over a decision from the committee's records before Ombuds: checked against the Code in force now (its action
 * and that action's kind, clauses, reasoning, dates and spaces), recorded in effect since it was decided and flagged
 * as imported (nobody voted on it here). Its sanctions start then; one whose end has passed is on record as ended.
 */
@Service
class ImportingPastDecisions {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Cases cases;
    private final Communities communities;
    private final CodeOfConduct code;
    private final DataKeys keys;
    private final DecisionTerms terms;
    private final DecisionRecords records;
    private final SanctionRecords sanctions;
    private final Clock clock;

    ImportingPastDecisions(JdbcClient jdbc, Cases cases, Communities communities, CodeOfConduct code, DataKeys keys, DecisionTerms terms,
                           DecisionRecords records, SanctionRecords sanctions, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.cases = cases;
        this.communities = communities;
        this.code = code;
        this.keys = keys;
        this.terms = terms;
        this.records = records;
        this.sanctions = sanctions;
        this.clock = clock;
    }

    /** A past decision's rung, clauses (each once) and the ids of its spaces, as checked. */
    private record Checked(Rung rung, List<String> clauses, List<String> spaceIds) {
    }

    void check(String communityId, Decisions.PastDecision past) {
        checked(communityId, past, inForce(communityId));
    }

    private Checked checked(String communityId, Decisions.PastDecision past, CodeVersion inForce) {
        Rung rung = DecisionTerms.rung(past.action(), inForce);
        List<String> clauses = DecisionTerms.clauses(past.clauses(), inForce);
        String reasoning = past.reasoning() == null ? "" : past.reasoning().strip();
        if (reasoning.isEmpty() || reasoning.length() > Cases.MAX_TEXT) {
            throw new InvalidInputException("reasoning", "required: say why, in 1 to " + Cases.MAX_TEXT + " characters");
        }
        if (past.decidedAt() == null) throw new InvalidInputException("decided", "required when there is an action");
        if (past.decidedAt().isAfter(clock.instant())) throw new InvalidInputException("decided", "must not be in the future");
        boolean timed = rung.kind().hasEnd();
        if (timed && past.until() == null) throw new InvalidInputException("until", "required for " + rung.action());
        if (!timed && past.until() != null) throw new InvalidInputException("until", "only a temporary-ban has an end");
        if (past.until() != null && !past.until().isAfter(past.decidedAt())) throw new InvalidInputException("until", "must be after decided");
        return new Checked(rung, clauses, terms.spaces(past.spaces(), communityId));
    }

    @Transactional
    public String importPast(String caseId, Decisions.PastDecision past, String importedBy) {
        String communityId = cases.communityOf(caseId);
        CodeVersion inForce = inForce(communityId);
        Checked checked = checked(communityId, past, inForce);
        String id = Ids.newId();
        String key = keys.create();
        long decidedAt = past.decidedAt().toEpochMilli();
        jdbc.sql("""
                        INSERT INTO decision (id, case_id, action, kind, quorum, clauses, coc_version, coc_sha256, data_key_id, sealed_reasoning,
                            spaces, ends_at, interim, proposed_by, proposed_at, status, in_force_at, imported)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, caseId, past.action(), checked.rung().kind().id(), checked.rung().quorum(), String.join(",", checked.clauses()),
                        inForce.version(), inForce.sha256(), key, records.seal(key, past.reasoning().strip(), DecisionRecords.REASONING, id),
                        String.join(",", checked.spaceIds()), past.until() == null ? null : past.until().toEpochMilli(), false, importedBy,
                        decidedAt, DecisionStatus.IN_EFFECT.word(), decidedAt, true)
                .update();
        events.publishEvent(new CaseStep(caseId, importedBy, CaseEvent.Kind.DECISION_IMPORTED, past.action()));
        if (checked.rung().kind().sanctions()) {
            DecisionRow row = records.row(id);
            for (String person : cases.subjectPersonIds(caseId)) sanctions.startImported(row, person, decidedAt, row.endsAt());
        }
        return id;
    }

    private CodeVersion inForce(String communityId) {
        return code.currentOf(communities.byId(communityId).orElseThrow());
    }
}

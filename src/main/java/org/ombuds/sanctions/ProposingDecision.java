package org.ombuds.sanctions;

import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseStep;
import org.ombuds.cases.CaseEvent;
import org.ombuds.cases.Cases;
import org.ombuds.cases.ReporterShield;
import org.ombuds.cases.Viewer;
import org.ombuds.coc.ActionKind;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.community.Communities;
import org.ombuds.community.IdentityAct;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.crypto.DataKeys;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A member of the case's committee proposes a decision: an action of the Code in force, the clauses it rests on and
 * the reasoning, with what the subject and the reporters are told. The proposer's own approval is its first vote; an
 * interim measure (a ban only) takes effect at once and lapses unless the quorum ratifies it in time.
 */
@Service
class ProposingDecision {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Cases cases;
    private final ReporterShield shield;
    private final Communities communities;
    private final CodeOfConduct code;
    private final DataKeys keys;
    private final People people;
    private final DecisionSettings settings;
    private final DecisionTerms terms;
    private final DecisionRecords records;
    private final SuggestingNextStep ladder;
    private final VotingOnDecision voting;
    private final TakingEffect effect;
    private final AuditLog audit;
    private final Clock clock;

    ProposingDecision(JdbcClient jdbc, Cases cases, ReporterShield shield, Communities communities, CodeOfConduct code, DataKeys keys, People people,
                      DecisionSettings settings, DecisionTerms terms, DecisionRecords records, SuggestingNextStep ladder, VotingOnDecision voting,
                      TakingEffect effect, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.cases = cases;
        this.shield = shield;
        this.communities = communities;
        this.code = code;
        this.keys = keys;
        this.people = people;
        this.settings = settings;
        this.terms = terms;
        this.records = records;
        this.ladder = ladder;
        this.voting = voting;
        this.effect = effect;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Decisions.Guidance guidance(Viewer viewer, String caseId) {
        Cases.DecisionContext context = cases.decisionContext(viewer, caseId);
        return ladder.guidance(viewer, context, inForce(context));
    }

    @Transactional
    public Decision propose(Viewer viewer, String caseId, Decisions.Proposal proposal) {
        Cases.DecisionContext context = cases.decisionContext(viewer, caseId);
        VotingOnDecision.onTheCommittee(viewer, context);
        CodeVersion inForce = inForce(context);
        Rung rung = DecisionTerms.rung(proposal.action(), inForce);
        String action = rung.action();
        List<String> clauses = DecisionTerms.clauses(proposal.clauses(), inForce);
        String reasoning = DecisionTerms.reasoning(proposal.reasoning());
        Duration duration = terms.end(rung, proposal);
        List<String> spaceIds = terms.spaces(proposal.spaces(), context.communityId());
        if (proposal.interim() && !rung.kind().bans()) {
            throw new InvalidInputException("interim", "only a ban can be put in effect as an interim measure");
        }
        if (rung.kind().sanctions() && context.subjectPersonIds().isEmpty()) {
            throw new ConflictException("action", "nobody is confirmed as the person this case is about; confirm them on the case first"
                    + " (what a report names counts only once a member confirms it)");
        }
        String conditions = DecisionTerms.optionalText("conditions", proposal.conditions());
        List<String> noContact = noContact(viewer, caseId, proposal.noContact());
        // What the reporters are told once the decision is in effect: as much as the committee chooses, and only that.
        String tellReporter = DecisionTerms.optionalText("tellReporter", proposal.tellReporter());
        // What the sanctioned person reads in the letter; like the conditions it goes to them, so it must not name a reporter.
        String toSubject = DecisionTerms.optionalText("toSubject", proposal.toSubject());
        if (toSubject != null && rung.kind() == ActionKind.NO_ACTION) throw new InvalidInputException("toSubject", "no letter goes out for no action");
        checkNamesNoReporter(caseId, "toSubject", toSubject);
        checkNamesNoReporter(caseId, "conditions", conditions);
        if (proposal.supersedes() != null) {
            String status = jdbc.sql("SELECT status FROM decision WHERE id = ? AND case_id = ?").params(proposal.supersedes(), caseId)
                    .query(String.class).optional()
                    .orElseThrow(() -> new InvalidInputException("supersedes", "this case has no decision " + Slugs.printable(proposal.supersedes())));
            if (!DecisionStatus.IN_EFFECT.is(status) && !DecisionStatus.AWAITING_APPROVAL.is(status)) {
                throw new ConflictException("supersedes", "that decision is " + status + " and cannot be superseded");
            }
        }

        String id = Ids.newId();
        String key = keys.create();
        long now = clock.millis();
        jdbc.sql("""
                        INSERT INTO decision (id, case_id, action, kind, quorum, clauses, coc_version, coc_sha256, data_key_id, sealed_reasoning,
                            spaces, duration_ms, ends_at, interim, ratify_by, supersedes, suggested_action, sealed_conditions,
                            sealed_reporter_message, sealed_subject_message, proposed_by, proposed_at, status)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, caseId, action, rung.kind().id(), rung.quorum(), String.join(",", clauses), inForce.version(), inForce.sha256(), key,
                        records.seal(key, reasoning, DecisionRecords.REASONING, id), String.join(",", spaceIds),
                        duration == null ? null : duration.toMillis(), proposal.until() == null ? null : proposal.until().toEpochMilli(),
                        proposal.interim(), proposal.interim() ? now + settings.ratifyWithin().toMillis() : null, proposal.supersedes(),
                        ladder.guidance(viewer, context, inForce).suggestedAction(),
                        records.seal(key, conditions, DecisionRecords.CONDITIONS, id),
                        records.seal(key, tellReporter, DecisionRecords.REPORTER_MESSAGE, id),
                        records.seal(key, toSubject, DecisionRecords.SUBJECT_MESSAGE, id), viewer.accountId(), now,
                        DecisionStatus.AWAITING_APPROVAL.word())
                .update();
        for (String person : noContact) records.addNoContact(id, person);
        records.insertVote(id, key, viewer.accountId(), "approve", null);
        events.publishEvent(new CaseStep(caseId, viewer.accountId(), proposal.interim() ? CaseEvent.Kind.INTERIM_MEASURE : CaseEvent.Kind.DECISION_PROPOSED, action));
        audit.record("create", "decision", id, caseId);
        DecisionRow row = records.row(id);
        if (proposal.interim()) effect.takeEffect(row, viewer.accountId());
        voting.settle(records.row(id), context, viewer.accountId());
        return records.view(records.row(id), context);
    }

    private CodeVersion inForce(Cases.DecisionContext context) {
        return code.currentOf(communities.byId(context.communityId()).orElseThrow());
    }

    /**
     * Text that goes to the sanctioned person must not reveal who reported or witnessed: it may not contain their
     * names, addresses or handles as the reports and the case know them. The error does not repeat what matched.
     */
    private void checkNamesNoReporter(String caseId, String field, String text) {
        if (shield.namesReporter(caseId, text)) {
            throw new InvalidInputException(field, "this text goes to the person sanctioned and names someone who reported or witnessed"
                    + " (a name, address or handle from the case); the letter must not reveal them, so leave it out");
        }
    }

    /** The people named in a no-contact order, by their handles. */
    private List<String> noContact(Viewer viewer, String caseId, List<String> handles) {
        if (handles == null || handles.isEmpty()) return List.of();
        if (handles.size() > 20) throw new InvalidInputException("noContact", "at most 20 people in a no-contact order");
        List<String> persons = new ArrayList<>();
        for (String handle : handles) {
            try {
                // One handle: it finds the person known by it, or records them; it never changes who anyone else is.
                String person = people.link(List.of(IdentityHandle.parse(handle)),
                        IdentityAct.byStaff(viewer.accountId(), caseId, "named in a no-contact order")).id();
                if (!persons.contains(person)) persons.add(person);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("noContact", e.getMessage());
            }
        }
        return persons;
    }
}

package org.ombuds.sanctions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.ombuds.audit.AuditLog;
import org.ombuds.cases.Cases;
import org.ombuds.cases.Committee;
import org.ombuds.cases.HandlingCases;
import org.ombuds.cases.ReporterShield;
import org.ombuds.cases.Viewer;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.community.Communities;
import org.ombuds.community.IdentityAct;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.crypto.DataKeys;
import org.ombuds.intake.Intake;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Dates;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RefusedException;
import org.ombuds.platform.Slugs;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decisions on cases: proposed with the clauses of the Code in force and documented reasoning, approved by the
 * quorum the action needs among the committee members who may see the case (recused members cannot vote, and a
 * vote stops counting if its author is recused later), then put in effect as sanctions on the case's subjects.
 * A decision never changes: a new decision supersedes it. An interim measure takes effect at once and lapses
 * unless ratified in time ({@link #endDue()}).
 */
@Service
@EnableConfigurationProperties(DecisionSettings.class)
public class Decisions {
    public static final String NO_ACTION = "no-action";
    public static final String TEMPORARY_BAN = "temporary-ban";
    public static final String PERMANENT_BAN = "permanent-ban";
    static final String AWAITING = "awaiting-approval";
    static final String IN_EFFECT = "in-effect";
    static final String REASONING = "decision.sealed_reasoning";
    static final String COMMENT = "decision_vote.sealed_comment";
    static final String CONDITIONS = "decision.sealed_conditions";
    static final String REPORTER_MESSAGE = "decision.sealed_reporter_message";
    static final String SUBJECT_MESSAGE = "decision.sealed_subject_message";

    private final JdbcClient jdbc;
    private final Cases cases;
    private final HandlingCases handling;
    private final ReporterShield shield;
    private final Communities communities;
    private final CodeOfConduct code;
    private final Spaces spaces;
    private final DataKeys keys;
    private final AuditLog audit;
    private final DecisionSettings settings;
    private final SanctionRecords sanctions;
    private final Sanctions sanctionList;
    private final People people;
    private final Intake intake;
    private final Clock clock;

    Decisions(JdbcClient jdbc, Cases cases, Communities communities, CodeOfConduct code, Spaces spaces, DataKeys keys, AuditLog audit,
              DecisionSettings settings, SanctionRecords sanctions, Sanctions sanctionList, People people, Intake intake, Clock clock,
              HandlingCases handling, ReporterShield shield) {
        this.handling = handling;
        this.shield = shield;
        this.intake = intake;
        this.sanctionList = sanctionList;
        this.people = people;
        this.jdbc = jdbc;
        this.cases = cases;
        this.communities = communities;
        this.code = code;
        this.spaces = spaces;
        this.keys = keys;
        this.audit = audit;
        this.settings = settings;
        this.sanctions = sanctions;
        this.clock = clock;
    }

    /**
     * What a handler proposes. {@code until} (a date) or {@code duration} (ISO-8601 such as P14D, or 14d, 12h) only
     * for a temporary ban; {@code spaces} are slugs, empty = every space of the community.
     */
    public record Proposal(String action, List<String> clauses, String reasoning, Instant until, String duration, List<String> spaces,
                           boolean interim, String supersedes, List<String> noContact, String conditions, String tellReporter,
                           String toSubject) {
        public Proposal(String action, List<String> clauses, String reasoning, Instant until, String duration, List<String> spaces,
                        boolean interim, String supersedes) {
            this(action, clauses, reasoning, until, duration, spaces, interim, supersedes, List.of(), null, null, null);
        }

        public Proposal(String action, List<String> clauses, String reasoning, Instant until, String duration, List<String> spaces,
                        boolean interim, String supersedes, List<String> noContact, String conditions, String tellReporter) {
            this(action, clauses, reasoning, until, duration, spaces, interim, supersedes, noContact, conditions, tellReporter, null);
        }
    }

    /** What the subject's history says: their earlier sanctions the viewer may see, and the next step of the ladder. */
    public record Guidance(List<Sanction> priorSanctions, String suggestedAction) {
    }

    /**
     * The ladder's suggestion for this case: one step above the most severe earlier sanction of its subjects
     * (a second written warning suggests a temporary ban), or its first step. Departing from it is allowed; the
     * decision records what was suggested next to what was decided.
     */
    @Transactional
    public Guidance guidance(Viewer viewer, String caseId) {
        Cases.DecisionContext context = cases.decisionContext(viewer, caseId);
        CodeVersion inForce = code.currentOf(communities.byId(context.communityId()).orElseThrow());
        return guidance(viewer, context, inForce);
    }

    private Guidance guidance(Viewer viewer, Cases.DecisionContext context, CodeVersion inForce) {
        List<Sanction> prior = new ArrayList<>();
        for (String person : context.subjectPersonIds()) {
            for (Sanction sanction : sanctionList.list(viewer, person, false)) {
                if (!sanction.status().equals("overturned") && prior.stream().noneMatch(p -> p.id().equals(sanction.id()))) prior.add(sanction);
            }
        }
        List<org.ombuds.coc.EnforcementAction> ladder = inForce.actions().stream()
                .sorted(java.util.Comparator.comparingInt(org.ombuds.coc.EnforcementAction::rank)).toList();
        int highest = -1;
        for (Sanction sanction : prior) {
            for (int step = 0; step < ladder.size(); step++) {
                if (ladder.get(step).id().equals(sanction.action())) highest = Math.max(highest, step);
            }
        }
        String suggested = ladder.isEmpty() ? NO_ACTION : ladder.get(Math.min(highest + 1, ladder.size() - 1)).id();
        return new Guidance(prior, suggested);
    }

    @Transactional
    public Decision propose(Viewer viewer, String caseId, Proposal proposal) {
        Cases.DecisionContext context = cases.decisionContext(viewer, caseId);
        onTheCommittee(viewer, context);
        CodeVersion inForce = code.currentOf(communities.byId(context.communityId()).orElseThrow());
        String action = action(proposal.action(), inForce);
        List<String> clauses = clauses(proposal.clauses(), inForce);
        String reasoning = proposal.reasoning() == null ? "" : proposal.reasoning().strip();
        if (reasoning.isEmpty() || reasoning.length() > Cases.MAX_TEXT) {
            throw new InvalidInputException("reasoning", "the reasoning is required: say why, in 1 to " + Cases.MAX_TEXT + " characters");
        }
        Duration duration = end(action, proposal);
        List<String> spaceIds = spaces(proposal.spaces(), context.communityId());
        if (proposal.interim() && !action.equals(TEMPORARY_BAN) && !action.equals(PERMANENT_BAN)) {
            throw new InvalidInputException("interim", "only a ban can be put in effect as an interim measure");
        }
        if (!action.equals(NO_ACTION) && context.subjectPersonIds().isEmpty()) {
            throw new ConflictException("action", "nobody is confirmed as the person this case is about; confirm them on the case first"
                    + " (what a report names counts only once a member confirms it)");
        }
        String conditions = optionalText("conditions", proposal.conditions());
        List<String> noContact = noContact(viewer, caseId, proposal.noContact());
        // What the reporters are told once the decision is in effect: as much as the committee chooses, and only that.
        String tellReporter = optionalText("tellReporter", proposal.tellReporter());
        // What the sanctioned person reads in the letter; like the conditions it goes to them, so it must not name a reporter.
        String toSubject = optionalText("toSubject", proposal.toSubject());
        if (toSubject != null && NO_ACTION.equals(action)) throw new InvalidInputException("toSubject", "no letter goes out for no action");
        checkNamesNoReporter(caseId, "toSubject", toSubject);
        checkNamesNoReporter(caseId, "conditions", conditions);
        if (proposal.supersedes() != null) {
            String status = jdbc.sql("SELECT status FROM decision WHERE id = ? AND case_id = ?").params(proposal.supersedes(), caseId)
                    .query(String.class).optional()
                    .orElseThrow(() -> new InvalidInputException("supersedes", "this case has no decision " + Slugs.printable(proposal.supersedes())));
            if (!status.equals(IN_EFFECT) && !status.equals(AWAITING)) {
                throw new ConflictException("supersedes", "that decision is " + status + " and cannot be superseded");
            }
        }

        String id = Ids.newId();
        String key = keys.create();
        long now = clock.millis();
        jdbc.sql("""
                        INSERT INTO decision (id, case_id, action, clauses, coc_version, coc_sha256, data_key_id, sealed_reasoning, spaces,
                            duration_ms, ends_at, interim, ratify_by, supersedes, suggested_action, sealed_conditions, sealed_reporter_message,
                            sealed_subject_message, proposed_by, proposed_at, status)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, caseId, action, String.join(",", clauses), inForce.version(), inForce.sha256(), key,
                        keys.seal(key, reasoning, REASONING + ":" + id), String.join(",", spaceIds),
                        duration == null ? null : duration.toMillis(), proposal.until() == null ? null : proposal.until().toEpochMilli(),
                        proposal.interim(), proposal.interim() ? now + settings.ratifyWithin().toMillis() : null, proposal.supersedes(),
                        guidance(viewer, context, inForce).suggestedAction(),
                        conditions == null ? null : keys.seal(key, conditions, CONDITIONS + ":" + id),
                        tellReporter == null ? null : keys.seal(key, tellReporter, REPORTER_MESSAGE + ":" + id),
                        toSubject == null ? null : keys.seal(key, toSubject, SUBJECT_MESSAGE + ":" + id), viewer.accountId(), now, AWAITING)
                .update();
        for (String person : noContact) {
            jdbc.sql("INSERT INTO decision_no_contact (decision_id, person_id) VALUES (?, ?)").params(id, person).update();
        }
        insertVote(id, key, viewer.accountId(), "approve", null);
        cases.recordDecisionStep(caseId, viewer.accountId(), proposal.interim() ? "interim-measure" : "decision-proposed", action);
        audit.record("create", "decision", id, caseId);
        DecisionRow row = row(id);
        if (proposal.interim()) takeEffect(row, viewer.accountId());
        settle(row(id), context, viewer.accountId());
        return view(row(id), context);
    }

    /**
     * A decision from the committee's records before Ombuds: what was decided and when, the end of a temporary ban,
     * and the spaces (slugs; empty = every space of the community).
     */
    public record PastDecision(String action, List<String> clauses, String reasoning, Instant decidedAt, Instant until, List<String> spaces) {
    }

    /**
     * Whether a past decision can be imported into this community: its action and clauses under the Code in force, its
     * reasoning, its dates and spaces. Throws {@link InvalidInputException} naming the field at fault (action, clauses,
     * reasoning, decided, until or spaces).
     */
    public void checkPast(String communityId, PastDecision past) {
        checkedPast(communityId, past, code.currentOf(communities.byId(communityId).orElseThrow()));
    }

    /** A past decision's clauses (each once) and the ids of its spaces, as checked. */
    private record CheckedPast(List<String> clauses, List<String> spaceIds) {
    }

    private CheckedPast checkedPast(String communityId, PastDecision past, CodeVersion inForce) {
        String action = action(past.action(), inForce);
        List<String> clauses = clauses(past.clauses(), inForce);
        String reasoning = past.reasoning() == null ? "" : past.reasoning().strip();
        if (reasoning.isEmpty() || reasoning.length() > Cases.MAX_TEXT) {
            throw new InvalidInputException("reasoning", "required: say why, in 1 to " + Cases.MAX_TEXT + " characters");
        }
        if (past.decidedAt() == null) throw new InvalidInputException("decided", "required when there is an action");
        if (past.decidedAt().isAfter(clock.instant())) throw new InvalidInputException("decided", "must not be in the future");
        if (action.equals(TEMPORARY_BAN) && past.until() == null) throw new InvalidInputException("until", "required for temporary-ban");
        if (!action.equals(TEMPORARY_BAN) && past.until() != null) throw new InvalidInputException("until", "only a temporary-ban has an end");
        if (past.until() != null && !past.until().isAfter(past.decidedAt())) throw new InvalidInputException("until", "must be after decided");
        return new CheckedPast(clauses, spaces(past.spaces(), communityId));
    }

    /**
     * Records a past decision on an imported case: in effect since it was decided, flagged as imported, proposed by
     * the account that imports (nobody voted on it here), resting on the clauses of the Code in force now. Its
     * sanctions start then; one whose end has passed is on record as ended (see {@link SanctionRecords#startImported}).
     */
    @Transactional
    public String importPast(String caseId, PastDecision past, String importedBy) {
        String communityId = cases.communityOf(caseId);
        CodeVersion inForce = code.currentOf(communities.byId(communityId).orElseThrow());
        CheckedPast checked = checkedPast(communityId, past, inForce);
        String id = Ids.newId();
        String key = keys.create();
        long decidedAt = past.decidedAt().toEpochMilli();
        jdbc.sql("""
                        INSERT INTO decision (id, case_id, action, clauses, coc_version, coc_sha256, data_key_id, sealed_reasoning, spaces,
                            ends_at, interim, proposed_by, proposed_at, status, in_force_at, imported)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, caseId, past.action(), String.join(",", checked.clauses()), inForce.version(), inForce.sha256(), key,
                        keys.seal(key, past.reasoning().strip(), REASONING + ":" + id), String.join(",", checked.spaceIds()),
                        past.until() == null ? null : past.until().toEpochMilli(), false, importedBy, decidedAt, IN_EFFECT, decidedAt, true)
                .update();
        cases.recordDecisionStep(caseId, importedBy, "decision-imported", past.action());
        if (!past.action().equals(NO_ACTION)) {
            DecisionRow row = row(id);
            for (String person : cases.subjectPersonIds(caseId)) sanctions.startImported(row, person, decidedAt, row.endsAt());
        }
        return id;
    }

    /** An approval or objection, with an optional comment; each member votes once. */
    @Transactional
    public Decision vote(Viewer viewer, String decisionId, String vote, String comment) {
        DecisionRow row = jdbc.sql("SELECT * FROM decision WHERE id = ?").param(decisionId).query(DecisionRow::map).optional()
                .orElseThrow(() -> new NotFoundException("there is no decision " + Slugs.printable(String.valueOf(decisionId))));
        Cases.DecisionContext context = cases.decisionContext(viewer, row.caseId());
        onTheCommittee(viewer, context);
        if (!"approve".equals(vote) && !"object".equals(vote)) {
            throw new InvalidInputException("vote", "vote must be 'approve' or 'object'");
        }
        if (!row.open()) {
            throw new ConflictException("vote", "this decision is " + row.status() + (row.status().equals(IN_EFFECT) ? " and ratified" : "")
                    + "; votes are closed");
        }
        if (jdbc.sql("SELECT COUNT(*) FROM decision_vote WHERE decision_id = ? AND account_id = ?").params(decisionId, viewer.accountId())
                .query(Integer.class).single() > 0) {
            throw new ConflictException("vote", "you have voted on this decision already");
        }
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        if (text != null && text.length() > Cases.MAX_TEXT) throw new InvalidInputException("comment", "the comment is too long");
        insertVote(decisionId, row.dataKeyId(), viewer.accountId(), vote, text);
        cases.recordDecisionStep(row.caseId(), viewer.accountId(), vote.equals("approve") ? "decision-approved" : "decision-objected", row.action());
        audit.record(vote, "decision", decisionId, row.caseId());
        settle(row(decisionId), context, viewer.accountId());
        return view(row(decisionId), context);
    }

    /** The decisions on a case, newest first, for those who take part in deciding it. */
    @Transactional
    public List<Decision> ofCase(Viewer viewer, String caseId) {
        Cases.DecisionContext context = cases.decisionContext(viewer, caseId);
        audit.record("read", "decision", null, caseId);
        return jdbc.sql("SELECT * FROM decision WHERE case_id = ? ORDER BY proposed_at DESC, id").param(caseId)
                .query(DecisionRow::map).list().stream().map(row -> view(row, context)).toList();
    }

    /**
     * Ends what is due: interim measures not ratified in time lapse, temporary bans whose end has come end. Run by
     * the scheduler on one node; it also catches up on whatever fell due while no server was running.
     */
    @Transactional
    public int endDue() {
        long now = clock.millis();
        List<DecisionRow> lapsing = jdbc.sql("SELECT * FROM decision WHERE status = ? AND interim = ? AND ratify_by IS NOT NULL AND ratify_by <= ?")
                .params(IN_EFFECT, true, now).query(DecisionRow::map).list();
        for (DecisionRow row : lapsing) {
            jdbc.sql("UPDATE decision SET status = 'lapsed', closed_at = ? WHERE id = ?").params(now, row.id()).update();
            sanctions.endAll(row.id(), "ended", null);
            cases.recordDecisionStep(row.caseId(), null, "interim-lapsed", row.action());
            audit.recordAs("system", "lapse", "decision", row.id(), row.caseId(), "local");
        }
        return lapsing.size() + sanctions.endExpired(now);
    }

    /** A decision that waits for this member's vote: awaiting approval, or an interim measure not yet ratified. */
    public record AwaitingVote(String decisionId, String caseId, String codeName, String action, boolean interim, Instant proposedAt,
                               Instant ratifyBy) {
    }

    /**
     * The open decisions this viewer may vote on and has not voted on yet, oldest first: only admins and moderators
     * vote, and only on cases they may see (a recused member is not asked).
     */
    @Transactional
    public List<AwaitingVote> awaitingVoteOf(Viewer viewer) {
        if (viewer.role() != org.ombuds.accounts.Role.ADMIN && viewer.role() != org.ombuds.accounts.Role.MODERATOR) return List.of();
        List<DecisionRow> open = jdbc.sql("""
                        SELECT d.* FROM decision d
                        WHERE (d.status = :awaiting OR (d.status = :inEffect AND d.interim = :interim AND d.ratify_by IS NOT NULL))
                          AND NOT EXISTS (SELECT 1 FROM decision_vote v WHERE v.decision_id = d.id AND v.account_id = :viewer)
                        ORDER BY d.proposed_at, d.id LIMIT 500""")
                .param("awaiting", AWAITING).param("inEffect", IN_EFFECT).param("interim", true).param("viewer", viewer.accountId())
                .query(DecisionRow::map).list();
        List<AwaitingVote> awaiting = open.stream().filter(DecisionRow::open)
                .filter(row -> cases.maySee(viewer, row.caseId()))
                .map(row -> new AwaitingVote(row.id(), row.caseId(), cases.codeName(row.caseId()), row.action(), row.interim(),
                        Instant.ofEpochMilli(row.proposedAt()), row.ratifyBy() == null ? null : Instant.ofEpochMilli(row.ratifyBy())))
                .toList();
        audit.record("list", "decision", null, null);
        return awaiting;
    }

    /** The staff who took part in deciding on a case: who proposed, approved or objected to any of its decisions. */
    public java.util.Set<String> participants(String caseId) {
        java.util.Set<String> accounts = new LinkedHashSet<>(jdbc.sql("SELECT proposed_by FROM decision WHERE case_id = ?").param(caseId)
                .query(String.class).list());
        accounts.addAll(jdbc.sql("SELECT v.account_id FROM decision_vote v JOIN decision d ON d.id = v.decision_id WHERE d.case_id = ?")
                .param(caseId).query(String.class).list());
        return accounts;
    }

    /** A decision as the appeals module needs it: its case, action, status and when it took effect. */
    public record Appealed(String id, String caseId, String action, String status, Instant inEffectAt, boolean onAppeal) {
    }

    public Optional<Appealed> appealed(String decisionId) {
        return jdbc.sql("SELECT * FROM decision WHERE id = ?").param(decisionId).query(DecisionRow::map).optional()
                .map(row -> new Appealed(row.id(), row.caseId(), row.action(), row.status(),
                        row.inForceAt() == null ? null : Instant.ofEpochMilli(row.inForceAt()), row.onAppeal() != null));
    }

    /**
     * An appeal overturned the decision: it is {@code overturned} and its sanctions are lifted everywhere. Called
     * by the appeals module once it has checked that the reviewer took no part in the case.
     */
    @Transactional
    public void overturnOnAppeal(String decisionId, String reviewerAccountId, String appealId) {
        DecisionRow row = inEffect(decisionId);
        jdbc.sql("UPDATE decision SET status = 'overturned', ratify_by = NULL, closed_at = ? WHERE id = ?").params(clock.millis(), row.id()).update();
        sanctions.endAll(row.id(), "overturned", "overturned");
        cases.recordDecisionStep(row.caseId(), reviewerAccountId, "decision-overturned", appealId);
        audit.record("overturn", "decision", row.id(), row.caseId());
    }

    /** New terms an appeal's reviewer sets (a shorter ban, a milder action); the end counts from the original start. */
    public record Modification(String action, Instant until, String duration, String reasoning) {
    }

    /**
     * An appeal modified the decision: a new decision with the reviewer's terms supersedes it at once (no quorum:
     * the independent reviewer decides) and is final. Same clauses, Code version, spaces, conditions and no-contact
     * order as the original. Called by the appeals module once it has checked the reviewer.
     */
    @Transactional
    public String modifyOnAppeal(String decisionId, String reviewerAccountId, String appealId, Modification terms) {
        DecisionRow original = inEffect(decisionId);
        if (terms.action() == null || terms.action().equals(NO_ACTION)) {
            throw new InvalidInputException("action", "to lift the measure altogether, overturn the decision instead");
        }
        CodeVersion version = code.version(communities.byId(cases.communityOf(original.caseId())).orElseThrow().slug(), original.codeVersion());
        String action = action(terms.action(), version);
        String reasoning = terms.reasoning() == null ? "" : terms.reasoning().strip();
        if (reasoning.isEmpty()) throw new InvalidInputException("reasoning", "the reasoning is required: say why the terms change");
        Long endsAt = null;
        if (action.equals(TEMPORARY_BAN)) {
            if (terms.until() != null && terms.duration() != null && !terms.duration().isBlank()) {
                throw new InvalidInputException("until", "give either an end date (until) or a duration, not both");
            }
            if (terms.until() != null) {
                endsAt = Dates.recordable("until", terms.until()).toEpochMilli();
            } else if (terms.duration() != null && !terms.duration().isBlank()) {
                endsAt = (original.inForceAt() == null ? clock.millis() : original.inForceAt()) + parseDuration(terms.duration()).toMillis();
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
                        INSERT INTO decision (id, case_id, action, clauses, coc_version, coc_sha256, data_key_id, sealed_reasoning, spaces,
                            duration_ms, ends_at, interim, ratify_by, supersedes, suggested_action, sealed_conditions, sealed_reporter_message,
                            sealed_subject_message, proposed_by, proposed_at, status, on_appeal)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, NULL, ?, NULL, NULL, ?, ?, ?, ?)""")
                .params(id, original.caseId(), action, original.clauses(), original.codeVersion(), original.codeSha256(), key,
                        keys.seal(key, reasoning, REASONING + ":" + id), original.spaces(), endsAt, false, original.id(),
                        original.sealedConditions() == null ? null
                                : keys.seal(key, keys.open(original.dataKeyId(), original.sealedConditions(), CONDITIONS + ":" + original.id()),
                                CONDITIONS + ":" + id),
                        reviewerAccountId, now, AWAITING, appealId)
                .update();
        jdbc.sql("INSERT INTO decision_no_contact (decision_id, person_id) SELECT ?, person_id FROM decision_no_contact WHERE decision_id = ?")
                .params(id, original.id()).update();
        cases.recordDecisionStep(original.caseId(), reviewerAccountId, "decision-modified", appealId);
        audit.record("create", "decision", id, original.caseId());
        takeEffect(row(id), reviewerAccountId);
        return id;
    }

    private DecisionRow inEffect(String decisionId) {
        DecisionRow row = jdbc.sql("SELECT * FROM decision WHERE id = ?").param(decisionId).query(DecisionRow::map).optional()
                .orElseThrow(() -> new NotFoundException("there is no decision " + Slugs.printable(String.valueOf(decisionId))));
        if (!row.status().equals(IN_EFFECT)) throw new ConflictException("decision", "the decision is " + row.status() + ", not in effect");
        return row;
    }

    /**
     * Counts the votes of the case's committee members who may still see the case; in effect, ratified or rejected as
     * they stand (see {@link Quorum}).
     */
    private void settle(DecisionRow row, Cases.DecisionContext context, String actor) {
        if (!row.open()) return;
        Committee committee = context.committee();
        Set<String> voters = new LinkedHashSet<>(committee.voters());
        int needed = needed(row.action(), committee);
        List<String[]> votes = jdbc.sql("SELECT account_id, vote FROM decision_vote WHERE decision_id = ?").param(row.id())
                .query((r, n) -> new String[] {r.getString(1), r.getString(2)}).list();
        long approvals = votes.stream().filter(v -> voters.contains(v[0]) && v[1].equals("approve")).count();
        long objections = votes.stream().filter(v -> voters.contains(v[0]) && v[1].equals("object")).count();
        if (approvals >= needed) {
            if (row.status().equals(IN_EFFECT)) {
                jdbc.sql("UPDATE decision SET ratify_by = NULL WHERE id = ?").param(row.id()).update();
                cases.recordDecisionStep(row.caseId(), actor, "interim-ratified", row.action());
                handling.decisionTookEffect(row.caseId(), actor, row.action());
            } else {
                takeEffect(row, actor);
            }
        } else if (Quorum.outvoted(needed, objections, committee)) {
            jdbc.sql("UPDATE decision SET status = 'rejected', ratify_by = NULL, closed_at = ? WHERE id = ?").params(clock.millis(), row.id()).update();
            sanctions.endAll(row.id(), "lifted", "rejected");
            cases.recordDecisionStep(row.caseId(), actor, "decision-rejected", row.action());
        }
    }

    /**
     * Only the case's committee proposes and votes: a member who joined after the case opened is told so plainly rather
     * than casting a vote that would not count (and could not be told apart from one that does).
     */
    private static void onTheCommittee(Viewer viewer, Cases.DecisionContext context) {
        if (!context.committee().voters().contains(viewer.accountId())) {
            throw new RefusedException("action", "you were not on the committee when this case opened, so you do not propose or vote on its"
                    + " decisions: a case is decided by the committee it was brought to");
        }
    }

    private int needed(String action, Committee committee) {
        return Quorum.required(settings.rule(action), settings.minimum(action), committee);
    }

    private void takeEffect(DecisionRow row, String actor) {
        long now = clock.millis();
        jdbc.sql("UPDATE decision SET status = ?, in_force_at = ? WHERE id = ?").params(IN_EFFECT, now, row.id()).update();
        if (row.supersedes() != null) {
            jdbc.sql("UPDATE decision SET status = 'superseded', ratify_by = NULL, closed_at = ? WHERE id = ? AND status IN (?, ?)")
                    .params(now, row.supersedes(), IN_EFFECT, AWAITING).update();
            sanctions.endAll(row.supersedes(), "lifted", row.onAppeal() != null ? "modified" : "superseded");
        }
        if (!row.action().equals(NO_ACTION)) {
            Long endsAt = row.endsAt() != null ? row.endsAt() : row.durationMs() != null ? now + row.durationMs() : null;
            for (String person : cases.subjectPersonIds(row.caseId())) {
                sanctions.start(row, person, now, endsAt);
            }
        }
        if (row.interim()) {
            cases.recordDecisionStep(row.caseId(), actor, "interim-in-effect", row.action());
        } else {
            handling.decisionTookEffect(row.caseId(), actor, row.action());
        }
        if (row.sealedReporterMessage() != null) {
            String message = keys.open(row.dataKeyId(), row.sealedReporterMessage(), REPORTER_MESSAGE + ":" + row.id());
            for (String reportId : cases.reportIdsOf(row.caseId())) intake.messageReporter(reportId, row.proposedBy(), message);
            cases.recordDecisionStep(row.caseId(), actor, "outcome-to-reporter", row.action());
        }
        audit.record("take-effect", "decision", row.id(), row.caseId());
    }

    private void insertVote(String decisionId, String key, String accountId, String vote, String comment) {
        jdbc.sql("INSERT INTO decision_vote (decision_id, account_id, vote, sealed_comment, voted_at) VALUES (?, ?, ?, ?, ?)")
                .params(decisionId, accountId, vote, comment == null ? null : keys.seal(key, comment, COMMENT + ":" + decisionId), clock.millis())
                .update();
    }

    private String action(String action, CodeVersion inForce) {
        if (NO_ACTION.equals(action)) return action;
        if (action == null || inForce.actions().stream().noneMatch(a -> a.id().equals(action))) {
            throw new InvalidInputException("action", "action must be no-action or one of the Code's actions: "
                    + String.join(", ", inForce.actions().stream().map(a -> a.id()).toList()));
        }
        return action;
    }

    private static List<String> clauses(List<String> clauses, CodeVersion inForce) {
        if (clauses == null || clauses.isEmpty()) {
            throw new InvalidInputException("clauses", "name the clauses of the Code the decision rests on (category ids such as harassment)");
        }
        for (String clause : clauses) {
            if (!inForce.defines(clause)) {
                throw new InvalidInputException("clauses", "'" + Slugs.printable(String.valueOf(clause)) + "' is not a category of the Code in force ("
                        + String.join(", ", inForce.categories().stream().map(c -> c.id()).toList()) + ")");
            }
        }
        return List.copyOf(new LinkedHashSet<>(clauses));
    }

    private Duration end(String action, Proposal proposal) {
        boolean hasEnd = proposal.until() != null || (proposal.duration() != null && !proposal.duration().isBlank());
        if (!action.equals(TEMPORARY_BAN)) {
            if (hasEnd) throw new InvalidInputException("until", "only a temporary ban has an end");
            return null;
        }
        if (proposal.until() != null && proposal.duration() != null) {
            throw new InvalidInputException("until", "give either an end date (until) or a duration, not both");
        }
        if (proposal.until() != null) {
            Dates.recordable("until", proposal.until());
            if (!proposal.until().isAfter(clock.instant())) throw new InvalidInputException("until", "the end must be in the future");
            return null;
        }
        if (!hasEnd) throw new InvalidInputException("until", "a temporary ban needs an end: until (a date) or duration (such as P14D)");
        Duration duration = parseDuration(proposal.duration());
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(3650)) > 0) {
            throw new InvalidInputException("duration", "the duration must be positive and at most ten years");
        }
        return duration;
    }

    static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.matches("\\d{1,5}[dhm]")) {
                long amount = Long.parseLong(value.substring(0, value.length() - 1));
                return switch (value.charAt(value.length() - 1)) {
                    case 'd' -> Duration.ofDays(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofMinutes(amount);
                };
            }
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("duration", "'" + Slugs.printable(text) + "' is not a duration; write it like P14D, 14d or 12h");
        }
    }

    private static String optionalText(String field, String text) {
        if (text == null || text.isBlank()) return null;
        if (text.strip().length() > Cases.MAX_TEXT) throw new InvalidInputException(field, "the text is too long (at most " + Cases.MAX_TEXT + " characters)");
        return text.strip();
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

    private List<String> spaces(List<String> slugs, String communityId) {
        List<Space> ofCommunity = spaces.of(communityId);
        if (slugs == null || slugs.isEmpty()) return ofCommunity.stream().map(Space::id).toList();
        List<String> ids = new ArrayList<>();
        for (String slug : slugs) {
            ids.add(ofCommunity.stream().filter(space -> space.slug().equals(slug)).findFirst().map(Space::id)
                    .orElseThrow(() -> new InvalidInputException("spaces", "the community has no space '" + Slugs.printable(String.valueOf(slug)) + "'")));
        }
        return ids;
    }

    private DecisionRow row(String id) {
        return jdbc.sql("SELECT * FROM decision WHERE id = ?").param(id).query(DecisionRow::map).single();
    }

    private Decision view(DecisionRow row, Cases.DecisionContext context) {
        List<Decision.Vote> votes = jdbc.sql("SELECT account_id, vote, sealed_comment, voted_at FROM decision_vote WHERE decision_id = ? ORDER BY voted_at")
                .param(row.id())
                .query((r, n) -> {
                    String sealed = r.getString("sealed_comment");
                    return new Decision.Vote(r.getString("account_id"), null, r.getString("vote"),
                            sealed == null ? null : keys.open(row.dataKeyId(), sealed, COMMENT + ":" + row.id()), Instant.ofEpochMilli(r.getLong("voted_at")));
                }).list();
        Duration duration = row.durationMs() == null ? null : Duration.ofMillis(row.durationMs());
        return new Decision(row.id(), row.caseId(), row.action(), List.of(row.clauses().split(",")),
                row.sealedReasoning().isEmpty() ? null : keys.open(row.dataKeyId(), row.sealedReasoning(), REASONING + ":" + row.id()),
                row.codeVersion(), row.codeSha256(),
                row.spaces().isEmpty() ? List.of() : List.of(row.spaces().split(",")), duration == null ? null : duration.toString(),
                row.endsAt() == null ? null : Instant.ofEpochMilli(row.endsAt()), row.interim(),
                row.ratifyBy() == null ? null : Instant.ofEpochMilli(row.ratifyBy()), row.supersedes(), row.proposedBy(),
                Instant.ofEpochMilli(row.proposedAt()), row.status(), row.inForceAt() == null ? null : Instant.ofEpochMilli(row.inForceAt()),
                needed(row.action(), context.committee()), context.committee().members().size(), votes, row.suggestedAction(),
                row.sealedConditions() == null ? null : keys.open(row.dataKeyId(), row.sealedConditions(), CONDITIONS + ":" + row.id()),
                jdbc.sql("SELECT person_id FROM decision_no_contact WHERE decision_id = ?").param(row.id()).query(String.class).list().stream()
                        .flatMap(person -> people.byId(person).stream()).flatMap(person -> person.handles().stream()).map(IdentityHandle::toString)
                        .toList(),
                row.sealedSubjectMessage() == null ? null : keys.open(row.dataKeyId(), row.sealedSubjectMessage(), SUBJECT_MESSAGE + ":" + row.id()),
                row.imported());
    }

    /**
     * Decisions that took effect in [from, to) and stood (a rejected or lapsed interim measure does not count), for
     * transparency reports: action, spaces (slugs) and, for a case's first decision in effect, the time since the case
     * was opened.
     */
    public List<DecisionStatistic> statistics(Instant from, Instant to) {
        record Row(String caseId, String action, String spaces, long inForceAt) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT case_id, action, spaces, in_force_at FROM decision
                        WHERE in_force_at >= ? AND in_force_at < ? AND status NOT IN ('rejected', 'lapsed') ORDER BY in_force_at, id""")
                .params(from.toEpochMilli(), to.toEpochMilli())
                .query((row, n) -> new Row(row.getString(1), row.getString(2), row.getString(3), row.getLong(4))).list();
        java.util.Map<String, Long> firsts = new java.util.HashMap<>();
        jdbc.sql("""
                        SELECT case_id, MIN(in_force_at) FROM decision WHERE in_force_at IS NOT NULL AND status NOT IN ('rejected', 'lapsed')
                        GROUP BY case_id HAVING MIN(in_force_at) >= ? AND MIN(in_force_at) < ?""")
                .params(from.toEpochMilli(), to.toEpochMilli())
                .query((row, n) -> firsts.put(row.getString(1), row.getLong(2))).list();
        java.util.Map<String, Instant> opened = cases.openedAt(firsts.keySet());
        java.util.Map<String, String> slugsById = new java.util.HashMap<>();
        spaces.all().forEach(space -> slugsById.put(space.id(), space.slug()));
        List<DecisionStatistic> statistics = new ArrayList<>();
        for (Row row : rows) {
            Long first = firsts.remove(row.caseId());
            Duration toDecide = first != null && first == row.inForceAt() && opened.containsKey(row.caseId())
                    ? Duration.between(opened.get(row.caseId()), Instant.ofEpochMilli(first)) : null;
            if (first != null && toDecide == null) firsts.put(row.caseId(), first);
            List<String> covered = row.spaces().isBlank()
                    ? spaces.of(cases.communityOf(row.caseId())).stream().map(Space::slug).toList()
                    : java.util.Arrays.stream(row.spaces().split(",")).map(id -> slugsById.getOrDefault(id, id)).toList();
            statistics.add(new DecisionStatistic(Instant.ofEpochMilli(row.inForceAt()), row.action(), covered, toDecide));
        }
        return statistics;
    }
}

package org.ombuds.sanctions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ombuds.cases.Viewer;
import org.ombuds.platform.InvalidInputException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decisions on cases, the module's one door for the others: each method hands over to the activity that does it.
 * Proposed with the clauses of the Code in force and documented reasoning ({@link ProposingDecision}), approved by the
 * quorum the action needs among the case's committee ({@link VotingOnDecision}, {@link QuorumPolicy}), put in effect as
 * sanctions on the case's subjects ({@link TakingEffect}). A decision never changes: a new decision supersedes it. An
 * interim measure takes effect at once and lapses unless ratified in time ({@link EndingDueMeasures}). Appeals'
 * outcomes: {@link DecidingOnAppeal}; earlier records: {@link ImportingPastDecisions}; reads: {@link DecisionReads}.
 */
@Service
@EnableConfigurationProperties(DecisionSettings.class)
public class Decisions {
    /** The default Code's action ids, as the API and earlier records name them; what they do is their {@link org.ombuds.coc.ActionKind}. */
    public static final String NO_ACTION = "no-action";
    public static final String TEMPORARY_BAN = "temporary-ban";
    public static final String PERMANENT_BAN = "permanent-ban";

    private final ProposingDecision proposing;
    private final VotingOnDecision voting;
    private final EndingDueMeasures ending;
    private final ImportingPastDecisions importing;
    private final DecidingOnAppeal appeals;
    private final DecisionReads reads;

    Decisions(ProposingDecision proposing, VotingOnDecision voting, EndingDueMeasures ending, ImportingPastDecisions importing,
              DecidingOnAppeal appeals, DecisionReads reads) {
        this.proposing = proposing;
        this.voting = voting;
        this.ending = ending;
        this.importing = importing;
        this.appeals = appeals;
        this.reads = reads;
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
     * A decision from the committee's records before Ombuds: what was decided and when, the end of a temporary ban,
     * and the spaces (slugs; empty = every space of the community).
     */
    public record PastDecision(String action, List<String> clauses, String reasoning, Instant decidedAt, Instant until, List<String> spaces) {
    }

    /** A decision that waits for this member's vote: awaiting approval, or an interim measure not yet ratified. */
    public record AwaitingVote(String decisionId, String caseId, String codeName, String action, boolean interim, Instant proposedAt,
                               Instant ratifyBy) {
    }

    /** A decision as the appeals module needs it: its case, action, status and when it took effect. */
    public record Appealed(String id, String caseId, String action, String status, Instant inEffectAt, boolean onAppeal) {
    }

    /** New terms an appeal's reviewer sets (a shorter ban, a milder action); the end counts from the original start. */
    public record Modification(String action, Instant until, String duration, String reasoning) {
    }

    /** The ladder's suggestion for this case (see {@link SuggestingNextStep}). */
    @Transactional
    public Guidance guidance(Viewer viewer, String caseId) {
        return proposing.guidance(viewer, caseId);
    }

    @Transactional
    public Decision propose(Viewer viewer, String caseId, Proposal proposal) {
        return proposing.propose(viewer, caseId, proposal);
    }

    /**
     * Whether a past decision can be imported into this community: its action and clauses under the Code in force, its
     * reasoning, its dates and spaces. Throws {@link InvalidInputException} naming the field at fault (action, clauses,
     * reasoning, decided, until or spaces).
     */
    public void checkPast(String communityId, PastDecision past) {
        importing.check(communityId, past);
    }

    /**
     * Records a past decision on an imported case: in effect since it was decided, flagged as imported, proposed by
     * the account that imports (nobody voted on it here), resting on the clauses of the Code in force now. Its
     * sanctions start then; one whose end has passed is on record as ended (see {@link SanctionRecords#startImported}).
     */
    @Transactional
    public String importPast(String caseId, PastDecision past, String importedBy) {
        return importing.importPast(caseId, past, importedBy);
    }

    /** An approval or objection, with an optional comment; each member votes once. */
    @Transactional
    public Decision vote(Viewer viewer, String decisionId, String vote, String comment) {
        return voting.vote(viewer, decisionId, vote, comment);
    }

    /** The decisions on a case, newest first, for those who take part in deciding it. */
    @Transactional
    public List<Decision> ofCase(Viewer viewer, String caseId) {
        return reads.ofCase(viewer, caseId);
    }

    /** Ends what is due: interim measures not ratified in time lapse, temporary bans whose end has come end. */
    @Transactional
    public int endDue() {
        return ending.endDue();
    }

    /** The open decisions this viewer may vote on and has not voted on yet, oldest first. */
    @Transactional
    public List<AwaitingVote> awaitingVoteOf(Viewer viewer) {
        return reads.awaitingVoteOf(viewer);
    }

    /** The staff who took part in deciding on a case: who proposed, approved or objected to any of its decisions. */
    public Set<String> participants(String caseId) {
        return reads.participants(caseId);
    }

    public Optional<Appealed> appealed(String decisionId) {
        return appeals.appealed(decisionId);
    }

    /**
     * An appeal overturned the decision: it is {@code overturned} and its sanctions are lifted everywhere. Called
     * by the appeals module once it has checked that the reviewer took no part in the case.
     */
    @Transactional
    public void overturnOnAppeal(String decisionId, String reviewerAccountId, String appealId) {
        appeals.overturn(decisionId, reviewerAccountId, appealId);
    }

    /**
     * An appeal modified the decision: a new decision with the reviewer's terms supersedes it at once (no quorum:
     * the independent reviewer decides) and is final. Called by the appeals module once it has checked the reviewer.
     */
    @Transactional
    public String modifyOnAppeal(String decisionId, String reviewerAccountId, String appealId, Modification terms) {
        return appeals.modify(decisionId, reviewerAccountId, appealId, terms);
    }

    /** Decisions that took effect in [from, to) and stood, for transparency reports (see {@link DecisionReads#statistics}). */
    public List<DecisionStatistic> statistics(Instant from, Instant to) {
        return reads.statistics(from, to);
    }
}

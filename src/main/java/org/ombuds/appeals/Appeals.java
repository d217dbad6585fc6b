package org.ombuds.appeals;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ombuds.appeals.internal.AssigningReviewer;
import org.ombuds.appeals.internal.DecidingAppeal;
import org.ombuds.appeals.internal.ExchangingMessages;
import org.ombuds.appeals.internal.FilingAppeal;
import org.ombuds.appeals.internal.PurgingAppeals;
import org.ombuds.appeals.internal.ReadingAppeals;
import org.springframework.stereotype.Service;

/**
 * Appeals against decisions, the module's public face. The sanctioned person files one through the personal link in
 * their letter, within its window ({@code FilingAppeal}); it goes to a reviewer who took no part in the case
 * ({@link AppealReviewers}, {@code AssigningReviewer}), or waits, visibly, for an admin to find one. The reviewer reads
 * the case (read access granted for the appeal only; every read is audited), may ask the appellant questions through
 * the appeal ({@code ExchangingMessages}), and upholds, modifies or overturns the decision with reasoning
 * ({@code DecidingAppeal}). One appeal per decision; an admin may reopen an upheld one for another reviewer.
 * Each method hands over to the activity in {@code internal/} that does it; the API and pages, which span the whole
 * appeal, call this face too.
 */
@Service
public class Appeals {
    public static final String AWAITING_REVIEWER = "awaiting-reviewer";
    public static final String IN_REVIEW = "in-review";
    public static final String DECIDED = "decided";
    public static final Set<String> OUTCOMES = Set.of("upheld", "modified", "overturned");

    private final FilingAppeal filing;
    private final ExchangingMessages messages;
    private final AssigningReviewer assigning;
    private final DecidingAppeal deciding;
    private final ReadingAppeals reading;
    private final PurgingAppeals purging;

    Appeals(FilingAppeal filing, ExchangingMessages messages, AssigningReviewer assigning, DecidingAppeal deciding, ReadingAppeals reading,
            PurgingAppeals purging) {
        this.filing = filing;
        this.messages = messages;
        this.assigning = assigning;
        this.deciding = deciding;
        this.reading = reading;
        this.purging = purging;
    }

    /** What the reviewer decides: upheld, modified (with new terms) or overturned, always with reasoning. */
    public record Outcome(String outcome, String reasoning, String action, Instant until, String duration, String tellReporter) {
    }

    /** Who hears of an appeal's activity, and what they are told (for notifications only). */
    public record Recipients(Optional<String> reviewerEmail, Optional<String> appellantEmail, List<String> adminEmails, String latestQuestion,
                             String outcome, String reasoning) {
    }

    /** An appeal as its appellant sees it (the reviewer unnamed), for a data-subject export. */
    public record Filed(String id, String caseId, String decisionId, String status, String outcome, Instant filedAt, Instant decidedAt,
                        String statement, String evidence, String reasoning, List<Message> messages) {
    }

    // ---- the appellant, through their link ----

    /** What the appellant sees: the decision as their letter told it, until when they may appeal, and their appeal. */
    public AppellantView view(String token, String client) {
        return filing.view(token, client);
    }

    /** Files the appeal: within the window, once per decision, for a decision still in effect. */
    public String file(String token, String client, String statement, String evidence) {
        return filing.file(token, client, statement, evidence);
    }

    /** The appellant answers the reviewer (or adds something) while the appeal is open. */
    public void reply(String token, String client, String body) {
        messages.reply(token, client, body);
    }

    // ---- staff ----

    /** Admins see every appeal but those on cases they are recused from; anyone else the appeals they review. */
    public List<AppealSummary> list(String accountId) {
        return reading.list(accountId);
    }

    /** The appeal for its reviewer or an admin; 404 for anyone else. */
    public AppealDetail detail(String accountId, String appealId) {
        return reading.detail(accountId, appealId);
    }

    /** An admin assigns (or replaces) the reviewer; only someone who took no part in the case. */
    public void assign(String adminAccountId, String appealId, String reviewerEmail) {
        assigning.assign(adminAccountId, appealId, reviewerEmail);
    }

    /** The reviewer asks the appellant something; they read it through their link (and by email when known). */
    public void ask(String reviewerAccountId, String appealId, String body) {
        messages.ask(reviewerAccountId, appealId, body);
    }

    public void decide(String reviewerAccountId, String appealId, Outcome outcome) {
        deciding.decide(reviewerAccountId, appealId, outcome);
    }

    /** An admin reopens an upheld appeal: it goes to another reviewer who took no part, the previous one excluded. */
    public void reopen(String adminAccountId, String appealId) {
        assigning.reopen(adminAccountId, appealId);
    }

    public Recipients recipients(String appealId) {
        return reading.recipients(appealId);
    }

    // ---- retention, data-subject requests, transparency ----

    /** Purges the appeals on a case (content and keys; status, outcome and dates stay). Returns how many were purged now. */
    public int purge(String caseId) {
        return purging.purge(caseId);
    }

    /** The appeals filed through the appeal links of these person records' sanctions, opened. Callers check the reader. */
    public List<Filed> filedBy(Collection<String> personIds) {
        return reading.filedBy(personIds);
    }

    /** Appeals filed or decided in [from, to): dates and outcome only, for transparency reports. */
    public List<AppealStatistic> statistics(Instant from, Instant to) {
        return reading.statistics(from, to);
    }
}

package org.ombuds.appeals;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.CaseLetters;
import org.ombuds.cases.Cases;
import org.ombuds.cases.GrantingReview;
import org.ombuds.cases.ReporterShield;
import org.ombuds.community.People;
import org.ombuds.crypto.DataKeys;
import org.ombuds.intake.Intake;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.Ids;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.ombuds.platform.RateLimits;
import org.ombuds.sanctions.AppealLinks;
import org.ombuds.sanctions.Decisions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appeals against decisions. The sanctioned person files one through the personal link in their letter, within its
 * window; it goes to a reviewer who took no part in the case ({@link AppealReviewers}), or waits, visibly, for an
 * admin to find one. The reviewer reads the case (read access granted for the appeal only; every read is audited),
 * may ask the appellant questions through the appeal, and upholds, modifies or overturns the decision with reasoning.
 * One appeal per decision; an admin may reopen an upheld one for another reviewer.
 */
@Service
public class Appeals {
    public static final String AWAITING_REVIEWER = "awaiting-reviewer";
    public static final String IN_REVIEW = "in-review";
    public static final String DECIDED = "decided";
    public static final Set<String> OUTCOMES = Set.of("upheld", "modified", "overturned");
    static final int MAX_TEXT = 20_000;
    private static final String STATEMENT = "appeal.sealed_statement";
    private static final String EVIDENCE = "appeal.sealed_evidence";
    private static final String REASONING = "appeal.sealed_reasoning";
    private static final String MESSAGE = "appeal_message.sealed_body";

    private final JdbcClient jdbc;
    private final AppealLinks links;
    private final AppealReviewers reviewers;
    private final Decisions decisions;
    private final Cases cases;
    private final CaseLetters caseLetters;
    private final GrantingReview review;
    private final ReporterShield shield;
    private final Accounts accounts;
    private final Intake intake;
    private final People people;
    private final DataKeys keys;
    private final AuditLog audit;
    private final RateLimits limits;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Appeals(JdbcClient jdbc, AppealLinks links, AppealReviewers reviewers, Decisions decisions, Cases cases, Accounts accounts, Intake intake,
            People people, DataKeys keys, AuditLog audit, RateLimits limits, ApplicationEventPublisher events, Clock clock,
            CaseLetters caseLetters, GrantingReview review, ReporterShield shield) {
        this.caseLetters = caseLetters;
        this.review = review;
        this.shield = shield;
        this.jdbc = jdbc;
        this.links = links;
        this.reviewers = reviewers;
        this.decisions = decisions;
        this.cases = cases;
        this.accounts = accounts;
        this.intake = intake;
        this.people = people;
        this.keys = keys;
        this.audit = audit;
        this.limits = limits;
        this.events = events;
        this.clock = clock;
    }

    // ---- the appellant, through their link ----

    /** What the appellant sees: the decision as their letter told it, until when they may appeal, and their appeal. */
    @Transactional
    public AppellantView view(String token, String client) {
        AppealLinks.Link link = link(token, client);
        Decisions.Appealed decision = decisions.appealed(link.decisionId()).orElseThrow();
        Optional<AppealRow> appeal = appealOf(link.decisionId());
        audit.recordAs("appellant", "read", "appeal", appeal.map(AppealRow::id).orElse(null), link.caseId(), "local");
        String letter = caseLetters.committeeLetter("sanction:" + link.sanctionId() + ":decided").orElse(null);
        boolean mayFile = appeal.isEmpty() && link.open(clock.instant()) && decision.status().equals("in-effect") && !decision.onAppeal();
        return new AppellantView(decision.action(), decision.status(), letter, link.expiresAt(), mayFile,
                appeal.map(row -> appellantAppeal(row)).orElse(null));
    }

    /** Files the appeal: within the window, once per decision, for a decision still in effect. */
    @Transactional
    public String file(String token, String client, String statement, String evidence) {
        AppealLinks.Link link = link(token, client);
        Decisions.Appealed decision = decisions.appealed(link.decisionId()).orElseThrow();
        if (!link.open(clock.instant())) {
            throw new ConflictException("token", "this appeal link could be used until " + link.expiresAt() + "; the time to appeal has passed",
                    "expired", link.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString());
        }
        if (appealOf(link.decisionId()).isPresent()) {
            throw new ConflictException("statement", "an appeal of this decision was filed already; follow it through the same link", "filed");
        }
        if (decision.onAppeal()) throw new ConflictException("statement", "this decision was made on appeal and is final", "final");
        if (!decision.status().equals("in-effect")) {
            throw new ConflictException("statement", "this decision is " + decision.status() + " and no longer stands; there is nothing to appeal",
                    "noLongerStands");
        }
        String text = required("statement", statement);
        String evidenceText = optional("evidence", evidence);
        String id = Ids.newId();
        String key = keys.create();
        long now = clock.millis();
        jdbc.sql("""
                        INSERT INTO appeal (id, link_id, decision_id, case_id, data_key_id, sealed_statement, sealed_evidence, status, filed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, link.id(), link.decisionId(), link.caseId(), key, keys.seal(key, text, STATEMENT + ":" + id),
                        evidenceText == null ? null : keys.seal(key, evidenceText, EVIDENCE + ":" + id), AWAITING_REVIEWER, now)
                .update();
        event(id, null, "filed", decision.action());
        cases.recordDecisionStep(link.caseId(), null, "appeal-filed", id);
        audit.recordAs("appellant", "create", "appeal", id, link.caseId(), "local");
        assignNext(id, link.caseId(), Set.of(), null);
        return id;
    }

    /** The appellant answers the reviewer (or adds something) while the appeal is open. */
    @Transactional
    public void reply(String token, String client, String body) {
        AppealLinks.Link link = link(token, client);
        AppealRow appeal = appealOf(link.decisionId()).orElseThrow(() -> new NotFoundException("no appeal was filed through this link yet"));
        if (appeal.status().equals(DECIDED)) throw new ConflictException("body", "this appeal was decided; it takes no more messages", "decided");
        addMessage(appeal, "appellant", null, required("body", body));
        audit.recordAs("appellant", "create", "appeal-message", appeal.id(), appeal.caseId(), "local");
        events.publishEvent(new AppealActivity(appeal.id(), AppealActivity.Kind.APPELLANT_WROTE));
    }

    // ---- staff ----

    /** Admins see every appeal but those on cases they are recused from; anyone else the appeals they review. */
    @Transactional
    public List<AppealSummary> list(String accountId) {
        Account viewer = accounts.require(accountId);
        String where = viewer.role() == Role.ADMIN ? "" : " WHERE a.reviewer_id = :viewer";
        audit.record("list", "appeal", null, null);
        return jdbc.sql("SELECT a.* FROM appeal a" + where + " ORDER BY a.filed_at DESC LIMIT 500").param("viewer", accountId)
                .query(AppealRow::map).list().stream()
                .filter(appeal -> accountId.equals(appeal.reviewerId()) || !cases.isRecused(accountId, appeal.caseId()))
                .map(this::summary).toList();
    }

    /** The appeal for its reviewer or an admin; 404 for anyone else. */
    @Transactional
    public AppealDetail detail(String accountId, String appealId) {
        AppealRow appeal = visible(accountId, appealId);
        audit.record("read", "appeal", appeal.id(), appeal.caseId());
        String letter = jdbc.sql("SELECT sanction_id FROM sanction_appeal_link WHERE id = ?").param(appeal.linkId()).query(String.class).optional()
                .flatMap(sanction -> caseLetters.committeeLetter("sanction:" + sanction + ":decided")).orElse(null);
        List<AppealDetail.Event> history = jdbc.sql("SELECT at, actor_account_id, kind, detail FROM appeal_event WHERE appeal_id = ? ORDER BY at, id")
                .param(appeal.id())
                .query((r, n) -> new AppealDetail.Event(Instant.ofEpochMilli(r.getLong(1)), name(r.getString(2)), r.getString(3), r.getString(4)))
                .list();
        return new AppealDetail(summary(appeal), open(appeal, appeal.sealedStatement(), STATEMENT),
                appeal.sealedEvidence() == null ? null : open(appeal, appeal.sealedEvidence(), EVIDENCE), letter, messages(appeal, false),
                appeal.sealedReasoning() == null ? null : open(appeal, appeal.sealedReasoning(), REASONING), appeal.newDecisionId(), history,
                appeal.status().equals(DECIDED) ? List.of() : eligibleNames(appeal));
    }

    /** An admin assigns (or replaces) the reviewer; only someone who took no part in the case. */
    @Transactional
    public void assign(String adminAccountId, String appealId, String reviewerEmail) {
        requireAdmin(adminAccountId);
        AppealRow appeal = visible(adminAccountId, appealId);
        if (appeal.status().equals(DECIDED)) throw new ConflictException("email", "this appeal was decided; reopen it first");
        Account reviewer = accounts.byEmail(reviewerEmail == null ? "" : reviewerEmail.strip())
                .orElseThrow(() -> new InvalidInputException("email", "there is no staff account with this email address"));
        Optional<String> why = reviewers.ineligibility(reviewer, appeal.caseId());
        if (why.isPresent()) throw new ConflictException("email", reviewer.name() + " may not review this appeal: " + why.get());
        if (reviewer.id().equals(appeal.reviewerId())) throw new ConflictException("email", reviewer.name() + " reviews this appeal already");
        setReviewer(appeal, reviewer, adminAccountId);
    }

    /** The reviewer asks the appellant something; they read it through their link (and by email when known). */
    @Transactional
    public void ask(String reviewerAccountId, String appealId, String body) {
        AppealRow appeal = asReviewer(reviewerAccountId, appealId);
        addMessage(appeal, "reviewer", reviewerAccountId, required("body", body));
        audit.record("create", "appeal-message", appeal.id(), appeal.caseId());
        events.publishEvent(new AppealActivity(appeal.id(), AppealActivity.Kind.REVIEWER_ASKED));
    }

    /** What the reviewer decides: upheld, modified (with new terms) or overturned, always with reasoning. */
    public record Outcome(String outcome, String reasoning, String action, Instant until, String duration, String tellReporter) {
    }

    @Transactional
    public void decide(String reviewerAccountId, String appealId, Outcome outcome) {
        AppealRow appeal = asReviewer(reviewerAccountId, appealId);
        if (outcome.outcome() == null || !OUTCOMES.contains(outcome.outcome())) {
            throw new InvalidInputException("outcome", "outcome must be upheld, modified or overturned");
        }
        String reasoning = required("reasoning", outcome.reasoning());
        String tellReporter = optional("tellReporter", outcome.tellReporter());
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
                cases.recordDecisionStep(appeal.caseId(), reviewerAccountId, "decision-upheld", appeal.id());
        }
        jdbc.sql("UPDATE appeal SET status = ?, outcome = ?, sealed_reasoning = ?, new_decision_id = ?, decided_at = ? WHERE id = ?")
                .params(DECIDED, outcome.outcome(), keys.seal(appeal.dataKeyId(), reasoning, REASONING + ":" + appeal.id()), newDecision,
                        clock.millis(), appeal.id())
                .update();
        review.revokeReview(appeal.caseId(), appeal.id());
        event(appeal.id(), reviewerAccountId, "decided", outcome.outcome());
        audit.record("decide", "appeal", appeal.id(), appeal.caseId());
        if (tellReporter != null) {
            for (String reportId : cases.reportIdsOf(appeal.caseId())) intake.messageReporter(reportId, reviewerAccountId, tellReporter);
            event(appeal.id(), reviewerAccountId, "outcome-to-reporter", outcome.outcome());
        }
        events.publishEvent(new AppealActivity(appeal.id(), AppealActivity.Kind.DECIDED));
    }

    /** An admin reopens an upheld appeal: it goes to another reviewer who took no part, the previous one excluded. */
    @Transactional
    public void reopen(String adminAccountId, String appealId) {
        requireAdmin(adminAccountId);
        AppealRow appeal = visible(adminAccountId, appealId);
        if (!appeal.status().equals(DECIDED) || !"upheld".equals(appeal.outcome())) {
            throw new ConflictException("appeal", "only an upheld appeal can be reopened (this one is " + appeal.status()
                    + (appeal.outcome() == null ? "" : ", " + appeal.outcome()) + ")");
        }
        jdbc.sql("UPDATE appeal SET status = ?, outcome = NULL, decided_at = NULL, reviewer_id = NULL, assigned_at = NULL WHERE id = ?")
                .params(AWAITING_REVIEWER, appeal.id()).update();
        event(appeal.id(), adminAccountId, "reopened", "upheld");
        audit.record("reopen", "appeal", appeal.id(), appeal.caseId());
        Set<String> previous = new HashSet<>(jdbc.sql("SELECT detail FROM appeal_event WHERE appeal_id = ? AND kind = 'assigned'")
                .param(appeal.id()).query(String.class).list());
        assignNext(appeal.id(), appeal.caseId(), previous, adminAccountId);
    }

    /** Who hears of an appeal's activity, and what they are told (for notifications only). */
    public record Recipients(Optional<String> reviewerEmail, Optional<String> appellantEmail, List<String> adminEmails, String latestQuestion,
                             String outcome, String reasoning) {
    }

    @Transactional(readOnly = true)
    public Recipients recipients(String appealId) {
        AppealRow appeal = row(appealId);
        Optional<String> reviewer = Optional.ofNullable(appeal.reviewerId()).flatMap(accounts::byId).filter(Account::active).map(Account::email);
        Optional<String> appellant = links.byId(appeal.linkId()).flatMap(link -> people.emailOf(link.personId()));
        String question = messages(appeal, true).stream().filter(m -> m.author().equals("reviewer")).reduce((a, b) -> b).map(Message::body)
                .orElse(null);
        List<String> admins = accounts.all().stream().filter(Account::active).filter(account -> account.role() == Role.ADMIN)
                .filter(account -> !cases.isRecused(account.id(), appeal.caseId())).map(Account::email).toList();
        return new Recipients(reviewer, appellant, admins, question, appeal.outcome(),
                appeal.sealedReasoning() == null ? null : open(appeal, appeal.sealedReasoning(), REASONING));
    }

    // ---- internals ----

    private void assignNext(String appealId, String caseId, Set<String> excluded, String actor) {
        Optional<Account> reviewer = reviewers.pick(caseId, excluded);
        if (reviewer.isPresent()) {
            setReviewer(row(appealId), reviewer.get(), actor);
        } else {
            event(appealId, actor, "no-eligible-reviewer", null);
            events.publishEvent(new AppealActivity(appealId, AppealActivity.Kind.NO_REVIEWER));
        }
    }

    private void setReviewer(AppealRow appeal, Account reviewer, String actor) {
        if (appeal.reviewerId() != null) review.revokeReview(appeal.caseId(), appeal.id());
        jdbc.sql("UPDATE appeal SET status = ?, reviewer_id = ?, assigned_at = ? WHERE id = ?")
                .params(IN_REVIEW, reviewer.id(), clock.millis(), appeal.id()).update();
        review.grantReview(appeal.caseId(), reviewer.id(), appeal.id());
        event(appeal.id(), actor, "assigned", reviewer.id());
        events.publishEvent(new AppealActivity(appeal.id(), AppealActivity.Kind.ASSIGNED));
    }

    private AppealLinks.Link link(String token, String client) {
        // Before the lookup: a client over the limit learns nothing, not even that a link was right.
        limits.check("appeal-misses", client);
        Optional<AppealLinks.Link> link = links.resolve(token);
        if (link.isEmpty()) {
            limits.take("appeal-misses", client);
            throw new NotFoundException("this appeal link is not valid; check that you copied all of it from your letter");
        }
        return link.get();
    }

    private Optional<AppealRow> appealOf(String decisionId) {
        return jdbc.sql("SELECT * FROM appeal WHERE decision_id = ?").param(decisionId).query(AppealRow::map).optional();
    }

    AppealRow row(String appealId) {
        return jdbc.sql("SELECT * FROM appeal WHERE id = ?").param(appealId == null ? "" : appealId).query(AppealRow::map).optional()
                .orElseThrow(() -> new NotFoundException("there is no such appeal"));
    }

    /** The appeal for its reviewer, or for an admin who is not recused from its case; "not found" for anyone else. */
    private AppealRow visible(String accountId, String appealId) {
        AppealRow appeal = row(appealId);
        Account viewer = accounts.require(accountId);
        boolean admin = viewer.role() == Role.ADMIN && !cases.isRecused(accountId, appeal.caseId());
        if (!admin && !accountId.equals(appeal.reviewerId())) throw new NotFoundException("there is no such appeal");
        return appeal;
    }

    private AppealRow asReviewer(String accountId, String appealId) {
        AppealRow appeal = visible(accountId, appealId);
        if (!accountId.equals(appeal.reviewerId())) throw new AccessDeniedException("only the appeal's reviewer may do this");
        if (!appeal.status().equals(IN_REVIEW)) throw new ConflictException("appeal", "this appeal is " + appeal.status());
        return appeal;
    }

    private void requireAdmin(String accountId) {
        if (accounts.require(accountId).role() != Role.ADMIN) throw new AccessDeniedException("only an admin may do this");
    }

    private void addMessage(AppealRow appeal, String author, String accountId, String body) {
        String id = Ids.newId();
        jdbc.sql("INSERT INTO appeal_message (id, appeal_id, author, account_id, sealed_body, written_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, appeal.id(), author, accountId, keys.seal(appeal.dataKeyId(), body, MESSAGE + ":" + appeal.id()), clock.millis())
                .update();
        event(appeal.id(), accountId, "message", author);
    }

    /** The conversation; for the appellant the reviewer stays "the reviewer" (no name). */
    private List<Message> messages(AppealRow appeal, boolean forAppellant) {
        return jdbc.sql("SELECT author, account_id, sealed_body, written_at FROM appeal_message WHERE appeal_id = ? ORDER BY written_at, id")
                .param(appeal.id())
                .query((r, n) -> new Message(r.getString(1), forAppellant ? null : name(r.getString(2)),
                        open(appeal, r.getString(3), MESSAGE), Instant.ofEpochMilli(r.getLong(4))))
                .list();
    }

    private AppellantView.Appeal appellantAppeal(AppealRow appeal) {
        return new AppellantView.Appeal(appeal.status(), Instant.ofEpochMilli(appeal.filedAt()), open(appeal, appeal.sealedStatement(), STATEMENT),
                appeal.sealedEvidence() == null ? null : open(appeal, appeal.sealedEvidence(), EVIDENCE), messages(appeal, true),
                appeal.status().equals(DECIDED) ? appeal.outcome() : null,
                appeal.status().equals(DECIDED) && appeal.sealedReasoning() != null ? open(appeal, appeal.sealedReasoning(), REASONING) : null,
                appeal.decidedAt() == null || !appeal.status().equals(DECIDED) ? null : Instant.ofEpochMilli(appeal.decidedAt()));
    }

    private AppealSummary summary(AppealRow appeal) {
        Decisions.Appealed decision = decisions.appealed(appeal.decisionId()).orElseThrow();
        return new AppealSummary(appeal.id(), appeal.caseId(), cases.codeName(appeal.caseId()), appeal.decisionId(), decision.action(),
                appeal.status(), appeal.reviewerId(), name(appeal.reviewerId()), Instant.ofEpochMilli(appeal.filedAt()), appeal.outcome());
    }

    private List<String> eligibleNames(AppealRow appeal) {
        return accounts.all().stream().filter(account -> reviewers.eligible(account, appeal.caseId()))
                .map(account -> account.name() + " <" + account.email() + ">").toList();
    }

    private String name(String accountId) {
        return accountId == null ? null : accounts.byId(accountId).map(Account::name).orElse(accountId);
    }

    private String open(AppealRow appeal, String sealed, String context) {
        if (sealed.isEmpty()) return null; // purged: the appeal's key is destroyed and its statement emptied
        return keys.open(appeal.dataKeyId(), sealed, context + ":" + appeal.id());
    }

    private void event(String appealId, String actor, String kind, String detail) {
        jdbc.sql("INSERT INTO appeal_event (id, appeal_id, at, actor_account_id, kind, detail) VALUES (?, ?, ?, ?, ?, ?)")
                .params(Ids.newId(), appealId, clock.millis(), actor, kind, detail).update();
    }

    private void checkNamesNoReporter(String caseId, String field, String text) {
        if (shield.namesReporter(caseId, text)) {
            throw new InvalidInputException(field, "the appellant reads this text, and it names someone who reported or witnessed"
                    + " (a name, address or handle from the case); leave it out");
        }
    }

    private static String required(String field, String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) throw new InvalidInputException(field, "this is required", "required");
        if (value.length() > MAX_TEXT) throw new InvalidInputException(field, "at most " + MAX_TEXT + " characters", "tooLong", MAX_TEXT);
        return value;
    }

    private static String optional(String field, String text) {
        return text == null || text.isBlank() ? null : required(field, text);
    }

    // ---- retention and data-subject requests ----

    /**
     * Purges the appeals on a case: statements, evidence, reasoning and messages are deleted and each appeal's data key
     * destroyed; status, outcome and dates stay (transparency counts outcomes). Returns how many were purged now.
     */
    @Transactional
    public int purge(String caseId) {
        List<AppealRow> appeals = jdbc.sql("SELECT * FROM appeal WHERE case_id = ? AND purged_at IS NULL").param(caseId).query(AppealRow::map).list();
        for (AppealRow appeal : appeals) {
            jdbc.sql("DELETE FROM appeal_message WHERE appeal_id = ?").param(appeal.id()).update();
            jdbc.sql("UPDATE appeal SET sealed_statement = '', sealed_evidence = NULL, sealed_reasoning = NULL, purged_at = ? WHERE id = ?")
                    .params(clock.millis(), appeal.id()).update();
            keys.destroy(appeal.dataKeyId());
        }
        return appeals.size();
    }

    /** An appeal as its appellant sees it (the reviewer unnamed), for a data-subject export. */
    public record Filed(String id, String caseId, String decisionId, String status, String outcome, Instant filedAt, Instant decidedAt,
                        String statement, String evidence, String reasoning, List<Message> messages) {
    }

    /** The appeals filed through the appeal links of these person records' sanctions, opened. Callers check the reader. */
    public List<Filed> filedBy(java.util.Collection<String> personIds) {
        return jdbc.sql("SELECT * FROM appeal ORDER BY filed_at, id").query(AppealRow::map).list().stream()
                .filter(appeal -> links.byId(appeal.linkId()).map(link -> personIds.contains(link.personId())).orElse(false))
                .map(appeal -> new Filed(appeal.id(), appeal.caseId(), appeal.decisionId(), appeal.status(), appeal.outcome(),
                        Instant.ofEpochMilli(appeal.filedAt()), appeal.decidedAt() == null ? null : Instant.ofEpochMilli(appeal.decidedAt()),
                        open(appeal, appeal.sealedStatement(), STATEMENT),
                        appeal.sealedEvidence() == null ? null : open(appeal, appeal.sealedEvidence(), EVIDENCE),
                        appeal.sealedReasoning() == null ? null : open(appeal, appeal.sealedReasoning(), REASONING), messages(appeal, true)))
                .toList();
    }

    /** Appeals filed or decided in [from, to): dates and outcome only, for transparency reports. */
    public List<AppealStatistic> statistics(Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT filed_at, decided_at, outcome FROM appeal
                        WHERE (filed_at >= :from AND filed_at < :to) OR (decided_at >= :from AND decided_at < :to)""")
                .param("from", from.toEpochMilli()).param("to", to.toEpochMilli())
                .query((row, n) -> {
                    long decided = row.getLong(2);
                    Instant decidedAt = row.wasNull() ? null : Instant.ofEpochMilli(decided);
                    return new AppealStatistic(Instant.ofEpochMilli(row.getLong(1)), decidedAt, decidedAt == null ? null : row.getString(3));
                }).list();
    }
}

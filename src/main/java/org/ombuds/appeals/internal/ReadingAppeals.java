package org.ombuds.appeals.internal;

import static org.ombuds.appeals.internal.AppealRecords.EVIDENCE;
import static org.ombuds.appeals.internal.AppealRecords.REASONING;
import static org.ombuds.appeals.internal.AppealRecords.STATEMENT;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.appeals.AppealDetail;
import org.ombuds.appeals.AppealReviewers;
import org.ombuds.appeals.AppealStatistic;
import org.ombuds.appeals.AppealSummary;
import org.ombuds.appeals.Appeals;
import org.ombuds.appeals.Message;
import org.ombuds.audit.AuditLog;
import org.ombuds.cases.Cases;
import org.ombuds.cases.CaseLetters;
import org.ombuds.community.People;
import org.ombuds.sanctions.AppealLinks;
import org.ombuds.sanctions.Decisions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading appeals: the list and the detail for staff (every read audited), who hears of an appeal's activity, and
 * what the appellant filed (for a data-subject export) and the counts transparency reports publish.
 */
@Component
public class ReadingAppeals {
    private final JdbcClient jdbc;
    private final AppealAccess access;
    private final AppealRecords records;
    private final AppealReviewers reviewers;
    private final AppealLinks links;
    private final Decisions decisions;
    private final Cases cases;
    private final CaseLetters caseLetters;
    private final Accounts accounts;
    private final People people;
    private final AuditLog audit;

    ReadingAppeals(JdbcClient jdbc, AppealAccess access, AppealRecords records, AppealReviewers reviewers, AppealLinks links, Decisions decisions,
                   Cases cases, CaseLetters caseLetters, Accounts accounts, People people, AuditLog audit) {
        this.jdbc = jdbc;
        this.access = access;
        this.records = records;
        this.reviewers = reviewers;
        this.links = links;
        this.decisions = decisions;
        this.cases = cases;
        this.caseLetters = caseLetters;
        this.accounts = accounts;
        this.people = people;
        this.audit = audit;
    }

    /** Admins see every appeal but those on cases they are recused from; anyone else the appeals they review. */
    @Transactional
    public List<AppealSummary> list(String accountId) {
        Account viewer = accounts.require(accountId);
        String where = viewer.role() == Role.ADMIN ? "" : " WHERE a.reviewer_id = :viewer";
        audit.record("list", "appeal", null, null);
        return jdbc.sql("SELECT a.* FROM appeal a" + where + " ORDER BY a.filed_at DESC LIMIT 500").param("viewer", accountId)
                .query(AppealRow::map).list().stream()
                .filter(appeal -> access.listed(accountId, appeal))
                .map(this::summary).toList();
    }

    /** The appeal for its reviewer or an admin; 404 for anyone else. */
    @Transactional
    public AppealDetail detail(String accountId, String appealId) {
        AppealRow appeal = access.visible(accountId, appealId);
        audit.record("read", "appeal", appeal.id(), appeal.caseId());
        // The link belongs to sanctions: its sanction comes through their API, never from their table.
        String letter = links.byId(appeal.linkId()).map(AppealLinks.Link::sanctionId)
                .flatMap(sanction -> caseLetters.committeeLetter("sanction:" + sanction + ":decided")).orElse(null);
        List<AppealDetail.Event> history = jdbc.sql("SELECT at, actor_account_id, kind, detail FROM appeal_event WHERE appeal_id = ? ORDER BY at, id")
                .param(appeal.id())
                .query((r, n) -> new AppealDetail.Event(Instant.ofEpochMilli(r.getLong(1)), records.name(r.getString(2)), r.getString(3),
                        r.getString(4)))
                .list();
        return new AppealDetail(summary(appeal), records.open(appeal, appeal.sealedStatement(), STATEMENT),
                appeal.sealedEvidence() == null ? null : records.open(appeal, appeal.sealedEvidence(), EVIDENCE), letter,
                records.messages(appeal, false),
                appeal.sealedReasoning() == null ? null : records.open(appeal, appeal.sealedReasoning(), REASONING), appeal.newDecisionId(),
                history, appeal.status().equals(Appeals.DECIDED) ? List.of() : eligibleNames(appeal));
    }

    @Transactional(readOnly = true)
    public Appeals.Recipients recipients(String appealId) {
        AppealRow appeal = records.row(appealId);
        Optional<String> reviewer = Optional.ofNullable(appeal.reviewerId()).flatMap(accounts::byId).filter(Account::active).map(Account::email);
        Optional<String> appellant = links.byId(appeal.linkId()).flatMap(link -> people.emailOf(link.personId()));
        String question = records.messages(appeal, true).stream().filter(m -> m.author().equals("reviewer")).reduce((a, b) -> b)
                .map(Message::body).orElse(null);
        List<String> admins = accounts.all().stream().filter(Account::active).filter(account -> account.role() == Role.ADMIN)
                .filter(account -> !cases.isRecused(account.id(), appeal.caseId())).map(Account::email).toList();
        return new Appeals.Recipients(reviewer, appellant, admins, question, appeal.outcome(),
                appeal.sealedReasoning() == null ? null : records.open(appeal, appeal.sealedReasoning(), REASONING));
    }

    /** The appeals filed through the appeal links of these person records' sanctions, opened. Callers check the reader. */
    public List<Appeals.Filed> filedBy(Collection<String> personIds) {
        return jdbc.sql("SELECT * FROM appeal ORDER BY filed_at, id").query(AppealRow::map).list().stream()
                .filter(appeal -> links.byId(appeal.linkId()).map(link -> personIds.contains(link.personId())).orElse(false))
                .map(appeal -> new Appeals.Filed(appeal.id(), appeal.caseId(), appeal.decisionId(), appeal.status(), appeal.outcome(),
                        Instant.ofEpochMilli(appeal.filedAt()), appeal.decidedAt() == null ? null : Instant.ofEpochMilli(appeal.decidedAt()),
                        records.open(appeal, appeal.sealedStatement(), STATEMENT),
                        appeal.sealedEvidence() == null ? null : records.open(appeal, appeal.sealedEvidence(), EVIDENCE),
                        appeal.sealedReasoning() == null ? null : records.open(appeal, appeal.sealedReasoning(), REASONING),
                        records.messages(appeal, true)))
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

    private AppealSummary summary(AppealRow appeal) {
        Decisions.Appealed decision = decisions.appealed(appeal.decisionId()).orElseThrow();
        return new AppealSummary(appeal.id(), appeal.caseId(), cases.codeName(appeal.caseId()), appeal.decisionId(), decision.action(),
                appeal.status(), appeal.reviewerId(), records.name(appeal.reviewerId()), Instant.ofEpochMilli(appeal.filedAt()), appeal.outcome());
    }

    private List<String> eligibleNames(AppealRow appeal) {
        return accounts.all().stream().filter(account -> reviewers.eligible(account, appeal.caseId()))
                .map(account -> account.name() + " <" + account.email() + ">").toList();
    }
}

package org.ombuds.cases;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What other modules may ask about a case, without acting on it: who is looking ({@link #viewer}), whether they may
 * see it, its community, name, reports, subjects and handlers, and what deciding on it needs. Kept as one small class
 * because every module that works with cases asks these; the activities on a case are classes of their own
 * ({@link OpeningCases}, {@link CaseQueue}, {@link ReadingCases}, {@link HandlingCases}, {@link MergingAndSplitting},
 * {@link CaseNotes}, {@link MessagingReporters}, {@link CaseLetters}, {@link GrantingReview}, {@link ImportingClosedCases},
 * {@link ConfirmingParties}, {@link Recusals}) and the rules are policies ({@link CaseAccess}, {@link ReporterShield},
 * {@link CommitteeFloor}).
 */
@Service
public class Cases {
    public static final int MAX_TEXT = 20_000;
    public static final int MAX_REASON = 2_000;

    private final JdbcClient jdbc;
    private final CaseAccess access;
    private final Accounts accounts;
    private final CaseRecords records;
    private final CaseCommittee committee;
    private final ApplicationEventPublisher events;

    Cases(JdbcClient jdbc, CaseAccess access, Accounts accounts, CaseRecords records, CaseCommittee committee, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.access = access;
        this.accounts = accounts;
        this.records = records;
        this.committee = committee;
        this.events = events;
    }

    public Viewer viewer(String accountId) {
        return access.viewer(accountId);
    }

    /** Whether this viewer may see the case (for lists other modules keep about cases, such as sanctions). */
    public boolean maySee(Viewer viewer, String caseId) {
        return access.canSee(viewer, caseId);
    }

    /** Whether the account is kept from the case: a declared conflict, a recusal, or being one of its parties. */
    public boolean isRecused(String accountId, String caseId) {
        return access.recused(accountId, caseId);
    }

    /** The staff accounts who may see a case (for notifications: recused members are not told). */
    public List<Account> staffWhoMaySee(String caseId) {
        return accounts.all().stream().filter(Account::active)
                .filter(account -> account.role() != Role.APPEAL_REVIEWER)
                .filter(account -> access.canSee(account.id(), caseId))
                .toList();
    }

    /** The staff assigned to handle the case (an appeal's reviewer must not be one of them). */
    public Set<String> handlerAccountIds(String caseId) {
        return new LinkedHashSet<>(jdbc.sql("SELECT account_id FROM case_assignee WHERE case_id = ?").param(caseId).query(String.class).list());
    }

    public String communityOf(String caseId) {
        return jdbc.sql("SELECT community_id FROM case_file WHERE id = ?").param(caseId).query(String.class).single();
    }

    public String codeName(String caseId) {
        return jdbc.sql("SELECT code_name FROM case_file WHERE id = ?").param(caseId).query(String.class).single();
    }

    /** The case's reports (for telling their reporters the outcome). */
    public List<String> reportIdsOf(String caseId) {
        return records.reportIds(caseId);
    }

    /** The people the case is about (for the sanctions a decision puts on them). */
    public List<String> subjectPersonIds(String caseId) {
        return jdbc.sql("SELECT DISTINCT person_id FROM case_party WHERE case_id = ? AND role = 'subject' ORDER BY person_id")
                .param(caseId).query(String.class).list();
    }

    /** What deciding on a case needs to know: its community, its subjects and who may vote. */
    public record DecisionContext(String caseId, String communityId, String codeName, String status, List<String> subjectPersonIds,
                                  Committee committee) {
    }

    /**
     * The case as a decision sees it, if this viewer may take part in deciding it (404 when recused, 403 for
     * roles that do not decide), with its {@link Committee}.
     */
    public DecisionContext decisionContext(Viewer viewer, String caseId) {
        CaseRow row = access.require(viewer, caseId, CaseAction.DECIDE);
        return new DecisionContext(caseId, row.communityId(), row.codeName(), row.status().id(), subjectPersonIds(caseId), committee.of(caseId));
    }


    /** Cases opened or acknowledged in [from, to): those two dates only, for transparency reports. */
    public List<CaseStatistic> statistics(Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT opened_at, acknowledged_at FROM case_file
                        WHERE (opened_at >= :from AND opened_at < :to) OR (acknowledged_at >= :from AND acknowledged_at < :to)""")
                .param("from", from.toEpochMilli()).param("to", to.toEpochMilli())
                .query((row, n) -> {
                    long acknowledged = row.getLong(2);
                    return new CaseStatistic(Instant.ofEpochMilli(row.getLong(1)), row.wasNull() ? null : Instant.ofEpochMilli(acknowledged));
                }).list();
    }

    /** When each of these cases was opened (for the time from a case's opening to its first decision). */
    public Map<String, Instant> openedAt(Collection<String> caseIds) {
        if (caseIds.isEmpty()) return Map.of();
        Map<String, Instant> opened = new java.util.HashMap<>();
        jdbc.sql("SELECT id, opened_at FROM case_file WHERE id IN (:ids)").param("ids", List.copyOf(caseIds))
                .query((row, n) -> opened.put(row.getString(1), Instant.ofEpochMilli(row.getLong(2)))).list();
        return opened;
    }
}

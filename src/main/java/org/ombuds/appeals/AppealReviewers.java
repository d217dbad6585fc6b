package org.ombuds.appeals;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.cases.Cases;
import org.ombuds.sanctions.Decisions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may review an appeal: an active appeal reviewer, moderator or admin who took no part in the case. Not one of
 * its handlers, not anyone who proposed, approved or objected to a decision on it, not anyone recused from it
 * (a declared conflict, a recusal, or being one of its parties).
 */
@Component
public class AppealReviewers {
    private final Accounts accounts;
    private final Cases cases;
    private final Decisions decisions;
    private final JdbcClient jdbc;

    AppealReviewers(Accounts accounts, Cases cases, Decisions decisions, JdbcClient jdbc) {
        this.accounts = accounts;
        this.cases = cases;
        this.decisions = decisions;
        this.jdbc = jdbc;
    }

    /** Why this account may not review appeals on this case, or empty if it may. */
    public Optional<String> ineligibility(Account account, String caseId) {
        if (!account.active()) return Optional.of("the account is disabled");
        if (cases.handlerAccountIds(caseId).contains(account.id())) return Optional.of("they handle the case");
        if (decisions.participants(caseId).contains(account.id())) return Optional.of("they took part in deciding the case");
        if (cases.isRecused(account.id(), caseId)) return Optional.of("they are recused from the case");
        return Optional.empty();
    }

    public boolean eligible(Account account, String caseId) {
        return ineligibility(account, caseId).isEmpty();
    }

    /**
     * The reviewer to assign: appeal reviewers first, then moderators, then admins; among them whoever has the
     * fewest open appeals; never {@code excluded} (a previous reviewer of the same appeal).
     */
    public Optional<Account> pick(String caseId, Set<String> excluded) {
        List<Account> candidates = accounts.all().stream()
                .filter(account -> !excluded.contains(account.id()))
                .filter(account -> eligible(account, caseId))
                .toList();
        return candidates.stream().min(Comparator.comparingInt((Account account) -> rank(account.role()))
                .thenComparingInt(account -> openAppeals(account.id()))
                .thenComparing(Account::id));
    }

    private static int rank(Role role) {
        switch (role) {
            case APPEAL_REVIEWER:
                return 0;
            case MODERATOR:
                return 1;
            default:
                return 2;
        }
    }

    private int openAppeals(String accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM appeal WHERE reviewer_id = ? AND status = ?").params(accountId, Appeals.IN_REVIEW)
                .query(Integer.class).single();
    }
}

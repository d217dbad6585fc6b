package org.ombuds.appeals.internal;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.appeals.Appeals;
import org.ombuds.cases.Cases;
import org.ombuds.platform.ConflictException;
import org.ombuds.platform.NotFoundException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Who may reach an appeal, in one place: its reviewer, and admins not recused from its case. Anyone else is told
 * there is no such appeal, so its existence does not leak. Acting on it takes the reviewer (deciding, asking) or an
 * admin (assigning, reopening).
 */
@Component
public class AppealAccess {
    private final AppealRecords records;
    private final Accounts accounts;
    private final Cases cases;

    AppealAccess(AppealRecords records, Accounts accounts, Cases cases) {
        this.records = records;
        this.accounts = accounts;
        this.cases = cases;
    }

    /** The appeal for its reviewer, or for an admin who is not recused from its case; "not found" for anyone else. */
    AppealRow visible(String accountId, String appealId) {
        AppealRow appeal = records.row(appealId);
        Account viewer = accounts.require(accountId);
        boolean admin = viewer.role() == Role.ADMIN && !cases.isRecused(accountId, appeal.caseId());
        if (!admin && !accountId.equals(appeal.reviewerId())) throw new NotFoundException("there is no such appeal");
        return appeal;
    }

    /** Admins see every appeal but those on cases they are recused from; a reviewer always sees the appeal they review. */
    boolean listed(String accountId, AppealRow appeal) {
        return accountId.equals(appeal.reviewerId()) || !cases.isRecused(accountId, appeal.caseId());
    }

    AppealRow asReviewer(String accountId, String appealId) {
        AppealRow appeal = visible(accountId, appealId);
        if (!accountId.equals(appeal.reviewerId())) throw new AccessDeniedException("only the appeal's reviewer may do this");
        if (!appeal.status().equals(Appeals.IN_REVIEW)) throw new ConflictException("appeal", "this appeal is " + appeal.status());
        return appeal;
    }

    void requireAdmin(String accountId) {
        if (accounts.require(accountId).role() != Role.ADMIN) throw new AccessDeniedException("only an admin may do this");
    }
}

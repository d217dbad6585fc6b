package org.ombuds.cases;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.Role;
import org.ombuds.platform.ConflictException;
import org.springframework.stereotype.Component;

/**
 * The committee stays the committee: no recusal, party or identity link may leave a case without an admin who can
 * reach it, since only an admin can lift a recusal, reassign the case or see what went wrong. (A case no admin could
 * see before a change is not made worse by it, and is left alone.)
 */
@Component
class CommitteeFloor {
    private final Accounts accounts;
    private final CaseAccess access;

    CommitteeFloor(Accounts accounts, CaseAccess access) {
        this.accounts = accounts;
        this.access = access;
    }

    /**
     * Makes the change, then refuses it if it left one of these cases, which an admin could see before, with no admin
     * who can. Call inside the change's transaction: the refusal rolls it back.
     */
    <T> T keepingAnAdmin(Collection<String> caseIds, Supplier<T> change) {
        Set<String> covered = new LinkedHashSet<>();
        for (String caseId : caseIds) if (!adminsWhoMaySee(caseId).isEmpty()) covered.add(caseId);
        T result = change.get();
        for (String caseId : covered) {
            if (adminsWhoMaySee(caseId).isEmpty()) {
                throw new ConflictException("email", "this would leave a case with no admin who may see it, and nobody could lift a"
                        + " recusal or reassign it afterwards; add another admin first, or ask one to take the case over", "committee.lastAdmin");
            }
        }
        return result;
    }

    void keepingAnAdmin(String caseId, Runnable change) {
        keepingAnAdmin(List.of(caseId), () -> {
            change.run();
            return null;
        });
    }

    /** Whether these accounts losing the case would leave it with no admin (for precautions that must not do so). */
    boolean wouldLoseEveryAdmin(String caseId, Collection<String> losing) {
        List<Account> admins = adminsWhoMaySee(caseId);
        return !admins.isEmpty() && admins.stream().allMatch(admin -> losing.contains(admin.id()));
    }

    private List<Account> adminsWhoMaySee(String caseId) {
        return accounts.all().stream().filter(Account::active).filter(account -> account.role() == Role.ADMIN)
                .filter(account -> access.canSee(account.id(), caseId)).toList();
    }
}

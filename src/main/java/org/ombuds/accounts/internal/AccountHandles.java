package org.ombuds.accounts.internal;

import java.util.List;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.IdentityLinkGuard;
import org.ombuds.community.IdentityAct;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Person;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Links a handle to a staff account: the account is then the person known by it (recused from cases about or from
 * them) and, for github and gitlab, may sign in through that provider. An admin's act, or the member's own.
 */
@Component
class AccountHandles {
    private final Accounts accounts;
    private final People people;
    private final SignInHandles signInHandles;
    private final ObjectProvider<IdentityLinkGuard> guard;

    AccountHandles(Accounts accounts, People people, SignInHandles signInHandles, ObjectProvider<IdentityLinkGuard> guard) {
        this.accounts = accounts;
        this.people = people;
        this.signInHandles = signInHandles;
        this.guard = guard;
    }

    @Transactional
    Account link(String actorAccountId, String accountId, IdentityHandle handle) {
        Account account = accounts.require(accountId);
        IdentityAct act = new IdentityAct(actorAccountId, IdentityAct.ACCOUNT, null, "linked to the staff account of " + account.email());
        IdentityLinkGuard check = guard.getIfAvailable(() -> new IdentityLinkGuard() {
            @Override
            public <T> T linking(IdentityHandle ignored, java.util.function.Supplier<T> change) {
                return change.get();
            }
        });
        return check.linking(handle, () -> {
            Person person = account.personId() == null ? people.link(List.of(handle), act) : people.addHandle(account.personId(), handle, act);
            Account linked = accounts.linkPerson(accountId, person.id());
            signInHandles.link(accountId, people.fingerprint(handle));
            return linked;
        });
    }
}

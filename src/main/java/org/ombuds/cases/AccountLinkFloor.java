package org.ombuds.cases;

import java.util.List;
import java.util.function.Supplier;

import org.ombuds.accounts.IdentityLinkGuard;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.springframework.stereotype.Component;

/** A staff account linked to a person the cases name loses those cases: none of them may be left without an admin. */
@Component
class AccountLinkFloor implements IdentityLinkGuard {
    private final People people;
    private final PersonAccess personAccess;
    private final CommitteeFloor floor;

    AccountLinkFloor(People people, PersonAccess personAccess, CommitteeFloor floor) {
        this.people = people;
        this.personAccess = personAccess;
        this.floor = floor;
    }

    @Override
    public <T> T linking(IdentityHandle handle, Supplier<T> change) {
        List<String> reached = people.ownerOf(handle).map(personAccess::casesNaming).orElse(List.of());
        return floor.keepingAnAdmin(reached, change);
    }
}

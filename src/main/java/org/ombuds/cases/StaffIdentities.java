package org.ombuds.cases;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.springframework.stereotype.Component;

/**
 * Which committee members a handle or a person is. An account is its email address, the person it is linked to, and
 * the person its address is a handle of ({@link CaseAccess#viewer}), with everyone merged into them. Naming one of them
 * in a report, or confirming one as a party to a case, keeps that member from the case, so these answers decide who
 * must be kept out, told, or asked to agree. Both run on every report, so they look people up by handle, a few queries
 * whatever the size of the committee.
 */
@Component
class StaffIdentities {
    private final Accounts accounts;
    private final People people;

    StaffIdentities(Accounts accounts, People people) {
        this.accounts = accounts;
        this.people = people;
    }

    /** The active accounts known by any of these handle fingerprints. */
    Set<String> namedBy(Collection<String> fingerprints) {
        if (fingerprints.isEmpty()) return Set.of();
        Set<String> named = new LinkedHashSet<>();
        List<Account> active = accounts.all().stream().filter(Account::active).toList();
        for (Account account : active) if (fingerprints.contains(emailFingerprint(account))) named.add(account.id());
        named.addAll(whoAre(active, people.ownersOf(fingerprints)));
        return named;
    }

    /** The active accounts that are one of these people. */
    Set<String> whoAre(Collection<String> personIds) {
        return whoAre(accounts.all().stream().filter(Account::active).toList(), personIds);
    }

    private Set<String> whoAre(List<Account> active, Collection<String> personIds) {
        if (personIds.isEmpty()) return Set.of();
        Set<String> records = new LinkedHashSet<>();
        personIds.forEach(person -> records.addAll(people.sameAs(person)));
        Set<String> theirHandles = new LinkedHashSet<>();
        people.fingerprintsOf(records).values().forEach(theirHandles::addAll);
        Set<String> found = new LinkedHashSet<>();
        for (Account account : active) {
            if ((account.personId() != null && records.contains(account.personId())) || theirHandles.contains(emailFingerprint(account))) {
                found.add(account.id());
            }
        }
        return found;
    }

    private String emailFingerprint(Account account) {
        return people.fingerprint(IdentityHandle.parse("email:" + account.email()));
    }
}

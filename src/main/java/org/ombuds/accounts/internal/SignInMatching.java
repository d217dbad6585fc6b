package org.ombuds.accounts.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ombuds.accounts.Account;
import org.ombuds.accounts.Accounts;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.platform.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * Which staff account an identity from a single sign-on provider is: by a handle linked to the account (GitHub,
 * GitLab), or by an address the provider verified that equals the account's email. Never creates an account;
 * a disabled account, or an identity that fits several accounts, is refused.
 */
@Component
class SignInMatching {
    /** The outcome: the account to sign in, or a refusal (with the account, when one was found but may not sign in). */
    sealed interface Match {
    }

    record Matched(String accountId) implements Match {
    }

    record Refused(String reason, String accountId) implements Match {
        static final String UNKNOWN = "no staff account is linked to this identity";
        static final String DISABLED = "the staff account is disabled";
        static final String AMBIGUOUS = "this identity fits more than one staff account";
        static final String UNVERIFIED = "the provider has verified no address of a staff account";
        static final String ANOTHER_USER = "the linked login now belongs to another user of the provider";
    }

    private final Accounts accounts;
    private final People people;
    private final SignInHandles signInHandles;

    SignInMatching(Accounts accounts, People people, SignInHandles signInHandles) {
        this.accounts = accounts;
        this.people = people;
        this.signInHandles = signInHandles;
    }

    /**
     * By a handle such as {@code github:login}, which must still belong to the person the account is. {@code subject} is
     * the provider's permanent user id: logins can be renamed and then taken by someone else, so the first sign-in binds
     * the handle to the user id it came with, and a different user with the same login is refused afterwards.
     */
    Match byHandle(String kind, String value, String subject) {
        IdentityHandle handle;
        try {
            handle = new IdentityHandle(kind, value);
        } catch (InvalidInputException e) {
            return new Refused(Refused.UNKNOWN, null);
        }
        Optional<String> owner = people.ownerOf(handle);
        if (owner.isEmpty()) return new Refused(Refused.UNKNOWN, null);
        String fingerprint = people.fingerprint(handle);
        Map<Account, SignInHandles.Link> linked = new LinkedHashMap<>();
        for (SignInHandles.Link link : signInHandles.linksOf(fingerprint)) {
            accounts.byId(link.accountId())
                    .filter(account -> account.personId() != null && people.sameAs(account.personId()).contains(owner.get()))
                    .ifPresent(account -> linked.put(account, link));
        }
        Match match = one(List.copyOf(linked.keySet()), Refused.UNKNOWN);
        if (!(match instanceof Matched matched)) return match;
        String bound = linked.values().iterator().next().subject();
        if (bound != null && !bound.equals(subject)) return new Refused(Refused.ANOTHER_USER, null);
        if (bound == null && !subject.isBlank()) signInHandles.bind(matched.accountId(), fingerprint, subject);
        return match;
    }

    /** By addresses the provider says it verified; unverified ones must not be passed in. */
    Match byVerifiedEmails(Collection<String> verified) {
        Set<Account> found = new LinkedHashSet<>();
        for (String email : verified) accounts.byEmail(email).ifPresent(found::add);
        return one(List.copyOf(found), Refused.UNVERIFIED);
    }

    private static Match one(List<Account> found, String none) {
        if (found.isEmpty()) return new Refused(none, null);
        if (found.size() > 1) return new Refused(Refused.AMBIGUOUS, null);
        Account account = found.get(0);
        return account.active() ? new Matched(account.id()) : new Refused(Refused.DISABLED, account.id());
    }
}

package org.ombuds.accounts;

import java.util.function.Supplier;

import org.ombuds.community.IdentityHandle;

/**
 * Checks a link of a handle to a staff account before it stands: linking an account to a person the cases name keeps
 * its holder from those cases, which must not leave any of them without an admin. The cases module provides it (the
 * accounts module knows nothing of cases); it runs {@code change} and refuses, rolling back, what breaks the rule.
 */
public interface IdentityLinkGuard {
    <T> T linking(IdentityHandle handle, Supplier<T> change);
}

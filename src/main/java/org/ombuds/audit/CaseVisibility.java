package org.ombuds.audit;

import java.util.function.Predicate;

/**
 * Which cases an account may see, decided by the cases module: recusal reaches the audit log too, so entries
 * about a case the reader may not see are left out of every view and export.
 */
public interface CaseVisibility {
    /** A test for case ids, valid for one request; {@code admin} readers also see entries that concern no case. */
    Predicate<String> casesVisibleTo(String accountId);
}

package org.ombuds.community;

import org.ombuds.platform.InvalidInputException;

/**
 * Why who someone is changes: a committee member's act, never a report's. {@code actorAccountId} made it (null only
 * for the system's own bookkeeping), {@code source} says how (staff: confirmed on a case or by a correction; import: an
 * admin's import of earlier records; account: a handle linked to a staff account), {@code caseId} the case it was done
 * from, if any, and {@code reason} why, in the actor's words (kept sealed).
 */
public record IdentityAct(String actorAccountId, String source, String caseId, String reason) {
    public static final int MAX_REASON = 2_000;
    public static final String STAFF = "staff";
    public static final String IMPORT = "import";
    public static final String ACCOUNT = "account";

    public IdentityAct {
        reason = reason == null ? "" : reason.strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            throw new InvalidInputException("reason", "say why, in 1 to " + MAX_REASON + " characters: who someone is changes only"
                    + " with a reason on record", "reason.required", MAX_REASON);
        }
    }

    public static IdentityAct byStaff(String accountId, String caseId, String reason) {
        return new IdentityAct(accountId, STAFF, caseId, reason);
    }
}

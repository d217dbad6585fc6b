package org.ombuds.community;

import java.time.Instant;

/**
 * One change to who a person is, as the committee reads it: {@code change} is linked, unlinked, merged or unmerged;
 * {@code handle} the handle linked or unlinked (null once it is no longer known, or for merges), {@code otherPersonId}
 * the other record of a merge.
 */
public record IdentityHistory(Instant at, String change, String handle, String otherPersonId, String actorAccountId, String source,
                              String caseId, String reason) {
}

package org.ombuds.audit;

import java.time.Instant;

/**
 * One line of the audit log: who (an account id, {@code reporter}, {@code system} or {@code cli}) did what to
 * which record, when and from where. {@code hash} covers every field and the previous entry's hash.
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String recordType, String recordId,
                         String caseId, String origin, String prevHash, String hash) {
}

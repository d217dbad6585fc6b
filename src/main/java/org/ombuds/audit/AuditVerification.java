package org.ombuds.audit;

/** The outcome of recomputing the chain: intact with its length, or the first entry that breaks it and how. */
public record AuditVerification(boolean intact, long entries, Long brokenAt, String problem) {
    static AuditVerification ok(long entries) {
        return new AuditVerification(true, entries, null, null);
    }

    static AuditVerification broken(long seq, String problem) {
        return new AuditVerification(false, seq - 1, seq, problem);
    }
}

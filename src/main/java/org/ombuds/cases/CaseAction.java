package org.ombuds.cases;

/** What someone does with a case; {@link CaseAccess} decides who may. */
public enum CaseAction {
    /** See the case in lists, searches and the subject history of other cases. */
    LIST,
    /** Open it: reports, notes, letters, timeline, attachments. */
    READ,
    /** Write a private note, or declare one's own conflict of interest. */
    NOTE,
    /** Move it along: status, severity, confirmed parties, messages to the reporter, letters, merge and split. */
    HANDLE,
    /** Assign handlers. */
    ASSIGN,
    /** Recuse another staff member, or lift a recusal (admins only). */
    RECUSE,
    /** Record the committee's decision. */
    DECIDE,
    /** Take everything out in one file, for the committee's records. */
    EXPORT,
    /** Put the case under legal hold or release it (admins only): a held case is never purged. */
    HOLD
}

package org.ombuds.intake;

/**
 * Who a report says is involved, as the reporter gave it: a handle's kind and keyed fingerprint in a role (subject: the
 * person the report is about; reporter or witness: the reporter's own address). A claim is not a fact: it never links a
 * handle to a person, bans anyone or keeps anyone from a case's records; a committee member confirms it first.
 */
public record Claim(String role, String kind, String fingerprint) {
    public static final String SUBJECT = "subject";
    public static final String REPORTER = "reporter";
    public static final String WITNESS = "witness";
}

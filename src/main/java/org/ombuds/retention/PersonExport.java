package org.ombuds.retention;

import java.time.Instant;
import java.util.List;

import org.ombuds.cases.CaseRetention;

/**
 * Everything Ombuds holds about one person, as one machine-readable document (a data-subject access request).
 * Other people's names, addresses and handles are replaced by their role ("[another reporter]", "[a witness]",
 * "[another reported person]"); staff are not named: the committee acts as one body.
 */
public record PersonExport(String format, Instant exportedAt, String personId, List<String> handles, List<CaseRetention.PartyCase> cases,
                           List<FiledReport> reportsFiled, List<ReportAbout> reportsAbout, List<Sanction> sanctions, List<Letter> letters,
                           List<Appeal> appeals, String redactions) {
    public static final String FORMAT = "ombuds-person-export/1";

    public record Message(String author, Instant at, String body) {
    }

    /** A report the person filed under their own name: their words, with the people they named replaced by role. */
    public record FiledReport(String id, String caseId, String category, Instant receivedAt, Instant occurredAt, boolean witness,
                              String status, String description, String location, String evidence, String reportedName,
                              List<String> reportedHandles, String yourName, String yourEmail, String contact, List<Message> messages) {
    }

    /** A report about the person: what it says, without who said it. */
    public record ReportAbout(String id, String caseId, String category, Instant receivedAt, Instant occurredAt, String status,
                              String reportedBy, String description, String location, String evidence) {
    }

    public record Sanction(String id, String caseId, String action, List<String> spaces, Instant startsAt, Instant until, String status,
                           Instant endedAt, List<String> clauses, int codeVersion, String reasoning, String conditions, String toYou) {
    }

    public record Letter(String caseId, String sentAs, String subject, String body, Instant sentAt) {
    }

    public record Appeal(String id, String caseId, String status, String outcome, Instant filedAt, Instant decidedAt, String statement,
                         String evidence, String reasoning, List<Message> messages) {
    }
}

package org.ombuds.cases;

import java.time.Instant;
import java.util.List;

import org.ombuds.intake.Intake;
import org.ombuds.intake.ReceiptView;
import org.ombuds.intake.ReportContent;

/**
 * Everything a handler sees of a case: its reports (opened), the people involved, who handles it and who is
 * recused, private notes, letters, the timeline and the subject's other cases.
 */
public record CaseDetail(CaseSummary summary, Instant acknowledgeBy, Instant acknowledgedAt, Instant decideBy,
                         List<Report> reports, List<Party> parties, List<Assignee> assignees, List<Recusal> recusals,
                         List<Note> notes, List<Letter> letters, List<Event> timeline, List<CaseSummary> subjectHistory,
                         List<CaseSummary> mergedFrom, Permissions permissions, Retention retention) {

    public record Report(Intake.ReportFacts facts, ReportContent content, List<Intake.StoredAttachment> attachments,
                         List<ReceiptView.Message> conversation) {
    }

    /** role: subject, reporter or witness; handles as the people module knows them. */
    public record Party(String personId, String role, List<String> handles, String reportId) {
    }

    public record Assignee(String accountId, String name, String email, boolean lead) {
    }

    public record Recusal(String accountId, String name, String kind, Instant at) {
    }

    public record Note(String id, String author, Instant writtenAt, String body) {
    }

    /** A letter on the case; {@code delivery}: sent, or why Ombuds could not send it (no-address, no-mail-server). */
    public record Letter(String id, String recipientRole, String address, String subject, String body, String sentBy, Instant sentAt,
                         String delivery) {
    }

    /** A timeline entry; {@code detail} names records and values, never content. */
    public record Event(Instant at, String actor, String kind, String detail) {
    }

    /** What the viewer may do here, so pages offer only what will work. */
    public record Permissions(boolean note, boolean handle, boolean assign, boolean recuse, boolean decide, boolean export,
                              boolean legalHold) {
    }

    /** When the case's content was purged (then only its clear facts are left), and the legal hold in force, if any. */
    public record Retention(Instant purgedAt, LegalHold legalHold) {
    }

    /** A legal hold: the case is never purged while it stands. */
    public record LegalHold(String reason, String setBy, Instant setAt) {
    }
}

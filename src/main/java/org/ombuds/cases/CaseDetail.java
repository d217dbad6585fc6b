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
                         List<ReceiptView.Message> conversation, List<Claimed> claims) {
        /** The claims in this role that name nobody confirmed on the case yet (what a member may confirm next). */
        public List<Claimed> unconfirmed(String role) {
            return claims.stream().filter(claim -> claim.role().equals(role) && !claim.party()).toList();
        }
    }

    /**
     * A handle a report names (role subject) or the reporter's own address (reporter, witness): a claim until a member
     * confirms it. {@code known}: a person the committee knows has this handle; {@code personId} and
     * {@code personHandles} say who, when the viewer may see that person; {@code party}: that person is a party here
     * already; {@code committeeMembers}: the members of the committee this handle is.
     */
    public record Claimed(String role, String handle, boolean known, String personId, List<String> personHandles, boolean party,
                          List<String> committeeMembers) {
    }

    /**
     * role: subject, reporter or witness; handles as the people module knows them. {@code confirmedBy} and
     * {@code reason}: who confirmed the party and why (null for parties recorded before confirmations).
     */
    public record Party(String id, String personId, String role, List<String> handles, String reportId, String confirmedBy,
                       Instant confirmedAt, String reason) {
    }

    public record Assignee(String accountId, String name, String email, boolean lead) {
    }

    /** kind: declared, recused (by an admin: {@code by}) or named (a report names them: kept out until an admin decides). */
    public record Recusal(String accountId, String name, String kind, Instant at, String by, String reason) {
    }

    public record Note(String id, String author, Instant writtenAt, String body) {
    }

    /** A letter on the case; {@code delivery}: sent, or why Ombuds could not send it (no-address, no-mail-server). */
    public record Letter(String id, String recipientRole, String address, String subject, String body, String sentBy, Instant sentAt,
                         String delivery) {
    }

    /** A timeline entry; {@code kind} is a {@link CaseEvent.Kind}'s id; {@code detail} names records and values, never content. */
    public record Event(Instant at, String actor, String kind, String detail, String reason) {
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

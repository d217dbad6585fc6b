package org.ombuds.intake;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.ombuds.intake.internal.FollowingUpOnReport;
import org.ombuds.intake.internal.ForgettingReports;
import org.ombuds.intake.internal.KeepingReporterInformed;
import org.ombuds.intake.internal.ReadingReports;
import org.ombuds.intake.internal.ReportAttachments;
import org.ombuds.intake.internal.SubmittingReport;
import org.springframework.stereotype.Service;

/**
 * Intake's public face: takes reports and keeps the reporter's channel to the committee. Each method hands over to
 * the activity that does it, in {@code internal/}: {@code SubmittingReport} (form, API and email share it, with
 * {@code NewReportRules}), {@code FollowingUpOnReport} (the receipt holder), {@code KeepingReporterInformed} (the
 * committee's side), {@code ReportAttachments}, {@code ReadingReports} and {@code ForgettingReports}. Other modules
 * (and the tests) call this face; intake's own API, email intake and notifications use the activity they need.
 */
@Service
public class Intake {
    public static final int MAX_DESCRIPTION = 20_000;
    public static final int MAX_ATTACHMENTS = 5;
    public static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
    public static final long MAX_ATTACHMENTS_BYTES = 25L * 1024 * 1024;

    private final SubmittingReport submitting;
    private final FollowingUpOnReport followingUp;
    private final KeepingReporterInformed informing;
    private final ReportAttachments attachments;
    private final ReadingReports reading;
    private final ForgettingReports forgetting;

    Intake(SubmittingReport submitting, FollowingUpOnReport followingUp, KeepingReporterInformed informing, ReportAttachments attachments,
           ReadingReports reading, ForgettingReports forgetting) {
        this.submitting = submitting;
        this.followingUp = followingUp;
        this.informing = informing;
        this.attachments = attachments;
        this.reading = reading;
        this.forgetting = forgetting;
    }

    /** What the reporter keeps: the receipt is shown once and stored only as a keyed fingerprint. */
    public record Submitted(String reportId, String receipt) {
    }

    /** An attached file's metadata, for the committee. */
    public record StoredAttachment(String id, String fileName, String mediaType, long size) {
    }

    /** What the committee sees of a report besides its sealed content. */
    public record ReportFacts(String id, String category, String source, boolean anonymous, boolean witness, boolean shareIdentity,
                              String spaceId, Instant occurredAt, Instant receivedAt, String status) {
    }

    // ---- submitting ----

    /** Whether a report from this source message (an email's Message-ID) is stored already. */
    public boolean knownSource(String sourceId) {
        return submitting.knownSource(sourceId);
    }

    /**
     * A report with files; acknowledged (the receipt returned) only once report and files are committed. {@code sourceId}
     * (an email's Message-ID), when given, is stored so the same message makes one report.
     */
    public Submitted submit(NewReport report, List<Attachment> attachments, String sourceId) {
        return submitting.submit(report, attachments, sourceId);
    }

    // ---- the reporter, with their receipt ----

    /** The reporter's view. Unknown and wrong codes get the same answer and are counted against the client. */
    public ReceiptView follow(String receipt, String client) {
        return followingUp.follow(receipt, client);
    }

    public void reply(String receipt, String body, String client) {
        followingUp.reply(receipt, body, client);
    }

    // ---- the committee's side of the channel ----

    /** A committee member writes to the reporter through the receipt channel (the reporter sees "committee"). */
    public void messageReporter(String reportId, String accountId, String body) {
        informing.messageReporter(reportId, accountId, body);
    }

    /** The newest committee message of a report, opened, for delivery by email. */
    public Optional<String> latestCommitteeMessage(String reportId) {
        return informing.latestCommitteeMessage(reportId);
    }

    /** The conversation between reporter and committee, opened. Callers check that the reader may see it. */
    public List<ReceiptView.Message> conversation(String reportId) {
        return informing.conversation(reportId);
    }

    /** What the reporter is told about progress (the case's status in the words of the receipt page). */
    public void setStatus(Collection<String> reportIds, String status) {
        informing.setStatus(reportIds, status);
    }

    // ---- reading ----

    public List<StoredAttachment> attachments(String reportId) {
        return attachments.list(reportId);
    }

    /** An attached file's content, opened. Callers are responsible for checking that the reader may see it. */
    public byte[] attachmentContent(String reportId, String attachmentId) {
        return attachments.content(reportId, attachmentId);
    }

    public ReportFacts facts(String reportId) {
        return reading.facts(reportId);
    }

    /** The report's content, opened (empty once purged). Callers are responsible for checking that the reader may see it. */
    public ReportContent content(String reportId) {
        return reading.content(reportId);
    }

    /** The claims a report makes about who is involved (for the committee to match and confirm). */
    public List<Claim> claimsOf(String reportId) {
        return reading.claimsOf(reportId);
    }

    /** The reports that claim any of these fingerprints in this role, oldest first. */
    public List<String> claiming(String role, Collection<String> fingerprints) {
        return reading.claiming(role, fingerprints);
    }

    /** The reports these person records filed under their own name (not anonymously), oldest first. */
    public List<String> filedBy(Collection<String> personIds) {
        return reading.filedBy(personIds);
    }

    /** The reports that name these person records by one of their handles (or were linked to them before claims), oldest first. */
    public List<String> about(Collection<String> personIds) {
        return reading.about(personIds);
    }

    /** Reports received in [from, to): arrival and category only, for transparency reports. */
    public List<ReportStatistic> statistics(Instant from, Instant to) {
        return reading.statistics(from, to);
    }

    // ---- retention and erasure ----

    /** Purges reports (content, messages, files, key); what transparency counts stays. Returns how many were purged now. */
    public int purge(Collection<String> reportIds) {
        return forgetting.purge(reportIds);
    }

    /** Takes the reported person's name and handles out of reports about them, naming them by {@code placeholder}. */
    public void forgetReportedPerson(Collection<String> reportIds, String placeholder) {
        forgetting.forgetReportedPerson(reportIds, placeholder);
    }
}

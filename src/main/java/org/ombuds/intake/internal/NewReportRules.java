package org.ombuds.intake.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ombuds.coc.CodeVersion;
import org.ombuds.community.IdentityHandle;
import org.ombuds.intake.Attachment;
import org.ombuds.intake.Intake;
import org.ombuds.intake.NewReport;
import org.ombuds.intake.ReportContent;
import org.ombuds.platform.EmailAddresses;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;
import org.springframework.stereotype.Component;

/**
 * What a new report must be to be taken, whichever way it came (form, API, email): each rule refuses with a reason
 * the reporter reads next to the field. Runs before the write transaction, so a refused report writes nothing.
 */
@Component
public class NewReportRules {
    private final Clock clock;

    NewReportRules(Clock clock) {
        this.clock = clock;
    }

    /** The report's content as it will be sealed: trimmed, bounded, handles in their canonical form. */
    ReportContent check(NewReport report, CodeVersion inForce) {
        // An email carries no category; the committee sets it at triage.
        boolean triageLater = "email".equals(report.source()) && report.category() == null;
        if (!triageLater && (report.category() == null || !inForce.defines(report.category()))) {
            String categories = String.join(", ", inForce.categories().stream().map(c -> c.id()).toList());
            throw new InvalidInputException("category", "category must be one of the Code's categories: " + categories, null, categories);
        }
        String description = trimmed(report.description());
        if (description == null || description.length() > Intake.MAX_DESCRIPTION) {
            throw new InvalidInputException("description", "describe what happened in 1 to " + Intake.MAX_DESCRIPTION + " characters", null,
                    Intake.MAX_DESCRIPTION);
        }
        Instant now = clock.instant();
        if (report.occurredAt() != null && (report.occurredAt().isAfter(now.plus(Duration.ofDays(1)))
                || report.occurredAt().isBefore(now.minus(Duration.ofDays(365 * 50))))) {
            throw new InvalidInputException("occurredAt", "the date of what happened cannot be in the future or more than 50 years ago");
        }
        List<String> handles = handles(report.reportedHandles());
        String reporterName = bounded("reporter.name", report.reporterName(), 200);
        String reporterEmail = trimmed(report.reporterEmail());
        if (report.anonymous() && (reporterName != null || reporterEmail != null)) {
            throw new InvalidInputException("reporter", "an anonymous report carries no name or email; leave them out or set anonymous to false");
        }
        if (reporterEmail != null) reporterEmail = EmailAddresses.require("reporter.email", null, reporterEmail);
        return new ReportContent(description, bounded("location", report.location(), 500),
                bounded("evidence", report.evidence(), Intake.MAX_DESCRIPTION), bounded("reported.name", report.reportedName(), 200), handles,
                reporterName, reporterEmail, bounded("contact", report.contact(), 500));
    }

    private static List<String> handles(List<String> reported) {
        if (reported.size() > 20) {
            throw new InvalidInputException("reported.handles", "at most 20 handles", null, 20);
        }
        List<String> handles = new ArrayList<>();
        for (String handle : reported) {
            if (handle == null) {
                throw new InvalidInputException("reported.handles", "a handle is written kind:value, for example github:octocat;"
                        + " the list holds an empty entry", "reported.handles.invalid", "");
            }
            try {
                handles.add(IdentityHandle.parse(handle).toString());
            } catch (InvalidInputException e) {
                String why = e.code().endsWith(EmailAddresses.INTERNATIONAL) ? "reported.handles.international" : "reported.handles.invalid";
                throw new InvalidInputException("reported.handles", e.getMessage(), why, Slugs.printable(handle));
            }
        }
        return handles;
    }

    /** The files' media types, in order: few enough, small enough, and of a kind the committee can open safely. */
    List<String> checkAttachments(List<Attachment> attachments) {
        if (attachments.size() > Intake.MAX_ATTACHMENTS) {
            throw new InvalidInputException("attachments", "at most " + Intake.MAX_ATTACHMENTS + " files", "attachments.count",
                    Intake.MAX_ATTACHMENTS);
        }
        long total = 0;
        List<String> types = new ArrayList<>();
        for (Attachment attachment : attachments) {
            total += attachment.bytes().length;
            if (attachment.bytes().length > Intake.MAX_ATTACHMENT_BYTES || total > Intake.MAX_ATTACHMENTS_BYTES) {
                throw new InvalidInputException("attachments", "each file may be at most 10 MB and all together 25 MB", "attachments.size");
            }
            String fileName = Slugs.printable(String.valueOf(attachment.fileName()));
            types.add(AttachmentTypes.detect(attachment.bytes()).orElseThrow(() -> new InvalidInputException("attachments",
                    "'" + fileName + "' is not an image (PNG, JPEG, GIF, WebP), a PDF or plain text", "attachments.type", fileName)));
        }
        return types;
    }

    private static String bounded(String field, String value, int max) {
        String text = trimmed(value);
        if (text != null && text.length() > max) {
            throw new InvalidInputException(field, field + " must be at most " + max + " characters", null, max);
        }
        return text;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

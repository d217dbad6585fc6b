package org.ombuds.intake;

import java.time.Instant;
import java.util.List;

/**
 * A report as the reporter gave it, from the form, the API or an email. Validated by {@link Intake#submit}.
 *
 * @param location   where it happened when that is not one of the spaces (an event, a public place)
 * @param contact    how the reporter wants to be contacted, in their words ("email only, not before 6pm")
 */
public record NewReport(
        String category,
        String description,
        Instant occurredAt,
        String space,
        String location,
        String reportedName,
        List<String> reportedHandles,
        String evidence,
        boolean anonymous,
        boolean witness,
        String reporterName,
        String reporterEmail,
        String contact,
        boolean shareIdentity,
        String source) {

    public NewReport {
        reportedHandles = reportedHandles == null ? List.of() : List.copyOf(reportedHandles);
    }
}

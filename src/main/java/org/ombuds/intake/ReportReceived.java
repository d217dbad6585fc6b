package org.ombuds.intake;

/**
 * A report was durably stored (published inside its transaction). Carries no content: listeners read what they
 * may through {@link Intake}. The person ids are set when the report named them (reporter: only when not anonymous).
 */
public record ReportReceived(String reportId, String communityId, String category, String reportedPersonId,
                             String reporterPersonId, boolean witness) {
}

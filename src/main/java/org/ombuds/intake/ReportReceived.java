package org.ombuds.intake;

/** A report was durably stored. Carries no content: listeners read what they may through {@link Intake}. */
public record ReportReceived(String reportId, String communityId, String category, String reportedPersonId) {
}

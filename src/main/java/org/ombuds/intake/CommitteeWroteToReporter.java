package org.ombuds.intake;

/** The committee wrote to a reporter through the receipt channel; a reporter who gave an address also gets it by email. */
public record CommitteeWroteToReporter(String reportId) {
}

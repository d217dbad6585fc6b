package org.ombuds.intake;

import java.time.Instant;

/**
 * What a transparency report may count of one report: when it arrived and its category (null if the reporter chose
 * none). Nothing about who reported or what they wrote; retention keeps these columns when it purges a report.
 */
public record ReportStatistic(Instant receivedAt, String category) {
}

package org.ombuds.cases;

import java.time.Instant;

/**
 * What a transparency report may count of one case: when it was opened and when it first left {@code new}
 * (acknowledged; null while it has not). No names, no code name; retention keeps these columns.
 */
public record CaseStatistic(Instant openedAt, Instant acknowledgedAt) {
}

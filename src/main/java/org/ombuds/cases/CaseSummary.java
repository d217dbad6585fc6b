package org.ombuds.cases;

import java.time.Instant;

/** A case as lists show it: never names, only the neutral code name. */
public record CaseSummary(String id, String codeName, String name, String status, String severity, Instant openedAt,
                          Instant nextDue, boolean overdue, int reports, String mergedInto) {
}

package org.ombuds.intake;

import java.util.List;

/**
 * A report was durably stored (published inside its transaction). Carries no content: listeners read what they
 * may through {@link Intake}. {@code claims} are whom the report names (see {@link Claim}): never facts about anyone.
 */
public record ReportReceived(String reportId, String communityId, String category, boolean witness, List<Claim> claims) {
    public ReportReceived {
        claims = claims == null ? List.of() : List.copyOf(claims);
    }
}

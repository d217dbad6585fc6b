package org.ombuds.sanctions;

import java.time.Instant;
import java.util.List;

/** A sanction took effect (for enforcement to apply in the spaces, by their ids). */
public record SanctionDecided(String sanctionId, String personId, String action, List<String> spaceIds, Instant until) {
}

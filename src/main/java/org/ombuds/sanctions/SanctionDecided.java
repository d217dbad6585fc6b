package org.ombuds.sanctions;

import java.time.Instant;
import java.util.List;

/**
 * A sanction took effect (for enforcement to apply in the spaces, by their ids). {@code imported}: it was imported from
 * the committee's earlier records and the committee already applied it by hand, so nothing is to be applied or sent.
 */
public record SanctionDecided(String sanctionId, String personId, String action, List<String> spaceIds, Instant until, boolean imported) {

    public SanctionDecided(String sanctionId, String personId, String action, List<String> spaceIds, Instant until) {
        this(sanctionId, personId, action, spaceIds, until, false);
    }
}

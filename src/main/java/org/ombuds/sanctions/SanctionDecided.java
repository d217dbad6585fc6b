package org.ombuds.sanctions;

import java.time.Instant;
import java.util.List;

import org.ombuds.coc.ActionKind;

/**
 * A sanction took effect (for enforcement to apply in the spaces, by their ids). {@code imported}: it was imported from
 * the committee's earlier records and the committee already applied it by hand, so nothing is to be applied or sent.
 * {@code kind}: what its action does; enforcement applies those that {@link ActionKind#bans() ban}, whatever their id.
 */
public record SanctionDecided(String sanctionId, String personId, String action, List<String> spaceIds, Instant until, boolean imported,
                              ActionKind kind) {

    /** A sanction of one of the default Code's actions, whose kind its id says (no-action's otherwise: never enforced). */
    public SanctionDecided(String sanctionId, String personId, String action, List<String> spaceIds, Instant until, boolean imported) {
        this(sanctionId, personId, action, spaceIds, until, imported, ActionKind.ofDefaultAction(action).orElse(ActionKind.ADVISORY));
    }

    public SanctionDecided(String sanctionId, String personId, String action, List<String> spaceIds, Instant until) {
        this(sanctionId, personId, action, spaceIds, until, false);
    }
}

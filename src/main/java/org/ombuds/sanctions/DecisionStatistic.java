package org.ombuds.sanctions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.ombuds.coc.ActionKind;

/**
 * What a transparency report may count of one decision that took effect: when, its action ({@code no-action} or
 * one of the Code's), the slugs of the spaces it covers (every space of its community when the decision named
 * none), and, when it was the first decision in effect on its case, how long after the case was opened
 * ({@code toDecide}, else null); {@code kind}, what the action does, so that a Code's own actions are counted too.
 * No one's id, no reasoning.
 */
public record DecisionStatistic(Instant inForceAt, String action, List<String> spaces, Duration toDecide, ActionKind kind) {
}

package org.ombuds.sanctions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a transparency report may count of one decision that took effect: when, its action ({@code no-action} or
 * one of the Code's), the slugs of the spaces it covers (every space of its community when the decision named
 * none), and, when it was the first decision in effect on its case, how long after the case was opened
 * ({@code toDecide}, else null). No one's id, no reasoning.
 */
public record DecisionStatistic(Instant inForceAt, String action, List<String> spaces, Duration toDecide) {
}

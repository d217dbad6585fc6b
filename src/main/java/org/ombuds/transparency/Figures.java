package org.ombuds.transparency;

import java.util.Map;

/**
 * The true counts of one period, before suppression: what a draft stores and only admins see. Each table's cells
 * are in a fixed order with fixed keys (every category of the Code and {@code other}, the five actions, every space,
 * the three outcomes), so which keys appear says nothing. Medians are in hours with the number of cases behind them.
 */
public record Figures(Map<String, Integer> reportsByCategory, int casesOpened, Map<String, Integer> decisionsByAction,
                      Map<String, Integer> sanctionsBySpace, int appealsFiled, Map<String, Integer> appealsByOutcome,
                      Median toAcknowledge, Median toDecide) {
    public static final String NO_ACTION = "no-action";

    /** A median in hours and how many cases it rests on (hours null when none). */
    public record Median(Double hours, int cases) {
    }

    public int reportsReceived() {
        return sum(reportsByCategory);
    }

    public int decisionsInEffect() {
        return sum(decisionsByAction);
    }

    public int appealsDecided() {
        return sum(appealsByOutcome);
    }

    /** Decisions in effect other than no-action: each covers at least one space when there are spaces. */
    public int sanctions() {
        return decisionsInEffect() - decisionsByAction.getOrDefault(NO_ACTION, 0);
    }

    static int sum(Map<String, Integer> cells) {
        return cells.values().stream().mapToInt(Integer::intValue).sum();
    }
}

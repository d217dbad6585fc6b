package org.ombuds.transparency;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the true figures of a period become the published ones, so that no count of 0, 1 or 2 can be read or worked
 * out. The rules, in order:
 * <ol>
 * <li>Every count below 3 is published as {@value Cell#SMALL}.</li>
 * <li>Each table has its margin (reports by category sum to reports received, decisions by action to decisions in
 * effect, appeals by outcome to appeals decided; sanctions by space have none, a sanction covering several spaces).
 * The headline totals are those margins, and each is published only when no cell of its table is suppressed:
 * otherwise subtracting the shown cells from it would give the hidden ones. No two tables share a margin.</li>
 * <li>Some figures bound others without being a margin: every case starts with a report (cases opened cannot exceed
 * reports received), each space's sanctions are at most all sanctions and every sanction covers at least one space
 * (max per space &le; sanctions &le; sum over spaces), and an appeal decided as modified puts a new decision in
 * effect (modified &le; decisions in effect). {@link Inference} works out, as a reader knowing all of these would,
 * which values each suppressed cell could still have; where one would be left with a single value the linking figure
 * is withheld as well: cases opened; then the sanctions-by-space table; then the appeals-by-outcome table. With those
 * withheld no relation is left that touches a suppressed cell, so the loop always ends safe. (Withholding here depends
 * on the hidden values, which a reader who knows this rule could in principle use; it happens only in corner cases of
 * tiny periods and says no more than "some figure would have been pinned", never which one or to what.)</li>
 * <li>A median is published only when at least 3 cases contribute to it.</li>
 * <li>Periods of different lengths overlapping each other are never both published ({@link Transparency}), so
 * sums of quarters cannot be set against a half-year or a year.</li>
 * </ol>
 */
public final class Disclosure {
    public static final int MINIMUM = 3;

    private Disclosure() {
    }

    public static Publication publish(Period period, Figures figures) {
        Map<String, Cell> categories = cells(figures.reportsByCategory());
        Map<String, Cell> actions = cells(figures.decisionsByAction());
        Map<String, Cell> spaces = cells(figures.sanctionsBySpace());
        Map<String, Cell> outcomes = cells(figures.appealsByOutcome());
        Cell casesOpened = Cell.count(figures.casesOpened());
        if (!Inference.safe(categories, casesOpened)) casesOpened = Cell.HIDDEN;
        if (!Inference.safe(actions, spaces, outcomes)) {
            spaces = withheld(spaces);
            if (!Inference.safe(actions, spaces, outcomes)) outcomes = withheld(outcomes);
        }
        return new Publication(period, margin(categories, figures.reportsReceived()), casesOpened, categories,
                margin(actions, figures.decisionsInEffect()), actions, spaces, Cell.count(figures.appealsFiled()),
                margin(outcomes, figures.appealsDecided()), outcomes, median(figures.toAcknowledge()), median(figures.toDecide()));
    }

    private static Map<String, Cell> cells(Map<String, Integer> counts) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        counts.forEach((key, count) -> cells.put(key, Cell.count(count)));
        return cells;
    }

    private static Map<String, Cell> withheld(Map<String, Cell> table) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        table.keySet().forEach(key -> cells.put(key, Cell.HIDDEN));
        return cells;
    }

    private static Cell margin(Map<String, Cell> table, int total) {
        boolean complete = table.values().stream().allMatch(cell -> cell.number() != null);
        return complete ? Cell.count(total) : Cell.HIDDEN;
    }

    private static Cell median(Figures.Median median) {
        if (median.cases() < MINIMUM || median.hours() == null) return Cell.HIDDEN;
        return new Cell(Math.round(median.hours() * 10) / 10.0);
    }
}

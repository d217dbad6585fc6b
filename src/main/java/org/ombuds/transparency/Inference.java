package org.ombuds.transparency;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a reader who knows every relation between the published figures can work out about the suppressed ones:
 * for each suppressed cell, the values (of 0, 1, 2) that some dataset matching everything published allows. A
 * publication is safe when each suppressed cell keeps at least two. Margins are withheld whenever their table has a
 * suppressed cell ({@link Disclosure}), so only the non-margin relations are left to check here.
 */
final class Inference {
    private Inference() {
    }

    /** Categories and cases opened: cases opened &le; reports received = the sum of the categories. */
    static boolean safe(Map<String, Cell> categories, Cell casesOpened) {
        if (casesOpened.withheld()) return true;
        int shown = shown(categories.values());
        int hidden = (int) categories.values().stream().filter(Cell::small).count();
        List<Set<Integer>> seen = seen(hidden + 1);
        int[] values = new int[hidden + 1];
        for (long combination = 0; combination < combinations(hidden + 1); combination++) {
            long rest = combination;
            int sum = 0;
            for (int i = 0; i <= hidden; i++) {
                values[i] = (int) (rest % 3);
                rest /= 3;
                if (i < hidden) sum += values[i];
            }
            int opened = casesOpened.small() ? values[hidden] : casesOpened.number().intValue();
            if (!casesOpened.small() && values[hidden] != 0) continue;
            if (opened <= shown + sum) record(seen, values);
        }
        return atLeastTwo(seen.subList(0, hidden)) && (!casesOpened.small() || seen.get(hidden).size() >= 2);
    }

    /**
     * Actions, spaces and outcomes: for each space, its sanctions &le; all sanctions (decisions other than no-action)
     * &le; the sum over spaces (when there are spaces); appeals modified &le; decisions in effect. A withheld table
     * takes part in no relation (any total can be spread over unknown cells).
     */
    static boolean safe(Map<String, Cell> actions, Map<String, Cell> spaces, Map<String, Cell> outcomes) {
        List<String> actionKeys = new ArrayList<>(actions.keySet());
        List<Integer> hiddenActions = new ArrayList<>();
        for (int i = 0; i < actionKeys.size(); i++) if (actions.get(actionKeys.get(i)).small()) hiddenActions.add(i);
        Cell modified = outcomes.getOrDefault("modified", Cell.HIDDEN);
        boolean spacesLinked = !spaces.isEmpty() && spaces.values().stream().noneMatch(Cell::withheld);
        int spacesShown = shown(spaces.values());
        int spacesHidden = (int) spaces.values().stream().filter(Cell::small).count();
        int largestShownSpace = spaces.values().stream().filter(cell -> cell.number() != null).mapToInt(cell -> cell.number().intValue())
                .max().orElse(0);

        int variables = hiddenActions.size() + (modified.small() ? 1 : 0);
        List<Set<Integer>> seen = seen(variables);
        Set<Integer> spaceValues = new HashSet<>();
        int[] values = new int[Math.max(variables, 1)];
        for (long combination = 0; combination < combinations(variables); combination++) {
            long rest = combination;
            for (int i = 0; i < variables; i++) {
                values[i] = (int) (rest % 3);
                rest /= 3;
            }
            int decisions = 0;
            int sanctions = 0;
            for (int i = 0; i < actionKeys.size(); i++) {
                Cell cell = actions.get(actionKeys.get(i));
                int value = cell.small() ? values[hiddenActions.indexOf(i)] : cell.number().intValue();
                decisions += value;
                if (!actionKeys.get(i).equals(Figures.NO_ACTION)) sanctions += value;
            }
            if (!modified.withheld()) {
                int modifiedValue = modified.small() ? values[variables - 1] : modified.number().intValue();
                if (modifiedValue > decisions) continue;
            }
            if (spacesLinked) {
                int cap = Math.min(2, sanctions);
                if (largestShownSpace > sanctions || spacesShown + spacesHidden * cap < sanctions) continue;
                for (int x = 0; x <= cap; x++) {
                    if (spacesShown + x + (spacesHidden - 1) * cap >= sanctions) spaceValues.add(x);
                }
            }
            record(seen, values);
        }
        boolean spacesSafe = !spacesLinked || spacesHidden == 0 || spaceValues.size() >= 2;
        return atLeastTwo(seen) && spacesSafe;
    }

    private static int shown(java.util.Collection<Cell> cells) {
        return cells.stream().filter(cell -> cell.number() != null).mapToInt(cell -> cell.number().intValue()).sum();
    }

    private static long combinations(int variables) {
        long count = 1;
        for (int i = 0; i < variables; i++) count *= 3;
        return count;
    }

    private static List<Set<Integer>> seen(int variables) {
        List<Set<Integer>> seen = new ArrayList<>();
        for (int i = 0; i < variables; i++) seen.add(new HashSet<>());
        return seen;
    }

    private static void record(List<Set<Integer>> seen, int[] values) {
        for (int i = 0; i < seen.size(); i++) seen.get(i).add(values[i]);
    }

    private static boolean atLeastTwo(List<Set<Integer>> seen) {
        return seen.stream().allMatch(values -> values.size() >= 2);
    }
}

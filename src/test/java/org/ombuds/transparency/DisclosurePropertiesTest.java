package org.ombuds.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * The suppression rules against a reader who knows every relation between the figures (cells of a table sum to its
 * margin, a headline is its margin, a suppressed count is 0, 1 or 2, cases opened &le; reports received, each space's
 * sanctions &le; all sanctions &le; their sum over the spaces, appeals modified &le; decisions in effect) and tries
 * every dataset that matches what was published. This reader is written apart from {@link Inference}: it looks only
 * at the publication and tries every combination, with no shortcut.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class DisclosurePropertiesTest {
    static final List<String> CATEGORIES = List.of("harassment", "discrimination", "violence-threats", "insults-personal-attacks",
            "doxing-privacy", "disruptive-behavior", "unprofessional-conduct", "illegal-activities", "other");
    static final List<String> ACTIONS = List.of("no-action", "correction", "written-warning", "temporary-ban", "permanent-ban");
    static final List<String> OUTCOMES = List.of("upheld", "modified", "overturned");
    static final List<String> SPACES = List.of("chat", "forum", "tracker");
    static final Period PERIOD = Period.parse("2024-H1");

    @Property(tries = 300)
    void noSuppressedCountCanBeWorkedOutFromThePublishedFigures(@ForAll("datasets") Figures figures) {
        Publication published = Disclosure.publish(PERIOD, figures);
        Map<String, Set<Integer>> feasible = new Reader(published).feasibleValues();
        feasible.forEach((cell, values) -> assertThat(values).as(cell + " in " + published.json() + " from " + figures).hasSizeGreaterThanOrEqualTo(2));
        assertThat(feasible.keySet()).as("every suppressed cell was examined").hasSize(suppressedCells(published));
    }

    @Property(tries = 300)
    void publishedFiguresAreTheTrueOnesOrSayWhyNot(@ForAll("datasets") Figures figures) {
        Publication published = Disclosure.publish(PERIOD, figures);
        checkTable(published.reportsByCategory(), figures.reportsByCategory());
        checkTable(published.decisionsByAction(), figures.decisionsByAction());
        checkTable(published.sanctionsBySpace(), figures.sanctionsBySpace());
        checkTable(published.appealsByOutcome(), figures.appealsByOutcome());
        checkCell(published.reportsReceived(), figures.reportsReceived());
        checkCell(published.decisionsInEffect(), figures.decisionsInEffect());
        checkCell(published.appealsDecided(), figures.appealsDecided());
        checkCell(published.casesOpened(), figures.casesOpened());
        checkCell(published.appealsFiled(), figures.appealsFiled());
        if (published.reportsByCategory().values().stream().anyMatch(Cell::small)) assertThat(published.reportsReceived().withheld()).isTrue();
        if (figures.toDecide().cases() < 3) assertThat(published.medianHoursToDecide().withheld()).isTrue();
        if (figures.toAcknowledge().cases() >= 3) assertThat(published.medianHoursToAcknowledge().number()).isNotNull();
    }

    @Property(tries = 300)
    void publishedJsonHoldsOnlyFixedKeysAndFigures(@ForAll("datasets") Figures figures) {
        Map<String, Object> json = Disclosure.publish(PERIOD, figures).json();
        assertThat(json.keySet()).containsExactlyElementsOf(Publication.KEYS);
        json.forEach((key, value) -> {
            switch (key) {
                case "period" -> assertThat((String) value).matches("\\d{4}(-[QH][1-4])?");
                case "reportsByCategory" -> checkTableJson(value, CATEGORIES);
                case "decisionsByAction" -> checkTableJson(value, ACTIONS);
                case "sanctionsBySpace" -> checkTableJson(value, SPACES);
                case "appealsByOutcome" -> checkTableJson(value, OUTCOMES);
                default -> checkFigure(key, value);
            }
        });
    }

    @Example
    void aSpaceThatIsTheOnlyOneCannotRevealTheSanctionsItsCountEquals() {
        // One space: its count is the number of sanctions, so the one suppressed action count would follow from it.
        Figures figures = new Figures(counts(CATEGORIES, 3), 3, counts(ACTIONS, 5, 6, 3, 1, 4), Map.of("chat", 14), 0,
                counts(OUTCOMES, 0, 0, 0), new Figures.Median(1.0, 1), new Figures.Median(1.0, 1));
        Publication published = Disclosure.publish(PERIOD, figures);
        assertThat(published.sanctionsBySpace().get("chat").withheld()).isTrue();
        assertThat(published.decisionsByAction().get("temporary-ban").small()).isTrue();
        assertThat(published.decisionsInEffect().withheld()).isTrue();
    }

    @Example
    void casesOpenedIsWithheldWhenItWouldForceTheHiddenCategoriesUp() {
        // 8 hidden categories can hold at most 16 reports; 3 shown + 19 cases opened means all of them hold 2.
        Figures figures = new Figures(counts(CATEGORIES, 3, 2, 2, 2, 2, 2, 2, 2, 2), 19, counts(ACTIONS, 3, 3, 3, 3, 3), Map.of(), 0,
                counts(OUTCOMES, 0, 0, 0), new Figures.Median(null, 0), new Figures.Median(null, 0));
        Publication published = Disclosure.publish(PERIOD, figures);
        assertThat(published.casesOpened().withheld()).isTrue();
        assertThat(published.reportsReceived().withheld()).isTrue();
        assertThat(published.decisionsInEffect().number()).isEqualTo(15);
    }

    @Provide
    Arbitrary<Figures> datasets() {
        return Arbitraries.randomValue(DisclosurePropertiesTest::dataset);
    }

    /** Mostly small counts (where suppression matters), sometimes larger ones; always consistent with the relations. */
    static Figures dataset(Random random) {
        Map<String, Integer> categories = new LinkedHashMap<>();
        CATEGORIES.forEach(key -> categories.put(key, count(random)));
        int reports = Figures.sum(categories);
        int opened = reports == 0 ? 0 : random.nextInt(reports + 1);
        Map<String, Integer> actions = new LinkedHashMap<>();
        ACTIONS.forEach(key -> actions.put(key, count(random)));
        int sanctions = Figures.sum(actions) - actions.get("no-action");
        List<String> spaces = SPACES.subList(0, random.nextInt(SPACES.size() + 1));
        Map<String, Integer> bySpace = new LinkedHashMap<>();
        spaces.forEach(space -> bySpace.put(space, 0));
        boolean narrow = random.nextBoolean(); // often one space per sanction: the tightest case
        for (int i = 0; i < sanctions && !spaces.isEmpty(); i++) {
            int mask = narrow ? 1 << random.nextInt(spaces.size()) : 1 + random.nextInt((1 << spaces.size()) - 1);
            for (int s = 0; s < spaces.size(); s++) if ((mask & (1 << s)) != 0) bySpace.merge(spaces.get(s), 1, Integer::sum);
        }
        int decisions = Figures.sum(actions);
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        outcomes.put("upheld", count(random));
        outcomes.put("modified", Math.min(decisions, count(random)));
        outcomes.put("overturned", count(random));
        int acknowledged = random.nextInt(6);
        int decided = random.nextInt(6);
        return new Figures(categories, opened, actions, bySpace, count(random), outcomes,
                new Figures.Median(acknowledged == 0 ? null : random.nextDouble() * 200, acknowledged),
                new Figures.Median(decided == 0 ? null : random.nextDouble() * 2000, decided));
    }

    private static int count(Random random) {
        int pick = random.nextInt(10);
        return pick < 6 ? random.nextInt(4) : pick < 9 ? random.nextInt(8) : random.nextInt(25);
    }

    /**
     * The reader: every suppressed cell is a variable in {0, 1, 2}; a shown figure is fixed; a withheld margin is
     * whatever its cells sum to (no constraint); a withheld cell is any number, which can always satisfy the relations
     * it is in (a withheld cases opened of 0, a withheld space count equal to all sanctions and the others 0, a withheld
     * modified of 0), so those relations drop out. It tries every combination of the variables.
     */
    static final class Reader {
        private final Publication published;
        private final List<String> variables = new ArrayList<>();

        Reader(Publication published) {
            this.published = published;
        }

        Map<String, Set<Integer>> feasibleValues() {
            Map<String, Set<Integer>> feasible = new LinkedHashMap<>();
            // Two groups share no relation; each is tried on its own.
            List<String> reports = new ArrayList<>();
            published.reportsByCategory().forEach((key, cell) -> { if (cell.small()) reports.add("category:" + key); });
            if (published.casesOpened().small()) reports.add("casesOpened");
            feasible.putAll(tryAll(reports, this::reportsConsistent));
            List<String> decisions = new ArrayList<>();
            published.decisionsByAction().forEach((key, cell) -> { if (cell.small()) decisions.add("action:" + key); });
            published.sanctionsBySpace().forEach((key, cell) -> { if (cell.small()) decisions.add("space:" + key); });
            published.appealsByOutcome().forEach((key, cell) -> { if (cell.small()) decisions.add("outcome:" + key); });
            feasible.putAll(tryAll(decisions, this::decisionsConsistent));
            if (published.appealsFiled().small()) feasible.put("appealsFiled", Set.of(0, 1, 2)); // in no relation
            return feasible;
        }

        private boolean reportsConsistent(Map<String, Integer> guess) {
            int received = sum("category:", published.reportsByCategory(), guess);
            if (published.reportsReceived().number() != null && received != published.reportsReceived().number().intValue()) return false;
            Integer opened = value("casesOpened", published.casesOpened(), guess);
            return opened == null || opened <= received;
        }

        private boolean decisionsConsistent(Map<String, Integer> guess) {
            int decisions = sum("action:", published.decisionsByAction(), guess);
            if (published.decisionsInEffect().number() != null && decisions != published.decisionsInEffect().number().intValue()) return false;
            int sanctions = decisions - value("action:no-action", published.decisionsByAction().get("no-action"), guess);
            boolean spacesWithheld = published.sanctionsBySpace().values().stream().anyMatch(Cell::withheld);
            if (!published.sanctionsBySpace().isEmpty() && !spacesWithheld) {
                int overSpaces = 0;
                for (var space : published.sanctionsBySpace().entrySet()) {
                    int count = value("space:" + space.getKey(), space.getValue(), guess);
                    if (count > sanctions) return false;
                    overSpaces += count;
                }
                if (sanctions > overSpaces) return false;
            }
            boolean outcomesWithheld = published.appealsByOutcome().values().stream().anyMatch(Cell::withheld);
            if (!outcomesWithheld) {
                int decided = sum("outcome:", published.appealsByOutcome(), guess);
                if (published.appealsDecided().number() != null && decided != published.appealsDecided().number().intValue()) return false;
                if (value("outcome:modified", published.appealsByOutcome().get("modified"), guess) > decisions) return false;
            }
            return true;
        }

        private static int sum(String prefix, Map<String, Cell> table, Map<String, Integer> guess) {
            int sum = 0;
            for (var cell : table.entrySet()) sum += value(prefix + cell.getKey(), cell.getValue(), guess);
            return sum;
        }

        private static Integer value(String name, Cell cell, Map<String, Integer> guess) {
            if (cell.withheld()) return null;
            return cell.small() ? guess.get(name) : cell.number().intValue();
        }

        private static Map<String, Set<Integer>> tryAll(List<String> names, Predicate<Map<String, Integer>> consistent) {
            Map<String, Set<Integer>> feasible = new LinkedHashMap<>();
            names.forEach(name -> feasible.put(name, new HashSet<>()));
            int[] digits = new int[names.size()];
            Map<String, Integer> guess = new LinkedHashMap<>();
            while (true) {
                for (int i = 0; i < names.size(); i++) guess.put(names.get(i), digits[i]);
                if (consistent.test(guess)) guess.forEach((name, value) -> feasible.get(name).add(value));
                int i = 0;
                while (i < digits.length && digits[i] == 2) digits[i++] = 0;
                if (i == digits.length) return feasible;
                digits[i]++;
            }
        }
    }

    private static int suppressedCells(Publication published) {
        int count = 0;
        for (Map<String, Cell> table : List.of(published.reportsByCategory(), published.decisionsByAction(), published.sanctionsBySpace(),
                published.appealsByOutcome())) {
            count += (int) table.values().stream().filter(Cell::small).count();
        }
        return count + (published.casesOpened().small() ? 1 : 0) + (published.appealsFiled().small() ? 1 : 0);
    }

    private static void checkTable(Map<String, Cell> published, Map<String, Integer> truth) {
        assertThat(published.keySet()).containsExactlyElementsOf(truth.keySet());
        truth.forEach((key, count) -> checkCell(published.get(key), count));
    }

    private static void checkCell(Cell cell, int truth) {
        if (cell.number() != null) assertThat(cell.number().intValue()).isEqualTo(truth).isGreaterThanOrEqualTo(3);
        if (cell.small()) assertThat(truth).isLessThan(3);
        if (!cell.withheld() && truth < 3) assertThat(cell.small()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static void checkTableJson(Object value, List<String> allowedKeys) {
        assertThat(value).isInstanceOf(Map.class);
        ((Map<String, Object>) value).forEach((key, figure) -> {
            assertThat(allowedKeys).contains(key);
            checkFigure(key, figure);
        });
    }

    private static void checkFigure(String key, Object value) {
        assertThat(value).as(key).satisfiesAnyOf(
                figure -> assertThat(figure).isIn(Cell.SMALL, Cell.WITHHELD),
                figure -> assertThat(figure).isInstanceOfSatisfying(Integer.class, n -> assertThat(n).isGreaterThanOrEqualTo(3)),
                figure -> assertThat(figure).isInstanceOfSatisfying(Double.class, hours -> assertThat(hours).isNotNegative()));
    }

    private static Map<String, Integer> counts(List<String> keys, int... values) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) counts.put(keys.get(i), values.length == 1 ? values[0] : values[i]);
        return counts;
    }
}

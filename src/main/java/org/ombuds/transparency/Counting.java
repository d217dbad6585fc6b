package org.ombuds.transparency;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.ombuds.appeals.AppealStatistic;
import org.ombuds.appeals.Appeals;
import org.ombuds.cases.CaseStatistic;
import org.ombuds.cases.Cases;
import org.ombuds.coc.ActionKind;
import org.ombuds.coc.Category;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.intake.Intake;
import org.ombuds.intake.ReportStatistic;
import org.ombuds.sanctions.DecisionStatistic;
import org.springframework.stereotype.Component;

/**
 * Counts a period's true figures from the other modules' statistics (dates, categories, actions, spaces, outcomes:
 * the metadata retention keeps). Every table gets every key, counted or not, so the keys never tell a count apart
 * from zero.
 */
@Component
class Counting {
    /**
     * The default Code's actions, then the kinds it has no action of: a Code's own action is counted by its kind, under
     * the default action of that kind where there is one (a suspension is a temporary ban).
     */
    static final List<String> ACTIONS = List.of(Figures.NO_ACTION, "correction", "written-warning", "advisory", "conditional", "role-removal",
            "temporary-ban", "permanent-ban");
    static final List<String> OUTCOMES = List.of("upheld", "modified", "overturned");
    static final String OTHER = "other";

    private final Intake intake;
    private final Cases cases;
    private final org.ombuds.sanctions.Decisions decisions;
    private final Appeals appeals;
    private final Spaces spaces;
    private final CodeOfConduct code;

    Counting(Intake intake, Cases cases, org.ombuds.sanctions.Decisions decisions, Appeals appeals, Spaces spaces, CodeOfConduct code) {
        this.intake = intake;
        this.cases = cases;
        this.decisions = decisions;
        this.appeals = appeals;
        this.spaces = spaces;
        this.code = code;
    }

    Figures figures(Period period) {
        Instant from = period.start();
        Instant to = period.end();
        Map<String, Integer> categories = zeros(code.current(null).categories().stream().map(Category::id).toList());
        categories.put(OTHER, 0);
        for (ReportStatistic report : intake.statistics(from, to)) {
            categories.merge(categories.containsKey(report.category()) ? report.category() : OTHER, 1, Integer::sum);
        }

        int opened = 0;
        List<Double> toAcknowledge = new ArrayList<>();
        for (CaseStatistic found : cases.statistics(from, to)) {
            if (within(found.openedAt(), from, to)) opened++;
            if (found.acknowledgedAt() != null && within(found.acknowledgedAt(), from, to)) {
                toAcknowledge.add(hours(Duration.between(found.openedAt(), found.acknowledgedAt())));
            }
        }

        Map<String, Integer> actions = zeros(ACTIONS);
        Map<String, Integer> bySpace = zeros(spaces.all().stream().map(Space::slug).sorted().toList());
        List<Double> toDecide = new ArrayList<>();
        for (DecisionStatistic decision : decisions.statistics(from, to)) {
            actions.merge(keyOf(decision), 1, Integer::sum);
            if (decision.kind().sanctions()) {
                for (String slug : new LinkedHashSet<>(decision.spaces())) bySpace.computeIfPresent(slug, (key, count) -> count + 1);
            }
            if (decision.toDecide() != null) toDecide.add(hours(decision.toDecide()));
        }

        int filed = 0;
        Map<String, Integer> outcomes = zeros(OUTCOMES);
        for (AppealStatistic appeal : appeals.statistics(from, to)) {
            if (within(appeal.filedAt(), from, to)) filed++;
            if (appeal.decidedAt() != null && within(appeal.decidedAt(), from, to)) outcomes.computeIfPresent(appeal.outcome(), (k, n) -> n + 1);
        }
        return new Figures(categories, opened, actions, bySpace, filed, outcomes, median(toAcknowledge), median(toDecide));
    }

    /** Where a decision is counted: the default Code's action as itself, any other by its kind. */
    static String keyOf(DecisionStatistic decision) {
        if (ActionKind.ofDefaultAction(decision.action()).orElse(null) == decision.kind()) return decision.action();
        return switch (decision.kind()) {
            case NO_ACTION -> Figures.NO_ACTION;
            case TIMED_BAN -> "temporary-ban";
            case BAN -> "permanent-ban";
            default -> decision.kind().id();
        };
    }

    static Figures.Median median(List<Double> hours) {
        if (hours.isEmpty()) return new Figures.Median(null, 0);
        List<Double> sorted = hours.stream().sorted().toList();
        int middle = sorted.size() / 2;
        double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        return new Figures.Median(median, sorted.size());
    }

    private static Map<String, Integer> zeros(List<String> keys) {
        Map<String, Integer> cells = new LinkedHashMap<>();
        keys.forEach(key -> cells.put(key, 0));
        return cells;
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    private static double hours(Duration duration) {
        return duration.toMillis() / 3_600_000.0;
    }
}

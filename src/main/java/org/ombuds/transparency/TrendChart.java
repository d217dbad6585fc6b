package org.ombuds.transparency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A bar chart of a figure over periods, laid out here so that the page draws it as plain SVG (no script, no inline
 * style: bars carry a class per series). {@code series} are the message keys of the bars in each group; a figure
 * published as {@value Cell#SMALL} or withheld draws no bar, only its mark, and the data table beside the chart says
 * the same in words.
 */
public record TrendChart(String id, String titleKey, String descKey, List<String> series, List<Group> groups, String top) {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 240;
    public static final int LEFT = 48;
    public static final int BASELINE = 200;
    private static final int PLOT = 170;

    /** One period's bars. */
    public record Group(String label, double labelX, List<Bar> bars) {
    }

    /** One bar: {@code text} is what is published (a number, {@value Cell#SMALL}, {@value Cell#WITHHELD}). */
    public record Bar(int series, String text, boolean drawn, double x, double y, double width, double height, double textX, double textY) {
        public boolean withheld() {
            return text.equals(Cell.WITHHELD);
        }
    }

    /** The public trends: reports received, decisions by action, median hours to decide. */
    public static List<TrendChart> published(List<Transparency.Published> reports) {
        List<String> labels = reports.stream().map(report -> report.period().toString()).toList();
        List<Publication> publications = reports.stream().map(Transparency.Published::publication).toList();
        List<String> actions = publications.isEmpty() ? List.of() : List.copyOf(publications.get(0).decisionsByAction().keySet());
        return List.of(
                of("trend-reports", "transparency.chart.reports", labels, List.of("transparency.figure.reportsReceived"),
                        publications, publication -> List.of(publication.reportsReceived())),
                of("trend-actions", "transparency.chart.actions", labels, actions.stream().map(action -> "transparency.action." + action).toList(),
                        publications, publication -> actions.stream().map(action -> publication.decisionsByAction().getOrDefault(action, Cell.HIDDEN)).toList()),
                of("trend-decide", "transparency.chart.decide", labels, List.of("transparency.figure.medianHoursToDecide"),
                        publications, publication -> List.of(publication.medianHoursToDecide())));
    }

    /** For the admins' dashboard: the true counts of recent periods as they stand (nothing is published from this). */
    public static TrendChart live(List<Map.Entry<Period, Figures>> recent) {
        List<String> labels = recent.stream().map(entry -> entry.getKey().toString()).toList();
        return of("trend-live", "transparency.chart.live", labels,
                List.of("transparency.figure.reportsReceived", "transparency.figure.decisionsInEffect"), recent,
                entry -> List.of(new Cell(entry.getValue().reportsReceived()), new Cell(entry.getValue().decisionsInEffect())));
    }

    private static <T> TrendChart of(String id, String key, List<String> labels, List<String> series, List<T> items,
                                     Function<T, List<Cell>> values) {
        double max = 0;
        for (T item : items) {
            for (Cell cell : values.apply(item)) if (cell.number() != null) max = Math.max(max, cell.number().doubleValue());
        }
        double scale = max == 0 ? 0 : PLOT / max;
        double groupWidth = items.isEmpty() ? 0 : (WIDTH - LEFT - 8) / (double) items.size();
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        List<Group> groups = new ArrayList<>();
        for (int g = 0; g < items.size(); g++) {
            double start = LEFT + g * groupWidth + groupWidth * 0.1;
            List<Bar> bars = new ArrayList<>();
            List<Cell> cells = values.apply(items.get(g));
            for (int s = 0; s < cells.size(); s++) {
                Cell cell = cells.get(s);
                double height = cell.number() == null ? 0 : Math.max(1, cell.number().doubleValue() * scale);
                double x = start + s * barWidth;
                bars.add(new Bar(s, text(cell), cell.number() != null, round(x), round(BASELINE - height), round(barWidth - 2), round(height),
                        round(x + barWidth / 2 - 1), round(BASELINE - height - 4)));
            }
            groups.add(new Group(labels.get(g), round(start + groupWidth * 0.4), bars));
        }
        return new TrendChart(id, key, key + ".desc", series, groups, text(new Cell(max == Math.rint(max) ? (Object) (int) max : (Object) max)));
    }

    private static String text(Cell cell) {
        return String.valueOf(cell.value());
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}

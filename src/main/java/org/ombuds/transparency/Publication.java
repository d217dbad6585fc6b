package org.ombuds.transparency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a transparency report publishes for a period (see {@link Disclosure} for how it is made from the true
 * {@link Figures}). Headline totals are the margins of their tables: reports received of reports by category,
 * decisions in effect of decisions by action, appeals decided of appeals by outcome.
 */
public record Publication(Period period, Cell reportsReceived, Cell casesOpened, Map<String, Cell> reportsByCategory,
                          Cell decisionsInEffect, Map<String, Cell> decisionsByAction, Map<String, Cell> sanctionsBySpace,
                          Cell appealsFiled, Cell appealsDecided, Map<String, Cell> appealsByOutcome,
                          Cell medianHoursToAcknowledge, Cell medianHoursToDecide) {

    /** The keys of the published JSON besides the tables' own (category, action, space, outcome) keys. */
    public static final List<String> KEYS = List.of("period", "reportsReceived", "casesOpened", "reportsByCategory", "decisionsInEffect",
            "decisionsByAction", "sanctionsBySpace", "appealsFiled", "appealsDecided", "appealsByOutcome", "medianHoursToAcknowledge",
            "medianHoursToDecide");

    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("period", period.toString());
        json.put("reportsReceived", reportsReceived.value());
        json.put("casesOpened", casesOpened.value());
        json.put("reportsByCategory", values(reportsByCategory));
        json.put("decisionsInEffect", decisionsInEffect.value());
        json.put("decisionsByAction", values(decisionsByAction));
        json.put("sanctionsBySpace", values(sanctionsBySpace));
        json.put("appealsFiled", appealsFiled.value());
        json.put("appealsDecided", appealsDecided.value());
        json.put("appealsByOutcome", values(appealsByOutcome));
        json.put("medianHoursToAcknowledge", medianHoursToAcknowledge.value());
        json.put("medianHoursToDecide", medianHoursToDecide.value());
        return json;
    }

    @SuppressWarnings("unchecked")
    public static Publication fromJson(Map<String, Object> json) {
        return new Publication(Period.parse((String) json.get("period")), Cell.of(json.get("reportsReceived")), Cell.of(json.get("casesOpened")),
                cells((Map<String, Object>) json.get("reportsByCategory")), Cell.of(json.get("decisionsInEffect")),
                cells((Map<String, Object>) json.get("decisionsByAction")), cells((Map<String, Object>) json.get("sanctionsBySpace")),
                Cell.of(json.get("appealsFiled")), Cell.of(json.get("appealsDecided")), cells((Map<String, Object>) json.get("appealsByOutcome")),
                Cell.of(json.get("medianHoursToAcknowledge")), Cell.of(json.get("medianHoursToDecide")));
    }

    private static Map<String, Object> values(Map<String, Cell> cells) {
        Map<String, Object> values = new LinkedHashMap<>();
        cells.forEach((key, cell) -> values.put(key, cell.value()));
        return values;
    }

    private static Map<String, Cell> cells(Map<String, Object> values) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        values.forEach((key, value) -> cells.put(key, Cell.of(value)));
        return cells;
    }
}

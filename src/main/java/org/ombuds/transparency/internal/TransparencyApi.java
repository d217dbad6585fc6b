package org.ombuds.transparency.internal;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.transparency.Period;
import org.ombuds.transparency.Transparency;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The published transparency reports, for anyone (CONTRACT.md). */
@RestController
@Tag(name = "Transparency", description = "Published aggregate figures; counts below 3 shown as \"<3\"")
class TransparencyApi {
    private final Transparency transparency;

    TransparencyApi(Transparency transparency) {
        this.transparency = transparency;
    }

    @GetMapping("/api/v1/transparency")
    @Operation(summary = "With period (YYYY-Qn, YYYY-Hn or YYYY): that period's published figures, counts below 3 as \"<3\" and figures that"
            + " would reveal them as \"withheld\" (404 if not published, 400 if malformed). Without: the published periods")
    Object figures(@RequestParam(required = false) String period) {
        if (period == null) {
            return new Periods(transparency.published().stream().map(report -> report.period().toString()).toList());
        }
        return transparency.published(Period.parse(period)).publication().json();
    }

    /** The list's shape, for the API description. */
    record Periods(List<String> periods) {
    }
}

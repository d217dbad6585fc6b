package org.ombuds.cases;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Deadlines the committee holds itself to (OMBUDS_CASES_ACKNOWLEDGE_WITHIN, OMBUDS_CASES_DECIDE_WITHIN), counted
 * from the first report; the queue puts overdue cases first.
 */
@ConfigurationProperties("ombuds.cases")
public record CaseSettings(Duration acknowledgeWithin, Duration decideWithin) {
    public CaseSettings {
        if (acknowledgeWithin == null) acknowledgeWithin = Duration.ofDays(3);
        if (decideWithin == null) decideWithin = Duration.ofDays(30);
    }
}

package org.ombuds.retention;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a case's content is kept once its work is over (OMBUDS_RETENTION_CLOSED_WITHOUT_SANCTION, counted from
 * the case's last activity; OMBUDS_RETENTION_AFTER_SANCTION_ENDED, counted from the end of its last sanction), written
 * as periods such as {@code 2y}, {@code 18m}, {@code 90d}; and how often the purge job looks.
 */
@ConfigurationProperties("ombuds.retention")
public record RetentionSettings(Period closedWithoutSanction, Period afterSanctionEnded, Duration interval) {
    public RetentionSettings {
        if (closedWithoutSanction == null) closedWithoutSanction = Period.ofYears(2);
        if (afterSanctionEnded == null) afterSanctionEnded = Period.ofYears(5);
        if (interval == null) interval = Duration.ofHours(6);
        if (closedWithoutSanction.isNegative() || closedWithoutSanction.isZero() || afterSanctionEnded.isNegative() || afterSanctionEnded.isZero()) {
            throw new IllegalArgumentException("retention periods must be longer than zero");
        }
    }
}

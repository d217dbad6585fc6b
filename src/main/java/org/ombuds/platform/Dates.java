package org.ombuds.platform;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The dates a record can hold: from 0001-01-01 to 9999-12-31. ISO 8601 allows longer, signed years, and java.time
 * reads "+999999999-12-31" without complaint, but such a time does not fit the milliseconds a record stores (nor a
 * day after it); it is refused as invalid input, naming its field, before it is used.
 */
public final class Dates {
    public static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    private Dates() {
    }

    /** The time itself (null stays null), or an InvalidInputException naming {@code field}. */
    public static Instant recordable(String field, Instant time) {
        if (time != null && (time.isBefore(FIRST) || time.isAfter(LAST))) throw outOfRange(field);
        return time;
    }

    /** The day itself (null stays null), or an InvalidInputException naming {@code field}. */
    public static LocalDate recordable(String field, LocalDate day) {
        if (day != null && (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY))) throw outOfRange(field);
        return day;
    }

    private static InvalidInputException outOfRange(String field) {
        return new InvalidInputException(field, field + " must be a date from " + FIRST_DAY + " to " + LAST_DAY);
    }
}

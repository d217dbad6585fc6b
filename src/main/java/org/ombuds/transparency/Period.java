package org.ombuds.transparency;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.Slugs;

/**
 * The span a transparency report covers, in UTC: a quarter ({@code 2025-Q1}), a half-year ({@code 2025-H2}) or a
 * year ({@code 2025}). {@code months} is its length, which is also what tells cadences apart.
 */
public record Period(int year, int months, int index) implements Comparable<Period> {
    private static final Pattern FORMAT = Pattern.compile("(\\d{4})(?:-([QH])([1-4]))?");

    public Period {
        if (year < 1970 || year > 9999) throw new IllegalArgumentException("year " + year);
        if (!(months == 3 && index >= 1 && index <= 4) && !(months == 6 && index >= 1 && index <= 2) && !(months == 12 && index == 1)) {
            throw new IllegalArgumentException("period " + months + "/" + index);
        }
    }

    /** {@code YYYY-Qn}, {@code YYYY-Hn} or {@code YYYY}; anything else is a 400 naming the forms. */
    public static Period parse(String text) {
        Matcher matcher = text == null ? null : FORMAT.matcher(text.trim());
        if (matcher == null || !matcher.matches() || (matcher.group(2) != null && matcher.group(2).equals("H") && Integer.parseInt(matcher.group(3)) > 2)
                || Integer.parseInt(matcher.group(1)) < 1970) {
            throw new InvalidInputException("period", "period must be a quarter (2025-Q1), a half-year (2025-H1) or a year (2025), got '"
                    + (text == null ? "" : Slugs.printable(text)) + "'", "transparency.error.period");
        }
        int year = Integer.parseInt(matcher.group(1));
        if (matcher.group(2) == null) return new Period(year, 12, 1);
        return new Period(year, matcher.group(2).equals("Q") ? 3 : 6, Integer.parseInt(matcher.group(3)));
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, (index - 1) * months + 1, 1);
    }

    /** The day after the period. */
    public LocalDate endDay() {
        return firstDay().plusMonths(months);
    }

    public Instant start() {
        return firstDay().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant end() {
        return endDay().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public boolean overlaps(Period other) {
        return start().isBefore(other.end()) && other.start().isBefore(end());
    }

    /** A quarter, a half-year or a year (messages key suffix). */
    public String kind() {
        return months == 3 ? "quarter" : months == 6 ? "half-year" : "year";
    }

    @Override
    public int compareTo(Period other) {
        int byStart = start().compareTo(other.start());
        return byStart != 0 ? byStart : Integer.compare(months, other.months);
    }

    @Override
    public String toString() {
        return months == 12 ? String.valueOf(year) : year + "-" + (months == 3 ? "Q" : "H") + index;
    }
}

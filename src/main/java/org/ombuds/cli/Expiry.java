package org.ombuds.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/** Reads --expires as a duration from now (90d, 12h) or as a date or instant (2027-01-31, 2027-01-31T12:00:00Z). */
final class Expiry implements CommandLine.ITypeConverter<Instant> {
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,5})([hdw])");

    @Override
    public Instant convert(String value) {
        Matcher relative = RELATIVE.matcher(value.strip());
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration duration = switch (relative.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
            return Instant.now().plus(duration);
        }
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is neither a duration like 90d, 12h, 4w nor a date like 2027-01-31");
        }
    }
}

package org.ombuds.platform;

import java.util.regex.Pattern;

/** Slugs name communities and spaces in URLs, tokens and the command line. */
public final class Slugs {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    private Slugs() {
    }

    public static String require(String field, String slug) {
        if (slug == null || slug.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        if (!SLUG.matcher(slug).matches()) {
            throw new InvalidInputException(field, field + " must be 1-64 lowercase letters, digits or inner hyphens, got '"
                    + printable(slug) + "'");
        }
        return slug;
    }

    /** Echo user input in error messages without control characters and at bounded length. */
    public static String printable(String input) {
        String cleaned = input.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "…" : cleaned;
    }
}

package org.ombuds.retention;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Other people's identities, replaced in text by the role they have ("[another reporter]"): their names, addresses
 * (and the part before the @), handles. Matched case-insensitively as whole words, longest first, so a name inside
 * an address does not leave half of it. The person's own identifiers are never redacted.
 */
final class Redaction {
    static final String REPORTER = "[another reporter]";
    static final String WITNESS = "[a witness]";
    static final String SUBJECT = "[another reported person]";
    private static final int SHORTEST = 3;
    private final Map<String, String> placeholders = new LinkedHashMap<>();
    private final Set<String> own;

    Redaction(Set<String> ownIdentifiers) {
        this.own = Set.copyOf(ownIdentifiers.stream().map(Redaction::key).toList());
    }

    /** Someone else's identifier (a name, an address, a handle's value or kind:value) and what replaces it. */
    void add(String identifier, String placeholder) {
        if (identifier == null || identifier.isBlank()) return;
        String value = identifier.strip();
        addOne(value, placeholder);
        int at = value.indexOf('@');
        if (at > 0 && value.indexOf(':') < 0) addOne(value.substring(0, at), placeholder);
    }

    private void addOne(String value, String placeholder) {
        if (value.length() < SHORTEST || own.contains(key(value))) return;
        placeholders.putIfAbsent(key(value), placeholder);
    }

    /** Whether this whole value is someone else's identifier (a handle field, a name field). */
    boolean isOther(String value) {
        return value != null && placeholders.containsKey(key(value.strip()));
    }

    String placeholderFor(String value, String otherwise) {
        return value == null ? null : placeholders.getOrDefault(key(value.strip()), otherwise);
    }

    String apply(String text) {
        if (text == null || placeholders.isEmpty()) return text;
        String result = text;
        for (String identifier : placeholders.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            Pattern pattern = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(identifier) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            result = pattern.matcher(result).replaceAll(Matcher.quoteReplacement(placeholders.get(identifier)));
        }
        return result;
    }

    private static String key(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }
}
